import ShortlistTestSupport
import Testing

@testable import ShortlistEndpoint

/// The probe against fake servers whose capabilities are known, so every verdict can be checked.
@Suite(.timeLimit(.minutes(3))) struct ProbeTests {
    static func probe(_ capabilities: FakeModel.Capabilities, context: Int = 2048) async throws -> ProbeReport {
        try await FaultServer.withServer(handler: FakeModel.handler(capabilities)) { server in
            let client = try ChatClient(configuration: EndpointConfiguration(baseURL: server.baseURL))
            let report = await EndpointProbe(client: client, contextTokens: context).run(model: nil)
            await client.shutdown()
            return report
        }
    }

    static func statuses(_ report: ProbeReport) -> [String: ProbeFeature.Status] {
        Dictionary(report.features.map { ($0.key, $0.status) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func fullFeaturedServerPassesEveryCheckItSupports() async throws {
        let report = try await Self.probe(
            FakeModel.Capabilities(model: "m1", supportsTokenize: true, serverHeader: "fake/1.0", logprobs: true)
        )
        let status = Self.statuses(report)
        #expect(report.model == "m1")
        #expect(report.models == ["m1"])
        #expect(report.server.header == "fake/1.0")
        #expect(status["models"] == .yes)
        #expect(status["chat"] == .yes)
        #expect(status["usage"] == .yes)
        #expect(status["streaming"] == .yes)
        #expect(status["stream-usage"] == .yes)
        #expect(status["max-tokens"] == .yes)
        #expect(status["seed"] == .yes)
        #expect(status["logprobs"] == .yes)
        #expect(status["json-mode"] == .yes)
        #expect(status["tokenize"] == .yes)
        #expect(status["context"] == .yes)
        #expect(report.feature("context")?.detail.contains("needle retrieved") == true)
        #expect(status["template"] == .yes)
    }

    @Test func missingFeaturesAreReportedAsMissing() async throws {
        let report = try await Self.probe(
            FakeModel.Capabilities(
                includeUsageInStream: false,
                contextLimitCharacters: 2000,  // silently keeps only the last 2,000 characters, like Ollama's default
                supportsTokenize: true,
                seedHonoured: false,
                jsonMode: false
            )
        )
        let status = Self.statuses(report)
        #expect(status["streaming"] == .yes)
        #expect(status["stream-usage"] == .no)
        #expect(status["context"] == .no)
        #expect(report.feature("context")?.detail.contains("silent truncation") == true)
        #expect(report.feature("context")?.detail.contains("needle not retrieved") == true)
        #expect(status["seed"] == .no)
        #expect(status["json-mode"] == .ignored)
        #expect(status["logprobs"] == .ignored)
        #expect(status["min-tokens"] == .ignored)
        #expect(status["grammar"] == .no)
    }

    @Test func serverWithoutTokenizeIsSaidSo() async throws {
        let report = try await Self.probe(FakeModel.Capabilities(supportsTokenize: false))
        #expect(Self.statuses(report)["tokenize"] == .no)
        #expect(report.server.kind == "unknown")
    }

    @Test func unreachableEndpointReportsFailuresWithoutThrowing() async throws {
        // Port 9 (discard) on loopback: nothing listens there. A port freed by a shut-down test server is no
        // good, because a server of a test running in parallel can take it over (a stalling one, say).
        let client = try ChatClient(
            configuration: EndpointConfiguration(
                baseURL: "http://127.0.0.1:9/v1",
                timeouts: Timeouts(
                    connect: .seconds(5),
                    firstByte: .seconds(5),
                    idle: .seconds(5),
                    total: .seconds(10)
                ),
                retry: RetryPolicy(maxAttempts: 1)
            )
        )
        let report = await EndpointProbe(client: client).run(model: "m")
        await client.shutdown()
        #expect(Self.statuses(report)["models"] == .no)
        #expect(Self.statuses(report)["streaming"] == .no)
    }
}

/// What the probe must get right on engines other than llama-cpp-python (vLLM, llama.cpp's server), each
/// imitated on top of the fake model by the one behaviour that differs.
@Suite(.timeLimit(.minutes(3))) struct EngineProbeTests {
    static func probe(_ handler: @escaping FaultServer.Handler) async throws -> ProbeReport {
        try await FaultServer.withServer(handler: handler) { server in
            try await withChatClient(EndpointConfiguration(baseURL: server.baseURL)) { client in
                await EndpointProbe(client: client, contextTokens: 512).run(model: nil)
            }
        }
    }

    static let fake = FakeModel.handler(FakeModel.Capabilities(supportsTokenize: true))

    @Test func aTokenizeFieldTheServerIgnoresIsNotTakenForZeroTokens() async throws {
        // llama.cpp's /tokenize reads `content`; given vLLM's `prompt` it answers with no tokens.
        let report = try await Self.probe { request in
            guard request.pathWithoutQuery == "/tokenize" else { return await Self.fake(request) }
            let tokens = request.bodyString.contains("\"content\"") ? "1,2,3,4,5,6,7,8,9" : ""
            return .json(status: 200, body: #"{"tokens":[\#(tokens)]}"#)
        }
        #expect(report.feature("tokenize")?.status == .yes)
        #expect(report.feature("tokenize")?.detail == "POST /tokenize: a 9-word sentence is 9 tokens")
    }

    @Test func vllmStructuredOutputsCountAsConstrainedOutput() async throws {
        // vLLM 0.32 ignores `guided_choice` and honours `structured_outputs`.
        let report = try await Self.probe { request in
            if request.bodyString.contains("structured_outputs") { return .chatCompletion(content: "walrus") }
            return await Self.fake(request)
        }
        #expect(report.feature("grammar")?.status == .yes)
        #expect(report.feature("grammar")?.detail == "vLLM structured_outputs constrains the output")
    }

    @Test(arguments: [
        ("# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{model_name=\"m\"} 0\n", "'vllm:'"),
        ("# TYPE llamacpp:requests_processing gauge\nllamacpp:requests_processing 0\n", "'llamacpp:'"),
        ("# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.5\n", "no engine family"),
    ])
    func aMetricsEndpointIsReportedWithItsFamily(body: String, family: String) async throws {
        let report = try await Self.probe { request in
            guard request.pathWithoutQuery == "/metrics" else { return await Self.fake(request) }
            return .json(status: 200, body: body)
        }
        #expect(report.feature("metrics")?.status == .yes)
        #expect(report.feature("metrics")?.detail.hasSuffix(family) == true)
    }

    @Test func noMetricsEndpointIsReportedAsNo() async throws {
        let report = try await Self.probe(Self.fake)
        #expect(report.feature("metrics")?.status == .no)
        // A page that answers 200 but is not Prometheus text does not count either.
        let html = try await Self.probe { request in
            guard request.pathWithoutQuery == "/metrics" else { return await Self.fake(request) }
            return .json(status: 200, body: "<html><body>metrics dashboard</body></html>")
        }
        #expect(html.feature("metrics")?.status == .no)
    }
}
