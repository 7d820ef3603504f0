internal import Foundation
package import ShortlistEndpoint
package import ShortlistStore
internal import ShortlistSupport
internal import Synchronization

/// What happened during a run, for the executable to render (a progress bar, notes).
package enum RunEvent: Sendable, Equatable {
    /// A slot finished (stored or failed); the counts so far.
    case progress(RunProgress)
    /// A first stop request: no new requests start, in-flight ones finish and are stored.
    case stopping
    /// A second stop request: in-flight requests are abandoned; the run stays resumable.
    case abandoning
    /// Grading started for this many stored responses.
    case grading(responses: Int)
}

/// How a session ended and what the run now holds.
package struct RunOutcome: Sendable {
    /// How generation ended; `nil` for a regrade, which generates nothing.
    package var end: GenerationEnd?
    package var results: RunResults
    /// Judge calls made and stored answers re-used while grading.
    package var remoteCalls: RemoteCalls.Counts
}

/// One evaluation run from start to stored results: creating it (with its probe and configuration), resuming
/// it, re-grading it, stopping it, and telling the caller how it goes.
///
/// The session owns the run's life cycle, so the executable only parses flags, wires a client in and renders
/// ``events``. Generation goes through ``EvaluationRunner``; every answer is stored as it arrives, and the
/// run's status in the store always says whether it can be resumed.
///
/// ```swift
/// try await withChatClient(configuration.endpoint) { client in
///     let session = try await RunSession.create(store: store, suite: suite, configuration: configuration,
///                                               probe: .light, client: client, versions: versions)
///     let outcome = try await session.run(client: client, judge: nil)
/// }
/// ```
package final class RunSession: Sendable {
    package let store: Store
    package let suite: Suite
    package let configuration: EvaluationConfiguration
    package let run: RunRecord
    /// Whether this session continues an earlier one.
    package let isResumed: Bool
    /// What the probe found that the user should know before the run goes on (one sentence each).
    package let warnings: [String]
    /// Progress and notes while ``run(client:judge:)`` works; finishes when it returns.
    package let events: AsyncStream<RunEvent>

    private let eventSink: AsyncStream<RunEvent>.Continuation
    private let stopRequests: AsyncStream<Void>
    private let stopSink: AsyncStream<Void>.Continuation
    private let stop = StopSignal()
    private let stopCount = Mutex(0)

    private init(
        store: Store,
        suite: Suite,
        configuration: EvaluationConfiguration,
        run: RunRecord,
        resumed: Bool,
        warnings: [String] = []
    ) {
        self.warnings = warnings
        self.store = store
        self.suite = suite
        self.configuration = configuration
        self.run = run
        self.isResumed = resumed
        (events, eventSink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
        (stopRequests, stopSink) = AsyncStream.makeStream()
    }

    private var runner: EvaluationRunner {
        EvaluationRunner(store: store, suite: suite, configuration: configuration)
    }

    /// Responses this run plans: items × repeats.
    package var plannedResponses: Int { runner.slots.count }

    // MARK: Starting

    /// Creates and stores a new run; probes the endpoint first when `probe` is not `nil`.
    package static func create(
        store: Store,
        suite: Suite,
        configuration: EvaluationConfiguration,
        catalogModel: String?,
        probe: EndpointProbe.Depth?,
        client: ChatClient,
        shortlistVersion: String
    ) async throws(EvaluationError) -> RunSession {
        var report: ProbeReport?
        if let probe {
            report = await EndpointProbe(client: client).run(model: configuration.model, depth: probe)
        }
        let versions = RunVersions(
            shortlist: shortlistVersion,
            server: report?.server.kind,
            serverVersion: report?.server.version
        )
        let runner = EvaluationRunner(store: store, suite: suite, configuration: configuration)
        let run = try runner.createRun(probe: report, versions: versions, catalogModel: catalogModel)
        var warnings: [String] = []
        if configuration.stream, report?.feature("streaming")?.status == .no {
            warnings.append("The endpoint did not stream in the probe: time to first token may be missing.")
        }
        return RunSession(
            store: store,
            suite: suite,
            configuration: configuration,
            run: run,
            resumed: false,
            warnings: warnings
        )
    }

    /// Opens a stored run to continue it where it stopped.
    ///
    /// The endpoint comes from the run unless `endpoint` moves it; authentication and headers always come
    /// from `endpoint` (secrets are never stored). Refuses a run that is complete, a suite that changed, and
    /// an endpoint other than the one the stored answers came from.
    package static func resume(
        store: Store,
        runID: String,
        endpoint: EndpointConfiguration,
        suite suiteName: String?
    ) throws(EvaluationError) -> RunSession {
        let run = try store.lookUp(runID)
        let stored = try run.configuration()
        let suite = try SuiteSource.resolve(suiteName ?? stored.suitePath ?? run.suite ?? "", run: run, stored: stored)
        return try resume(store: store, runID: runID, endpoint: endpoint, using: suite)
    }

    /// Opens a stored run to continue it with `suite`, a suite value the caller built (the same checks as
    /// ``resume(store:runID:endpoint:suite:)``, without looking the suite up by name).
    package static func resume(
        store: Store,
        runID: String,
        endpoint: EndpointConfiguration,
        using suite: Suite
    ) throws(EvaluationError) -> RunSession {
        let run = try store.lookUp(runID)
        let stored = try run.configuration()
        guard endpoint.baseURL == stored.endpoint.baseURL else {
            throw .resumeMismatch(
                runID: run.id,
                reason: "it ran against '\(stored.endpoint.baseURL)', not '\(endpoint.baseURL)'; the stored "
                    + "answers came from there. Resume without '--endpoint', or start a new run"
            )
        }
        let answered = try store.completed(run.id).count
        guard run.status != .completed || answered < (run.itemCount ?? 0) else { throw .runFinished(runID: run.id) }
        var configuration = stored
        configuration.endpoint = endpoint
        let runner = EvaluationRunner(store: store, suite: suite, configuration: configuration)
        try runner.prepareResume(run)
        return RunSession(store: store, suite: suite, configuration: configuration, run: run, resumed: true)
    }

    /// Opens a stored run to grade it again, sending nothing to the model under test.
    package static func regrade(
        store: Store,
        runID: String,
        suite suiteName: String?
    ) throws(EvaluationError)
        -> RunSession
    {
        let run = try store.lookUp(runID)
        let stored = try run.configuration()
        let suite = try SuiteSource.resolve(suiteName ?? stored.suitePath ?? run.suite ?? "", run: run, stored: stored)
        return try regrade(store: store, runID: run.id, using: suite)
    }

    /// Opens a stored run to grade it again with `suite`, a suite value the caller built.
    package static func regrade(store: Store, runID: String, using suite: Suite) throws(EvaluationError) -> RunSession {
        let run = try store.lookUp(runID)
        guard run.suiteVersion == nil || run.suiteVersion == suite.version else {
            throw .resumeMismatch(
                runID: run.id,
                reason: "the suite changed since the run; pass '--suite' with the original"
            )
        }
        return RunSession(store: store, suite: suite, configuration: try run.configuration(), run: run, resumed: true)
    }

    // MARK: Running

    /// Asks the run to stop.
    ///
    /// During generation, the first request lets in-flight requests finish and be stored, the second abandons
    /// them; either way the run stays resumable. During grading, a request stops it and keeps the run's previous
    /// grades (``EvaluationError/gradingInterrupted(runID:)``). Safe to call from a signal handler's queue.
    package func requestStop() {
        stopCount.withLock { $0 += 1 }
        stopSink.yield()
    }

    /// Sends every slot without a stored answer, records how generation ended, then grades.
    ///
    /// After a complete generation, remote checks call the judge (re-using stored answers); after a stop
    /// or an abort they use stored answers only, so a stopped run stops promptly.
    package func run(client: ChatClient, judge: JudgeEndpoint?) async throws(EvaluationError) -> RunOutcome {
        defer { eventSink.finish() }
        let end = try await generateWatchingStops(client: client)
        try runner.finish(runID: run.id, end: end)
        let policy: RemoteCalls.Policy = end == .completed ? .reuse : .storedOnly
        return try await grade(judge: judge, policy: policy, end: end)
    }

    /// Grades the stored responses again; `policy` decides whether stored judge answers are re-used.
    package func regrade(
        judge: JudgeEndpoint?,
        policy: RemoteCalls.Policy
    ) async throws(EvaluationError)
        -> RunOutcome
    {
        defer { eventSink.finish() }
        return try await grade(judge: judge, policy: policy, end: nil)
    }

    private func grade(
        judge: JudgeEndpoint?,
        policy: RemoteCalls.Policy,
        end: GenerationEnd?
    )
        async throws(EvaluationError) -> RunOutcome
    {
        let calls = RemoteCalls(store: store, runID: run.id, policy: policy)
        let responses = try store.all(run.id)
        eventSink.yield(.grading(responses: responses.count))
        let stopsBefore = stopCount.withLock { $0 }
        try await runner.grade(
            runID: run.id,
            responses: responses,
            judge: judge,
            calls: calls,
            shouldContinue: { self.stopCount.withLock { $0 } == stopsBefore }
        )
        let results: RunResults
        do {
            results = try RunResults.load(store: store, runID: run.id)
        } catch {
            throw .store(error)
        }
        return RunOutcome(end: end, results: results, remoteCalls: calls.current)
    }

    /// Generation in one child task, the stop requests in another: a second request cancels generation.
    private func generateWatchingStops(client: ChatClient) async throws(EvaluationError) -> GenerationEnd {
        let runner = self.runner
        let runID = run.id
        let stop = self.stop
        let events = eventSink
        let requests = stopRequests
        let result: Result<GenerationEnd, EvaluationError> = await withTaskGroup(
            of: Result<GenerationEnd, EvaluationError>?.self
        ) { group in
            group.addTask {
                do throws(EvaluationError) {
                    return .success(
                        try await runner.generate(runID: runID, client: client, stop: stop) {
                            events.yield(.progress($0))
                        }
                    )
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                var count = 0
                for await _ in requests {
                    count += 1
                    if count == 1 {
                        stop.request()
                        events.yield(.stopping)
                    } else {
                        events.yield(.abandoning)
                        return nil
                    }
                }
                return nil
            }
            var outcome: Result<GenerationEnd, EvaluationError>?
            while let next = await group.next() {
                if let next { outcome = next }
                group.cancelAll()
            }
            return outcome ?? .success(.interrupted)
        }
        return try result.get()
    }
}

/// The versions a run was made with, stored beside it.
package struct RunVersions: Sendable, Codable, Equatable {
    package var shortlist: String
    package var server: String?
    package var serverVersion: String?

    package init(shortlist: String, server: String? = nil, serverVersion: String? = nil) {
        self.shortlist = shortlist
        self.server = server
        self.serverVersion = serverVersion
    }

    private enum CodingKeys: String, CodingKey {
        case shortlist
        case server
        case serverVersion = "server_version"
    }
}

extension RunRecord {
    /// The configuration the run was started with (redacted: header values replaced, the API key only named).
    package func configuration() throws(EvaluationError) -> EvaluationConfiguration {
        do {
            return try StoredJSON.decoder.decode(EvaluationConfiguration.self, from: Data(config.utf8))
        } catch {
            throw .unreadableRun(runID: id, field: "config", reason: "\(error)")
        }
    }

    /// The endpoint probe made when the run started, if one was.
    package func probeReport() -> ProbeReport? {
        guard let probe else { return nil }
        return try? StoredJSON.decoder.decode(ProbeReport.self, from: Data(probe.utf8))
    }

    /// The versions the run was made with.
    package func runVersions() -> RunVersions? {
        try? StoredJSON.decoder.decode(RunVersions.self, from: Data(versions.utf8))
    }
}

/// How run settings are written into and read from the store's JSON columns.
enum StoredJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func text(_ value: some Encodable) -> String {
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Store {
    func lookUp(_ id: String) throws(EvaluationError) -> RunRecord {
        do {
            return try run(id: id)
        } catch {
            throw .store(error)
        }
    }

    func completed(_ id: String) throws(EvaluationError) -> Set<ResponseKey> {
        do {
            return try completedKeys(runID: id)
        } catch {
            throw .store(error)
        }
    }

    func all(_ id: String) throws(EvaluationError) -> [ResponseRecord] {
        do {
            return try responses(runID: id)
        } catch {
            throw .store(error)
        }
    }
}
