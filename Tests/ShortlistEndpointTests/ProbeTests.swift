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
