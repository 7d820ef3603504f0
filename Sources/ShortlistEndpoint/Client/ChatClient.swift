internal import AsyncHTTPClient
internal import Foundation
internal import Logging
internal import NIOCore
internal import NIOHTTP1
package import ShortlistSupport
internal import Synchronization

/// A client for OpenAI-compatible chat completion endpoints (vLLM, llama.cpp, Ollama, TGI, hosted APIs).
///
/// Streams and parses server-sent events incrementally, enforces per-request time limits,
/// retries with exponential backoff and jitter (honouring `Retry-After`), and trips a circuit
/// breaker after consecutive transport failures. The API key is read from the environment
/// once and never logged.
package final class ChatClient: Sendable {
    package let configuration: EndpointConfiguration
    package let breaker: CircuitBreaker
    private let http: HTTPClient
    private let apiKey: String?
    private let logger: Logger
    private let random = Mutex(SystemRandomNumberGenerator())

    /// Creates a client; fails when the configuration names an API key variable that is unset.
    ///
    /// Internal: other targets get a client from ``withChatClient(_:environment:_:)``, which always shuts it down.
    init(
        configuration: EndpointConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "shortlist.endpoint")
    ) throws(EndpointError) {
        guard URL(string: configuration.baseURL)?.host != nil else { throw .invalidURL(configuration.baseURL) }
        if let variable = configuration.apiKeyEnvironmentVariable {
            guard let key = environment[variable], !key.isEmpty else { throw .missingAPIKey(variable: variable) }
            apiKey = key
        } else {
            apiKey = nil
        }
        self.configuration = configuration
        self.breaker = CircuitBreaker(threshold: configuration.circuitBreakerThreshold)
        self.logger = logger
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.timeout = .init(connect: .nanoseconds(configuration.timeouts.connect.nanoseconds))
        httpConfiguration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: 256
        )
        // A refused connection fails the attempt at once; the retry policy decides what follows.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        httpConfiguration.decompression = .disabled
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
    }

    /// Closes the connection pool; call once when done.
    func shutdown() async {
        try? await http.shutdown()
    }

    // MARK: Chat completions

    /// Sends a chat request, retrying as the policy allows.
    package func complete(_ request: ChatRequest) async throws(EndpointError) -> ChatResult {
        let body = Data(request.body.canonicalText.utf8)
        let policy = configuration.retry
        var attempt = 0
        while true {
            attempt += 1
            if let open = breaker.openError { throw open }
            do {
                var result = try await attemptChat(body: body, stream: request.stream)
                result.attempts = attempt
                breaker.recordSuccess()
                return result
            } catch {
                if Task.isCancelled { throw .cancelled }
                let failure = error
                guard failure.isRetryable, attempt < max(1, policy.maxAttempts) else {
                    breaker.recordFailure(failure)
                    throw breaker.openError ?? failure
                }
                var wait = policy.delay(
                    afterAttempt: attempt,
                    unit: random.withLock { Double.random(in: 0..<1, using: &$0) }
                )
                if case .http(_, _, let retryAfter?) = failure {
                    guard retryAfter <= policy.maxRetryAfter else {
                        breaker.recordFailure(failure)
                        throw failure
                    }
                    wait = retryAfter
                }
                logger.notice(
                    "retrying request",
                    metadata: [
                        "attempt": "\(attempt)", "reason": "\(failure.description)", "waitMs": "\(wait.milliseconds)",
                    ]
                )
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    throw .cancelled
                }
            }
        }
    }

    private func attemptChat(body: Data, stream: Bool) async throws(EndpointError) -> ChatResult {
        var request = HTTPClientRequest(url: configuration.url("chat/completions"))
        request.method = .POST
        applyHeaders(to: &request)
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        if stream { request.headers.replaceOrAdd(name: "Accept", value: "text/event-stream") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let watch = Watchdog(timeouts: configuration.timeouts)
        let prepared = request
        return try await watch.run { [http, configuration] watch in
            let response = try await http.execute(
                prepared,
                timeout: .nanoseconds(configuration.timeouts.total.nanoseconds)
            )
            watch.firstByte()
            guard response.status.code < 400 else {
                let text = try await Self.collectText(response.body, watch: watch)
                throw EndpointError.http(
                    status: Int(response.status.code),
                    message: Self.errorMessage(text),
                    retryAfter: response.headers.first(name: "Retry-After").flatMap { RetryPolicy.retryAfter($0) }
                )
            }
            let isEventStream =
                response.headers.first(name: "Content-Type")?.lowercased().contains("text/event-stream") ?? false
            if stream && isEventStream {
                return try await Self.readStream(response.body, watch: watch)
            }
            let text = try await Self.collectText(response.body, watch: watch)
            return try Self.decodeCompletion(text, watch: watch)
        }
    }

    private static func readStream(_ body: HTTPClientResponse.Body, watch: Watchdog) async throws -> ChatResult {
        var parser = ServerSentEventParser()
        var accumulator = ChatStreamAccumulator()
        var model: String?
        var chunkMs: [Double] = []
        var firstContentMs: Double?
        var done = false
        func handle(_ event: ServerSentEvent) throws {
            switch try ChatStreamDecoder.item(event) {
            case .done: done = true
            case .error(let error): throw EndpointError.streamError(error)
            case .chunk(let chunk):
                let before = accumulator.contentChunks
                let reasoningBefore = accumulator.reasoning.count
                accumulator.add(chunk)
                if model == nil { model = chunk.model }
                if accumulator.contentChunks > before || accumulator.reasoning.count > reasoningBefore {
                    let now = watch.elapsedMs()
                    if firstContentMs == nil { firstContentMs = now }
                    if accumulator.contentChunks > before { chunkMs.append(now) }
                }
            }
        }
        do {
            for try await buffer in body {
                watch.activity()
                for event in parser.consume(buffer.readableBytesView) {
                    try handle(event)
                    if done { break }
                }
                if done { break }
            }
            if !done, let event = parser.finish() { try handle(event) }
        } catch let error as ChatStreamError {
            throw EndpointError.malformed(error.description)
        }
        // Every OpenAI-compatible server ends a completed choice with a finish reason. A stream without
        // one was cut short, even when it ends with [DONE]: llama-cpp-python ends a stream it interrupts
        // for a newer request exactly that way.
        guard accumulator.finishReason != nil else {
            throw EndpointError.truncated(receivedText: accumulator.text)
        }
        var timings = watch.timings
        timings.firstContentMs = firstContentMs
        timings.chunkMs = chunkMs
        timings.endMs = watch.elapsedMs()
        return ChatResult(
            text: accumulator.text,
            reasoning: accumulator.reasoning,
            finishReason: accumulator.finishReason,
            usage: accumulator.usage,
            model: model,
            timings: timings,
            attempts: 1,
            streamed: true,
            contentChunks: accumulator.contentChunks
        )
    }

    private static let completionDecoder = JSONDecoder()

    private static func decodeCompletion(_ text: String, watch: Watchdog) throws -> ChatResult {
        let completion: ChatCompletionBody
        do {
            completion = try completionDecoder.decode(ChatCompletionBody.self, from: Data(text.utf8))
        } catch {
            throw EndpointError.malformed("not a chat completion: '\(text.prefix(200))'")
        }
        guard let choice = completion.choices.first else { throw EndpointError.malformed("no choices in the response") }
        var timings = watch.timings
        timings.endMs = watch.elapsedMs()
        timings.firstContentMs = timings.endMs
        timings.chunkMs = [timings.endMs]
        return ChatResult(
            text: choice.message.content ?? "",
            reasoning: choice.message.reasoningContent ?? "",
            finishReason: choice.finishReason,
            usage: completion.usage,
            model: completion.model,
            timings: timings,
            attempts: 1,
            streamed: false,
            contentChunks: 1
        )
    }

    private static func collectText(_ body: HTTPClientResponse.Body, watch: Watchdog) async throws -> String {
        var bytes: [UInt8] = []
        for try await buffer in body {
            watch.activity()
            bytes.append(contentsOf: buffer.readableBytesView)
            if bytes.count > 64 << 20 { throw EndpointError.malformed("the response is larger than 64 MiB") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The `message` of an OpenAI error object, or the body itself.
    private static func errorMessage(_ body: String) -> String {
        struct Envelope: Decodable { var error: ServerError }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body.utf8)) {
            return envelope.error.message
        }
        return String(body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
    }

    // MARK: Other requests

    /// A plain HTTP exchange, for the probe: `path` is below the API root unless it starts with `/`.
    package func send(
        _ method: String,
        path: String,
        json: JSONValue? = nil
    ) async throws(EndpointError) -> RawResponse {
        let url = path.hasPrefix("/") ? configuration.serverRoot + path : configuration.url(path)
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        applyHeaders(to: &request)
        if let json {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            let data =
                (try? JSONSerialization.data(withJSONObject: json.foundationObject, options: [.sortedKeys])) ?? Data()
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        let watch = Watchdog(timeouts: configuration.timeouts)
        let prepared = request
        return try await watch.run { [http, configuration] watch in
            let response = try await http.execute(
                prepared,
                timeout: .nanoseconds(configuration.timeouts.total.nanoseconds)
            )
            watch.firstByte()
            let text = try await Self.collectText(response.body, watch: watch)
            return RawResponse(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: text
            )
        }
    }

    /// The model ids `GET /models` lists.
    package func listModels() async throws(EndpointError) -> [String] {
        let response = try await send("GET", path: "models")
        guard response.status < 400 else {
            throw .http(status: response.status, message: Self.errorMessage(response.body), retryAfter: nil)
        }
        struct Models: Decodable {
            struct Model: Decodable { var id: String }
            var data: [Model]
        }
        guard let models = try? JSONDecoder().decode(Models.self, from: Data(response.body.utf8)) else {
            throw .malformed("GET /models did not return a model list")
        }
        return models.data.map(\.id)
    }

    private func applyHeaders(to request: inout HTTPClientRequest) {
        for (name, value) in configuration.headers.sorted(by: { $0.key < $1.key }) {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        if let apiKey { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(apiKey)") }
        request.headers.replaceOrAdd(name: "User-Agent", value: "shortlist")
    }
}

/// A response read whole, for requests other than chat completions.
package struct RawResponse: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: String

    package func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
