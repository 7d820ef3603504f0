import ArgumentParser
import Dispatch
import Foundation
import ShortlistEndpoint
import ShortlistEvaluation
import ShortlistStore
import Synchronization

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run an evaluation suite against an OpenAI-compatible endpoint and store every answer.",
        discussion: """
            Generation and grading are separate phases: every response is stored (SQLite) the moment it \
            arrives, then the suite's checks grade the stored responses. --regrade grades a run again without \
            sending anything.

            Ctrl-C (or SIGTERM) stops cleanly: no new requests start, in-flight ones finish and are stored; \
            a second Ctrl-C abandons them. --resume RUN continues an interrupted or crashed run exactly where \
            it stopped: items with a stored answer are never sent again, failed ones are retried. If the \
            endpoint goes down, the run stops after --circuit-breaker consecutive connection failures instead \
            of marking every item failed; resume it once the server is back.

            Suites: a built-in name (\(BuiltInSuites.names.joined(separator: ", "))) or a YAML/JSONL file \
            (docs/suites.md).

            EXIT CODES: 0 done, 1 stopped because the endpoint failed, 64 usage, 65 bad suite file, \
            130 interrupted (resumable).

            EXAMPLES
              shortlist eval --endpoint http://127.0.0.1:8000/v1 --model qwen3-8b --suite smoke
              shortlist eval --endpoint https://api.example.com/v1 --api-key-env EXAMPLE_API_KEY \\
                  --model m --suite my-suite.yaml --concurrency 16 --repeats 3
              shortlist eval --resume 20261128-221800-a1b2
            """
    )

    @Option(help: "The endpoint's API root, such as http://127.0.0.1:8000/v1.")
    var endpoint: String?

    @Option(help: "The model name the endpoint serves.")
    var model: String?

    @Option(help: "A built-in suite name or a suite file (.yaml, .jsonl).")
    var suite: String?

    @Option(help: "Requests in flight at once.")
    var concurrency = 4

    @Option(help: "Times each item is sent (for variance).")
    var repeats = 1

    @Option(help: "Send only the suite's first N items (a quick sample, e.g. of the 541 IFEval prompts).")
    var limit: Int?

    @Option(help: "Continue the run with this id (or unique prefix) where it stopped.")
    var resume: String?

    @Option(help: "Grade the stored responses of this run again, sending nothing.")
    var regrade: String?

    @Option(help: "The SQLite store (default: $SHORTLIST_STORE or ~/.shortlist/shortlist.db).")
    var store: String?

    @Option(help: "Override every item's max_tokens.")
    var maxTokens: Int?

    @Option(help: "Override every item's temperature.")
    var temperature: Double?

    @Option(help: "Override every item's seed.")
    var seed: Int?

    @Flag(help: "Ask for whole answers instead of streams (no time-to-first-token).")
    var noStream = false

    @Option(help: "Endpoint probe recorded with the run: light, full or none.")
    var probe = "light"

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @OptionGroup var endpointOptions: EndpointOptions

    func validate() throws {
        if resume != nil && regrade != nil { throw ValidationError("give --resume or --regrade, not both") }
        if resume == nil && regrade == nil {
            guard endpoint != nil, model != nil, suite != nil else {
                throw ValidationError("a new run needs --endpoint, --model and --suite")
            }
        }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        guard ["light", "full", "none"].contains(probe) else {
            throw ValidationError("--probe must be light, full or none, not '\(probe)'")
        }
    }

    func run() async throws {
        let store = try Store(path: self.store ?? Store.defaultPath)
        if let regrade {
            let run = try store.run(id: regrade)
            let configuration = try storedConfiguration(run)
            let suite = try loadSuite(
                suite ?? configuration.suitePath ?? run.suite,
                limit: configuration.itemLimit,
                storedVersion: run.suiteVersion
            )
            let runner = EvaluationRunner(store: store, suite: suite, configuration: configuration)
            try runner.grade(runID: run.id)
            try report(store: store, runID: run.id, end: nil)
            return
        }
        var existing: RunRecord?
        var configuration: EvaluationConfiguration
        let suite: Suite
        if let resume {
            let run = try store.run(id: resume)
            // A completed run resumes only to retry answers that failed.
            let answered = try store.completedKeys(runID: run.id).count
            guard run.status != .completed || answered < run.itemCount else {
                throw EvaluationError.runFinished(runID: run.id)
            }
            existing = run
            configuration = try storedConfiguration(run)
            if let endpoint { configuration.endpoint.baseURL = EndpointConfiguration.normalized(endpoint) }
            // Secrets are not stored: authentication and headers come from this invocation.
            let fresh = try endpointOptions.configuration(url: configuration.endpoint.baseURL)
            configuration.endpoint = fresh
            suite = try loadSuite(
                self.suite ?? configuration.suitePath ?? run.suite,
                limit: configuration.itemLimit,
                storedVersion: run.suiteVersion
            )
        } else {
            suite = try loadSuite(self.suite ?? "", limit: limit, storedVersion: nil)
            configuration = EvaluationConfiguration(
                endpoint: try endpointOptions.configuration(url: endpoint ?? ""),
                model: model ?? "",
                concurrency: concurrency,
                repeats: repeats,
                stream: !noStream,
                sampling: SamplingParameters(maxTokens: maxTokens, temperature: temperature, seed: seed)
            )
            configuration.itemLimit = limit
            if suite.source != "built-in" {
                configuration.suitePath = URL(fileURLWithPath: suite.source).standardizedFileURL.path
            }
        }
        let client = try ChatClient(configuration: configuration.endpoint)
        let runner = EvaluationRunner(store: store, suite: suite, configuration: configuration)
        let run: RunRecord
        if let existing {
            try runner.prepareResume(existing)
            run = existing
        } else {
            var probeJSON: JSONValue?
            var versions: [String: JSONValue] = ["shortlist": .string(Shortlist.configuration.version)]
            if probe != "none" {
                let report = await EndpointProbe(client: client).run(
                    model: configuration.model,
                    depth: probe == "full" ? .full : .light
                )
                probeJSON = try? JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(report))
                versions["server"] = .string(report.server.kind)
                if let version = report.server.version { versions["server_version"] = .string(version) }
                if report.feature("streaming")?.status == .no && configuration.stream {
                    FileHandle.standardError.write(
                        Data("shortlist: warning: the endpoint did not stream in the probe\n".utf8)
                    )
                }
            }
            run = try runner.createRun(probe: probeJSON, versions: .object(versions))
        }
        let message = existing == nil ? "run \(run.id): " : "resuming run \(run.id): "
        FileHandle.standardError.write(
            Data("\(message)\(suite.name) (\(runner.slots.count) responses) against \(configuration.model)\n".utf8)
        )

        let stop = StopSignal()
        let display = ProgressDisplay()
        let generation = Task {
            try await runner.generate(runID: run.id, client: client, stop: stop) { display.update($0) }
        }
        let signals = SignalWatcher { count in
            if count == 1 {
                stop.request()
                display.note("stopping: waiting for in-flight requests (Ctrl-C again to abandon them)")
            } else {
                generation.cancel()
            }
        }
        let end: GenerationEnd
        do {
            end = try await generation.value
        } catch {
            signals.cancel()
            await client.shutdown()
            throw error
        }
        signals.cancel()
        display.finish()
        await client.shutdown()
        try runner.finish(runID: run.id, end: end)
        try runner.grade(runID: run.id)
        try report(store: store, runID: run.id, end: end)
        switch end {
        case .completed: break
        case .interrupted:
            FileHandle.standardError.write(
                Data("shortlist: run \(run.id) interrupted; continue with: shortlist eval --resume \(run.id)\n".utf8)
            )
            throw ExitCode(130)
        case .aborted(let reason):
            FileHandle.standardError.write(
                Data(
                    "shortlist: error: run \(run.id) stopped: \(reason). Continue with: shortlist eval --resume \(run.id)\n"
                        .utf8
                )
            )
            throw ExitCode(ShortlistExitCode.failure.rawValue)
        }
    }

    private func loadSuite(_ name: String, limit: Int?, storedVersion: String?) throws -> Suite {
        var loaded: Suite
        if let builtIn = try BuiltInSuites.named(name) {
            loaded = builtIn
        } else if FileManager.default.fileExists(atPath: name) {
            loaded = try SuiteLoader().load(path: name)
        } else {
            throw ValidationError(
                "no suite '\(name)': not a built-in suite (\(BuiltInSuites.names.joined(separator: ", "))) nor a file"
            )
        }
        if let limit, limit < loaded.items.count {
            loaded = Suite(
                name: loaded.name,
                description: loaded.description,
                items: Array(loaded.items.prefix(limit)),
                source: loaded.source
            )
        }
        if let storedVersion, storedVersion != loaded.version {
            throw EvaluationError.resumeMismatch(
                runID: "",
                reason:
                    "suite '\(name)' is now version \(loaded.version), the run used \(storedVersion); pass --suite with the original file"
            )
        }
        return loaded
    }

    private func storedConfiguration(_ run: RunRecord) throws -> EvaluationConfiguration {
        do {
            return try JSONDecoder.iso8601.decode(EvaluationConfiguration.self, from: Data(run.config.utf8))
        } catch {
            throw EvaluationError.store("run \(run.id) has an unreadable configuration: \(error)")
        }
    }

    private func report(store: Store, runID: String, end: GenerationEnd?) throws {
        let view = try RunView(store: store, runID: runID)
        if json {
            try JSONOutput.print(view)
        } else {
            print(RunText.render(view))
        }
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Watches SIGINT and SIGTERM and reports how many arrived.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (Int) -> Void) {
        let count = Mutex(0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let now = count.withLock { value in
                    value += 1
                    return value
                }
                handler(now)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// The progress line: a bar with ETA and live pass rate on a terminal, plain lines otherwise.
final class ProgressDisplay: Sendable {
    private struct State {
        var lastPrinted = -1
        var lastTime = ContinuousClock.now
        var drewBar = false
    }

    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let state = Mutex(State())

    func update(_ progress: RunProgress) {
        let line = Self.describe(progress)
        state.withLock { state in
            if isTerminal {
                let filled = progress.total > 0 ? progress.done * 24 / progress.total : 0
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 24 - filled)
                FileHandle.standardError.write(Data("\r\u{1B}[2K[\(bar)] \(line)".utf8))
                state.drewBar = true
            } else {
                let step = max(1, progress.total / 20)
                let now = ContinuousClock.now
                guard
                    progress.done == progress.total || progress.done - state.lastPrinted >= step
                        || now - state.lastTime > .seconds(10)
                else { return }
                state.lastPrinted = progress.done
                state.lastTime = now
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
        }
    }

    func note(_ message: String) {
        state.withLock { state in
            let prefix = state.drewBar ? "\n" : ""
            FileHandle.standardError.write(Data("\(prefix)shortlist: \(message)\n".utf8))
        }
    }

    func finish() {
        state.withLock { state in
            if state.drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
            state.drewBar = false
        }
    }

    static func describe(_ progress: RunProgress) -> String {
        var parts = ["\(progress.done)/\(progress.total)"]
        if let rate = progress.passRate { parts.append("pass \(Int((rate * 100).rounded()))%") }
        if progress.errors > 0 { parts.append("errors \(progress.errors)") }
        if let eta = progress.etaSeconds {
            let seconds = Int(eta.rounded())
            parts.append(String(format: "ETA %d:%02d", seconds / 60, seconds % 60))
        }
        return parts.joined(separator: "  ")
    }
}
