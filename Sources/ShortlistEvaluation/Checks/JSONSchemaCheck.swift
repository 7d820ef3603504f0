internal import Foundation
internal import ShortlistEndpoint
internal import ShortlistSupport

/// `json_schema`: the response is JSON (optionally inside a ``` fence) that satisfies a JSON Schema.
///
/// Supports the keywords suites need: `type`, `properties`, `required`, `additionalProperties`
/// (boolean), `items`, `enum`, `const`, `minimum`, `maximum`, `minLength`, `maxLength`,
/// `minItems`, `maxItems`. Unknown keywords are rejected when the suite loads, so a schema never
/// silently checks less than it says.
struct JSONSchemaCheck: LocalCheck {
    static let keywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum",
        "minLength", "maxLength", "minItems", "maxItems", "description", "title", "$schema",
    ]

    let schema: JSONValue

    init(_ arguments: JSONValue) throws(CheckArgumentError) {
        guard case .object = arguments else { throw CheckArgumentError("needs a JSON Schema object") }
        try Self.validateSchema(arguments, path: "")
        schema = arguments
    }

    var subject: String { "JSON Schema \(schema.canonicalText.prefix(80))" }

    private static func validateSchema(_ schema: JSONValue, path: String) throws(CheckArgumentError) {
        guard case .object(let fields) = schema else { throw CheckArgumentError("schema\(path) must be an object") }
        for key in fields.keys where !keywords.contains(key) {
            throw CheckArgumentError("schema\(path): unsupported keyword '\(key)'")
        }
        if case .object(let properties)? = fields["properties"] {
            for (name, property) in properties { try validateSchema(property, path: "\(path).properties.\(name)") }
        }
        if let items = fields["items"] { try validateSchema(items, path: "\(path).items") }
    }

    func evaluate(_ response: String, item: SuiteItem) -> CheckResult {
        let text = Self.unfenced(response)
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            return .fail("not valid JSON")
        }
        var problems: [String] = []
        Self.validate(value, against: schema, path: "$", problems: &problems)
        return problems.isEmpty
            ? .pass("valid JSON matching the schema") : .fail(problems.prefix(3).joined(separator: "; "))
    }

    /// The text with surrounding whitespace and a Markdown code fence removed.
    static func unfenced(_ response: String) -> String {
        var text = response.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```") {
            if let newline = text.firstIndex(of: "\n") { text = String(text[text.index(after: newline)...]) }
            if text.hasSuffix("```") { text = String(text.dropLast(3)) }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .double(let number): number.rounded() == number ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    static func validate(_ value: JSONValue, against schema: JSONValue, path: String, problems: inout [String]) {
        guard case .object(let rules) = schema else { return }
        if let type = rules["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            let actual = typeName(value)
            let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !ok {
                problems.append("\(path) is \(actual), expected \(allowed.joined(separator: " or "))")
                return
            }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(where: { $0.equalsAsJSON(value) }) {
            problems.append("\(path) is not one of the allowed values")
        }
        if let constant = rules["const"], !constant.equalsAsJSON(value) {
            problems.append("\(path) is not the required constant")
        }
        switch value {
        case .integer, .double:
            let number = value.numberValue ?? 0
            if let minimum = rules["minimum"]?.numberValue, number < minimum { problems.append("\(path) < \(minimum)") }
            if let maximum = rules["maximum"]?.numberValue, number > maximum { problems.append("\(path) > \(maximum)") }
        case .string(let text):
            if let minimum = rules["minLength"]?.numberValue, Double(text.count) < minimum {
                problems.append("\(path) shorter than \(Int(minimum))")
            }
            if let maximum = rules["maxLength"]?.numberValue, Double(text.count) > maximum {
                problems.append("\(path) longer than \(Int(maximum))")
            }
        case .array(let elements):
            if let minimum = rules["minItems"]?.numberValue, Double(elements.count) < minimum {
                problems.append("\(path) has fewer than \(Int(minimum)) items")
            }
            if let maximum = rules["maxItems"]?.numberValue, Double(elements.count) > maximum {
                problems.append("\(path) has more than \(Int(maximum)) items")
            }
            if let itemSchema = rules["items"] {
                for (index, element) in elements.enumerated() {
                    validate(element, against: itemSchema, path: "\(path)[\(index)]", problems: &problems)
                }
            }
        case .object(let fields):
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where fields[name] == nil {
                problems.append("\(path).\(name) is missing")
            }
            let properties: [String: JSONValue]
            if case .object(let declared)? = rules["properties"] { properties = declared } else { properties = [:] }
            for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[name] {
                    validate(field, against: propertySchema, path: "\(path).\(name)", problems: &problems)
                } else if case .bool(false)? = rules["additionalProperties"] {
                    problems.append("\(path).\(name) is not allowed")
                }
            }
        case .null, .bool:
            break
        }
    }
}
