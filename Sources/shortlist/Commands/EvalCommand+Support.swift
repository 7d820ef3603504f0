import ArgumentParser
import Dispatch
import Foundation
import ShortlistCatalog
import ShortlistEndpoint
import ShortlistEvaluation
import ShortlistStore
import Synchronization

enum EvalHelp {
    static let discussion = """
        Generation and grading are separate phases: every response is stored (SQLite) the moment it \
        arrives, then the suite's checks grade the stored responses. --regrade grades a run again without \
        sending anything to the model; judge answers are stored too and re-used unless --rejudge.

        Ctrl-C (or SIGTERM) stops cleanly: no new requests start, in-flight ones finish and are stored; \
        a second Ctrl-C abandons them. Either way the run stays resumable: --resume RUN continues it exactly \
        where it stopped, never sending an answered item again and retrying failed ones. If the endpoint goes \
        down, the run stops after --circuit-breaker consecutive connection failures.

        Suites: a built-in name (\(BuiltInSuites.names.joined(separator: ", "))) or a YAML/JSONL file \
        (docs/suites.md). Suites with 'judge' checks need --judge-model (and --judge-endpoint when the judge \
        runs on another server than the model under test).

        EXIT CODES: 0 done, 1 stopped because the endpoint failed, 64 usage, 65 bad suite file, \
        130 interrupted (resumable).

        EXAMPLES
          shortlist eval --endpoint http://127.0.0.1:8000/v1 --model qwen3-8b --suite smoke
          shortlist eval --endpoint https://api.example.com/v1 --api-key-env EXAMPLE_API_KEY \\
              --model m --suite my-suite.yaml --concurrency 16 --repeats 3
          shortlist eval --resume 20261128-221800-a1b2
        """
}

/// `--judge-endpoint`, `--judge-model`, `--judge-api-key-env`: the model that grades `judge` checks.
struct JudgeOptions: ParsableArguments {
    @Option(help: "The judge's API root (default: the endpoint under test).") var judgeEndpoint: String?
    @Option(help: "The judge's model name; needed by suites with judge checks.") var judgeModel: String?
    @Option(name: .customLong("judge-api-key-env"), help: "Environment variable holding the judge's API key.")
    var judgeAPIKeyEnvironmentVariable: String?

    /// The judge for a new run, or `nil` without `--judge-model`.
    func configuration(for run: EvaluationConfiguration, _ options: EndpointOptions) throws -> JudgeConfiguration? {
        guard let judgeModel else { return nil }
        var endpoint = try options.configuration(url: judgeEndpoint ?? run.endpoint.baseURL)
        endpoint.apiKeyEnvironmentVariable =
            judgeAPIKeyEnvironmentVariable
            ?? (judgeEndpoint == nil
                ? run.endpoint.apiKeyEnvironmentVariable : nil)
        endpoint.headers = judgeEndpoint == nil ? run.endpoint.headers : [:]
        return JudgeConfiguration(endpoint: endpoint, model: judgeModel)
    }

    /// Runs `body` with a client for the judge (the flags' judge, else the stored one), or with `nil`.
    func withJudge<Result: Sendable>(
        _ stored: JudgeConfiguration?,
        _ options: EndpointOptions,
        _ body: (JudgeEndpoint?) async throws -> Result
    ) async throws -> Result {
        var judge = stored
        if let judgeModel {
            let url = judgeEndpoint ?? stored?.endpoint.baseURL ?? ""
            judge = JudgeConfiguration(endpoint: try options.configuration(url: url), model: judgeModel)
        }
        guard var judge else { return try await body(nil) }
        // Secrets are never stored: the key variable comes from this invocation.
        judge.endpoint.apiKeyEnvironmentVariable =
            judgeAPIKeyEnvironmentVariable ?? judge.endpoint.apiKeyEnvironmentVariable
        judge.endpoint.headers = judge.endpoint.headers.filter { $0.value != "<redacted>" }
        let model = judge.model
        return try await withChatClient(judge.endpoint) { client in
            try await body(JudgeEndpoint(client: client, model: model))
        }
    }
}

/// Links a run to the catalog model it measures.
enum CatalogLink {
    /// The catalog id named by `--catalog-model`, else the one the served name identifies, else `nil` with a
    /// warning saying how to link it.
    static func resolve(_ explicit: String?, served: String, catalog options: CatalogOptions) throws -> String? {
        let catalog = try options.load()
        if let explicit { return try catalog.model(named: explicit).id }
        if let model = catalog.model(servedAs: served) { return model.id }
        FileHandle.standardError.write(
            Data(
                ("shortlist: warning: the served model '\(served)' matches no catalog model; pass "
                    + "'--catalog-model ID' to link the run to its catalog card.\n").utf8
            )
        )
        return nil
    }
}

/// Renders a session's events (a progress bar on a terminal, plain lines otherwise) and turns Ctrl-C and
/// SIGTERM into stop requests.
enum RunDisplay {
    static func drive(
        _ session: RunSession,
        _ work: @Sendable @escaping () async throws -> RunOutcome
    ) async throws -> RunOutcome {
        let verb = session.isResumed ? "resuming run" : "run"
        FileHandle.standardError.write(
            Data(
                ("\(verb) \(session.run.id): \(session.suite.name) (\(session.plannedResponses) responses) against "
                    + "\(session.configuration.model)\n").utf8
            )
        )
        for warning in session.warnings {
            FileHandle.standardError.write(Data("shortlist: warning: \(warning)\n".utf8))
        }
        let display = ProgressDisplay()
        let signals = SignalWatcher { _ in session.requestStop() }
        defer { signals.cancel() }
        return try await withThrowingTaskGroup(of: RunOutcome?.self) { group in
            group.addTask {
                for await event in session.events { display.show(event) }
                return nil
            }
            group.addTask { try await work() }
            var outcome: RunOutcome?
            while let next = try await group.next() { outcome = outcome ?? next }
            display.finish()
            guard let outcome else { throw CancellationError() }
            return outcome
        }
    }

    /// Exits 130 for a stopped run and 1 for an aborted one, saying how to continue.
    static func exit(for outcome: RunOutcome) throws {
        let id = outcome.results.run.id
        switch outcome.end {
        case .completed?, nil: return
        case .interrupted?:
            FileHandle.standardError.write(
                Data("shortlist: run \(id) interrupted; continue with: shortlist eval --resume \(id)\n".utf8)
            )
            throw ExitCode(130)
        case .aborted(let reason)?:
            FileHandle.standardError.write(
                Data(
                    "shortlist: error: run \(id) stopped: \(reason) Continue with: shortlist eval --resume \(id)\n".utf8
                )
            )
            throw ExitCode.failure
        }
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

    func show(_ event: RunEvent) {
        switch event {
        case .progress(let progress): update(progress)
        case .stopping: note("stopping: waiting for in-flight requests (Ctrl-C again to abandon them)")
        case .abandoning: note("abandoning in-flight requests; the run stays resumable")
        case .grading(let responses): if responses > 0 && !isTerminal { note("grading \(responses) responses") }
        }
    }

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
            state.drewBar = false
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
