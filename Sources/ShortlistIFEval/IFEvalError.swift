package import ShortlistSupport

/// Why IFEval input could not be used: each case names the file, the line and the field.
package enum IFEvalError: ShortlistError, Equatable {
    package var exitStatus: ExitStatus { isUsageError ? .usage : .dataError }

    /// A line is not a JSON object.
    case malformedLine(file: String, line: Int, reason: String)
    /// A required field is absent (or `null`).
    case missingField(file: String, line: Int, field: String)
    /// A field has the wrong type or an impossible value.
    case invalidField(file: String, line: Int, field: String, value: String, expected: String)
    /// An instruction id that is not one of the reference registry's 25.
    case unknownInstruction(file: String, line: Int, field: String, id: String)
    /// An input prompt has no response in the responses file.
    case missingResponse(file: String, key: Int, prompt: String)
    /// No input prompt has this key.
    case unknownKey(Int)
    /// A file could not be read.
    case unreadable(file: String, reason: String)

    package var description: String {
        switch self {
        case .malformedLine(let file, let line, let reason):
            "\(file):\(line): not a JSON object: \(reason)"
        case .missingField(let file, let line, let field):
            "\(file):\(line): missing field '\(field)'."
        case .invalidField(let file, let line, let field, let value, let expected):
            "\(file):\(line): field '\(field)' is '\(value)'; expected \(expected)."
        case .unknownInstruction(let file, let line, let field, let id):
            "\(file):\(line): field '\(field)': unknown instruction id '\(id)'."
        case .missingResponse(let file, let key, let prompt):
            "\(file): no response for prompt key \(key) ('\(IFEvalError.abbreviated(prompt))')."
        case .unknownKey(let key):
            "No prompt has key \(key)."
        case .unreadable(let file, let reason):
            "\(file): cannot read: \(reason)"
        }
    }

    /// Whether the user typed the bad value (a usage error) rather than a file holding it (a data error).
    package var isUsageError: Bool {
        switch self {
        case .unknownKey, .unreadable: true
        default: false
        }
    }

    private static func abbreviated(_ text: String) -> String {
        let firstLine = text.prefix { $0 != "\n" }
        return firstLine.count > 60 ? firstLine.prefix(60) + "…" : String(firstLine)
    }
}
