internal import ShortlistEndpoint
internal import ShortlistSupport

/// Reads a check's arguments: either a bare value (`contains: Paris`) or a mapping of named options.
struct CheckArguments {
    let value: JSONValue
    let options: [String: JSONValue]

    /// `primary` is the option a bare value stands for; `allowed` are the option names.
    init(_ value: JSONValue, primary: String, allowed: [String]) throws(CheckArgumentError) {
        if case .object(let fields) = value {
            for key in fields.keys where !allowed.contains(key) {
                let hint = Suggestions.didYouMean(key, in: allowed)
                throw CheckArgumentError("unknown option '\(key)'.\(hint) Expected \(allowed.joined(separator: ", "))")
            }
            self.options = fields
            self.value = fields[primary] ?? .null
        } else {
            self.options = [primary: value]
            self.value = value
        }
    }

    func strings(_ key: String) throws(CheckArgumentError) -> [String]? {
        switch options[key] {
        case nil, .null?: return nil
        case .string(let text)?: return [text]
        case .integer(let number)?: return [String(number)]
        case .double(let number)?: return [Self.text(number)]
        case .array(let values)?:
            var result: [String] = []
            for value in values {
                switch value {
                case .string(let text): result.append(text)
                case .integer(let number): result.append(String(number))
                case .double(let number): result.append(Self.text(number))
                default: throw CheckArgumentError("'\(key)' must be a string or a list of strings")
                }
            }
            return result
        default: throw CheckArgumentError("'\(key)' must be a string or a list of strings")
        }
    }

    func string(_ key: String) throws(CheckArgumentError) -> String? {
        switch options[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .integer(let number)?: return String(number)
        case .double(let number)?: return Self.text(number)
        default: throw CheckArgumentError("'\(key)' must be a string")
        }
    }

    func bool(_ key: String) throws(CheckArgumentError) -> Bool? {
        switch options[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw CheckArgumentError("'\(key)' must be true or false")
        }
    }

    func integer(_ key: String) throws(CheckArgumentError) -> Int? {
        switch options[key] {
        case nil, .null?: return nil
        case let value? where (value.integerValue ?? -1) >= 0: return value.integerValue
        default: throw CheckArgumentError("'\(key)' must be a whole number ≥ 0")
        }
    }

    private static func text(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
