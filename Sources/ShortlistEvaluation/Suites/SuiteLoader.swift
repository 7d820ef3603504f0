internal import Foundation
internal import ShortlistEndpoint
package import ShortlistSupport
internal import Yams

/// A problem in a suite file, with the file, line and field to fix.
package struct SuiteError: ShortlistError, Sendable, Equatable {
    package var exitStatus: ExitStatus { .dataError }

    package var file: String
    package var line: Int?
    package var field: String?
    package var message: String

    package init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field 'path': message.`, the dialect of every input-file error (catalog, requirements).
    package var description: String {
        let location = SourceLocation(file: file, line: line).description
        let text = message.last.map { ".?!".contains($0) } == true ? message : message + "."
        return field.map { "\(location): field '\($0)': \(text)" } ?? "\(location): \(text)"
    }
}

/// Reads suites from YAML (one document with `items:`) or JSONL (one item per line).
///
/// The format is documented in docs/suites.md.
package struct SuiteLoader: Sendable {
    package var registry: CheckRegistry

    package init(registry: CheckRegistry = .standard) {
        self.registry = registry
    }

    static let suiteKeys = ["name", "description", "defaults", "items"]
    static let defaultKeys = ["system", "sampling"]
    static let itemKeys = ["id", "prompt", "messages", "system", "sampling", "checks", "tags", "category", "reference"]
    static let samplingKeys = ["max_tokens", "temperature", "top_p", "seed", "stop", "extra"]

    /// Loads a suite file, choosing the format by extension (`.jsonl` is JSONL, anything else YAML).
    package func load(path: String) throws(SuiteError) -> Suite {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SuiteError(
                file: path,
                line: nil,
                field: nil,
                message: "cannot read the file (\(error.localizedDescription))"
            )
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if path.hasSuffix(".jsonl") { return try loadJSONL(text, file: path, name: name) }
        return try loadYAML(text, file: path, defaultName: name)
    }

    // MARK: YAML

    package func loadYAML(
        _ text: String,
        file: String,
        defaultName: String,
        source: String? = nil
    ) throws(SuiteError)
        -> Suite
    {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SuiteError(file: file, line: nil, field: nil, message: "the file is empty")
            }
            root = node
        } catch let error as SuiteError {
            throw error
        } catch {
            throw SuiteError(file: file, line: Self.line(of: error), field: nil, message: "not valid YAML: \(error)")
        }
        guard let mapping = root.mapping else {
            throw SuiteError(file: file, line: Self.line(root), field: nil, message: "expected a mapping with 'items'")
        }
        let top = Self.entries(mapping)
        try Self.allowOnly(top, allowed: Self.suiteKeys, file: file, path: "")
        let name =
            try top["name"].map { (node) throws(SuiteError) in
                try Self.string(node, file: file, field: "name")
            } ?? defaultName
        let description = try top["description"].map { (node) throws(SuiteError) in
            try Self.string(node, file: file, field: "description")
        }
        var defaults = ItemDefaults()
        if let node = top["defaults"] {
            let value = Self.json(node)
            defaults = try readDefaults(value, file: file, line: Self.line(node))
        }
        guard let itemsNode = top["items"], let sequence = itemsNode.sequence, !sequence.isEmpty else {
            throw SuiteError(
                file: file,
                line: top["items"].flatMap(Self.line) ?? Self.line(root),
                field: "items",
                message: "needs a non-empty list of items"
            )
        }
        var items: [SuiteItem] = []
        for (index, node) in sequence.enumerated() {
            let item = try readItem(
                Self.json(node),
                index: index,
                defaults: defaults,
                file: file,
                line: Self.line(node),
                lineOfKey: { key in node.mapping.flatMap { Self.entries($0)[key] }.flatMap(Self.line) }
            )
            items.append(item)
        }
        try Self.checkUniqueIDs(items, file: file)
        return Suite(name: name, description: description, items: items, source: source ?? file)
    }

    // MARK: JSONL

    package func loadJSONL(_ text: String, file: String, name: String) throws(SuiteError) -> Suite {
        var items: [SuiteItem] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8)),
                case .object = value
            else {
                throw SuiteError(file: file, line: lineNumber, field: nil, message: "not a JSON object")
            }
            let number = lineNumber
            items.append(
                try readItem(
                    value,
                    index: items.count,
                    defaults: ItemDefaults(),
                    file: file,
                    line: number,
                    lineOfKey: { _ in number }
                )
            )
        }
        guard !items.isEmpty else {
            throw SuiteError(file: file, line: nil, field: nil, message: "the file has no items")
        }
        try Self.checkUniqueIDs(items, file: file)
        return Suite(name: name, description: nil, items: items, source: file)
    }

    // MARK: Items

    struct ItemDefaults {
        var system: String?
        var sampling = SamplingParameters()
    }

    private func readDefaults(_ value: JSONValue, file: String, line: Int?) throws(SuiteError) -> ItemDefaults {
        guard case .object(let fields) = value else {
            throw SuiteError(file: file, line: line, field: "defaults", message: "must be a mapping")
        }
        try Self.allowOnly(fields, allowed: Self.defaultKeys, file: file, line: line, path: "defaults")
        var defaults = ItemDefaults()
        if let system = fields["system"] {
            guard let text = system.stringValue else {
                throw SuiteError(file: file, line: line, field: "defaults.system", message: "must be a string")
            }
            defaults.system = text
        }
        if let sampling = fields["sampling"] {
            defaults.sampling = try Self.sampling(sampling, file: file, line: line, field: "defaults.sampling")
        }
        return defaults
    }

    private func readItem(
        _ value: JSONValue,
        index: Int,
        defaults: ItemDefaults,
        file: String,
        line: Int?,
        lineOfKey: (String) -> Int?
    ) throws(SuiteError) -> SuiteItem {
        let path = "items[\(index)]"
        guard case .object(let fields) = value else {
            throw SuiteError(file: file, line: line, field: path, message: "must be a mapping")
        }
        for key in fields.keys.sorted() where !Self.itemKeys.contains(key) {
            try Self.allowOnly(
                [key: fields[key]],
                allowed: Self.itemKeys,
                file: file,
                line: lineOfKey(key) ?? line,
                path: path
            )
        }
        func fail(_ key: String, _ message: String) -> SuiteError {
            SuiteError(file: file, line: lineOfKey(key) ?? line, field: "\(path).\(key)", message: message)
        }
        let id: String
        switch fields["id"] {
        case .string(let text)? where !text.isEmpty: id = text
        case .integer(let number)?: id = String(number)
        case nil: id = "item-\(index + 1)"
        default: throw fail("id", "must be a non-empty string")
        }
        var messages: [ChatMessage] = []
        let system: String?
        switch fields["system"] {
        case nil: system = defaults.system
        case .string(let text)?: system = text
        default: throw fail("system", "must be a string")
        }
        if let system { messages.append(.system(system)) }
        switch (fields["prompt"], fields["messages"]) {
        case (.string(let prompt)?, nil):
            messages.append(.user(prompt))
        case (nil, .array(let list)?):
            for (position, entry) in list.enumerated() {
                guard let role = entry["role"]?.stringValue, let content = entry["content"]?.stringValue else {
                    throw fail("messages", "entry \(position) needs 'role' and 'content' strings")
                }
                guard ["system", "user", "assistant"].contains(role) else {
                    throw fail("messages", "entry \(position) has role '\(role)'; expected system, user or assistant")
                }
                messages.append(ChatMessage(role: role, content: content))
            }
        case (nil, nil):
            throw fail("prompt", "each item needs 'prompt' (one user turn) or 'messages'")
        case (.some, .some):
            throw fail("prompt", "give 'prompt' or 'messages', not both")
        default:
            throw fail(fields["prompt"] != nil ? "prompt" : "messages", "has the wrong type")
        }
        guard messages.last?.role == "user" else {
            throw fail("messages", "the conversation must end with a user turn")
        }
        var sampling = defaults.sampling
        if let value = fields["sampling"] {
            sampling = sampling.overridden(
                by: try Self.sampling(value, file: file, line: lineOfKey("sampling") ?? line, field: "\(path).sampling")
            )
        }
        var checks: [CheckSpec] = []
        if let value = fields["checks"] {
            guard case .array(let list) = value else { throw fail("checks", "must be a list") }
            for (position, entry) in list.enumerated() {
                guard case .object(let spec) = entry, spec.count == 1, let (kind, arguments) = spec.first else {
                    throw fail("checks", "entry \(position) must be a mapping with one key, the check kind")
                }
                guard let factory = registry.factory(for: kind) else {
                    let hint = Suggestions.didYouMean(kind, in: registry.kinds)
                    throw SuiteError(
                        file: file,
                        line: lineOfKey("checks") ?? line,
                        field: "\(path).checks[\(position)]",
                        message: "unknown check '\(kind)'.\(hint) Known: \(registry.kinds.joined(separator: ", "))"
                    )
                }
                do {
                    checks.append(CheckSpec(kind: kind, arguments: arguments, check: try factory(arguments)))
                } catch {
                    throw SuiteError(
                        file: file,
                        line: lineOfKey("checks") ?? line,
                        field: "\(path).checks[\(position)].\(kind)",
                        message: error.message
                    )
                }
            }
        }
        let tags: [String]
        switch fields["tags"] {
        case nil: tags = []
        case .array(let list)?:
            tags = list.compactMap(\.stringValue)
            guard tags.count == list.count else { throw fail("tags", "must be a list of strings") }
        case .string(let tag)?: tags = [tag]
        default: throw fail("tags", "must be a list of strings")
        }
        let category = fields["category"]?.stringValue
        let reference = fields["reference"]?.stringValue
        return SuiteItem(
            id: id,
            messages: messages,
            sampling: sampling,
            checks: checks,
            tags: tags,
            category: category,
            reference: reference
        )
    }

    private static func sampling(
        _ value: JSONValue,
        file: String,
        line: Int?,
        field: String
    ) throws(SuiteError)
        -> SamplingParameters
    {
        guard case .object(let fields) = value else {
            throw SuiteError(file: file, line: line, field: field, message: "must be a mapping")
        }
        try allowOnly(fields, allowed: samplingKeys, file: file, line: line, path: field)
        func number(_ key: String) throws(SuiteError) -> Double? {
            switch fields[key] {
            case nil, .null?: return nil
            case .integer(let value)?: return Double(value)
            case .double(let value)?: return value
            default: throw SuiteError(file: file, line: line, field: "\(field).\(key)", message: "must be a number")
            }
        }
        var parameters = SamplingParameters()
        if let value = try number("max_tokens") {
            guard value >= 1, value.rounded() == value else {
                throw SuiteError(
                    file: file,
                    line: line,
                    field: "\(field).max_tokens",
                    message: "must be a whole number ≥ 1"
                )
            }
            parameters.maxTokens = Int(value)
        }
        if let value = try number("temperature") {
            guard value >= 0 else {
                throw SuiteError(file: file, line: line, field: "\(field).temperature", message: "must be ≥ 0")
            }
            parameters.temperature = value
        }
        parameters.topP = try number("top_p")
        parameters.seed = try number("seed").map { Int($0) }
        switch fields["stop"] {
        case nil, .null?: break
        case .string(let stop)?: parameters.stop = [stop]
        case .array(let list)?: parameters.stop = list.compactMap(\.stringValue)
        default: throw SuiteError(file: file, line: line, field: "\(field).stop", message: "must be a string or a list")
        }
        if let extra = fields["extra"] {
            guard case .object(let values) = extra else {
                throw SuiteError(file: file, line: line, field: "\(field).extra", message: "must be a mapping")
            }
            parameters.extra = values
        }
        return parameters
    }

    // MARK: Helpers

    private static func checkUniqueIDs(_ items: [SuiteItem], file: String) throws(SuiteError) {
        var seen = Set<String>()
        for item in items where !seen.insert(item.id).inserted {
            throw SuiteError(file: file, line: nil, field: "items", message: "item id '\(item.id)' appears twice")
        }
    }

    private static func allowOnly(
        _ fields: [String: some Any],
        allowed: [String],
        file: String,
        line: Int? = nil,
        path: String
    ) throws(SuiteError) {
        for key in fields.keys.sorted() where !allowed.contains(key) {
            let hint = Suggestions.didYouMean(key, in: allowed)
            throw SuiteError(
                file: file,
                line: line,
                field: path.isEmpty ? key : "\(path).\(key)",
                message: "unknown key.\(hint) Expected one of \(allowed.joined(separator: ", "))"
            )
        }
    }

    private static func allowOnly(
        _ fields: [String: Node],
        allowed: [String],
        file: String,
        path: String
    )
        throws(SuiteError)
    {
        for key in fields.keys.sorted() where !allowed.contains(key) {
            let hint = Suggestions.didYouMean(key, in: allowed)
            throw SuiteError(
                file: file,
                line: fields[key].flatMap(line),
                field: key,
                message: "unknown key.\(hint) Expected one of \(allowed.joined(separator: ", "))"
            )
        }
    }

    private static func entries(_ mapping: Node.Mapping) -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, value) in mapping { if let name = key.string { result[name] = value } }
        return result
    }

    private static func string(_ node: Node, file: String, field: String) throws(SuiteError) -> String {
        guard let text = node.scalar?.string else {
            throw SuiteError(file: file, line: line(node), field: field, message: "must be a string")
        }
        return text
    }

    static func line(_ node: Node) -> Int? { node.mark.map { $0.line } }

    private static func line(of error: any Error) -> Int? {
        if let error = error as? YamlError {
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return mark.line
            default: return nil
            }
        }
        return nil
    }

    /// A YAML node as JSON: quoted scalars stay strings; plain ones resolve to null, bools and numbers.
    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            // The YAML 1.2 core schema: null, booleans, integers and decimals; anything else is a string.
            let text = scalar.string
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default:
                if let integer = Int(text) { return .integer(integer) }
                if text.first.map({ $0.isNumber || $0 == "-" || $0 == "." || $0 == "+" }) == true,
                    let number = Double(text), number.isFinite
                {
                    return .double(number)
                }
                return .string(text)
            }
        case .mapping(let mapping):
            var fields: [String: JSONValue] = [:]
            for (key, value) in mapping { fields[key.string ?? ""] = json(value) }
            return .object(fields)
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .alias:
            return .null
        }
    }
}
