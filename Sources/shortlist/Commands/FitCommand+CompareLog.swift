import ArgumentParser
import Foundation
import ShortlistCatalog
import ShortlistEvaluation
import ShortlistFit
import ShortlistStore
import ShortlistSupport

extension FitCommand {
    /// `fit --compare-log`: the prediction for the logged server beside each figure it logged.
    func compare(logPath: String, catalog: Catalog, gpu: GPUCard) throws {
        let log = VLLMStartupLog(parsing: try InputFile.text(logPath))
        let card: ModelCard
        if let model {
            card = try catalog.model(named: model)
        } else if let logged = log.model {
            guard let found = catalog.model(servedAs: logged.value) else {
                throw LogFileError(
                    path: logPath,
                    line: logged.line,
                    message: "model '\(logged.value)' is not in the catalog; name it: shortlist fit MODEL --compare-log"
                )
            }
            card = found
        } else {
            throw LogFileError(
                path: logPath,
                line: nil,
                message: "no engine config line names the model; name it: shortlist fit MODEL --compare-log"
            )
        }
        let comparison: LogComparison
        do {
            comparison = try LogComparison.compare(log, model: card, gpu: gpu)
        } catch .fit(let error) {
            throw error
        } catch {
            throw LogFileError(path: logPath, line: nil, message: error.description)
        }
        let stored = try store.map { path in try keep(comparison, model: card, logPath: logPath, storePath: path) }
        if output.json { return try JSONOutput.print(comparison) }
        print(FitText.comparison(comparison, model: card, gpu: gpu, path: logPath))
        if let stored { print("\nKept as run \(stored) (shortlist runs show \(stored)).") }
    }

    /// Stores the comparison as a completed `engine-log` run: the logged figures are measured evidence.
    private func keep(
        _ comparison: LogComparison,
        model: ModelCard,
        logPath: String,
        storePath: String
    ) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let now = Date()
        let absolute = URL(fileURLWithPath: logPath).standardizedFileURL.path
        let versions = RunVersions(
            shortlist: Shortlist.configuration.version,
            server: "vllm",
            serverVersion: comparison.log.version?.value
        )
        let run = RunRecord(
            id: RunRecord.makeID(date: now),
            kind: "engine-log",
            status: .completed,
            createdAt: now,
            finishedAt: now,
            endpoint: "file://" + absolute,
            model: comparison.log.model?.value ?? model.id,
            catalogModel: model.id,
            suite: nil,
            suiteVersion: nil,
            itemCount: nil,
            config: String(decoding: try encoder.encode(comparison), as: UTF8.self),
            versions: String(decoding: try JSONEncoder().encode(versions), as: UTF8.self)
        )
        try Store(path: storePath == "-" ? Store.defaultPath : storePath).createRun(run)
        return run.id
    }
}

/// A log that can't be read as a vLLM start-up log, named by file and line.
struct LogFileError: ShortlistError {
    var path: String
    var line: Int?
    var message: String
    var exitStatus: ExitStatus { .dataError }
    var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
