import Foundation
internal import ShortlistSupport

/// The models and GPUs Shortlist knows, with the citations their facts refer to.
///
/// A catalog is the bundled data plus any user catalog files, later files overriding earlier
/// entries with the same id. Lookups accept an id, a Hugging Face repository or an alias, case-insensitively,
/// and fail with "did you mean" suggestions.
package struct Catalog: Sendable {
    package private(set) var models: [ModelCard]
    package private(set) var gpus: [GPUCard]
    package private(set) var citations: [String: SourceCitation]
    /// Positions by exact id, then by every lowercased name (id, repository, aliases).
    private var modelIDs: [String: Int] = [:]
    private var modelNames: [String: Int] = [:]
    private var gpuIDs: [String: Int] = [:]
    private var gpuNames: [String: Int] = [:]

    package init(models: [ModelCard], gpus: [GPUCard], citations: [String: SourceCitation] = [:]) {
        self.models = []
        self.gpus = []
        self.citations = citations
        for model in models { upsert(model) }
        for gpu in gpus { upsert(gpu) }
    }

    /// Adds a model, replacing one with the same id.
    package mutating func upsert(_ model: ModelCard) {
        let index: Int
        if let existing = modelIDs[model.id] {
            index = existing
            models[index] = model
        } else {
            index = models.count
            models.append(model)
            modelIDs[model.id] = index
        }
        for name in model.names { modelNames[Self.key(name)] = index }
    }

    /// Adds a GPU, replacing one with the same id.
    package mutating func upsert(_ gpu: GPUCard) {
        let index: Int
        if let existing = gpuIDs[gpu.id] {
            index = existing
            gpus[index] = gpu
        } else {
            index = gpus.count
            gpus.append(gpu)
            gpuIDs[gpu.id] = index
        }
        for name in gpu.names { gpuNames[Self.key(name)] = index }
    }

    package mutating func addCitations(_ more: [String: SourceCitation]) {
        citations.merge(more) { _, new in new }
    }

    /// The model with this id, repository or alias.
    package func model(named name: String) throws(CatalogError) -> ModelCard {
        if let index = modelIDs[name] ?? modelNames[Self.key(name)] { return models[index] }
        throw .unknownModel(name, suggestions: Suggestions.closest(to: name, among: models.map { ($0.id, $0.names) }))
    }

    /// The GPU with this id or alias.
    package func gpu(named name: String) throws(CatalogError) -> GPUCard {
        if let index = gpuIDs[name] ?? gpuNames[Self.key(name)] { return gpus[index] }
        throw .unknownGPU(name, suggestions: Suggestions.closest(to: name, among: gpus.map { ($0.id, $0.names) }))
    }

    private static func key(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: " ", with: "-")
    }
}
