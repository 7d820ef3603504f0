import Foundation
import ShortlistEndpoint
import ShortlistSupport
import ShortlistTestSupport
import Testing

extension RealServerTests {
    /// The probe and the harness on llama.cpp's own server (run in-process by xllamacpp) and vLLM's CPU build, both
    /// batching continuously, and concurrency measured on the real engines: a batching server overlaps requests,
    /// llama-cpp-python does not.
    ///
    /// Nested in ``RealServerTests`` so its `.serialized` trait covers these too: two model servers generating at
    /// once on two cores would slow each other's timing-sensitive tests.
    @Suite(.timeLimit(.minutes(5))) struct Engines {
        static let llamaCppPort = 8767
        static let llamaCppPythonPort = 8768
        static let vllmPort = 8769

        static func probe(_ url: String) async throws -> (ProbeReport, [String: ProbeFeature]) {
            let result = try await CommandLineTool.run(["probe", url, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase  // as `--json` writes it
            let report = try decoder.decode(ProbeReport.self, from: Data(result.stdout.utf8))
            return (report, Dictionary(report.features.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first }))
        }

        /// The smoke suite and an IFEval sample, stored; the summary shows time per output token where the
        /// engine streams usage.
        static func smokeAndIFEval(_ url: String) async throws {
            let store = try RepositoryPaths.temporaryDirectory("engine").appendingPathComponent("s.db").path
            let smoke = try await CommandLineTool.run([
                "eval", "--endpoint", url, "--model", LocalModelServer.model, "--suite", "smoke", "--store", store,
                "--concurrency", "4",
            ])
            #expect(smoke.status == 0, "\(smoke.stderr)")
            #expect(smoke.stdout.contains("Responses 7/7"))
            #expect(smoke.stdout.contains("TPOT      p50"))
            let ifeval = try await CommandLineTool.run([
                "eval", "--endpoint", url, "--model", LocalModelServer.model, "--suite", "ifeval", "--limit", "3",
                "--max-tokens", "128", "--store", store, "--concurrency", "3",
            ])
            #expect(ifeval.status == 0, "\(ifeval.stderr)")
            #expect(ifeval.stdout.contains("IFEval    3 prompts: prompt strict"))
        }

        @Test func vllmIsProbedRightRunsTheSuitesAndOverlapsRequests() async throws {
            let url = try await LocalModelServer.start(port: Self.vllmPort, engine: .vllm)
            defer { try? LocalModelServer.stop(port: Self.vllmPort) }
            let (report, status) = try await Self.probe(url)
            #expect(report.server.kind == "vllm")
            #expect(report.server.version == "0.32.0")
            #expect(status["stream-usage"]?.status == .yes)
            // vLLM 0.32 ignores `guided_choice`; `structured_outputs` is what constrains it.
            #expect(status["grammar"]?.detail == "vLLM structured_outputs constrains the output")
            #expect(status["tokenize"]?.detail.hasPrefix("POST /tokenize:") == true)
            #expect(status["context"]?.status == .yes)
            #expect(status["metrics"]?.detail.contains("'vllm:'") == true)
            try await Self.smokeAndIFEval(url)
            #expect(try await Self.overlappingPairs(url: url) >= 3)
        }

        @Test func theProbeReadsLlamaCppsServerRight() async throws {
            let url = try await LocalModelServer.start(port: Self.llamaCppPort, engine: .llamaCpp)
            defer { try? LocalModelServer.stop(port: Self.llamaCppPort) }
            let (report, status) = try await Self.probe(url)
            #expect(report.server.kind == "llama.cpp")
            #expect(report.models == [LocalModelServer.model])
            #expect(status["streaming"]?.status == .yes)
            // llama.cpp sends the usage chunk that llama-cpp-python does not.
            #expect(status["stream-usage"]?.status == .yes)
            #expect(status["grammar"]?.detail == "llama.cpp grammar constrains the output")
            // llama.cpp's /tokenize reads `content`, not vLLM's `prompt`.
            #expect(status["tokenize"]?.detail.hasPrefix("POST /tokenize:") == true)
            #expect(status["context"]?.status == .yes)
            #expect(status["metrics"]?.status == .yes)
            #expect(status["metrics"]?.detail.contains("'llamacpp:'") == true)
        }

        @Test func theSmokeSuiteAndAnIFEvalSampleRunOnLlamaCpp() async throws {
            let url = try await LocalModelServer.start(port: Self.llamaCppPort, engine: .llamaCpp)
            defer { try? LocalModelServer.stop(port: Self.llamaCppPort) }
            try await Self.smokeAndIFEval(url)
        }

        /// Sends four streamed requests at once; returns how many pairs of them were generating at the same time
        /// (their first-token-to-end intervals overlap).
        static func overlappingPairs(url: String) async throws -> Int {
            let request = ChatRequest(
                model: LocalModelServer.model,
                messages: [.user("Count from 1 to 40, separated by commas.")],
                sampling: SamplingParameters(maxTokens: 48, temperature: 0),
                stream: true
            )
            let intervals = try await withChatClient(EndpointConfiguration(baseURL: url)) { client in
                try await withThrowingTaskGroup(of: ClosedRange<Double>.self) { group in
                    let start = ContinuousClock.now
                    for _ in 0..<4 {
                        group.addTask {
                            let sent = (ContinuousClock.now - start).milliseconds
                            let result = try await client.complete(request)
                            let first = sent + (result.timings.firstContentMs ?? result.timings.endMs)
                            return first...(sent + result.timings.endMs)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            var pairs = 0
            for i in intervals.indices {
                for j in intervals.indices where j > i && intervals[i].overlaps(intervals[j]) { pairs += 1 }
            }
            return pairs
        }

        @Test func aBatchingServerOverlapsRequestsAndLlamaCppPythonDoesNot() async throws {
            let batching = try await LocalModelServer.start(port: Self.llamaCppPort, engine: .llamaCpp)
            defer { try? LocalModelServer.stop(port: Self.llamaCppPort) }
            let single = try await LocalModelServer.start(port: Self.llamaCppPythonPort)
            defer { try? LocalModelServer.stop(port: Self.llamaCppPythonPort) }
            #expect(try await Self.overlappingPairs(url: batching) >= 3)  // they generate together
            #expect(try await Self.overlappingPairs(url: single) == 0)  // one after another
        }
    }
}
