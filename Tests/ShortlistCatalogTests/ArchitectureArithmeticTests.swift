import Testing

@testable import ShortlistCatalog

/// Parameter counts and KV sizes come from the architecture numbers; these tests hold them to published figures.
struct ArchitectureArithmeticTests {
    let catalog: Catalog

    init() throws {
        catalog = try CatalogLoader.bundled()
    }

    func shape(_ id: String) throws -> ArchitectureShape {
        try #require(try catalog.model(named: id).shape)
    }

    @Test func llama31EightBHasItsExactParameterCountAndKVSize() throws {
        let llama = try shape("llama-3.1-8b-instruct")
        #expect(llama.parameters.total == 8_030_261_248)
        #expect(llama.kvBytesPerToken() == 131_072)
    }

    @Test func qwen3EightBAndFourBShareTheirKVSizeBecauseHeadDimIsExplicit() throws {
        #expect(try shape("qwen3-8b").kvBytesPerToken() == 147_456)
        #expect(try shape("qwen3-4b").kvBytesPerToken() == 147_456)
        #expect(try shape("qwen3-4b").headDim == 128)  // not 2560 / 32 = 80
    }

    @Test func qwen3MoEActivatesAboutThreePointThreeFiveBillion() throws {
        let moe = try shape("qwen3-30b-a3b")
        #expect(moe.kvBytesPerToken() == 98_304)
        #expect(moe.parameters.total == 30_532_122_624)
        #expect(moe.parameters.active == 3_353_032_704)
        #expect(abs(Double(moe.parameters.active) / 1e9 - 3.35) < 0.01)
    }

    @Test func gemma3KVGrowsTwentyThousandBytesPerTokenPastItsWindow() throws {
        let gemma = try shape("gemma-3-4b-it")
        #expect(gemma.fullAttentionLayerCount == 5)
        #expect(gemma.slidingLayerCount == 29)
        #expect(gemma.kvBytesPerToken() == 20_480)
        #expect(gemma.kvBytesPerTokenAllLayers() == 139_264)  // the naive formula
        // Past the 1,024-token window each further token adds only the global layers' K and V.
        #expect(gemma.kvBytes(tokens: 4096) - gemma.kvBytes(tokens: 2048) == 2048 * 20_480)
        // The local layers hold 29 × 1,024 tokens ≈ 116 MiB once full.
        #expect(gemma.kvBytes(tokens: 1024) - 1024 * 20_480 == 121_634_816)
    }

    /// Totals computed from the config numbers in shared/reference/model-facts.yaml (`computed_total`).
    @Test(arguments: [
        ("qwen3-8b", 8_190_735_360), ("qwen3-4b", 4_022_468_096), ("qwen3-30b-a3b", 30_532_122_624),
        ("phi-4-mini-instruct", 3_836_021_760), ("llama-3.1-8b-instruct", 8_030_261_248),
        ("mistral-7b-instruct-v0.3", 7_248_023_552), ("gemma-3-4b-it", 4_300_079_472), ("qwen3-1.7b", 1_720_574_976),
        ("qwen3-0.6b", 596_049_920), ("llama-3.2-3b-instruct", 3_212_749_824), ("llama-3.2-1b-instruct", 1_235_814_400),
        ("gemma-3-1b-it", 999_885_952), ("gemma-3-12b-it", 12_187_325_040), ("smollm3-3b", 3_075_098_624),
        ("granite-3.3-8b-instruct", 8_170_864_640), ("granite-3.3-2b-instruct", 2_533_539_840),
        ("ministral-8b-instruct-2410", 8_019_808_256), ("olmo-2-1124-7b-instruct", 7_298_617_344),
        ("qwen2.5-7b-instruct", 7_615_616_512), ("smollm2-1.7b-instruct", 1_711_376_384),
        ("smollm2-360m-instruct", 361_821_120), ("smollm2-135m-instruct", 134_515_008),
    ])
    func parameterCountMatchesTheReference(id: String, total: Int) throws {
        #expect(try shape(id).parameters.total == total)
    }

    @Test func gemma3FourBSplitsIntoTextAndVisionAsTheReferenceDoes() throws {
        let p = try shape("gemma-3-4b-it").parameters
        #expect(p.text == 3_880_263_168)
        #expect(p.vision == 419_816_304)
    }

    @Test func fullMultiHeadAttentionModelsHaveLargeKVCaches() throws {
        #expect(try shape("olmo-2-1124-7b-instruct").kvBytesPerToken() == 524_288)
        #expect(try shape("smollm2-1.7b-instruct").kvBytesPerToken() == 196_608)
    }
}
