/// Builders for the answers an OpenAI-compatible server gives, well-behaved and faulty.
///
/// The wire format follows what vLLM, llama.cpp, llama-cpp-python and Ollama send for
/// `POST /v1/chat/completions`: a role-only first chunk, one chunk per token, a finish chunk, an optional
/// usage-only chunk when `stream_options.include_usage` is set, then `data: [DONE]`.
extension FaultResponse {
    /// The `id` every built chunk and completion carries.
    package static let completionID = "chatcmpl-fault"
    /// The `created` timestamp every built chunk and completion carries, fixed so output is reproducible.
    package static let created = 1_700_000_000

    /// A non-streaming `chat.completion` JSON answer with `Content-Length`.
    package static func chatCompletion(
        content: String,
        promptTokens: Int = 0,
        completionTokens: Int = 0,
        finishReason: String = "stop",
        model: String = "fake-model"
    ) -> FaultResponse {
        json(
            status: 200,
            body: completionJSON(
                content: content,
                finishReason: finishReason,
                model: model,
                usage: (promptTokens, completionTokens),
                logprobs: nil
            )
        )
    }

    /// A streaming answer: the SSE chunks for `tokens`, with every wire variation real servers and proxies show.
    ///
    /// - Parameters:
    ///   - tokens: The content pieces, one chunk each, in order.
    ///   - includeUsage: Whether a usage-only chunk (`"choices":[]`) comes before `[DONE]`.
    ///   - promptTokens: The `prompt_tokens` reported in the usage chunk; `completion_tokens` is `tokens.count`.
    ///   - model: The `model` of every chunk.
    ///   - finishReason: The `finish_reason` of the finish chunk.
    ///   - interChunkDelay: A pause before each content chunk.
    ///   - firstByteDelay: A pause before the response head.
    ///   - roleChunk: Whether the first chunk carries only `"delta":{"role":"assistant"}`.
    ///   - crlf: Whether lines end with `\r\n` instead of `\n`.
    ///   - comments: Whether a `: keep-alive` comment comes before each event.
    ///   - splitEvents: Whether each event is split across three writes (inside `data:`, mid-JSON, between the two
    ///     line ends).
    /// - Returns: The steps: head, events, end.
    package static func chatStream(
        tokens: [String],
        includeUsage: Bool = true,
        promptTokens: Int = 0,
        model: String = "fake-model",
        finishReason: String = "stop",
        interChunkDelay: Duration? = nil,
        firstByteDelay: Duration? = nil,
        roleChunk: Bool = true,
        crlf: Bool = false,
        comments: Bool = false,
        splitEvents: Bool = false
    ) -> FaultResponse {
        var writer = EventWriter(crlf: crlf, comments: comments, splitEvents: splitEvents)
        if let firstByteDelay { writer.steps.append(.delay(firstByteDelay)) }
        writer.steps.append(streamHead)
        if roleChunk { writer.event(roleChunkJSON(model: model)) }
        for token in tokens {
            if let interChunkDelay { writer.steps.append(.delay(interChunkDelay)) }
            writer.event(contentChunkJSON(token, model: model))
        }
        writer.event(finishChunkJSON(finishReason, model: model))
        if includeUsage { writer.event(usageChunkJSON(prompt: promptTokens, completion: tokens.count, model: model)) }
        writer.event("[DONE]")
        writer.steps.append(.end)
        return FaultResponse(steps: writer.steps)
    }

    /// An OpenAI-style error body `{"error":{"message","type","code"}}` with this status.
    ///
    /// - Parameters:
    ///   - status: The HTTP status, also the body's `code`.
    ///   - message: The error `message`.
    ///   - retryAfter: The `Retry-After` header value, in seconds (`"2"`) or as an HTTP-date; no header when `nil`.
    ///   - type: The error `type`; by default `invalid_request_error` below 500 and `server_error` from 500.
    /// - Returns: A JSON answer with `Content-Length`.
    package static func error(
        status: Int,
        message: String,
        retryAfter: String? = nil,
        type: String? = nil
    ) -> FaultResponse {
        var headers: [(String, String)] = []
        if let retryAfter { headers.append(("Retry-After", retryAfter)) }
        return json(status: status, body: errorJSON(status: status, message: message, type: type), headers: headers)
    }

    /// A stream that sends the role chunk and `tokens`, then closes the connection without a finish chunk or `[DONE]`.
    package static func truncatedStream(tokens: [String], model: String = "fake-model") -> FaultResponse {
        var writer = EventWriter()
        writer.steps.append(streamHead)
        writer.event(roleChunkJSON(model: model))
        for token in tokens { writer.event(contentChunkJSON(token, model: model)) }
        writer.steps.append(.closeConnection)
        return FaultResponse(steps: writer.steps)
    }

    /// A stream whose second content event is cut-off JSON; valid chunks (`Hello`, ` world`), finish and `[DONE]` follow.
    package static func malformedStream(model: String = "fake-model") -> FaultResponse {
        var writer = EventWriter()
        writer.steps.append(streamHead)
        writer.event(roleChunkJSON(model: model))
        writer.event(contentChunkJSON("Hello", model: model))
        writer.event(#"{"id":"chatcmpl-fault","choices":[{"index":0,"delta":{"content":"#)
        writer.event(contentChunkJSON(" world", model: model))
        writer.event(finishChunkJSON("stop", model: model))
        writer.event("[DONE]")
        writer.steps.append(.end)
        return FaultResponse(steps: writer.steps)
    }

    /// A stream that starts well, then sends `data: {"error":{…}}` and `[DONE]` as vLLM does when generation fails.
    package static func midStreamError(
        tokensBefore: [String],
        message: String,
        model: String = "fake-model"
    ) -> FaultResponse {
        var writer = EventWriter()
        writer.steps.append(streamHead)
        writer.event(roleChunkJSON(model: model))
        for token in tokensBefore { writer.event(contentChunkJSON(token, model: model)) }
        writer.event(errorJSON(status: 500, message: message, type: nil))
        writer.event("[DONE]")
        writer.steps.append(.end)
        return FaultResponse(steps: writer.steps)
    }

    /// A stream that sends the head, the role chunk and `tokensBefore`, then goes silent with the connection open.
    package static func stalledStream(tokensBefore: [String], model: String = "fake-model") -> FaultResponse {
        var writer = EventWriter()
        writer.steps.append(streamHead)
        writer.event(roleChunkJSON(model: model))
        for token in tokensBefore { writer.event(contentChunkJSON(token, model: model)) }
        writer.steps.append(.stall)
        return FaultResponse(steps: writer.steps)
    }

    /// No answer at all, not even a response head, until the client disconnects.
    package static func stall() -> FaultResponse {
        FaultResponse(steps: [.stall])
    }

    /// Waits `delay` before playing `response`, so the first byte is late.
    package static func slowFirstByte(_ delay: Duration, then response: FaultResponse) -> FaultResponse {
        FaultResponse(steps: [.delay(delay)] + response.steps)
    }

    /// The `GET /v1/models` list naming these model ids.
    package static func models(_ ids: [String]) -> FaultResponse {
        let entries = ids.map {
            #"{"id":\#(JSONText.string($0)),"object":"model","created":\#(created),"owned_by":"shortlist"}"#
        }
        return json(status: 200, body: #"{"object":"list","data":[\#(entries.joined(separator: ","))]}"#)
    }

    /// A complete JSON answer with `Content-Type: application/json` and `Content-Length`.
    package static func json(status: Int, body: String, headers: [(String, String)] = []) -> FaultResponse {
        let head: [(String, String)] =
            [("Content-Type", "application/json"), ("Content-Length", String(body.utf8.count))] + headers
        return FaultResponse(steps: [.status(status, headers: head), .body(body), .end])
    }
}

// MARK: - Wire pieces, shared with FakeModel

extension FaultResponse {
    /// The response head of an SSE stream.
    static let streamHead = FaultStep.status(
        200,
        headers: [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]
    )

    static func chunkJSON(choices: String, model: String, extra: String = "") -> String {
        #"{"id":"\#(completionID)","object":"chat.completion.chunk","created":\#(created),"model":\#(JSONText.string(model)),"choices":\#(choices)\#(extra)}"#
    }

    static func roleChunkJSON(model: String) -> String {
        chunkJSON(choices: #"[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]"#, model: model)
    }

    static func contentChunkJSON(_ token: String, model: String, logprobs: String? = nil) -> String {
        let logprobsField = logprobs.map { #","logprobs":\#($0)"# } ?? ""
        return chunkJSON(
            choices:
                #"[{"index":0,"delta":{"content":\#(JSONText.string(token))}\#(logprobsField),"finish_reason":null}]"#,
            model: model
        )
    }

    static func finishChunkJSON(_ reason: String, model: String) -> String {
        chunkJSON(choices: #"[{"index":0,"delta":{},"finish_reason":\#(JSONText.string(reason))}]"#, model: model)
    }

    static func usageJSON(prompt: Int, completion: Int) -> String {
        #"{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion)}"#
    }

    static func usageChunkJSON(prompt: Int, completion: Int, model: String) -> String {
        chunkJSON(
            choices: "[]",
            model: model,
            extra: #","usage":\#(usageJSON(prompt: prompt, completion: completion))"#
        )
    }

    static func completionJSON(
        content: String,
        finishReason: String,
        model: String,
        usage: (prompt: Int, completion: Int),
        logprobs: String?
    ) -> String {
        let logprobsField = logprobs.map { #","logprobs":\#($0)"# } ?? ""
        return
            #"{"id":"\#(completionID)","object":"chat.completion","created":\#(created),"model":\#(JSONText.string(model)),"choices":[{"index":0,"message":{"role":"assistant","content":\#(JSONText.string(content))}\#(logprobsField),"finish_reason":\#(JSONText.string(finishReason))}],"usage":\#(usageJSON(prompt: usage.prompt, completion: usage.completion))}"#
    }

    static func errorJSON(status: Int, message: String, type: String?) -> String {
        let type = type ?? (status < 500 ? "invalid_request_error" : "server_error")
        return #"{"error":{"message":\#(JSONText.string(message)),"type":\#(JSONText.string(type)),"code":\#(status)}}"#
    }
}

/// Turns SSE event payloads into body steps, with the framing variations a test asks for.
struct EventWriter {
    var crlf = false
    var comments = false
    var splitEvents = false
    var steps: [FaultStep] = []
    private var count = 0

    init(crlf: Bool = false, comments: Bool = false, splitEvents: Bool = false) {
        self.crlf = crlf
        self.comments = comments
        self.splitEvents = splitEvents
    }

    /// Appends `data: <payload>` and the blank line that ends the event.
    mutating func event(_ payload: String) {
        let newline = crlf ? "\r\n" : "\n"
        if comments { steps.append(.body(": keep-alive" + newline + newline)) }
        let text = "data: " + payload + newline + newline
        defer { count += 1 }
        guard splitEvents else {
            steps.append(.body(text))
            return
        }
        // Alternate the cut points so a client meets a cut inside `data:`, mid-JSON (perhaps mid-UTF-8) and between
        // the line ends (which, with CRLF, falls between `\r` and `\n`).
        let utf8 = Array(text.utf8)
        let cuts = count.isMultiple(of: 2) ? [3, utf8.count / 2] : [utf8.count / 2, utf8.count - 1]
        var start = 0
        for cut in cuts + [utf8.count] {
            steps.append(.bytes(Array(utf8[start..<cut])))
            start = cut
        }
    }
}
