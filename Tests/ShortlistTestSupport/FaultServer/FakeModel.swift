import Synchronization

/// A zero-delay OpenAI-compatible model: deterministic replies for the overhead benchmark and happy-path tests.
///
/// The reply to a chat request echoes the words of the last user message, cycling through them, for
/// ``Capabilities/replyTokens`` tokens (fewer with `finish_reason` `length` when `max_tokens` is smaller).
/// A last user message asking `What is the secret code?` is answered with the code from the sentence
/// `The secret code is XXXX.` if it is still in the prompt after context truncation, and `I don't know` otherwise.
/// Capabilities switch on or off what servers differ in, so capability probes can be tested against each variant.
///
/// Routes: `POST /v1/chat/completions` (streaming or not), `GET /v1/models`, `GET /health`, and `POST /tokenize`
/// when ``Capabilities/supportsTokenize`` is set. Anything else gets a 404 error body.
package enum FakeModel {
    /// What this fake server does, and how it differs from the others.
    package struct Capabilities: Sendable {
        /// The model id in `/v1/models` and in every answer.
        package var model: String
        /// How many tokens a reply has when `max_tokens` does not cut it short.
        package var replyTokens: Int
        /// Whether a stream ends with a usage chunk when the request sets `stream_options.include_usage`.
        package var includeUsageInStream: Bool
        /// Keeps only the last this-many characters of the prompt, silently, as Ollama does past its context.
        package var contextLimitCharacters: Int?
        /// Whether `POST /tokenize` answers `{"tokens":[…]}` with one token per whitespace-separated word.
        package var supportsTokenize: Bool
        /// The `Server` header on every response; none when `nil`.
        package var serverHeader: String?
        /// Whether equal requests get equal replies; when `false` every reply differs even with the same `seed`.
        package var seedHonoured: Bool
        /// Whether `response_format` `json_object` or `json_schema` gets a JSON reply (`{"answer":"…"}`).
        package var jsonMode: Bool
        /// Whether `logprobs: true` gets per-token log probabilities.
        package var logprobs: Bool
        /// Whether each stream event is flushed on its own, as a real server generating token by token does.
        ///
        /// Off by default: a stream then goes out in one write, so the server stays cheap next to the client
        /// it benchmarks; the client still parses every event.
        package var flushesEachChunk: Bool
        /// How long a streamed answer waits before its first content token (a time to first token); none when `nil`.
        package var firstTokenDelay: Duration?
        /// How long a streamed answer waits between content tokens (an inter-token latency); none when `nil`.
        package var tokenGap: Duration?

        /// Makes capabilities; the defaults are a well-behaved vLLM-like server.
        package init(
            model: String = "fake-model",
            replyTokens: Int = 16,
            includeUsageInStream: Bool = true,
            contextLimitCharacters: Int? = nil,
            supportsTokenize: Bool = false,
            serverHeader: String? = nil,
            seedHonoured: Bool = true,
            jsonMode: Bool = true,
            logprobs: Bool = false,
            flushesEachChunk: Bool = false,
            firstTokenDelay: Duration? = nil,
            tokenGap: Duration? = nil
        ) {
            self.model = model
            self.replyTokens = replyTokens
            self.includeUsageInStream = includeUsageInStream
            self.contextLimitCharacters = contextLimitCharacters
            self.supportsTokenize = supportsTokenize
            self.serverHeader = serverHeader
            self.seedHonoured = seedHonoured
            self.jsonMode = jsonMode
            self.logprobs = logprobs
            self.flushesEachChunk = flushesEachChunk
            self.firstTokenDelay = firstTokenDelay
            self.tokenGap = tokenGap
        }
    }

    /// The question that makes the fake model look for the secret code instead of echoing.
    package static let needleQuestion = "What is the secret code?"
    /// The reply when the secret code is not (or no longer) in the prompt.
    package static let unknownAnswer = "I don't know"

    /// A ``FaultServer`` handler that behaves like a model with these capabilities.
    package static func handler(_ capabilities: Capabilities = Capabilities()) -> FaultServer.Handler {
        let counter = Counter()
        return { request in
            var response = respond(to: request, capabilities, counter: counter)
            if let server = capabilities.serverHeader {
                response.steps = response.steps.map { step in
                    guard case .status(let status, let headers) = step else { return step }
                    return .status(status, headers: headers + [("Server", server)])
                }
            }
            return response
        }
    }

    private final class Counter: Sendable {
        private let value = Mutex(0)

        func next() -> Int {
            value.withLock { value in
                value += 1
                return value
            }
        }
    }

    private static func respond(
        to request: RecordedRequest,
        _ capabilities: Capabilities,
        counter: Counter
    )
        -> FaultResponse
    {
        switch (request.method, request.pathWithoutQuery) {
        case ("GET", "/v1/models"), ("GET", "/models"):
            return .models([capabilities.model])
        case ("GET", "/health"):
            return .json(status: 200, body: "{}")
        case ("POST", "/v1/chat/completions"), ("POST", "/chat/completions"):
            return chat(request, capabilities, counter: counter)
        case ("POST", "/tokenize") where capabilities.supportsTokenize:
            guard let json = request.json else { return .error(status: 400, message: "The body is not a JSON object.") }
            let text = (json["content"] as? String) ?? (json["prompt"] as? String) ?? (json["text"] as? String) ?? ""
            let count = words(text).count
            let tokens = (0..<count).map(String.init).joined(separator: ",")
            return .json(status: 200, body: #"{"tokens":[\#(tokens)],"count":\#(count)}"#)
        default:
            return .error(
                status: 404,
                message: "No route for '\(request.method) \(request.path)'.",
                type: "not_found_error"
            )
        }
    }

    private static func chat(
        _ request: RecordedRequest,
        _ capabilities: Capabilities,
        counter: Counter
    )
        -> FaultResponse
    {
        guard let json = request.json else { return .error(status: 400, message: "The body is not a JSON object.") }
        guard let messages = json["messages"] as? [[String: Any]], !messages.isEmpty else {
            return .error(status: 400, message: "'messages' must be a non-empty array.")
        }
        let texts = messages.map { text(of: $0["content"]) }
        var prompt = texts.joined(separator: "\n")
        if let limit = capabilities.contextLimitCharacters, prompt.count > limit {
            prompt = String(prompt.suffix(Swift.max(limit, 0)))
        }
        let lastUser = messages.last { ($0["role"] as? String) == "user" }.map { text(of: $0["content"]) } ?? ""
        // The model only "reads" what survived truncation, the last user message included.
        let visibleQuestion = String(lastUser.suffix(prompt.count))

        let maxTokens = (json["max_tokens"] as? Int) ?? (json["max_completion_tokens"] as? Int)
        var replyWords: [String]
        var finishReason = "stop"
        if visibleQuestion.contains(needleQuestion) {
            replyWords = words(secretCode(in: prompt) ?? unknownAnswer)
        } else {
            let source = words(visibleQuestion).isEmpty ? ["ok"] : words(visibleQuestion)
            var count = capabilities.replyTokens
            if let maxTokens, maxTokens < count {
                count = Swift.max(maxTokens, 0)
                finishReason = "length"
            }
            replyWords = (0..<count).map { source[$0 % source.count] }
            if !capabilities.seedHonoured, !replyWords.isEmpty { replyWords[0] = "r\(counter.next())" }
        }
        var content = replyWords.joined(separator: " ")
        let format = (json["response_format"] as? [String: Any])?["type"] as? String
        if capabilities.jsonMode, format == "json_object" || format == "json_schema" {
            content = #"{"answer": \#(JSONText.string(content))}"#
        }
        let tokens = pieces(of: content)
        let promptTokens = words(prompt).count
        let wantsLogprobs = capabilities.logprobs && (json["logprobs"] as? Bool) == true

        guard (json["stream"] as? Bool) == true else {
            let logprobs = wantsLogprobs ? #"{"content":[\#(tokens.map(logprobEntry).joined(separator: ","))]}"# : nil
            return .json(
                status: 200,
                body: FaultResponse.completionJSON(
                    content: content,
                    finishReason: finishReason,
                    model: capabilities.model,
                    usage: (promptTokens, tokens.count),
                    logprobs: logprobs
                )
            )
        }
        let includeUsage =
            capabilities.includeUsageInStream
            && ((json["stream_options"] as? [String: Any])?["include_usage"] as? Bool) == true
        var writer = EventWriter()
        writer.steps.append(FaultResponse.streamHead)
        writer.event(FaultResponse.roleChunkJSON(model: capabilities.model))
        if let delay = capabilities.firstTokenDelay { writer.steps.append(.delay(delay)) }
        for (index, token) in tokens.enumerated() {
            if index > 0, let gap = capabilities.tokenGap { writer.steps.append(.delay(gap)) }
            let logprobs = wantsLogprobs ? #"{"content":[\#(logprobEntry(token))]}"# : nil
            writer.event(FaultResponse.contentChunkJSON(token, model: capabilities.model, logprobs: logprobs))
        }
        writer.event(FaultResponse.finishChunkJSON(finishReason, model: capabilities.model))
        if includeUsage {
            writer.event(
                FaultResponse.usageChunkJSON(prompt: promptTokens, completion: tokens.count, model: capabilities.model)
            )
        }
        writer.event("[DONE]")
        writer.steps.append(.end)
        return FaultResponse(steps: writer.steps, coalescesWrites: !capabilities.flushesEachChunk)
    }

    /// The text of a message's `content`: a string, or the `text` parts of a content array.
    private static func text(of content: Any?) -> String {
        if let string = content as? String { return string }
        if let parts = content as? [[String: Any]] {
            return parts.compactMap { $0["text"] as? String }.joined(separator: "\n")
        }
        return ""
    }

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Splits `text` before each space, so the pieces concatenate back to `text` exactly.
    private static func pieces(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            if character == " ", !current.isEmpty {
                result.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The `XXXX` of the last `The secret code is XXXX.` in `prompt`, if the whole sentence is there.
    private static func secretCode(in prompt: String) -> String? {
        let marker = "The secret code is "
        guard let start = prompt.ranges(of: marker).last?.upperBound else { return nil }
        let rest = prompt[start...]
        guard let end = rest.firstIndex(of: "."), end > rest.startIndex else { return nil }
        return String(rest[..<end])
    }

    private static func logprobEntry(_ token: String) -> String {
        let bytes = token.utf8.map(String.init).joined(separator: ",")
        return #"{"token":\#(JSONText.string(token)),"logprob":-0.25,"bytes":[\#(bytes)],"top_logprobs":[]}"#
    }
}
