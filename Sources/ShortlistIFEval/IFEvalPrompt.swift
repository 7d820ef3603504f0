internal import Foundation
internal import ShortlistSupport

/// One IFEval prompt with its instructions, as a line of `input_data.jsonl` describes it.
package struct IFEvalPrompt: Sendable, Encodable {
    /// The prompt's `key`.
    package let key: Int
    /// The prompt text; responses are matched to it by exact code points.
    package let prompt: String
    /// The instructions, built and validated from `instruction_id_list` and `kwargs`.
    package let instructions: [IFEvalInstruction]

    /// The instruction ids, in order (repeats allowed).
    package var instructionIDs: [String] { instructions.map(\.id) }

    /// Builds a prompt from already validated instructions.
    package init(key: Int, prompt: String, instructions: [IFEvalInstruction]) {
        self.key = key
        self.prompt = prompt
        self.instructions = instructions
    }

    private enum CodingKeys: String, CodingKey {
        case key, prompt
        case instructionIDs = "instruction_id_list"
        case kwargs
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(instructionIDs, forKey: .instructionIDs)
        try container.encode(instructions.map(\.kwargs), forKey: .kwargs)
    }

    /// Parses `input_data.jsonl` text; blank lines are skipped, and errors name `file`, the line and the field.
    package static func parse(jsonl text: String, file: String) throws(IFEvalError) -> [IFEvalPrompt] {
        var prompts: [IFEvalPrompt] = []
        for (number, object) in try JSONLines.objects(in: text, file: file) {
            let key = try object.integer("key", file: file, line: number)
            let prompt = try object.string("prompt", file: file, line: number)
            let ids = try object.strings("instruction_id_list", file: file, line: number)
            guard case .array(let kwargsList)? = object["kwargs"] else {
                if object["kwargs"] == nil || object["kwargs"] == .null {
                    throw .missingField(file: file, line: number, field: "kwargs")
                }
                throw .invalidField(
                    file: file,
                    line: number,
                    field: "kwargs",
                    value: object["kwargs"]?.description ?? "",
                    expected: "a list of objects"
                )
            }
            guard kwargsList.count == ids.count else {
                throw .invalidField(
                    file: file,
                    line: number,
                    field: "kwargs",
                    value: "\(kwargsList.count) entries",
                    expected: "one entry per instruction id (\(ids.count))"
                )
            }
            var instructions: [IFEvalInstruction] = []
            for (index, (id, kwargs)) in zip(ids, kwargsList).enumerated() {
                let field = "kwargs[\(index)]"
                guard case .object(let values) = kwargs else {
                    throw .invalidField(
                        file: file,
                        line: number,
                        field: field,
                        value: kwargs.description,
                        expected: "an object"
                    )
                }
                instructions.append(
                    try IFEvalInstruction(id: id, kwargs: values, file: file, line: number, field: field)
                )
            }
            prompts.append(IFEvalPrompt(key: key, prompt: prompt, instructions: instructions))
        }
        return prompts
    }
}

/// Responses keyed by their prompt's exact code points, as the reference's `{prompt: response}` dict.
package struct IFEvalResponses: Sendable {
    private var byPrompt: [[UInt8]: String] = [:]
    /// Where the responses came from, for error messages.
    package let file: String

    /// An empty set of responses.
    package init(file: String) {
        self.file = file
    }

    /// Parses a responses JSON Lines file (`prompt`, `response`); a later duplicate prompt wins.
    package static func parse(jsonl text: String, file: String) throws(IFEvalError) -> IFEvalResponses {
        var responses = IFEvalResponses(file: file)
        for (number, object) in try JSONLines.objects(in: text, file: file) {
            responses[object: try object.string("prompt", file: file, line: number)] =
                try object.string("response", file: file, line: number)
        }
        return responses
    }

    /// The response to `prompt`, compared code point by code point.
    package subscript(object prompt: String) -> String? {
        get { byPrompt[Array(prompt.utf8)] }
        set { byPrompt[Array(prompt.utf8)] = newValue }
    }

    /// The response to each prompt in order, or an error naming the first prompt without one.
    package func matched(to prompts: [IFEvalPrompt]) throws(IFEvalError) -> [String] {
        var matched: [String] = []
        matched.reserveCapacity(prompts.count)
        for prompt in prompts {
            guard let response = self[object: prompt.prompt] else {
                throw .missingResponse(file: file, key: prompt.key, prompt: prompt.prompt)
            }
            matched.append(response)
        }
        return matched
    }
}

/// JSON Lines reading with line numbers.
enum JSONLines {
    /// The JSON objects of the non-blank lines, with their 1-based line numbers.
    static func objects(in text: String, file: String) throws(IFEvalError) -> [(Int, [String: JSONValue])] {
        let decoder = JSONDecoder()
        var objects: [(Int, [String: JSONValue])] = []
        // Split bytes, not Characters: "\r\n" is one Character and would hide the line break.
        for (index, line) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && !(0x09...0x0D).contains($0) }) else { continue }
            let value: JSONValue
            do {
                value = try decoder.decode(JSONValue.self, from: Data(line))
            } catch {
                throw .malformedLine(file: file, line: index + 1, reason: "invalid JSON.")
            }
            guard case .object(let object) = value else {
                throw .malformedLine(file: file, line: index + 1, reason: "found '\(value)'.")
            }
            objects.append((index + 1, object))
        }
        return objects
    }
}

extension [String: JSONValue] {
    func integer(_ field: String, file: String, line: Int) throws(IFEvalError) -> Int {
        guard let value = self[field], value != .null else { throw .missingField(file: file, line: line, field: field) }
        guard case .integer(let number) = value else {
            throw .invalidField(file: file, line: line, field: field, value: value.description, expected: "an integer")
        }
        return number
    }

    func string(_ field: String, file: String, line: Int) throws(IFEvalError) -> String {
        guard let value = self[field], value != .null else { throw .missingField(file: file, line: line, field: field) }
        guard case .string(let text) = value else {
            throw .invalidField(file: file, line: line, field: field, value: value.description, expected: "a string")
        }
        return text
    }

    func strings(_ field: String, file: String, line: Int) throws(IFEvalError) -> [String] {
        guard let value = self[field], value != .null else { throw .missingField(file: file, line: line, field: field) }
        guard case .array(let items) = value else {
            throw .invalidField(
                file: file,
                line: line,
                field: field,
                value: value.description,
                expected: "a list of strings"
            )
        }
        return try items.map { (item) throws(IFEvalError) -> String in
            guard case .string(let text) = item else {
                throw .invalidField(
                    file: file,
                    line: line,
                    field: field,
                    value: value.description,
                    expected: "a list of strings"
                )
            }
            return text
        }
    }
}
