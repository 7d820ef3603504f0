import Foundation

/// Builds a ``Catalog`` from the bundled data and user catalog files.
package enum CatalogLoader {
    /// The environment variable naming extra catalog files, separated by ':'.
    package static let environmentVariable = "SHORTLIST_CATALOG"

    /// The bundled catalog alone.
    package static func bundled() throws(CatalogError) -> Catalog {
        try load(BundledCatalogData.files.map { (path: $0.path, text: $0.contents) })
    }

    /// The bundled catalog plus user files: those in `SHORTLIST_CATALOG` first, then `paths`.
    ///
    /// Later files override earlier entries with the same id.
    package static func load(
        userFiles paths: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CatalogError) -> Catalog {
        let fromEnvironment = (environment[environmentVariable] ?? "").split(separator: ":").map(String.init)
        var files = BundledCatalogData.files.map { (path: $0.path, text: $0.contents) }
        for path in fromEnvironment + paths {
            files.append((path, try read(path)))
        }
        return try load(files)
    }

    /// Loads catalog texts in order: every file's `sources:` first, then models and GPUs.
    package static func load(_ files: [(path: String, text: String)]) throws(CatalogError) -> Catalog {
        var documents: [CatalogDocument] = []
        var citations: [String: SourceCitation] = [:]
        for file in files {
            let document = try CatalogDocument.parse(file.text, path: file.path)
            citations.merge(document.citations) { _, new in new }
            documents.append(document)
        }
        let index = SourceIndex(keys: Set(citations.keys))
        var catalog = Catalog(models: [], gpus: [], citations: citations)
        for document in documents {
            let (models, gpus) = try document.decode(sources: index)
            for model in models { catalog.upsert(model) }
            for gpu in gpus { catalog.upsert(gpu) }
        }
        return catalog
    }

    private static func read(_ path: String) throws(CatalogError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable as UTF-8 text" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
    }
}
