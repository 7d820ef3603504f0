import Testing

@testable import ShortlistCatalog

/// Facts that catalogs commonly get wrong (shared/reference/model-traps.md).
struct CatalogTrapTests {
    let catalog: Catalog

    init() throws {
        catalog = try CatalogLoader.bundled()
    }

    @Test func mtBenchIsPublishedOnlyForSmolLM2OneSevenB() {
        let withMTBench = catalog.models.filter { $0.benchmarks.contains { $0.benchmark == "MT-Bench" } }.map(\.id)
        #expect(withMTBench == ["smollm2-1.7b-instruct"])
    }

    @Test func qwen3NativeContextIsThirtyTwoKNotMaxPositionEmbeddings() throws {
        let qwen = try catalog.model(named: "Qwen/Qwen3-8B")
        #expect(qwen.context.native.value == 32_768)
        #expect(qwen.context.extended?.value == 131_072)
        #expect(qwen.context.maxPositionEmbeddings?.value == 40_960)
    }

    @Test func mistralV03HasNoSlidingWindowAndAnApacheLicense() throws {
        let mistral = try catalog.model(named: "mistral-7b-instruct-v0.3")
        #expect(mistral.architecture.slidingWindow?.value == nil)
        #expect(mistral.license.id.value == "apache-2.0")
        #expect(mistral.context.native.value == 32_768)
    }

    @Test func ministralIsResearchOnlyAndGemmaIsConditional() throws {
        #expect(try catalog.model(named: "ministral-8b-instruct-2410").license.commercial.value == .no)
        #expect(try catalog.model(named: "gemma-3-4b-it").license.commercial.value == .conditional)
        #expect(try catalog.model(named: "llama-3.1-8b-instruct").license.commercial.value == .conditional)
        #expect(try catalog.model(named: "phi-4-mini-instruct").license.id.value == "mit")
    }

    @Test func gemmaFoldsTheSystemPromptIntoTheFirstUserTurn() throws {
        #expect(try catalog.model(named: "gemma-3-4b-it").chatTemplate.systemRole.value == false)
    }

    @Test func ifevalScoresSayWhichVariantTheyAre() throws {
        for model in catalog.models {
            for score in model.benchmarks where score.benchmark == "IFEval" {
                #expect(
                    score.variant != nil || score.note != nil,
                    "\(model.id): IFEval \(score.value) without a variant"
                )
            }
        }
    }

    @Test func qwen3ScoresNameTheirThinkingMode() throws {
        let qwen = try catalog.model(named: "qwen3-8b")
        let instruct = qwen.benchmarks.filter { $0.modelVariant == .instruct && $0.selfReported }
        #expect(!instruct.isEmpty)
        #expect(instruct.allSatisfy { $0.mode != nil })
    }

    @Test func draftModelsComeFromTheSameFamilyAndVocabulary() throws {
        #expect(catalog.draftModel(for: try catalog.model(named: "qwen3-8b"))?.modelID == "qwen3-0.6b")
        #expect(
            catalog.draftModel(for: try catalog.model(named: "llama-3.1-8b-instruct"))?.modelID
                == "llama-3.2-1b-instruct"
        )
        #expect(catalog.draftModel(for: try catalog.model(named: "smollm2-135m-instruct")) == nil)
    }
}

/// Linking a run to its catalog card from the name the server reports.
struct ServedNameTests {
    let catalog: Catalog

    init() throws {
        catalog = try CatalogLoader.bundled()
    }

    @Test(arguments: [
        ("qwen3-8b", "qwen3-8b"),  // an id
        ("Qwen/Qwen3-8B", "qwen3-8b"),  // vLLM serves the repository name
        ("local/Qwen3-8B-AWQ", "qwen3-8b"),  // a quantised copy in another namespace
        ("smollm2-135m-instruct", "smollm2-135m-instruct"),  // llama.cpp's alias in scripts/local-llm
        ("qwen3:8b", "qwen3-8b"),  // Ollama's name:tag
    ])
    func servedNamesFindTheirCard(served: String, id: String) {
        #expect(catalog.model(servedAs: served)?.id == id)
    }

    @Test(arguments: ["fake-model", "gpt-4o", ""])
    func namesOfOtherModelsFindNothing(served: String) {
        #expect(catalog.model(servedAs: served) == nil)
    }
}
