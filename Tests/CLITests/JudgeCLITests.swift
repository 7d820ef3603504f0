import Foundation
import ShortlistTestSupport
import Testing

/// Judge checks from the command line: the judge's answers are stored and `--regrade` re-uses them.
@Suite(.serialized, .timeLimit(.minutes(3))) struct JudgeCLITests {
    static let suite = """
        name: judged
        items:
          - id: a
            prompt: echo alpha please
            checks:
              - contains: alpha
              - judge: {rubric: "Repeats the word.", pass_at: 7}
          - id: b
            prompt: echo beta please
            checks:
              - judge: "Repeats the word."
        """

    static let handler: FaultServer.Handler = { request in
        if request.bodyString.contains("impartial judge") {
            return .chatCompletion(content: "It does. Rating: [[8]]", model: "judge")
        }
        return await FakeModel.handler()(request)
    }

    @Test func judgeAnswersAreStoredAndRegradeSendsNothing() async throws {
        try await FaultServer.withServer(handler: Self.handler) { server in
            let directory = try RepositoryPaths.temporaryDirectory("judge-cli")
            let suite = directory.appendingPathComponent("judged.yaml")
            try Self.suite.write(to: suite, atomically: true, encoding: .utf8)
            let store = directory.appendingPathComponent("s.db").path

            // A suite with judge checks and no judge is refused before anything is stored
            let noJudge = try await CommandLineTool.run([
                "eval", "--endpoint", server.baseURL, "--model", "fake-model", "--suite", suite.path,
                "--probe", "none", "--store", store,
            ])
            #expect(noJudge.status == 64)
            #expect(noJudge.stderr.contains("Suite 'judged' has judge checks: pass '--judge-model MODEL'"))
            #expect(server.requests.isEmpty)

            // Given a run judged by a model on the same server
            let run = try await CommandLineTool.run([
                "eval", "--endpoint", server.baseURL, "--model", "fake-model", "--suite", suite.path,
                "--probe", "none", "--store", store, "--judge-model", "judge",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Scores    judge: mean 8.00, median 8.0 (n=2)"))
            #expect(run.stdout.contains("Judge     2 calls made, 0 stored answers re-used"))
            #expect(server.requests.count == 4)
            let id = try #require(run.stdout.split(separator: "\n").first?.split(separator: " ").dropFirst().first)

            // When it is graded again, no request is sent: the stored judge answers are re-used
            let regrade = try await CommandLineTool.run(["eval", "--regrade", String(id), "--store", store])
            #expect(regrade.status == 0, "\(regrade.stderr)")
            #expect(regrade.stdout.contains("Judge     0 calls made, 2 stored answers re-used"))
            #expect(server.requests.count == 4)

            // And --rejudge asks the judge again
            let rejudge = try await CommandLineTool.run([
                "eval", "--regrade", String(id), "--rejudge", "--store", store,
            ])
            #expect(rejudge.status == 0, "\(rejudge.stderr)")
            #expect(server.requests.count == 6)
        }
    }
}
