import Foundation
import ShortlistSupport
import Testing

@testable import ShortlistEndpoint

@Suite struct ClientPolicyTests {
    @Test func backoffDoublesUpToTheCap() {
        let policy = RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(3), jitter: 0.2)
        #expect(
            (1...5).map { policy.backoff(afterAttempt: $0) } == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(3),
            ]
        )
        // Jitter spreads ±20% around the backoff.
        #expect(policy.delay(afterAttempt: 2, unit: 0) == .milliseconds(800))
        #expect(policy.delay(afterAttempt: 2, unit: 0.5) == .seconds(1))
        #expect(policy.delay(afterAttempt: 2, unit: 1) == .milliseconds(1200))
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        #expect(RetryPolicy.retryAfter("2") == .seconds(2))
        #expect(RetryPolicy.retryAfter(" 0 ") == .seconds(0))
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:05 GMT", now: now) == .seconds(5))
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now: now) == .zero)
        #expect(RetryPolicy.retryAfter("soon") == nil)
        #expect(RetryPolicy.retryAfter("-1") == nil)
    }

    @Test func retryableFailures() {
        #expect(EndpointError.http(status: 429, message: "", retryAfter: nil).isRetryable)
        #expect(EndpointError.http(status: 503, message: "", retryAfter: nil).isRetryable)
        #expect(!EndpointError.http(status: 400, message: "", retryAfter: nil).isRetryable)
        #expect(!EndpointError.http(status: 401, message: "", retryAfter: nil).isRetryable)
        #expect(EndpointError.transport("refused").isRetryable)
        #expect(EndpointError.timeout(.idle).isRetryable)
        #expect(!EndpointError.streamError(ServerError(message: "bad")).isRetryable)
    }

    @Test func breakerOpensAfterConsecutiveTransportFailuresOnly() {
        let breaker = CircuitBreaker(threshold: 3)
        breaker.recordFailure(.transport("refused"))
        breaker.recordFailure(.transport("refused"))
        breaker.recordSuccess()  // a success resets the count
        breaker.recordFailure(.transport("refused"))
        breaker.recordFailure(.http(status: 400, message: "bad request", retryAfter: nil))  // the item's fault: resets
        breaker.recordFailure(.timeout(.firstByte))
        breaker.recordFailure(.http(status: 502, message: "", retryAfter: nil))
        #expect(!breaker.isOpen)
        #expect(breaker.recordFailure(.transport("refused")))
        #expect(breaker.openError == .circuitOpen(failures: 3, last: "The connection failed: refused."))
        breaker.recordSuccess()  // an in-flight success after opening does not close it
        #expect(breaker.isOpen)
    }

    @Test func configurationNormalisesAndRedacts() {
        #expect(EndpointConfiguration(baseURL: "http://h:8000").baseURL == "http://h:8000/v1")
        #expect(EndpointConfiguration(baseURL: "http://h:8000/").baseURL == "http://h:8000/v1")
        #expect(EndpointConfiguration(baseURL: "https://api.x.com/openai/v1/").baseURL == "https://api.x.com/openai/v1")
        let configuration = EndpointConfiguration(
            baseURL: "http://h:8000/v1",
            apiKeyEnvironmentVariable: "MY_KEY",
            headers: ["X-Org": "secret-org"]
        )
        #expect(configuration.serverRoot == "http://h:8000")
        #expect(configuration.url("chat/completions") == "http://h:8000/v1/chat/completions")
        #expect(configuration.redacted.headers == ["X-Org": "<redacted>"])
        #expect(configuration.redacted.apiKeyEnvironmentVariable == "MY_KEY")
    }

    @Test func missingAPIKeyIsReportedByName() {
        let configuration = EndpointConfiguration(
            baseURL: "http://127.0.0.1:1/v1",
            apiKeyEnvironmentVariable: "NOPE_KEY"
        )
        #expect(throws: EndpointError.missingAPIKey(variable: "NOPE_KEY")) {
            _ = try ChatClient(configuration: configuration, environment: [:])
        }
    }

    @Test func requestBodyUsesOpenAINames() {
        let request = ChatRequest(
            model: "m",
            messages: [.system("s"), .user("u")],
            sampling: SamplingParameters(maxTokens: 8, temperature: 0, seed: 3, extra: ["min_tokens": .number(2)]),
            stream: true,
            includeUsage: true
        )
        #expect(
            request.body.canonicalText
                == #"{"max_tokens":8,"messages":[{"content":"s","role":"system"},{"content":"u","role":"user"}],"min_tokens":2,"model":"m","seed":3,"stream":true,"stream_options":{"include_usage":true},"temperature":0}"#
        )
    }
}
