internal import Foundation
package import ShortlistSupport

/// One message of a chat conversation.
package struct ChatMessage: Sendable, Hashable, Codable {
    package var role: String
    package var content: String

    package init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    package static func system(_ content: String) -> ChatMessage { ChatMessage(role: "system", content: content) }
    package static func user(_ content: String) -> ChatMessage { ChatMessage(role: "user", content: content) }
    package static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: "assistant", content: content) }
}

/// Sampling parameters of a chat request; `nil` leaves the server's default.
package struct SamplingParameters: Sendable, Hashable, Codable {
    package var maxTokens: Int?
    package var temperature: Double?
    package var topP: Double?
    package var seed: Int?
    package var stop: [String]?
    /// Fields passed to the server as they are (`min_tokens`, `ignore_eos`, `response_format`, …).
    package var extra: [String: JSONValue]

    package init(
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        topP: Double? = nil,
        seed: Int? = nil,
        stop: [String]? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.seed = seed
        self.stop = stop
        self.extra = extra
    }

    /// These parameters, with every value `other` sets replacing this one's.
    package func overridden(by other: SamplingParameters) -> SamplingParameters {
        SamplingParameters(
            maxTokens: other.maxTokens ?? maxTokens,
            temperature: other.temperature ?? temperature,
            topP: other.topP ?? topP,
            seed: other.seed ?? seed,
            stop: other.stop ?? stop,
            extra: extra.merging(other.extra) { _, new in new }
        )
    }
}

/// A chat completion request to an OpenAI-compatible endpoint.
package struct ChatRequest: Sendable, Hashable {
    package var model: String
    package var messages: [ChatMessage]
    package var sampling: SamplingParameters
    package var stream: Bool
    /// Asks for a usage chunk at the end of a stream (`stream_options.include_usage`).
    package var includeUsage: Bool

    package init(
        model: String,
        messages: [ChatMessage],
        sampling: SamplingParameters = SamplingParameters(),
        stream: Bool = true,
        includeUsage: Bool = true
    ) {
        self.model = model
        self.messages = messages
        self.sampling = sampling
        self.stream = stream
        self.includeUsage = includeUsage
    }

    /// The request body as a JSON value, keys as the OpenAI API names them.
    package var body: JSONValue {
        var fields: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(
                messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }
            ),
            "stream": .bool(stream),
        ]
        if stream && includeUsage { fields["stream_options"] = .object(["include_usage": .bool(true)]) }
        if let value = sampling.maxTokens { fields["max_tokens"] = .number(Double(value)) }
        if let value = sampling.temperature { fields["temperature"] = .number(value) }
        if let value = sampling.topP { fields["top_p"] = .number(value) }
        if let value = sampling.seed { fields["seed"] = .number(Double(value)) }
        if let value = sampling.stop { fields["stop"] = .array(value.map { .string($0) }) }
        for (key, value) in sampling.extra { fields[key] = value }
        return .object(fields)
    }
}

/// The non-streaming response body of a chat completion.
struct ChatCompletionBody: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable {
            var role: String?
            var content: String?
            /// Reasoning text: `reasoning` (vLLM 0.32 and later), or the older `reasoning_content`.
            var reasoningContent: String?

            private enum CodingKeys: String, CodingKey {
                case role, content, reasoning
                case reasoningContent = "reasoning_content"
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                role = try container.decodeIfPresent(String.self, forKey: .role)
                content = try container.decodeIfPresent(String.self, forKey: .content)
                reasoningContent =
                    try container.decodeIfPresent(String.self, forKey: .reasoning)
                    ?? container.decodeIfPresent(String.self, forKey: .reasoningContent)
            }
        }
        var index: Int?
        var message: Message
        var finishReason: String?

        private enum CodingKeys: String, CodingKey {
            case index, message
            case finishReason = "finish_reason"
        }
    }
    var id: String?
    var model: String?
    var choices: [Choice]
    var usage: Usage?
}
