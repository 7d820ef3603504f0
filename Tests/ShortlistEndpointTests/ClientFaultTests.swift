import Foundation
import ShortlistTestSupport
import Testing

@testable import ShortlistEndpoint

/// The chat client against the in-process fault-injection server, one failure mode at a time.
@Suite(.timeLimit(.minutes(3))) struct ClientFaultTests {
    static let tokens = ["Hel", "lo", ",", " wor", "ld", "!"]

    static func client(
        _ server: FaultServer,
        attempts: Int = 3,
        breaker: Int = 10,
        // Generous by default: the full suite runs in parallel on two cores. Timeout tests set short ones.
        timeouts: Timeouts = Timeouts(
            connect: .seconds(30),
            firstByte: .seconds(60),
            idle: .seconds(60),
            total: .seconds(120)
        ),
        apiKeyVariable: String? = nil,
        environment: [String: String] = [:],
        headers: [String: String] = [:]
    ) throws -> ChatClient {
        try ChatClient(
            configuration: EndpointConfiguration(
                baseURL: server.baseURL,
                apiKeyEnvironmentVariable: apiKeyVariable,
                // A tag per client, so a count of requests ignores any stray client that reaches a port this
                // server took over from a shut-down one.
                headers: headers.merging(["X-Test-Client": UUID().uuidString]) { mine, _ in mine },
                timeouts: timeouts,
                retry: RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(20), maxDelay: .milliseconds(100)),
                circuitBreakerThreshold: breaker
            ),
            environment: environment
        )
    }

    static let request = ChatRequest(
        model: "fake-model",
        messages: [.user("Say hello")],
        sampling: SamplingParameters(maxTokens: 8)
    )

    /// How many requests `client` sent to `server`.
    static func sent(_ server: FaultServer, by client: ChatClient) -> Int {
        let tag = client.configuration.headers["X-Test-Client"]
        return server.requests.filter { $0.header("X-Test-Client") == tag }.count
    }

    /// Sends `request` and returns the result or the error, shutting the client down either way.
    static func send(
        _ client: ChatClient,
        _ request: ChatRequest = request,
        keepOpen: Bool = false
    ) async -> Result<ChatResult, EndpointError> {
        let result: Result<ChatResult, EndpointError>
        do {
            result = .success(try await client.complete(request))
        } catch {
            result = .failure(error)
        }
        if !keepOpen { await client.shutdown() }
        return result
    }

    @Test(arguments: [
        (false, false, false), (true, false, false), (false, true, false), (false, false, true), (true, true, true),
    ])
    func streamsParseTheSameWhateverTheFraming(crlf: Bool, comments: Bool, split: Bool) async throws {
        let response = FaultResponse.chatStream(
            tokens: Self.tokens,
            includeUsage: true,
            promptTokens: 9,
            crlf: crlf,
            comments: comments,
            splitEvents: split
        )
        try await FaultServer.withServer(answering: response) { server in
            let client = try Self.client(server)
            let result = try await Self.send(client).get()
            #expect(result.text == "Hello, world!")
            #expect(result.finishReason == "stop")
            #expect(result.usage == Usage(promptTokens: 9, completionTokens: 6, totalTokens: 15))
            #expect(result.streamed)
            #expect(result.contentChunks == 6)
            #expect(result.timings.chunkMs.count == 6)
            let firstByte = try #require(result.timings.firstByteMs)
            let firstContent = try #require(result.timings.firstContentMs)
            #expect(firstByte <= firstContent && firstContent <= result.timings.endMs)
            #expect(result.timings.chunkMs == result.timings.chunkMs.sorted())
        }
    }

    @Test func roleOnlyFirstChunkAndNoUsageChunk() async throws {
        let response = FaultResponse.chatStream(tokens: ["a", "b"], includeUsage: false)
        try await FaultServer.withServer(answering: response) { server in
            let client = try Self.client(server)
            let result = try await Self.send(client).get()
            #expect(result.text == "ab")
            #expect(result.usage == nil)
            // The request asked for usage in the stream.
            let body = try #require(server.requests.first?.json)
            #expect((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        }
    }

    @Test func nonStreamingCompletion() async throws {
        let response = FaultResponse.chatCompletion(content: "Hi there", promptTokens: 4, completionTokens: 2)
        try await FaultServer.withServer(answering: response) { server in
            var request = Self.request
            request.stream = false
            let result = try await Self.send(try Self.client(server), request).get()
            #expect(result.text == "Hi there")
            #expect(!result.streamed)
            #expect(result.usage?.completionTokens == 2)
        }
    }

    @Test func serverErrorsAreRetriedUntilSuccess() async throws {
        let server = try await FaultServer.scripted([
            .error(status: 500, message: "boom"), .error(status: 503, message: "busy"),
            .chatStream(tokens: ["ok"]),
        ])
        let client = try Self.client(server, attempts: 3)
        let result = try await Self.send(client).get()
        try await server.shutdown()
        #expect(result.text == "ok")
        #expect(result.attempts == 3)
        #expect(Self.sent(server, by: client) == 3)
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        try await FaultServer.withServer(answering: .error(status: 502, message: "bad gateway")) { server in
            let client = try Self.client(server, attempts: 2)
            let result = await Self.send(client)
            #expect(result == .failure(.http(status: 502, message: "bad gateway", retryAfter: nil)))
            #expect(Self.sent(server, by: client) == 2)
        }
    }

    @Test func clientErrorsAreNotRetried() async throws {
        try await FaultServer.withServer(answering: .error(status: 400, message: "max_tokens too large")) { server in
            let client = try Self.client(server, attempts: 4)
            let result = await Self.send(client)
            #expect(result == .failure(.http(status: 400, message: "max_tokens too large", retryAfter: nil)))
            #expect(Self.sent(server, by: client) == 1)
        }
    }

    @Test func retryAfterSecondsIsHonoured() async throws {
        let server = try await FaultServer.scripted([
            .error(status: 429, message: "slow down", retryAfter: "1"), .chatStream(tokens: ["ok"]),
        ])
        let clock = ContinuousClock()
        let start = clock.now
        let client = try Self.client(server)
        let result = try await Self.send(client).get()
        let elapsed = clock.now - start
        try await server.shutdown()
        #expect(result.text == "ok")
        // The backoff alone would be 20 ms; the server asked for a second.
        #expect(elapsed >= .milliseconds(950))
    }

    @Test func retryAfterAsHTTPDateIsHonoured() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: Date().addingTimeInterval(2))
        let server = try await FaultServer.scripted([
            .error(status: 503, message: "maintenance", retryAfter: date), .chatStream(tokens: ["ok"]),
        ])
        let start = ContinuousClock.now
        let client = try Self.client(server)
        let result = try await Self.send(client).get()
        try await server.shutdown()
        #expect(result.text == "ok")
        #expect(ContinuousClock.now - start >= .milliseconds(900))  // ≥ 1 s after rounding the date to seconds
    }

    @Test func retryAfterBeyondTheLimitFailsAtOnce() async throws {
        try await FaultServer.withServer(answering: .error(status: 429, message: "quota", retryAfter: "3600")) {
            server in
            let client = try Self.client(server)
            let result = await Self.send(client)
            #expect(result == .failure(.http(status: 429, message: "quota", retryAfter: .seconds(3600))))
            #expect(Self.sent(server, by: client) == 1)
        }
    }

    @Test func stalledServerHitsTheFirstByteTimeout() async throws {
        try await FaultServer.withServer(answering: .stall()) { server in
            let timeouts = Timeouts(
                connect: .seconds(2),
                firstByte: .milliseconds(300),
                idle: .seconds(5),
                total: .seconds(20)
            )
            let client = try Self.client(server, attempts: 2, timeouts: timeouts)
            let result = await Self.send(client)
            #expect(result == .failure(.timeout(.firstByte)))
            #expect(Self.sent(server, by: client) == 2)
        }
    }

    @Test func slowFirstByteWithinTheLimitSucceeds() async throws {
        let response = FaultResponse.slowFirstByte(.milliseconds(300), then: .chatStream(tokens: ["late"]))
        try await FaultServer.withServer(answering: response) { server in
            let client = try Self.client(server)
            let result = try await Self.send(client).get()
            #expect(result.text == "late")
            #expect(try #require(result.timings.firstByteMs) >= 250)
        }
    }

    @Test func streamThatStopsMidwayHitsTheIdleTimeout() async throws {
        try await FaultServer.withServer(answering: .stalledStream(tokensBefore: ["a", "b"])) { server in
            // A generous first-byte limit: on a loaded machine the head can be late, and only the idle limit is
            // under test.
            let timeouts = Timeouts(
                connect: .seconds(2),
                firstByte: .seconds(60),
                idle: .milliseconds(300),
                total: .seconds(120)
            )
            let client = try Self.client(server, attempts: 1, timeouts: timeouts)
            let result = await Self.send(client)
            #expect(result == .failure(.timeout(.idle)))
        }
    }

    @Test func slowStreamHitsTheTotalTimeout() async throws {
        let response = FaultResponse.chatStream(
            tokens: Array(repeating: "x", count: 20),
            interChunkDelay: .milliseconds(100)
        )
        try await FaultServer.withServer(answering: response) { server in
            let timeouts = Timeouts(
                connect: .seconds(2),
                firstByte: .seconds(5),
                idle: .seconds(5),
                total: .milliseconds(500)
            )
            let client = try Self.client(server, attempts: 1, timeouts: timeouts)
            let result = await Self.send(client)
            #expect(result == .failure(.timeout(.total)))
        }
    }

    @Test func truncatedStreamIsRetriedThenReported() async throws {
        try await FaultServer.withServer(answering: .truncatedStream(tokens: ["par", "tial"])) { server in
            let client = try Self.client(server, attempts: 2)
            let result = await Self.send(client)
            guard case .failure(let error) = result else {
                Issue.record("a stream without [DONE] must not count as a complete answer")
                return
            }
            #expect(error.isTransportFailure)
            #expect(Self.sent(server, by: client) == 2)
        }
    }

    @Test func doneWithoutAFinishReasonIsATruncatedStream() async throws {
        // llama-cpp-python ends a stream it interrupts for a newer request with [DONE] and no finish reason.
        let chunk = #"{"id":"c","choices":[{"index":0,"delta":{"content":"2 +"},"finish_reason":null}]}"#
        let response = FaultResponse(steps: [
            .status(200, headers: [("Content-Type", "text/event-stream")]), .body("data: \(chunk)\n\n"),
            .body("data: [DONE]\n\n"), .end,
        ])
        try await FaultServer.withServer(answering: response) { server in
            let client = try Self.client(server, attempts: 2)
            let result = await Self.send(client)
            #expect(result == .failure(.truncated(receivedText: "2 +")))
            #expect(Self.sent(server, by: client) == 2)
        }
    }

    @Test func malformedEventFailsWithoutRetry() async throws {
        try await FaultServer.withServer(answering: .malformedStream()) { server in
            let client = try Self.client(server, attempts: 3)
            let result = await Self.send(client)
            guard case .failure(.malformed(let reason)) = result else {
                Issue.record("expected a malformed-stream error, got \(result)")
                return
            }
            #expect(reason.contains("not a chat chunk"))
            #expect(Self.sent(server, by: client) == 1)
        }
    }

    @Test func errorObjectMidStreamIsReported() async throws {
        let response = FaultResponse.midStreamError(tokensBefore: ["a"], message: "CUDA out of memory")
        try await FaultServer.withServer(answering: response) { server in
            let client = try Self.client(server)
            let result = await Self.send(client)
            guard case .failure(.streamError(let error)) = result else {
                Issue.record("expected the mid-stream error, got \(result)")
                return
            }
            #expect(error.message == "CUDA out of memory")
        }
    }

    @Test func refusedConnectionIsATransportFailure() async throws {
        // Port 9 (discard) on loopback: nothing listens there, unlike a port a shut-down test server freed,
        // which a server of a test running in parallel may take over.
        let client = try ChatClient(
            configuration: EndpointConfiguration(
                baseURL: "http://127.0.0.1:9/v1",
                timeouts: Timeouts(
                    connect: .seconds(5),
                    firstByte: .seconds(5),
                    idle: .seconds(5),
                    total: .seconds(10)
                ),
                retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(20))
            )
        )
        let result = await Self.send(client)
        guard case .failure(let error) = result else {
            Issue.record("expected a connection failure")
            return
        }
        #expect(error.isTransportFailure)
    }

    @Test func circuitBreakerStopsSendingAfterConsecutiveFailures() async throws {
        try await FaultServer.withServer(answering: .error(status: 503, message: "down")) { server in
            let client = try Self.client(server, attempts: 1, breaker: 3)
            var errors: [EndpointError] = []
            for _ in 0..<5 {
                if case .failure(let error) = await Self.send(client, keepOpen: true) { errors.append(error) }
            }
            await client.shutdown()
            #expect(errors.count == 5)
            #expect(Self.sent(server, by: client) == 3)  // the 4th and 5th were never sent
            #expect(errors[2] == .circuitOpen(failures: 3, last: "The server answered HTTP 503: down"))
            #expect(errors[4] == .circuitOpen(failures: 3, last: "The server answered HTTP 503: down"))
        }
    }

    @Test func apiKeyIsSentButNeverInErrors() async throws {
        let secret = "sk-test-\(UUID().uuidString)"
        try await FaultServer.withServer(answering: .error(status: 401, message: "invalid key")) { server in
            let client = try Self.client(
                server,
                apiKeyVariable: "TEST_KEY",
                environment: ["TEST_KEY": secret],
                headers: ["X-Org": "acme"]
            )
            let result = await Self.send(client)
            let request = try #require(server.requests.first)
            #expect(request.header("Authorization") == "Bearer \(secret)")
            #expect(request.header("X-Org") == "acme")
            guard case .failure(let error) = result else {
                Issue.record("expected 401")
                return
            }
            #expect(!error.description.contains(secret))
            #expect(!"\(client.configuration)".contains(secret))
        }
    }

    @Test func modelsAreListed() async throws {
        try await FaultServer.withServer(answering: .models(["a", "b"])) { server in
            // Scoped: if listing fails, the error fails the test instead of the client's deinit crashing the run.
            let models = try await withChatClient(EndpointConfiguration(baseURL: server.baseURL)) { client in
                try await client.listModels()
            }
            #expect(models == ["a", "b"])
        }
    }
}

/// The fake model's timing knobs (`--ttft-ms`, `--token-gap-ms`), as the client measures them.
@Suite(.timeLimit(.minutes(3))) struct FakeModelTimingTests {
    @Test func firstTokenDelayAndTokenGapShowInTheClientsTimings() async throws {
        let capabilities = FakeModel.Capabilities(
            replyTokens: 4,
            flushesEachChunk: true,
            firstTokenDelay: .milliseconds(80),
            tokenGap: .milliseconds(20)
        )
        try await FaultServer.withServer(handler: FakeModel.handler(capabilities)) { server in
            let result = try await withChatClient(EndpointConfiguration(baseURL: server.baseURL)) { client in
                try await client.complete(
                    ChatRequest(model: "fake-model", messages: [.user("one two three four")], stream: true)
                )
            }
            // Lower bounds only: a loaded machine may add any amount of delay, never remove it.
            let first = try #require(result.timings.firstContentMs)
            #expect(first >= 80)
            // Three gaps of 20 ms between four tokens.
            #expect(result.timings.endMs - first >= 60)
            #expect(result.timings.chunkMs.count >= 4)
        }
    }
}

/// vLLM 0.32's whole answers name reasoning text `reasoning`; older servers `reasoning_content`.
@Suite(.timeLimit(.minutes(3))) struct ReasoningFieldTests {
    @Test(arguments: ["reasoning", "reasoning_content"])
    func reasoningInAWholeAnswerIsKeptApart(field: String) async throws {
        let body = #"""
            {"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant",\#
            "content":"42","\#(field)":"let me think"},"finish_reason":"stop"}],\#
            "usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}
            """#
        try await FaultServer.withServer(answering: .json(status: 200, body: body)) { server in
            let result = try await withChatClient(EndpointConfiguration(baseURL: server.baseURL)) { client in
                try await client.complete(ChatRequest(model: "m", messages: [.user("q")], stream: false))
            }
            #expect(result.text == "42")
            #expect(result.reasoning == "let me think")
        }
    }
}
