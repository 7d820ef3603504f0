import Foundation
import ShortlistEndpoint
import ShortlistStore
import ShortlistSupport
import ShortlistTestSupport
import Synchronization
import Testing

@testable import ShortlistEvaluation

/// The run session against the fault-injection server: stored judge calls, stopping twice, resuming.
@Suite(.timeLimit(.minutes(3))) struct RunSessionTests {
    static func store() throws -> Store {
        try Store(path: try RepositoryPaths.temporaryDirectory("session").appendingPathComponent("s.db").path)
    }

    static func suite(count: Int, judged: Bool) throws -> Suite {
        let items = try (1...count).map { index in
            var checks = [
                CheckSpec(
                    kind: "contains",
                    arguments: .string("\(index)"),
                    check: try ContainsCheck(.string("\(index)"), negated: false)
                )
            ]
            if judged {
                let judge = JudgeCheck(rubric: "Repeats the number.", passAt: 7)
                checks.append(CheckSpec(kind: "judge", arguments: .string(judge.rubric), check: judge))
            }
            return SuiteItem(id: "q\(index)", messages: [.user("echo \(index) please")], checks: checks)
        }
        return Suite(name: "echo", description: nil, items: items, source: "test")
    }

    static func configuration(_ server: FaultServer, concurrency: Int = 4) -> EvaluationConfiguration {
        var configuration = EvaluationConfiguration(
            endpoint: EndpointConfiguration(baseURL: server.baseURL, retry: RetryPolicy(maxAttempts: 1)),
            model: "fake-model",
            concurrency: concurrency
        )
        configuration.judge = JudgeConfiguration(endpoint: configuration.endpoint, model: "judge")
        return configuration
    }

    /// The fake model, except that judge prompts get a rating.
    static let judgingHandler: FaultServer.Handler = { request in
        if request.bodyString.contains("impartial judge") {
            return .chatCompletion(content: "It repeats the number. Rating: [[8]]", model: "judge")
        }
        return await FakeModel.handler()(request)
    }

    /// Creates a session as `eval` would, by default without a probe or a catalog link.
    static func session(
        _ store: Store,
        _ suite: Suite,
        _ configuration: EvaluationConfiguration,
        client: ChatClient,
        catalogModel: String? = nil,
        probe: EndpointProbe.Depth? = nil
    ) async throws -> RunSession {
        try await RunSession.create(
            store: store,
            suite: suite,
            configuration: configuration,
            catalogModel: catalogModel,
            probe: probe,
            client: client,
            shortlistVersion: "test"
        )
    }

    /// Creates and runs a session whose judge is the run's own endpoint, without a probe.
    static func judgedRun(
        _ store: Store,
        _ suite: Suite,
        _ configuration: EvaluationConfiguration
    ) async throws
        -> RunOutcome
    {
        try await withChatClient(configuration.endpoint) { client in
            let session = try await Self.session(store, suite, configuration, client: client)
            return try await session.run(client: client, judge: JudgeEndpoint(client: client, model: "judge"))
        }
    }

    /// Grades a run again with the judge on the run's own endpoint.
    static func regrade(
        _ store: Store,
        _ runID: String,
        _ suite: Suite,
        _ configuration: EvaluationConfiguration,
        policy: RemoteCalls.Policy = .reuse
    ) async throws -> RunOutcome {
        let session = try RunSession.regrade(store: store, runID: runID, using: suite)
        return try await withChatClient(configuration.endpoint) { client in
            try await session.regrade(judge: JudgeEndpoint(client: client, model: "judge"), policy: policy)
        }
    }

    @Test func judgeAnswersAreStoredAndARegradeSendsNothing() async throws {
        try await FaultServer.withServer(handler: Self.judgingHandler) { server in
            // Given a finished run whose suite has a judge check on each of 3 items
            let store = try Self.store()
            let configuration = Self.configuration(server)
            let suite = try Self.suite(count: 3, judged: true)
            let first = try await Self.judgedRun(store, suite, configuration)
            #expect(first.end == .completed)
            #expect(first.remoteCalls == RemoteCalls.Counts(sent: 3, reused: 0))
            #expect(server.requests.count == 6)  // 3 answers, 3 judge calls
            #expect(try store.remoteCalls(runID: first.results.run.id).count == 3)
            let judged = first.results.items.flatMap(\.checks).filter { $0.id.kind == "judge" }
            #expect(judged.count == 3 && judged.allSatisfy { $0.verdict == .pass && $0.data?["score"] == .integer(8) })

            // When the run is graded again
            let again = try await Self.regrade(store, first.results.run.id, suite, configuration)

            // Then the stored judge answers are re-used and no request reaches the server
            #expect(again.remoteCalls == RemoteCalls.Counts(sent: 0, reused: 3))
            #expect(server.requests.count == 6)
            #expect(again.results.checkKinds == first.results.checkKinds)

            // And asking to call again does call again
            let rejudged = try await Self.regrade(store, first.results.run.id, suite, configuration, policy: .callAgain)
            #expect(rejudged.remoteCalls == RemoteCalls.Counts(sent: 3, reused: 0))
            #expect(server.requests.count == 9)
        }
    }

    @Test func aStopWhileGradingKeepsThePreviousGrades() async throws {
        let slowJudge = Mutex(false)
        let handler: FaultServer.Handler = { request in
            if slowJudge.withLock({ $0 }) && request.bodyString.contains("impartial judge") {
                try? await Task.sleep(for: .seconds(3))
            }
            return await Self.judgingHandler(request)
        }
        try await FaultServer.withServer(handler: handler) { server in
            // Given a graded run
            let store = try Self.store()
            let configuration = Self.configuration(server)
            let suite = try Self.suite(count: 8, judged: true)  // twice the grading concurrency
            let first = try await Self.judgedRun(store, suite, configuration)
            let id = first.results.run.id
            let graded = try store.grades(runID: id)
            #expect(graded.count == 16)

            // When a rejudge with a slow judge is stopped
            slowJudge.withLock { $0 = true }
            let session = try RunSession.regrade(store: store, runID: id, using: suite)
            let error = await #expect(throws: EvaluationError.gradingInterrupted(runID: id)) {
                try await withChatClient(configuration.endpoint) { client in
                    async let outcome = session.regrade(
                        judge: JudgeEndpoint(client: client, model: "judge"),
                        policy: .callAgain
                    )
                    try await Task.sleep(for: .milliseconds(300))
                    session.requestStop()
                    return try await outcome
                }
            }

            // Then the previous grades are untouched, and the error says how to finish
            #expect(error?.exitStatus == .interrupted)
            #expect(try store.grades(runID: id) == graded)
        }
    }

    @Test func aSecondStopAbandonsInFlightRequestsAndTheRunStaysResumable() async throws {
        let fake = FakeModel.handler()
        let slow: FaultServer.Handler = { request in
            try? await Task.sleep(for: .seconds(3))
            return await fake(request)
        }
        try await FaultServer.withServer(handler: slow) { server in
            let store = try Self.store()
            var configuration = Self.configuration(server, concurrency: 8)
            configuration.judge = nil
            let suite = try Self.suite(count: 8, judged: false)
            // Given a run whose every request is in flight and takes seconds (nothing is left to dispatch)
            let outcome = try await withChatClient(configuration.endpoint) { client in
                let session = try await Self.session(store, suite, configuration, client: client)
                // When two stop requests arrive before any answer
                async let result = session.run(client: client, judge: nil)
                try await Task.sleep(for: .milliseconds(300))
                session.requestStop()
                session.requestStop()
                return try await result
            }
            // Then the run ends interrupted, with nothing stored and nothing marked done
            #expect(outcome.end == .interrupted)
            let id = outcome.results.run.id
            #expect(try store.run(id: id).status == .interrupted)
            #expect(try store.completedKeys(runID: id).isEmpty)

            // And a resume completes it
            let resumed = try RunSession.resume(store: store, runID: id, endpoint: configuration.endpoint, using: suite)
            let final = try await withChatClient(configuration.endpoint) { client in
                try await resumed.run(client: client, judge: nil)
            }
            #expect(final.end == .completed)
            #expect(try store.run(id: id).status == .completed)
            #expect(try store.completedKeys(runID: id).count == 8)
        }
    }

    @Test func aProbeThatFindsNoStreamingIsReportedBeforeTheRun() async throws {
        // A server that answers every request with a whole JSON completion, streams or not.
        try await FaultServer.withServer(answering: .chatCompletion(content: "hello there")) { server in
            let store = try Self.store()
            var configuration = Self.configuration(server)
            configuration.judge = nil
            let session = try await withChatClient(configuration.endpoint) { client in
                try await Self.session(
                    store,
                    try Self.suite(count: 1, judged: false),
                    configuration,
                    client: client,
                    catalogModel: "smollm2-135m-instruct",
                    probe: .light
                )
            }
            #expect(
                session.warnings == ["The endpoint did not stream in the probe: time to first token may be missing."]
            )
            // The probe and the catalog link are stored with the run as typed values.
            let stored = try store.run(id: session.run.id)
            #expect(stored.catalogModel == "smollm2-135m-instruct")
            #expect(stored.probeReport()?.feature("streaming")?.status == .no)
            #expect(stored.runVersions()?.shortlist == "test")
            #expect(try stored.configuration().endpoint.baseURL == configuration.endpoint.baseURL)
        }
    }

    @Test func resumingAgainstAnotherEndpointIsRefusedByName() async throws {
        try await FaultServer.withServer(handler: FakeModel.handler()) { server in
            let store = try Self.store()
            var configuration = Self.configuration(server)
            configuration.judge = nil
            let suite = try Self.suite(count: 2, judged: false)
            let runner = EvaluationRunner(store: store, suite: suite, configuration: configuration)
            let run = try runner.createRun(probe: nil, versions: RunVersions(shortlist: "test"))
            try runner.finish(runID: run.id, end: .interrupted)
            let elsewhere = EndpointConfiguration(baseURL: "http://127.0.0.1:9/v1")
            #expect(throws: EvaluationError.self) {
                try RunSession.resume(store: store, runID: run.id, endpoint: elsewhere, using: suite)
            }
            do throws(EvaluationError) {
                _ = try RunSession.resume(store: store, runID: run.id, endpoint: elsewhere, using: suite)
            } catch {
                #expect(error.exitStatus == .usage)
                let stored = configuration.endpoint.baseURL
                #expect(error.description.hasPrefix("Cannot resume run '\(run.id)': it ran against '\(stored)'"))
            }
        }
    }
}
