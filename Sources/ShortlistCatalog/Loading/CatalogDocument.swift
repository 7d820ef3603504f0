internal import ShortlistSupport
import Yams

/// One catalog file parsed into its parts: citations, models and GPUs.
///
/// Loading is two passes so that a fact may cite a source defined in any file: ``parse(_:path:)`` reads
/// the YAML tree and the `sources:` block, ``decode(sources:)`` then reads models and GPUs.
struct CatalogDocument {
    let path: String
    let root: YAMLMap
    let citations: [String: SourceCitation]

    static func parse(_ text: String, path: String, allowSources: Bool = true) throws(CatalogError) -> CatalogDocument {
        let node: Node?
        do {
            // The basic resolver skips regex tag resolution: scalars are read by YAMLDecodable, and Yams hashes every
            // mapping key (duplicate check) with the resolver, which dominated large catalogs.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw Self.malformed(error, path: path)
        } catch {
            throw .malformed(SourceLocation(file: path, line: nil), problem: String(describing: error))
        }
        guard let node else {
            throw .malformed(SourceLocation(file: path, line: nil), problem: "the file is empty")
        }
        let root = try YAMLMap(node, file: path, path: "")
        var citations: [String: SourceCitation] = [:]
        if allowSources, let sources = try root.map("sources") {
            for key in sources.keys {
                guard let entry = try sources.map(key) else {
                    throw .missingField(sources.location(of: key), field: sources.field(key) + ".cite")
                }
                try entry.allowOnly(["cite", "url", "kind", "verified_via", "original"])
                citations[key] = SourceCitation(
                    key: key,
                    cite: try entry.required("cite"),
                    url: try entry.optional("url"),
                    kind: try entry.optional("kind"),
                    verifiedVia: try entry.optional("verified_via")
                )
            }
        }
        return CatalogDocument(path: path, root: root, citations: citations)
    }

    /// Reads the models and GPUs of this file.
    func decode(sources: SourceIndex) throws(CatalogError) -> (models: [ModelCard], gpus: [GPUCard]) {
        var models: [ModelCard] = []
        var gpus: [GPUCard] = []
        if root.node("id") != nil {
            // A file holding one model at the top level.
            models.append(try ModelCard(yaml: root.without("sources"), sources: sources))
        } else {
            try root.allowOnly(["sources", "models", "gpus"])
            for entry in try root.maps("models") ?? [] {
                models.append(try ModelCard(yaml: entry, sources: sources))
            }
            for entry in try root.maps("gpus") ?? [] {
                gpus.append(try GPUCard(yaml: entry, sources: sources))
            }
        }
        try Self.rejectDuplicates(models.map { ($0.id, $0.origin) })
        try Self.rejectDuplicates(gpus.map { ($0.id, $0.origin) })
        return (models, gpus)
    }

    private static func rejectDuplicates(_ entries: [(String, SourceLocation)]) throws(CatalogError) {
        var seen: Set<String> = []
        for (id, location) in entries where !seen.insert(id).inserted {
            throw .duplicateEntry(location, id: id)
        }
    }

    private static func malformed(_ error: YamlError, path: String) -> CatalogError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return .malformed(SourceLocation(file: path, line: mark.line), problem: detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let line = context.mark.line
            return .malformed(
                SourceLocation(file: path, line: line),
                problem: "duplicate key " + duplicates.map { "'\($0)'" }.joined(separator: ", ")
            )
        default:
            return .malformed(SourceLocation(file: path, line: nil), problem: String(describing: error))
        }
    }
}

/// A citation that facts refer to by key.
package struct SourceCitation: Sendable, Equatable, Encodable {
    package var key: String
    package var cite: String
    package var url: String?
    package var kind: String?
    package var verifiedVia: String?
}

extension YAMLMap {
    /// The same mapping without one key, for reading a single-model file that also carries `sources:`.
    func without(_ key: String) -> YAMLMap {
        let pairs = mapping.filter { $0.key.scalar?.string != key }.map { ($0.key, $0.value) }
        let copy = Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark)
        return YAMLMap(unchecked: copy, file: file, path: path, line: line)
    }
}

/// The root mapping of any Shortlist YAML data file (requirements, rules), read with the catalog's reader.
package enum YAMLDocument {
    package static func root(_ text: String, path: String) throws(CatalogError) -> YAMLMap {
        try CatalogDocument.parse(text, path: path, allowSources: false).root
    }
}
