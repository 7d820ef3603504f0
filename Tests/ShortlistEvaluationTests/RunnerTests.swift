import Foundation
import ShortlistEndpoint
import ShortlistStore
import ShortlistSupport
import ShortlistTestSupport
import Synchronization
import Testing

@testable import ShortlistEvaluation

/// The runner against the fault-injection server: concurrency, stopping, resuming, the circuit breaker.
@Suite(.timeLimit(.minutes(3))) struct RunnerTests {
    static func suite(count: Int) throws -> Suite {
        var items: [SuiteItem] = []
        for index in 1...count {
            let check = try ContainsCheck(.string("\(index)"), negated: false)
            items.append(
                SuiteItem(
                    id: "q\(index)",
                    messages: [.user("echo \(index) please")],
                    checks: [CheckSpec(kind: "contains", arguments: .string("\(index)"), check: check)]
                )
            )
        }
        return Suite(name: "echo", description: nil, items: items, source: "test")
    }

    static func store() throws -> Store {
        try Store(path: try RepositoryPaths.temporaryDirectory("runner").appendingPathComponent("s.db").path)
    }

    static func configuration(
        _ server: FaultServer,
        concurrency: Int = 8,
        repeats: Int = 1,
        breaker: Int = 5
    )
        -> EvaluationConfiguration
    {
        EvaluationConfiguration(
            endpoint: EndpointConfiguration(
                baseURL: server.baseURL,
                retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)),
                circuitBreakerThreshold: breaker
            ),
            model: "fake-model",
            concurrency: concurrency,
            repeats: repeats
        )
    }

    static func run(
        _ runner: EvaluationRunner,
        server: FaultServer,
        runID: String,
        stop: StopSignal = StopSignal(),
        onProgress: @escaping @Sendable (RunProgress) -> Void = { _ in }
    ) async throws -> GenerationEnd {
        try await withChatClient(runner.configuration.endpoint) { client in
            try await runner.generate(runID: runID, client: client, stop: stop, progress: onProgress)
        }
    }

    @Test func everySlotIsStoredOnceAndGraded() async throws {
        try await FaultServer.withServer(handler: FakeModel.handler()) { server in
            let store = try Self.store()
            let runner = EvaluationRunner(
                store: store,
                suite: try Self.suite(count: 30),
                configuration: Self.configuration(server, repeats: 2)
            )
            let run = try runner.createRun(probe: nil, versions: RunVersions(shortlist: "test"))
            let end = try await Self.run(runner, server: server, runID: run.id)
            #expect(end == .completed)
            let responses = try store.responses(runID: run.id)
            #expect(responses.count == 60)
            #expect(Set(responses.map(\.key)).count == 60)
            #expect(server.requests.count == 60)
            let grades = try await runner.grade(runID: run.id)
            #expect(grades.count == 60)
            #expect(grades.allSatisfy { $0.verdict == .pass })  // the fake echoes the prompt, number included
            try runner.finish(runID: run.id, end: end)
            #expect(try store.run(id: run.id).status == .completed)
        }
    }

    @Test func stopFinishesInFlightAndResumeSendsOnlyTheRest() async throws {
        let fake = FakeModel.handler(FakeModel.Capabilities(flushesEachChunk: true))
        let slow: FaultServer.Handler = { request in
            try? await Task.sleep(for: .milliseconds(20))
            return await fake(request)
        }
        try await FaultServer.withServer(handler: slow) { server in
            let store = try Self.store()
            let runner = EvaluationRunner(
                store: store,
                suite: try Self.suite(count: 40),
                configuration: Self.configuration(server, concurrency: 4)
            )
            let run = try runner.createRun(probe: nil, versions: RunVersions(shortlist: "test"))
            let stop = StopSignal()
            let end = try await Self.run(runner, server: server, runID: run.id, stop: stop) { progress in
                if progress.done >= 10 { stop.request() }
            }
            #expect(end == .interrupted)
            let first = try store.responses(runID: run.id)
            // Everything sent before the stop was stored: in-flight requests finished.
            #expect(first.count == server.requests.count)
            #expect(first.count >= 10 && first.count < 40)

            try runner.prepareResume(try store.run(id: run.id))
            let resumed = try await Self.run(runner, server: server, runID: run.id)
            #expect(resumed == .completed)
            let all = try store.responses(runID: run.id)
            #expect(all.count == 40)
            #expect(server.requests.count == 40)  // no slot was sent twice
            for response in first { #expect(all.contains(response)) }
        }
    }

    @Test func deadEndpointAbortsWithoutStoringTheAbortedSlots() async throws {
        try await FaultServer.withServer(answering: .error(status: 503, message: "down")) { server in
            let store = try Self.store()
            let runner = EvaluationRunner(
                store: store,
                suite: try Self.suite(count: 20),
                configuration: Self.configuration(server, concurrency: 1, breaker: 3)
            )
            let run = try runner.createRun(probe: nil, versions: RunVersions(shortlist: "test"))
            let end = try await Self.run(runner, server: server, runID: run.id)
            guard case .aborted(let reason) = end else {
                Issue.record("expected the circuit breaker to stop the run, got \(end)")
                return
            }
            #expect(reason.contains("3 requests in a row"))
            // Two failures were stored (as errors, to be retried); the third opened the breaker and was not.
            let stored = try store.responses(runID: run.id)
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { $0.error != nil })
            #expect(try store.completedKeys(runID: run.id).isEmpty)
            #expect(server.requests.count == 6)  // 3 slots × 2 attempts, then nothing more
        }
    }

    @Test func itemErrorsAreStoredAndTheRunStillCompletes() async throws {
        let fake = FakeModel.handler()
        let handler: FaultServer.Handler = { request in
            // The server rejects one item outright: the item's fault, not the endpoint's.
            if request.bodyString.contains("echo 2 please") { return .error(status: 400, message: "prompt rejected") }
            return await fake(request)
        }
        try await FaultServer.withServer(handler: handler) { server in
            let store = try Self.store()
            let runner = EvaluationRunner(
                store: store,
                suite: try Self.suite(count: 5),
                configuration: Self.configuration(server)
            )
            let run = try runner.createRun(probe: nil, versions: RunVersions(shortlist: "test"))
            let end = try await Self.run(runner, server: server, runID: run.id)
            #expect(end == .completed)
            let responses = try store.responses(runID: run.id)
            #expect(responses.count == 5)
            #expect(responses.first { $0.itemID == "q2" }?.error == "The server answered HTTP 400: prompt rejected")
            #expect(try store.completedKeys(runID: run.id).count == 4)
            let grades = try await runner.grade(runID: run.id)
            #expect(grades.first { $0.itemID == "q2" }?.verdict == .error)
        }
    }

    @Test func resumeRefusesAChangedSuiteOrParameters() async throws {
        try await FaultServer.withServer(handler: FakeModel.handler()) { server in
            let store = try Self.store()
            let runner = EvaluationRunner(
                store: store,
                suite: try Self.suite(count: 3),
                configuration: Self.configuration(server)
            )
            let run = try runner.createRun(probe: nil, versions: RunVersions(shortlist: "test"))
            _ = try await Self.run(runner, server: server, runID: run.id)
            let changed = EvaluationRunner(
                store: store,
                suite: try Self.suite(count: 4),
                configuration: Self.configuration(server)
            )
            let changedSuite = #expect(throws: EvaluationError.self) { try changed.prepareResume(run) }
            guard case .resumeMismatch(run.id, let reason)? = changedSuite else {
                Issue.record("expected a resume mismatch, got \(String(describing: changedSuite))")
                return
            }
            #expect(reason.hasPrefix("the suite changed (stored version"))
            var other = Self.configuration(server)
            other.sampling.temperature = 0.7
            let resampled = EvaluationRunner(store: store, suite: try Self.suite(count: 3), configuration: other)
            #expect(
                throws: EvaluationError.resumeMismatch(
                    runID: run.id,
                    reason: "item 'q1' was sent with different parameters; start a new run"
                )
            ) { try resampled.prepareResume(run) }
        }
    }

    @Test func fingerprintIsDeterministicAndCoversTheRequest() {
        let configuration = EvaluationConfiguration(endpoint: EndpointConfiguration(baseURL: "http://h/v1"), model: "m")
        let item = SuiteItem(id: "a", messages: [.user("hi")])
        let one = configuration.fingerprint(for: item, suiteVersion: "v1")
        #expect(one == configuration.fingerprint(for: item, suiteVersion: "v1"))
        #expect(one != configuration.fingerprint(for: item, suiteVersion: "v2"))
        var other = configuration
        other.model = "n"
        #expect(one != other.fingerprint(for: item, suiteVersion: "v1"))
        #expect(one.count == 64)
    }
}
