import Foundation
import ShortlistIFEval
import ShortlistStore
import ShortlistTestSupport
import Testing

/// End-to-end runs against the real local model server (llama-cpp-python serving SmolLM2-135M-Instruct).
///
/// `scripts/test` installs the server once (cached outside the repository); each test starts it on
/// its own port when needed. The server handles one request at a time, so these tests run one by one.
@Suite(.serialized, .timeLimit(.minutes(5))) struct RealServerTests {
    static let sharedPort = 8765

    /// A suite of `count` short items, slow enough to interrupt in the middle.
    static func countingSuite(count: Int) throws -> String {
        let directory = try RepositoryPaths.temporaryDirectory("suite")
        let path = directory.appendingPathComponent("counting.yaml").path
        var text = "name: counting\ndefaults:\n  sampling: {max_tokens: 40, temperature: 0, seed: 1}\nitems:\n"
        for index in 1...count {
            text += "  - id: count-\(index)\n    prompt: Count from \(index) to \(index + 30), separated by commas.\n"
            text += "    checks:\n      - contains: \"\(index)\"\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func storePath() throws -> String {
        try RepositoryPaths.temporaryDirectory("store").appendingPathComponent("shortlist.db").path
    }

    /// Waits until the run in `store` has at least `count` responses; returns the run id.
    static func waitForResponses(_ count: Int, store path: String, while tool: RunningTool) async throws -> String {
        for _ in 0..<600 {
            if FileManager.default.fileExists(atPath: path), let store = try? Store(path: path),
                let run = try? store.runs(limit: 1).first,
                let responses = try? store.responses(runID: run.id), responses.count >= count
            {
                return run.id
            }
            guard tool.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let result = try await tool.wait(timeout: .seconds(5))
        Issue.record("the run never reached \(count) responses: \(result.stderr)")
        throw CancellationError()
    }

    @Test func smokeSuiteIsStoredListedAndExported() async throws {
        let url = try await LocalModelServer.start(port: Self.sharedPort)
        let store = try Self.storePath()
        let result = try await CommandLineTool.run([
            "eval", "--endpoint", url, "--model", LocalModelServer.model, "--suite", "smoke", "--store", store,
            "--concurrency", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Responses 7/7"))

        let list = try await CommandLineTool.run(["runs", "list", "--store", store, "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 1)
        #expect(runs.first?["status"] as? String == "completed")
        #expect(runs.first?["suite"] as? String == "smoke")
        let runID = try #require(runs.first?["id"] as? String)

        let opened = try Store(path: store)
        let responses = try opened.responses(runID: runID)
        #expect(responses.count == 7)
        #expect(responses.allSatisfy { $0.error == nil && !($0.text ?? "").isEmpty })
        // Timings come from the stream: first content after the first byte, end after the first content.
        for response in responses {
            let ttft = try #require(response.ttftMs)
            let latency = try #require(response.latencyMs)
            #expect(ttft > 0 && ttft <= latency)
        }
        // Each of the 7 items has its checks graded (8 checks in all).
        let grades = try opened.grades(runID: runID)
        #expect(grades.count == 8)
        #expect(Set(grades.map(\.itemID)).count == 7)
        // The probe was recorded with the run.
        let run = try opened.run(id: runID)
        #expect(run.probe?.contains("\"streaming\"") == true)

        let directory = try RepositoryPaths.temporaryDirectory("export")
        let jsonl = directory.appendingPathComponent("run.jsonl").path
        let csv = directory.appendingPathComponent("run.csv").path
        #expect(
            try await CommandLineTool.run(["runs", "export", runID, "--store", store, "--output", jsonl]).status == 0
        )
        #expect(
            try await CommandLineTool.run(["runs", "export", runID, "--store", store, "--format", "csv", "-o", csv])
                .status
                == 0
        )
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 7)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["item_id"] as? String != nil)
        let csvText = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(csvText.hasPrefix("run_id,"))

        let show = try await CommandLineTool.run(["runs", "show", String(runID.prefix(15)), "--store", store])
        #expect(show.status == 0)
        #expect(show.stdout.contains("capital"))
    }

    @Test(arguments: LocalModelServer.Engine.allCases)
    func killedServerThenResumeStoresEveryItemExactlyOnce(engine: LocalModelServer.Engine) async throws {
        let port = [.llamaCppPython: 8766, .llamaCpp: 8767, .vllm: 8769][engine] ?? 8766
        let url = try await LocalModelServer.start(port: port, engine: engine)
        defer { try? LocalModelServer.stop(port: port) }
        let suite = try Self.countingSuite(count: 8)
        let store = try Self.storePath()
        let tool = try RunningTool([
            "eval", "--endpoint", url, "--model", LocalModelServer.model, "--suite", suite, "--store", store,
            "--concurrency", "1", "--max-attempts", "2", "--circuit-breaker", "2", "--probe", "none",
        ])
        let runID = try await Self.waitForResponses(3, store: store, while: tool)
        try LocalModelServer.kill(port: port)
        let stopped = try await tool.wait()
        #expect(stopped.status == 1, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("shortlist eval --resume \(runID)"))

        let before = try Store(path: store)
        #expect(try before.run(id: runID).status == .failed)
        let kept = try before.responses(runID: runID).filter { $0.error == nil }
        #expect(kept.count >= 3 && kept.count < 8)

        try await LocalModelServer.start(port: port, engine: engine)
        let resumed = try await CommandLineTool.run(["eval", "--resume", runID, "--store", store])
        #expect(resumed.status == 0, "\(resumed.stderr)")

        let after = try Store(path: store)
        let responses = try after.responses(runID: runID)
        #expect(responses.count == 8)
        #expect(Set(responses.map { "\($0.itemID)#\($0.repeatIndex)" }).count == 8)
        #expect(responses.allSatisfy { $0.error == nil })
        // The answers stored before the crash were not sent again: identical rows.
        for response in kept {
            #expect(responses.first { $0.itemID == response.itemID } == response)
        }
        #expect(try after.run(id: runID).status == .completed)
    }

    @Test func interruptedRunnerFinishesInFlightWorkAndResumes() async throws {
        let url = try await LocalModelServer.start(port: Self.sharedPort)
        let suite = try Self.countingSuite(count: 8)
        let store = try Self.storePath()
        let tool = try RunningTool([
            "eval", "--endpoint", url, "--model", LocalModelServer.model, "--suite", suite, "--store", store,
            "--concurrency", "1", "--probe", "none",
        ])
        let runID = try await Self.waitForResponses(2, store: store, while: tool)
        tool.interrupt()
        let stopped = try await tool.wait()
        #expect(stopped.status == 130, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("interrupted"))

        let before = try Store(path: store)
        #expect(try before.run(id: runID).status == .interrupted)
        let kept = try before.responses(runID: runID)
        // The request in flight at Ctrl-C finished and was stored; nothing failed.
        #expect(kept.count >= 2 && kept.count < 8)
        #expect(kept.allSatisfy { $0.error == nil })

        let resumed = try await CommandLineTool.run(["eval", "--resume", runID, "--store", store])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let responses = try Store(path: store).responses(runID: runID)
        #expect(responses.count == 8)
        #expect(Set(responses.map(\.itemID)).count == 8)
        for response in kept {
            #expect(responses.first { $0.itemID == response.itemID } == response)
        }
    }

    @Test func ifevalSampleIsGeneratedAndScoredAsTheReferenceWould() async throws {
        let url = try await LocalModelServer.start(port: Self.sharedPort)
        let store = try Self.storePath()
        let result = try await CommandLineTool.run([
            "eval", "--endpoint", url, "--model", LocalModelServer.model, "--suite", "ifeval", "--limit", "3",
            "--max-tokens", "96", "--store", store, "--probe", "none",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("IFEval    3 prompts: prompt strict"))
        let opened = try Store(path: store)
        let runID = try #require(try opened.runs(limit: 1).first?.id)
        let responses = try opened.responses(runID: runID)
        #expect(responses.map(\.itemID) == IFEval.prompts.prefix(3).map { String($0.key) })
        // Every stored grade is the strict verdict of Shortlist's IFEval on the stored text.
        let grades = try opened.grades(runID: runID)
        #expect(grades.count == IFEval.prompts.prefix(3).reduce(0) { $0 + $1.instructions.count })
        for (prompt, response) in zip(IFEval.prompts.prefix(3), responses) {
            let outcome = IFEval.evaluate(prompt: prompt, response: response.text ?? "")
            let verdicts = grades.filter { $0.itemID == response.itemID }.sorted { $0.check < $1.check }.map {
                $0.verdict == .pass
            }
            #expect(verdicts == outcome.strict)
        }
    }

    @Test func probeReportsWhatTheRealServerSupports() async throws {
        let url = try await LocalModelServer.start(port: Self.sharedPort)
        let result = try await CommandLineTool.run(["probe", url, "--context", "2048", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let features = try #require(report["features"] as? [[String: Any]])
        func status(_ key: String) -> String? { features.first { $0["key"] as? String == key }?["status"] as? String }
        #expect((report["models"] as? [String])?.contains(LocalModelServer.model) == true)
        #expect(status("streaming") == "yes")
        // llama-cpp-python 0.3.36 sends no usage chunk, even when asked: the probe must say so.
        #expect(status("stream-usage") == "no")
        #expect(status("usage") == "yes")
        #expect(status("context") == "yes")
        #expect(status("max-tokens") == "yes")
        #expect(status("tokenize") == "yes")
        #expect(status("template") == "yes")
        #expect((report["server"] as? [String: Any])?["kind"] as? String == "llama-cpp-python")
    }

    @Test func apiKeyNeverReachesLogsStoreOrExports() async throws {
        let url = try await LocalModelServer.start(port: Self.sharedPort)
        let secret = "sk-shortlist-test-\(UUID().uuidString)"
        let store = try Self.storePath()
        let result = try await CommandLineTool.run(
            [
                "eval", "--endpoint", url, "--model", LocalModelServer.model, "--suite", "smoke", "--store", store,
                "--api-key-env", "SHORTLIST_TEST_KEY", "--header", "X-Team: \(secret)-header", "--max-tokens", "8",
            ],
            environment: ["SHORTLIST_TEST_KEY": secret]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let runID = try #require(try Store(path: store).runs(limit: 1).first?.id)
        let export = try RepositoryPaths.temporaryDirectory("export").appendingPathComponent("run.jsonl").path
        let csv = export.replacingOccurrences(of: ".jsonl", with: ".csv")
        let show = try await CommandLineTool.run(["runs", "show", runID, "--store", store, "--json"])
        _ = try await CommandLineTool.run(["runs", "export", runID, "--store", store, "-o", export])
        _ = try await CommandLineTool.run(["runs", "export", runID, "--store", store, "--format", "csv", "-o", csv])
        var haystack = result.stdout + result.stderr + show.stdout + show.stderr
        for path in [store, store + "-wal", export, csv] {
            if let data = FileManager.default.contents(atPath: path) {
                haystack += String(decoding: data, as: UTF8.self)
            }
        }
        #expect(!haystack.contains(secret))
        #expect(show.stdout.contains("SHORTLIST_TEST_KEY"))  // the variable's name is recorded, its value is not
    }
}
