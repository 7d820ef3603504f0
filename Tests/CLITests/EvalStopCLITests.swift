import Foundation
import ShortlistTestSupport
import Testing

/// `eval` stopped by Ctrl-C twice, then resumed, as a user at a terminal would do it.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EvalStopCLITests {
    @Test func aSecondCtrlCExits130AndTheRunResumesToCompletion() async throws {
        let fake = FakeModel.handler()
        let slow: FaultServer.Handler = { request in
            try? await Task.sleep(for: .seconds(5))
            return await fake(request)
        }
        try await FaultServer.withServer(handler: slow) { server in
            let store = try RepositoryPaths.temporaryDirectory("stop").appendingPathComponent("s.db").path
            // Given a run whose requests take five seconds each, all of them in flight at once
            let running = try RunningTool([
                "eval", "--endpoint", server.baseURL, "--model", "fake-model", "--suite", "smoke", "--probe", "none",
                "--store", store, "--concurrency", "8",  // every item in flight: nothing left to dispatch
            ])
            // When Ctrl-C comes twice while all seven requests are in flight (the tool watches signals before it
            // sends any, so waiting for them rather than a fixed time holds on a loaded machine too)
            let deadline = ContinuousClock.now + .seconds(60)
            while server.requests.count < 7 && ContinuousClock.now < deadline && running.isRunning {
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(server.requests.count == 7)
            running.interrupt()
            try await Task.sleep(for: .milliseconds(100))
            running.interrupt()
            let stopped = try await running.wait(timeout: .seconds(30))

            // Then the run exits 130, says how to resume, and is left resumable
            #expect(stopped.status == 130, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("abandoning in-flight requests"))
            let runID = try #require(
                stopped.stderr.split(separator: "\n").first { $0.hasPrefix("run ") }?.split(separator: " ")[1]
                    .dropLast()
            )
            #expect(stopped.stderr.contains("shortlist eval --resume \(runID)"))
            let list = try await CommandLineTool.run(["runs", "list", "--store", store])
            #expect(list.stdout.contains("interrupted"))

            // And resuming at another endpoint is refused in one line, with the stored endpoint named
            let elsewhere = try await CommandLineTool.run([
                "eval", "--resume", String(runID), "--endpoint", "http://127.0.0.1:9/v1", "--store", store,
            ])
            #expect(elsewhere.status == 64)
            #expect(elsewhere.stderr.split(separator: "\n").count == 1)
            #expect(elsewhere.stderr.hasPrefix("shortlist: error: Cannot resume run '\(runID)': it ran against"))

            // And a plain resume completes every item
            let resumed = try RunningTool(["eval", "--resume", String(runID), "--store", store, "--concurrency", "7"])
            let done = try await resumed.wait(timeout: .seconds(60))
            #expect(done.status == 0, "\(done.stderr)")
            #expect(done.stdout.contains("Responses 7/7"))
            let shown = try await CommandLineTool.run(["runs", "show", String(runID), "--store", store])
            #expect(shown.stdout.contains("(completed)"))
        }
    }
}
