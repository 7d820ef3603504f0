import Foundation
import ShortlistTestSupport
import Testing

@testable import ShortlistCatalog

/// The binary embeds the catalog files; this proves the embedded copy is the one in the repository.
struct BundledDataTests {
    @Test func embeddedCatalogEqualsTheFilesOnDisk() throws {
        let embedded = Dictionary(uniqueKeysWithValues: BundledCatalogData.files.map { ($0.path, $0.contents) })
        let modelFiles = try FileManager.default.contentsOfDirectory(
            atPath: RepositoryPaths.file("catalog/models").path
        )
        .filter { $0.hasSuffix(".yaml") }
        .map { "catalog/models/\($0)" }
        let onDisk = ["catalog/sources.yaml", "catalog/gpus.yaml"] + modelFiles
        #expect(Set(embedded.keys) == Set(onDisk), "run scripts/embed-data")
        for path in onDisk {
            let text = try String(contentsOf: RepositoryPaths.file(path), encoding: .utf8)
            #expect(embedded[path] == text, "\(path) differs from its embedded copy: run scripts/embed-data")
        }
    }

    @Test func bundledCatalogLoadsWithEveryModelAndGPU() throws {
        let catalog = try CatalogLoader.bundled()
        #expect(catalog.models.count == 23)
        #expect(catalog.gpus.count >= 14)
        for id in [
            "qwen3-8b", "qwen3-4b", "phi-4-mini-instruct", "llama-3.1-8b-instruct", "mistral-7b-instruct-v0.3",
            "gemma-3-4b-it", "qwen3-30b-a3b",
        ] {
            #expect(throws: Never.self) { try catalog.model(named: id) }
        }
        for id in [
            "rtx-4060", "rtx-3060-12gb", "rtx-4060-ti-16gb", "rtx-4090", "l4", "a10g", "l40s", "a100-40gb", "a100-80gb",
            "h100-80gb", "h200", "apple-m4-max-128gb",
        ] {
            #expect(throws: Never.self) { try catalog.gpu(named: id) }
        }
    }

    @Test func everyCitedSourceIsDefinedAndEveryModelHasAComputableShape() throws {
        let catalog = try CatalogLoader.bundled()
        for model in catalog.models {
            #expect(model.shape != nil, "\(model.id) lacks architecture numbers")
            for score in model.benchmarks {
                #expect(catalog.citations[score.source] != nil, "\(model.id) \(score.benchmark) cites \(score.source)")
            }
            #expect(catalog.citations[model.license.id.source] != nil)
        }
    }
}
