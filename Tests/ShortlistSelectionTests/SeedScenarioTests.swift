import Foundation
import ShortlistTestSupport
import Testing

@testable import ShortlistCatalog
@testable import ShortlistSelection

/// The seed's Phase 5 portfolio, its Phase 4 decision tree and its quick reference, as executable cases.
///
/// Every expectation must follow from catalog data, the rubric and the rules: the engine names no model.
struct SeedScenarioTests {
    let catalog: Catalog
    let rules: SelectionRules

    init() throws {
        catalog = try CatalogLoader.bundled()
        rules = try SelectionRules.bundled()
    }

    func recommend(_ requirements: Requirements, catalog: Catalog? = nil) throws -> Recommendation {
        try Recommender(catalog: catalog ?? self.catalog, rules: rules).recommend(requirements)
    }

    func example(_ name: String) throws -> Requirements {
        let path = RepositoryPaths.file("examples/\(name)").path
        return try Requirements.parse(
            try String(contentsOfFile: path, encoding: .utf8),
            path: path,
            licensePolicies: rules.licensePolicyNames
        )
    }

    @Test func phase5RequirementsGiveTheSeedsPortfolioAndTiers() throws {
        let result = try recommend(try example("enterprise-chat.yaml"))
        #expect(
            result.portfolio.map(\.modelID) == [
                "qwen3-8b", "llama-3.1-8b-instruct", "mistral-7b-instruct-v0.3", "phi-4-mini-instruct",
            ]
        )
        #expect(result.portfolio.map(\.tier) == [1, 1, 2, 3])
        #expect(result.portfolio.map(\.role) == [.quality, .ecosystem, .throughput, .cost])
        // The seed's "alternative": if multilingual is critical, Qwen3-4B replaces Mistral 7B.
        #expect(result.alternatives.contains { $0.replace == "mistral-7b-instruct-v0.3" && $0.with == "qwen3-4b" })
        // Dense only, Llama licence acceptable: the MoE and the Gemma models are excluded with their reasons.
        let excluded = Dictionary(uniqueKeysWithValues: result.excluded.map { ($0.modelID, $0.reasons) })
        #expect(excluded["qwen3-30b-a3b"]?.contains("MoE excluded by 'dense only'") == true)
        #expect(
            excluded["gemma-3-4b-it"]?.first?.contains("not in the 'attribution-acceptable' licence policy") == true
        )
    }

    @Test func multilingualCriticalReplacesMistralWithQwen3FourB() throws {
        let result = try recommend(try example("enterprise-chat-multilingual.yaml"))
        #expect(
            result.portfolio.map(\.modelID) == ["qwen3-8b", "llama-3.1-8b-instruct", "qwen3-4b", "phi-4-mini-instruct"]
        )
        #expect(result.portfolio[2].rationale.hasPrefix("Replaces mistral-7b-instruct-v0.3"))
    }

    @Test func aLicenceChangeInTheCatalogChangesThePortfolio() throws {
        // If Llama 3.1's licence became research-only, the Phase 5 portfolio could no longer hold it.
        var changed = catalog
        var llama = try catalog.model(named: "llama-3.1-8b-instruct")
        llama.license.id.value = "mistral-research"
        changed.upsert(llama)
        let result = try recommend(try example("enterprise-chat.yaml"), catalog: changed)
        #expect(!result.portfolio.map(\.modelID).contains("llama-3.1-8b-instruct"))
        #expect(result.excluded.contains { $0.modelID == "llama-3.1-8b-instruct" && $0.failed == [.license] })
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var seed: String
        var requirements: Requirements
        /// Models that must all be in the portfolio.
        var all: [String] = []
        /// Models of which at least one must be in the portfolio ("X or Y" in the seed).
        var anyOf: [String] = []
        var testDescription: String { seed }
    }

    static func requirements(
        _ category: TaskCategory,
        gpu: String? = nil,
        memory: Double? = nil,
        _ change: (inout Requirements) -> Void = { _ in }
    ) -> Requirements {
        var requirements = Requirements(category: category)
        if let gpu { requirements.hardware = .gpu(id: gpu, count: 1) }
        if let memory { requirements.hardware = .memory(gib: memory) }
        change(&requirements)
        return requirements
    }

    static let phase4: [Row] = [
        Row(
            seed: "Code/Reasoning/Math, tight memory (<16GB): Phi-4-mini",
            requirements: requirements(.reasoning, memory: 12),
            all: ["phi-4-mini-instruct"]
        ),
        Row(
            seed: "Code/Reasoning/Math, more memory: Qwen3-8B or Llama 3.1-8B",
            requirements: requirements(.code, gpu: "a100-80gb"),
            anyOf: ["qwen3-8b", "llama-3.1-8b-instruct"]
        ),
        Row(
            seed: "Multilingual, 100+ languages: Qwen3-8B",
            requirements: requirements(.multilingual, gpu: "a100-80gb") { $0.languages = .atLeast(100) },
            all: ["qwen3-8b"]
        ),
        Row(
            seed: "Multilingual, major languages only: Llama 3.1-8B or Mistral 7B",
            requirements: requirements(.multilingual, gpu: "a100-80gb") {
                $0.languages = .codes(["en", "de", "fr", "es", "it", "pt"])
            },
            anyOf: ["llama-3.1-8b-instruct", "mistral-7b-instruct-v0.3"]
        ),
        Row(
            seed: "Enterprise chat, Apache 2.0 required: Qwen3-8B or Mistral 7B",
            requirements: requirements(.conversational, gpu: "a100-80gb") { $0.license = "permissive-only" },
            all: ["qwen3-8b", "mistral-7b-instruct-v0.3"]
        ),
        Row(
            seed: "Enterprise chat, maximum ecosystem: Llama 3.1-8B",
            requirements: requirements(.conversational, gpu: "a100-80gb") { $0.priority = .maxEcosystem },
            all: ["llama-3.1-8b-instruct"]
        ),
        Row(
            seed: "Enterprise chat, budget hardware: Mistral 7B or Qwen3-4B",
            requirements: requirements(.conversational, memory: 16),
            anyOf: ["mistral-7b-instruct-v0.3", "qwen3-4b"]
        ),
        Row(
            seed: "Multimodal, any: Gemma 3-4B",
            requirements: requirements(.multimodal, gpu: "l4") { $0.modality = .vision },
            all: ["gemma-3-4b-it"]
        ),
        Row(
            seed: "Edge/mobile: Qwen3-4B, Phi-4-mini or Gemma 3-4B",
            requirements: requirements(.conversational) { $0.deployment = .edge },
            anyOf: ["qwen3-4b", "phi-4-mini-instruct", "gemma-3-4b-it"]
        ),
        Row(
            seed: "Maximum quality + low inference cost: Qwen3-30B-A3B",
            requirements: requirements(.conversational, gpu: "h100-80gb") { $0.priority = .qualityAndCost },
            all: ["qwen3-30b-a3b"]
        ),
    ]

    static let quickReference: [Row] = [
        Row(
            seed: "Best overall quality (<8B): Qwen3-8B",
            requirements: requirements(.conversational, gpu: "a100-80gb") { $0.priority = .bestQuality },
            all: ["qwen3-8b"]
        ),
        Row(
            seed: "Smallest efficient model: Phi-4-mini",
            requirements: requirements(.conversational, gpu: "a100-80gb") { $0.priority = .smallestEfficient },
            all: ["phi-4-mini-instruct"]
        ),
        Row(
            seed: "Maximum ecosystem/tooling: Llama 3.1-8B",
            requirements: requirements(.conversational, gpu: "a100-80gb") { $0.priority = .maxEcosystem },
            all: ["llama-3.1-8b-instruct"]
        ),
        Row(
            seed: "Consumer hardware deployment: Mistral 7B",
            requirements: requirements(.conversational) { $0.priority = .consumerHardware },
            all: ["mistral-7b-instruct-v0.3"]
        ),
        Row(
            seed: "Multilingual (100+ langs): Qwen3-8B",
            requirements: requirements(.multilingual, gpu: "a100-80gb") { $0.priority = .multilingual },
            all: ["qwen3-8b"]
        ),
        Row(
            seed: "Code generation: Phi-4-mini or Qwen3-8B",
            requirements: requirements(.code, gpu: "a100-80gb") { $0.priority = .code },
            anyOf: ["phi-4-mini-instruct", "qwen3-8b"]
        ),
        Row(
            seed: "MoE architecture testing: Qwen3-30B-A3B",
            requirements: requirements(.conversational, gpu: "h100-80gb") { $0.priority = .moeTesting },
            all: ["qwen3-30b-a3b"]
        ),
        Row(
            seed: "Multimodal capability: Gemma 3-4B",
            requirements: requirements(.multimodal, gpu: "l4") { $0.priority = .multimodal },
            all: ["gemma-3-4b-it"]
        ),
        Row(
            seed: "Fully open license: Qwen3 (Apache 2.0) or Phi-4 (MIT)",
            requirements: requirements(.conversational, gpu: "a100-80gb") { $0.priority = .openLicense },
            all: ["qwen3-8b", "phi-4-mini-instruct"]
        ),
    ]

    @Test(arguments: phase4 + quickReference)
    func seedRowRecommendsItsModels(row: Row) throws {
        let result = try recommend(row.requirements)
        let portfolio = Set(result.portfolio.map(\.modelID))
        for model in row.all {
            #expect(portfolio.contains(model), "\(row.seed): \(model) not in \(portfolio.sorted())")
        }
        if !row.anyOf.isEmpty {
            #expect(
                !portfolio.isDisjoint(with: row.anyOf),
                "\(row.seed): none of \(row.anyOf) in \(portfolio.sorted())"
            )
        }
        #expect(!result.firedRules.isEmpty || row.requirements.priority == nil, "\(row.seed): no rule fired")
    }

    @Test func theOpenLicenceRuleExcludesLlamaAndTracesItself() throws {
        let result = try recommend(Self.requirements(.conversational, gpu: "a100-80gb") { $0.priority = .openLicense })
        #expect(result.firedRules.map(\.id).contains("quick-open-license"))
        #expect(result.requirements.licensePolicy == "permissive-only")
        #expect(result.excluded.first { $0.modelID == "llama-3.1-8b-instruct" }?.failed == [.license])
    }

    @Test func theEngineNamesNoModelAndNoGPU() throws {
        // Outcomes must follow from data: no catalog id or repository, and no GPU id or name written as a string
        // literal, may appear in the engine's sources (hardware defaults live in rules/selection.yaml).
        let sources = RepositoryPaths.file("Sources/ShortlistSelection")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Generated/") }
        #expect(files.count >= 8)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8).lowercased()
            for model in catalog.models {
                #expect(!text.contains(model.id), "\(file) names \(model.id)")
                #expect(!text.contains(model.hfRepo.lowercased()), "\(file) names \(model.hfRepo)")
            }
            for gpu in catalog.gpus {
                for name in [gpu.id] + gpu.names {
                    #expect(!text.contains("\"\(name.lowercased())\""), "\(file) names the GPU \(name)")
                }
            }
        }
    }
}
