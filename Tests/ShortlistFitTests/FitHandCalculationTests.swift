import Testing

@testable import ShortlistCatalog
@testable import ShortlistFit

/// Fit results checked against calculations done by hand (the arithmetic is in each test).
struct FitHandCalculationTests {
    static let gib = 1_073_741_824.0
    let catalog: Catalog

    init() throws {
        catalog = try CatalogLoader.bundled()
    }

    func fit(_ model: String, _ gpu: String, _ request: FitRequest, extended: Bool = false) throws -> FitResult {
        try FitCalculator.fit(
            catalog.model(named: model),
            on: catalog.gpu(named: gpu),
            request,
            allowExtendedContext: extended
        )
    }

    /// vLLM's overhead on an A100 (API-server defaults 2,048 batched tokens, 256 sequences) for Llama 3.1 8B:
    /// activations 2048 × (4·4096 + 48·128 + 2·14336) × 2 = 209,715,200; logits 256 × 128,256 × 4 = 131,334,144;
    /// non-torch 0.15 GiB; CUDA graphs 0.5 GiB.
    static let llamaOverheadOnA100 = 209_715_200 + 131_334_144 + 0.15 * gib + 0.5 * gib

    @Test func llama31EightBInBF16OnAnA100At8k() throws {
        let result = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 8192))
        // Weights: 8,030,261,248 parameters × 2 bytes.
        #expect(result.memory.weights == 16_060_522_496)
        // KV: 32 layers × ⌈8192/16⌉ = 512 blocks × page (16 tokens × 8 heads × 2 × 128 × 2 B = 65,536 B) = 1 GiB.
        #expect(result.memory.kvCachePerSequence == 1_073_741_824)
        #expect(abs(result.memory.overhead.total - Self.llamaOverheadOnA100) < 1)
        // Budget 0.9 × 80 GiB; (budget − weights − overhead) / 1 GiB = 56.07 → 56 sequences.
        #expect(result.memory.budget == 0.9 * 80 * Self.gib)
        #expect(result.maxConcurrency == 56)
        #expect(result.verdict == .fits)
        #expect(
            abs(
                result.maxConcurrencyPerReplica - (0.9 * 80 * Self.gib - 16_060_522_496 - Self.llamaOverheadOnA100)
                    / Self.gib
            ) < 1e-9
        )
    }

    @Test func llama31EightBInBF16OnAnA100At128k() throws {
        let result = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 131_072))
        // KV: 32 layers × 8,192 blocks × 65,536 B = 16 GiB per sequence.
        #expect(result.memory.kvCachePerSequence == 16 * Self.gib)
        // 56.07 GiB free / 16 GiB = 3.5 → 3 sequences; one sequence leaves 72 − 14.96 − 16 − 0.97 ≈ 40.07 GiB.
        #expect(result.maxConcurrency == 3)
        #expect(abs(result.memory.headroom / Self.gib - 40.07) < 0.01)
        // Four sequences at 128k don't fit.
        let four = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 131_072, concurrency: 4))
        #expect(four.verdict == .kvCacheDoesNotFit)
    }

    @Test func qwen3EightBInInt4OnASixteenGigabyteCard() throws {
        let result = try fit("qwen3-8b", "rtx-4060-ti-16gb", FitRequest(weights: .int4AWQ, context: 8192))
        // Untied embedding + lm_head stay 16-bit: 2 × 151,936 × 4,096 × 2 B = 2,489,319,424.
        #expect(result.weightBytes.embeddings == 2_489_319_424)
        // Linear: 36 × (41,943,040 attention + 150,994,944 MLP) weights × (4 + 20/128) bits / 8 = 3,608,543,232.
        #expect(result.weightBytes.linear == 3_608_543_232)
        // Norms and q/k norms (308,224 params) at 16 bits.
        #expect(result.weightBytes.other == 616_448)
        // KV: 36 layers × 512 blocks × 65,536 B.
        #expect(result.memory.kvCachePerSequence == 1_207_959_552)
        // Overhead: 2048 × 47,104 × 2 + 256 × 151,936 × 4 + 0.15 GiB + 0.5 GiB.
        let overhead = 192_937_984 + 155_582_464 + 0.65 * Self.gib
        #expect(abs(result.memory.overhead.total - overhead) < 1)
        let headroom = 0.9 * 16 * Self.gib - 6_098_479_104 - 1_207_959_552 - overhead
        #expect(abs(result.memory.headroom - headroom) < 1)
        #expect(result.verdict == .fits)
        // In BF16 the same model does not fit on that card at all.
        let bf16 = try fit("qwen3-8b", "rtx-4060-ti-16gb", FitRequest(context: 8192))
        #expect(bf16.verdict == .weightsDoNotFit)
    }

    @Test func qwen3MoEOnAnH100KeepsEveryExpertResident() throws {
        let result = try fit("qwen3-30b-a3b", "h100-80gb", FitRequest(context: 32_768))
        // All 30,532,122,624 parameters are resident: 61,064,245,248 B.
        #expect(result.memory.weights == 61_064_245_248)
        // KV: 48 layers × 2,048 blocks × (16 × 4 × 2 × 128 × 2 = 32,768 B) = 3 GiB.
        #expect(result.memory.kvCachePerSequence == 3 * Self.gib)
        // H100 defaults: 8,192 batched tokens × (8,192 + 5,120 + 12,288) × 2; 1,024 × 151,936 × 4; 0.15 + 1.3 GiB.
        let overhead = 419_430_400 + 622_329_856 + 1.45 * Self.gib
        #expect(abs(result.memory.overhead.total - overhead) < 1)
        // (72 GiB − 61,064,245,248 − overhead) / 3 GiB = 4.24 → 4.
        #expect(result.maxConcurrency == 4)
        // FP8 linear layers halve the experts: 1,244,659,712 + 29,896,998,912 + 25,587,712.
        let fp8 = try fit("qwen3-30b-a3b", "h100-80gb", FitRequest(weights: .fp8, context: 32_768))
        #expect(fp8.weightBytes.total == 31_167_246_336)
        // Decoding reads only the 8 active experts: about a tenth of the weights per token.
        #expect(result.weightBytes.activePerToken < result.weightBytes.total / 8)
    }

    @Test func ggufQ4KMFollowsLlamaCppsTensorMix() throws {
        let shape = try #require(try catalog.model(named: "llama-3.1-8b-instruct").shape)
        // Layers 0-3, 28-31 and every third between (6, 9, … 27) keep attn_v and ffn_down at Q6_K (16 of 32);
        // token_embd is Q4_K, output Q6_K, norms F32.
        let more = (0..<32).filter { WeightFormat.useMoreBits(layer: $0, layers: 32) }
        #expect(more == [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31])
        let q4k = 4.5
        let q6k = 6.5625
        var expected = 525_336_576 * q4k / 8 + 525_336_576 * q6k / 8 + Double(32 * 2 * 4096 + 4096) * 4
        for layer in 0..<32 {
            expected += Double(16_777_216 * 2 + 4_194_304 + 58_720_256 * 2) * q4k / 8
            expected += Double(4_194_304 + 58_720_256) * (more.contains(layer) ? q6k : q4k) / 8
        }
        #expect(WeightFormat.ggufQ4_K_M.bytes(for: shape).total == expected)
        #expect(expected == 4_912_898_048)  // the published Q4_K_M file is 4.92 GB including metadata
    }

    @Test func kQuantRowsThatDontFitA256BlockFallBack() throws {
        // SmolLM2-135M: hidden 576 is not a multiple of 256, so Q4_K rows fall back to Q5_0 and tied Q6_K to Q8_0.
        let shape = try #require(try catalog.model(named: "smollm2-135m-instruct").shape)
        let bytes = WeightFormat.ggufQ4_K_M.bytes(for: shape)
        let embedding = 49_152.0 * 576 * 8.5 / 8
        #expect(bytes.embeddings == embedding)
    }

    @Test func gemma3SlidingWindowLayersHoldOnlyTheirWindow() throws {
        let result = try fit("gemma-3-4b-it", "a100-80gb", FitRequest(context: 131_072))
        // Page: 16 × 4 heads × 2 × 256 × 2 B = 65,536 B. 5 global layers × 8,192 blocks; 29 local layers ×
        // (⌈min(1024 − 1 + 2048, 131072)/16⌉ + 1 = 193) blocks.
        #expect(result.memory.kvCachePerSequence == Double(5 * 8192 + 29 * 193) * 65_536)
    }

    @Test func fp8KVCacheHalvesTheCache() throws {
        let fp16 = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 32_768))
        let fp8 = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(kvCache: .fp8, context: 32_768))
        #expect(fp8.memory.kvCachePerSequence * 2 == fp16.memory.kvCachePerSequence)
        #expect(fp8.maxConcurrency >= fp16.maxConcurrency * 2)
    }

    @Test func tensorParallelSplitsWeightsAndReplicatesKVHeadsBeyondTheirCount() throws {
        let one = try fit("qwen3-30b-a3b", "a100-80gb", FitRequest(context: 32_768))
        let eight = try fit("qwen3-30b-a3b", "a100-80gb", FitRequest(context: 32_768, gpuCount: 8))
        #expect(eight.memory.weights * 8 == one.memory.weights)
        // 4 KV heads over 8 GPUs: each GPU keeps one (replicated) head, so per-GPU KV is a quarter, not an eighth.
        #expect(eight.memory.kvCachePerSequence * 4 == one.memory.kvCachePerSequence)
        #expect(eight.notes.contains { $0.contains("replicated KV head") })
    }

    @Test func dataParallelReplicasMultiplyConcurrency() throws {
        let one = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 8192))
        let two = try fit(
            "llama-3.1-8b-instruct",
            "a100-80gb",
            FitRequest(context: 8192, gpuCount: 2, tensorParallel: 1)
        )
        #expect(two.request.replicas == 2)
        #expect(two.maxConcurrency == 2 * one.maxConcurrency)
    }

    @Test func decodeEstimateIsBandwidthOverBytesRead() throws {
        let result = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 1024))
        let bytes = result.weightBytes.activePerToken + 1024 * 131_072
        #expect(abs(result.decode.singleStreamTokensPerSecond - 2039e9 * 0.75 / bytes) < 1e-6)
        // The lm_head dominates what decoding reads beyond the layers; the embedding contributes one row.
        #expect(result.weightBytes.activePerToken < result.weightBytes.total)
    }

    @Test func prefillEstimateIsFLOPsOverThroughput() throws {
        let result = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 8192, promptTokens: 1000))
        let prefill = try #require(result.prefill)
        let p = result.parameters
        let flops =
            2.0 * Double(p.active - p.embedding - p.lmHead) * 1000 + 2 * 128_256 * 4096 + 32 * 4 * 4096 * 1000 * 1000
            / 2
        #expect(abs(prefill.flops - flops) / flops < 1e-12)
        #expect(abs(prefill.seconds - flops / (312e12 * 0.5)) < 1e-12)
    }

    @Test func aGPUWithoutPublishedThroughputHasNoPrefillEstimate() throws {
        let result = try fit("qwen3-4b", "rtx-3060-12gb", FitRequest(weights: .ggufQ4_K_M, context: 4096))
        #expect(result.prefill == nil)
        #expect(result.decode.singleStreamTokensPerSecond > 0)
    }
}
