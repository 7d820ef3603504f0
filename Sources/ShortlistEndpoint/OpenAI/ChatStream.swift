import Foundation
internal import ShortlistSupport

/// One streamed chat-completion chunk of an OpenAI-compatible server.
package struct ChatChunk: Sendable, Equatable, Decodable {
    package struct Choice: Sendable, Equatable, Decodable {
        package var index: Int
        package var delta: Delta
        package var finishReason: String?

        // Explicit snake_case keys: a key-decoding strategy costs a conversion per key per chunk.
        private enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }
    }

    /// What one chunk adds: servers send a role-only first delta and may send reasoning text separately.
    package struct Delta: Sendable, Equatable, Decodable {
        package var role: String?
        package var content: String?
        package var reasoningContent: String?

        private enum CodingKeys: String, CodingKey {
            case role, content
            case reasoningContent = "reasoning_content"
        }
    }

    package var id: String?
    package var model: String?
    package var choices: [Choice]
    /// Token counts, on the last chunk when the request asked for `stream_options.include_usage`.
    package var usage: Usage?

    private enum CodingKeys: String, CodingKey { case id, model, choices, usage }

    package init(id: String? = nil, model: String? = nil, choices: [Choice], usage: Usage? = nil) {
        self.id = id
        self.model = model
        self.choices = choices
        self.usage = usage
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        // A usage-only last chunk may carry `"choices": []` or no choices at all; an object with neither
        // choices nor usage is not a chunk.
        guard container.contains(.choices) || container.contains(.usage) else {
            throw DecodingError.keyNotFound(
                CodingKeys.choices,
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "neither choices nor usage")
            )
        }
        choices = try container.decodeIfPresent([Choice].self, forKey: .choices) ?? []
        usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
    }
}

/// Token counts as OpenAI-compatible servers report them.
package struct Usage: Sendable, Equatable, Codable {
    package var promptTokens: Int
    package var completionTokens: Int
    package var totalTokens: Int?

    private enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
    }

    package init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
    }
}

/// An error object a server sent instead of a chunk, as vLLM and others do mid-stream.
package struct ServerError: Sendable, Equatable, Decodable, CustomStringConvertible {
    package var message: String
    package var type: String?
    package var code: String?

    private enum CodingKeys: String, CodingKey { case message, type, code }

    package init(message: String, type: String? = nil, code: String? = nil) {
        self.message = message
        self.type = type
        self.code = code
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? "(no message)"
        type = try container.decodeIfPresent(String.self, forKey: .type)
        // Servers send the code as a string or a number.
        if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
            code = text
        } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
            code = String(number)
        }
    }

    package var description: String {
        [type, code].compactMap { $0 }.isEmpty
            ? message : "\(message) (\([type, code].compactMap { $0 }.joined(separator: ", ")))"
    }
}

/// What one server-sent event of a chat stream means.
package enum ChatStreamItem: Sendable, Equatable {
    case chunk(ChatChunk)
    case error(ServerError)
    case done
}

/// A problem reading a chat stream.
package enum ChatStreamError: Error, Equatable, CustomStringConvertible {
    /// An event whose data is neither a chunk, an error object nor `[DONE]`.
    case malformedEvent(String)

    package var description: String {
        switch self {
        case .malformedEvent(let data): "The server sent an event that is not a chat chunk: '\(data.prefix(120))'."
        }
    }
}

/// Decodes the events of an OpenAI-compatible chat stream.
package enum ChatStreamDecoder {
    package static func item(_ event: ServerSentEvent) throws(ChatStreamError) -> ChatStreamItem {
        let data = trimmed(event.data)
        if data == "[DONE]" { return .done }
        guard let value = try? JSONParser.parse(String(data)), case .object(let fields) = value else {
            throw .malformedEvent(String(data))
        }
        if let error = fields["error"], let serverError = serverError(error) { return .error(serverError) }
        // An `event: error` whose data is the error object itself, unwrapped.
        if event.event == "error", let serverError = serverError(value) { return .error(serverError) }
        guard event.event != "error", let chunk = chunk(fields) else { throw .malformedEvent(String(data)) }
        return .chunk(chunk)
    }

    /// A chunk object, as strict as decoding `ChatChunk`: choices need an index and a delta, usage needs both
    /// counts, and an object with neither choices nor usage is not a chunk.
    static func chunk(_ fields: [String: JSONValue]) -> ChatChunk? {
        guard fields["choices"] != nil || fields["usage"] != nil else { return nil }
        var choices: [ChatChunk.Choice] = []
        switch fields["choices"] {
        case nil, .null?: break
        case .array(let values)?:
            for value in values {
                guard case .object(let choice) = value, let index = choice["index"]?.numberValue,
                    case .object(let delta)? = choice["delta"],
                    let role = optionalString(delta["role"]), let content = optionalString(delta["content"]),
                    // vLLM 0.32 streams `reasoning`; earlier servers `reasoning_content`.
                    let reasoning = optionalString(delta["reasoning"] ?? delta["reasoning_content"]),
                    let finish = optionalString(choice["finish_reason"])
                else { return nil }
                choices.append(
                    ChatChunk.Choice(
                        index: Int(index),
                        delta: ChatChunk.Delta(role: role, content: content, reasoningContent: reasoning),
                        finishReason: finish
                    )
                )
            }
        default: return nil
        }
        var usage: Usage?
        switch fields["usage"] {
        case nil, .null?: break
        case .object(let counts)?:
            guard let prompt = counts["prompt_tokens"]?.numberValue,
                let completion = counts["completion_tokens"]?.numberValue
            else { return nil }
            usage = Usage(
                promptTokens: Int(prompt),
                completionTokens: Int(completion),
                totalTokens: counts["total_tokens"]?.numberValue.map { Int($0) }
            )
        default: return nil
        }
        return ChatChunk(
            id: fields["id"]?.stringValue,
            model: fields["model"]?.stringValue,
            choices: choices,
            usage: usage
        )
    }

    /// `.some(nil)` for an absent or null field, `.some(text)` for a string, `nil` for anything else.
    private static func optionalString(_ value: JSONValue?) -> String?? {
        switch value {
        case nil, .null?: .some(nil)
        case .string(let text)?: .some(text)
        default: nil
        }
    }

    /// An error object (`{"message": …, "type": …, "code": …}`) or a bare message string.
    static func serverError(_ value: JSONValue) -> ServerError? {
        switch value {
        case .string(let message): return ServerError(message: message)
        case .object(let fields):
            let code: String?
            switch fields["code"] {
            case .string(let text)?: code = text
            case .integer(let number)?: code = String(number)
            case .double(let number)?: code = String(Int(number))
            default: code = nil
            }
            return ServerError(
                message: fields["message"]?.stringValue ?? "(no message)",
                type: fields["type"]?.stringValue,
                code: code
            )
        default: return nil
        }
    }

    /// `data` without leading and trailing spaces and tabs, without Foundation's NSString bridging.
    private static func trimmed(_ data: String) -> Substring {
        let utf8 = data.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) ?? first
        return data[first...last]
    }
}

/// Accumulates a streamed completion into its text, finish reason and usage.
package struct ChatStreamAccumulator: Sendable, Equatable {
    package private(set) var role: String?
    package private(set) var text = ""
    package private(set) var reasoning = ""
    package private(set) var finishReason: String?
    package private(set) var usage: Usage?
    /// Chunks that carried content, for inter-token timing.
    package private(set) var contentChunks = 0

    package init() {}

    package mutating func add(_ chunk: ChatChunk) {
        if let usage = chunk.usage { self.usage = usage }
        for choice in chunk.choices where choice.index == 0 {
            if let role = choice.delta.role { self.role = role }
            if let content = choice.delta.content, !content.isEmpty {
                text += content
                contentChunks += 1
            }
            if let reasoning = choice.delta.reasoningContent { self.reasoning += reasoning }
            if let reason = choice.finishReason { finishReason = reason }
        }
    }
}
