import Foundation
import ShortlistCatalog
import ShortlistFit
import ShortlistSupport

extension FitCommand {
    /// `fit --compare-log`: the prediction for the logged server beside each figure it logged.
    func compare(logPath: String, catalog: Catalog, gpu: GPUCard) throws {
        let text: String
        do {
            text = try String(contentsOfFile: logPath, encoding: .utf8)
        } catch {
            throw CatalogError.unreadable(
                path: logPath,
                reason: FileManager.default.fileExists(atPath: logPath) ? "not UTF-8 text" : "no such file"
            )
        }
        let log = VLLMStartupLog(parsing: text)
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
        if output.json { return try JSONOutput.print(comparison) }
        print(FitText.comparison(comparison, model: card, gpu: gpu, path: logPath))
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
