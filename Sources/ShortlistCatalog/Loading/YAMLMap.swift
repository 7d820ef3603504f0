package import ShortlistSupport
package import Yams

/// A value that can be read from one YAML node, with a precise error when it can't.
package protocol YAMLDecodable: Sendable, Equatable {
    /// What the format expects here, for error messages ("an integer", "one of yes, partial, no").
    static var expectation: String { get }
    /// Reads the value, or returns `nil` when the node does not hold one of this type.
    static func read(_ node: Node) -> Self?
}

// Plain scalars are read with Swift's own parsers rather than Yams' regex-based tag resolution, which
// dominated the load time of large catalogs.

extension Int: YAMLDecodable {
    package static var expectation: String { "an integer" }
    package static func read(_ node: Node) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain else { return nil }
        let text = scalar.string.contains("_") ? scalar.string.filter { $0 != "_" } : scalar.string
        if let value = Int(text) { return value }
        // Float-looking integers such as 1e6 or 1000000.0.
        if let value = Double(text), value.rounded() == value, abs(value) < 9e15 { return Int(value) }
        return nil
    }
}

extension Double: YAMLDecodable {
    package static var expectation: String { "a number" }
    package static func read(_ node: Node) -> Double? {
        guard let scalar = node.scalar, scalar.style == .plain else { return nil }
        let text = scalar.string.contains("_") ? scalar.string.filter { $0 != "_" } : scalar.string
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

extension Bool: YAMLDecodable {
    package static var expectation: String { "true or false" }
    package static func read(_ node: Node) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain else { return nil }
        switch scalar.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nil
        }
    }
}

extension String: YAMLDecodable {
    package static var expectation: String { "a string" }
    package static func read(_ node: Node) -> String? {
        guard let scalar = node.scalar else { return nil }
        return scalar.string
    }
}

extension Array: YAMLDecodable where Element: YAMLDecodable {
    package static var expectation: String { "a list of \(Element.expectation)" }
    package static func read(_ node: Node) -> [Element]? {
        guard let sequence = node.sequence else { return nil }
        var result: [Element] = []
        for item in sequence {
            guard let element = Element.read(item) else { return nil }
            result.append(element)
        }
        return result
    }
}

/// String enums read from YAML by raw value.
package protocol YAMLEnum: YAMLDecodable, RawRepresentable, CaseIterable where RawValue == String {}

extension YAMLEnum {
    package static var expectation: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
    package static func read(_ node: Node) -> Self? {
        guard let text = node.scalar?.string else { return nil }
        return Self(rawValue: text) ?? Self(rawValue: text.lowercased())
    }
}

/// The source keys that facts may cite.
package struct SourceIndex: Sendable {
    package var keys: Set<String>

    package init(keys: Set<String>) {
        self.keys = keys
    }

    /// Whether `key` resolves: a defined key or a URL.
    package func resolves(_ key: String) -> Bool {
        keys.contains(key) || key.hasPrefix("https://") || key.hasPrefix("http://")
    }
}

/// A YAML mapping being read as one catalog object, with the file and field path for errors.
package struct YAMLMap {
    package let mapping: Node.Mapping
    package let file: String
    package let path: String
    package let line: Int?
    /// Values by key, looked up by plain string comparison (Yams' own subscript resolves tags by regex).
    private let entries: [String: Node]

    package init(_ node: Node, file: String, path: String) throws(CatalogError) {
        guard let mapping = node.mapping else {
            throw .invalidField(
                SourceLocation(file: file, line: node.mark?.line),
                field: path.isEmpty ? "(document)" : path,
                value: Self.preview(node),
                expected: "a mapping of 'key: value' lines"
            )
        }
        self.init(unchecked: mapping, file: file, path: path, line: node.mark?.line)
    }

    init(unchecked mapping: Node.Mapping, file: String, path: String, line: Int?) {
        self.mapping = mapping
        self.file = file
        self.path = path
        self.line = line
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            if let name = key.scalar?.string { entries[name] = value }
        }
        self.entries = entries
    }

    package var location: SourceLocation { SourceLocation(file: file, line: line) }

    package var keys: [String] { mapping.keys.compactMap { $0.scalar?.string } }

    package func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    package func node(_ key: String) -> Node? { entries[key] }

    package func location(of key: String) -> SourceLocation {
        SourceLocation(file: file, line: entries[key]?.mark?.line ?? line)
    }

    /// Whether the key holds a mapping.
    package func holdsMapping(_ key: String) -> Bool { entries[key]?.mapping != nil }

    /// Whether the key holds a list.
    package func holdsList(_ key: String) -> Bool { entries[key]?.sequence != nil }

    /// Whether the key is present with a non-null value.
    package func has(_ key: String) -> Bool { entries[key].map { !Self.isNull($0) } ?? false }

    /// Rejects keys outside `allowed`, suggesting the closest allowed key.
    package func allowOnly(_ allowed: [String]) throws(CatalogError) {
        for keyNode in mapping.keys {
            guard let key = keyNode.scalar?.string, !allowed.contains(key) else { continue }
            throw .unknownField(
                SourceLocation(file: file, line: keyNode.mark?.line ?? line),
                field: field(key),
                suggestion: Suggestions.closest(to: key, in: allowed, limit: 1).first
            )
        }
    }

    /// Reads an optional plain value; absent and `null` both give `nil`.
    package func optional<T: YAMLDecodable>(_ key: String, as type: T.Type = T.self) throws(CatalogError) -> T? {
        guard let node = entries[key], !Self.isNull(node) else { return nil }
        guard let value = T.read(node) else {
            throw .invalidField(
                location(of: key),
                field: field(key),
                value: Self.preview(node),
                expected: T.expectation
            )
        }
        return value
    }

    /// Reads the first of several keys that is present.
    package func optional<T: YAMLDecodable>(anyOf keys: [String], as type: T.Type = T.self) throws(CatalogError) -> T? {
        for key in keys {
            if let value = try optional(key, as: type) { return value }
        }
        return nil
    }

    /// Reads a required plain value.
    package func required<T: YAMLDecodable>(_ key: String, as type: T.Type = T.self) throws(CatalogError) -> T {
        guard let value = try optional(key, as: type) else {
            throw .missingField(location(of: key), field: field(key))
        }
        return value
    }

    /// Reads a nested mapping, or `nil` when absent.
    package func map(_ key: String) throws(CatalogError) -> YAMLMap? {
        guard let node = entries[key], !Self.isNull(node) else { return nil }
        return try YAMLMap(node, file: file, path: field(key))
    }

    /// Reads a list of mappings, or `nil` when absent.
    package func maps(_ key: String) throws(CatalogError) -> [YAMLMap]? {
        guard let node = entries[key], !Self.isNull(node) else { return nil }
        guard let sequence = node.sequence else {
            throw .invalidField(location(of: key), field: field(key), value: Self.preview(node), expected: "a list")
        }
        var result: [YAMLMap] = []
        for (index, item) in sequence.enumerated() {
            result.append(try YAMLMap(item, file: file, path: "\(field(key))[\(index)]"))
        }
        return result
    }

    /// Reads a `{value, source, note, also}` fact, checking that its source resolves.
    ///
    /// `extra` names further keys this fact may carry (`detail`, `method` …), which the caller reads from the
    /// returned mapping. Returns `nil` when the key is absent or `null`; throws when the fact is malformed.
    package func fact<T: YAMLDecodable>(
        _ key: String,
        as type: T.Type = T.self,
        sources: SourceIndex,
        extra: [String] = []
    ) throws(CatalogError) -> (fact: Fact<T>, map: YAMLMap)? {
        guard let node = entries[key], !Self.isNull(node) else { return nil }
        guard node.mapping != nil else {
            throw .invalidField(
                location(of: key),
                field: field(key),
                value: Self.preview(node),
                expected: "a fact '{value: …, source: …}'"
            )
        }
        let map = try YAMLMap(node, file: file, path: field(key))
        try map.allowOnly(["value", "source", "note", "also"] + extra)
        let value = try map.optional("value", as: type)
        let source = try map.required("source", as: String.self)
        guard sources.resolves(source) else {
            throw .unknownSource(
                map.location(of: "source"),
                field: field(key),
                source: source,
                suggestion: Suggestions.closest(to: source, in: sources.keys, limit: 1).first
            )
        }
        let also = try map.optional("also", as: [String].self) ?? []
        return (Fact(value, source: source, note: try map.optional("note", as: String.self), also: also), map)
    }

    /// Reads a fact that must be present (its value may still be `null`).
    package func requiredFact<T: YAMLDecodable>(
        _ key: String,
        as type: T.Type = T.self,
        sources: SourceIndex,
        extra: [String] = []
    ) throws(CatalogError) -> (fact: Fact<T>, map: YAMLMap) {
        guard let result = try fact(key, as: type, sources: sources, extra: extra) else {
            throw .missingField(location(of: key), field: field(key))
        }
        return result
    }

    package static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    package static func preview(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): String(scalar.string.prefix(60))
        case .mapping: "(a mapping)"
        case .sequence: "(a list)"
        case .alias: "(an alias)"
        }
    }
}
