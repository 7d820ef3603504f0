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

    /// The A100 80GB's memory as CUDA reports it (deviceQuery), and vLLM 0.32's default utilization.
    static let a100Budget = 0.92 * 85_100_068_864

    /// vLLM's overhead on an A100 (API-server defaults 2,048 batched tokens, 256 sequences) for Llama 3.1 8B:
    /// forward 2048 × (3·4096 + 3·14336) × 2 = 226,492,416; sampler 256 × 128,256 × 23 + 2048 × 4096 × 2 =
    /// 771,948,544, the larger; non-torch 0.15 GiB; CUDA graphs 0.5 GiB (charged since vLLM 0.21).
    static let llamaOverheadOnA100 = 771_948_544 + 0.15 * gib + 0.5 * gib

    /// Llama 3.1 8B's weights as vLLM loads them: 8,030,261,248 parameters × 2 B plus the rotary cache of
    /// 131,072 positions × 128 × 2 B.
    static let llamaWeights = 16_060_522_496.0 + 33_554_432

    @Test func llama31EightBInBF16OnAnA100At8k() throws {
        let result = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 8192))
        #expect(result.weightBytes.total == 16_060_522_496)
        #expect(result.memory.weights == Self.llamaWeights)
        // KV: one group of 32 layers × ⌈8192/16⌉ = 512 blocks × page (16 × 8 heads × 2 × 128 × 2 B = 65,536 B).
        #expect(result.memory.kvCachePerSequence == 1_073_741_824)
        #expect(abs(result.memory.overhead.total - Self.llamaOverheadOnA100) < 1)
        #expect(result.memory.budget == Self.a100Budget)
        // Available 78,292,063,354.88 − 16,094,076,928 − 1,469,880,729.6 = 60,728,105,697.28 B;
        // num_blocks = ⌊60,728,105,697.28 / 65,536 / 32⌋ = 28,957; 28,957 / 512 = 56.56x → 56 sequences.
        #expect(result.kvBlocks == 28_957)
        #expect(result.kvCacheTokens == 28_957 * 16)
        #expect(result.maxConcurrency == 56)
        #expect(abs(result.maxConcurrencyPerReplica - 28_957.0 / 512) < 1e-12)
        #expect(result.verdict == .fits)
    }

    @Test func llama31EightBInBF16OnAnA100At128k() throws {
        let result = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 131_072))
        // KV: 32 layers × 8,192 blocks × 65,536 B = 16 GiB per sequence.
        #expect(result.memory.kvCachePerSequence == 16 * Self.gib)
        // 28,957 blocks / 8,192 = 3.53x → 3 sequences; one leaves 56.56 − 16 = 40.56 GiB.
        #expect(result.maxConcurrency == 3)
        #expect(abs(result.memory.headroom / Self.gib - 40.557) < 0.001)
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
        // Overhead: sampler 256 × 151,936 × 23 + 2048 × 4096 × 2 (above the forward's 2048 × 49,152 × 2)
        // + 0.15 GiB + 0.5 GiB.
        let overhead = 911_376_384 + 0.65 * Self.gib
        #expect(abs(result.memory.overhead.total - overhead) < 1)
        // Budget 0.92 × 16,857,038,848 (CUDA's total); weights 6,098,479,104 + rotary 40,960 × 128 × 2.
        let headroom = 0.92 * 16_857_038_848 - 6_098_479_104 - 10_485_760 - 1_207_959_552 - overhead
        #expect(abs(result.memory.headroom - headroom) < 1)
        #expect(result.verdict == .fits)
        // In BF16 the same model does not fit on that card at all.
        let bf16 = try fit("qwen3-8b", "rtx-4060-ti-16gb", FitRequest(context: 8192))
        #expect(bf16.verdict == .weightsDoNotFit)
    }

    @Test func qwen3MoEOnAnH100KeepsEveryExpertResident() throws {
        let result = try fit("qwen3-30b-a3b", "h100-80gb", FitRequest(context: 32_768))
        // All 30,532,122,624 parameters are resident: 61,064,245,248 B, plus the rotary cache 40,960 × 128 × 2.
        #expect(result.weightBytes.total == 61_064_245_248)
        #expect(result.memory.weights == 61_074_731_008)
        // KV: 48 layers × 2,048 blocks × (16 × 4 × 2 × 128 × 2 = 32,768 B) = 3 GiB.
        #expect(result.memory.kvCachePerSequence == 3 * Self.gib)
        // H100 defaults 8,192 tokens and 1,024 sequences: the sampler 1,024 × 151,936 × 23 + 8,192 × 2,048 × 2
        // outweighs the forward 8,192 × (3·2048 + 3·8·768) × 2; then 0.15 GiB and MoE CUDA graphs 1.3 GiB.
        let overhead = 3_611_951_104 + 1.45 * Self.gib
        #expect(abs(result.memory.overhead.total - overhead) < 1)
        // num_blocks = ⌊(0.92 × 85,045,477,376 − 61,074,731,008 − overhead) / 32,768 / 48⌋ = 7,628;
        // 7,628 / 2,048 = 3.72x → 3.
        #expect(result.kvBlocks == 7_628)
        #expect(result.maxConcurrency == 3)
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

    @Test func gemma3FollowsVLLMsHybridGroups() throws {
        let result = try fit("gemma-3-4b-it", "a100-80gb", FitRequest(context: 131_072))
        // 5 global and 29 local layers: 29 ≥ 1.5 × 5, so groups of 5 — one full-attention group and ⌈29/5⌉ = 6
        // sliding-window groups, the last padded with one layer.
        guard case .vllm(let groups) = result.kvLayout else {
            Issue.record("vLLM layout expected")
            return
        }
        #expect(groups.groupSize == 5)
        #expect(groups.fullGroups == 1)
        #expect(groups.slidingGroups == 6)
        #expect(groups.paddingLayers == 1)
        // Page: 16 × 4 heads × 2 × 256 × 2 B = 65,536 B. Per sequence: 1 × 8,192 blocks + 6 × (⌈min(1024 − 1 + 2048,
        // 131072)/16⌉ + 1 = 193) = 9,350 blocks, each spanning the 5 layers of a group.
        #expect(groups.blocksPerSequence == 9_350)
        #expect(result.memory.kvCachePerSequence == 9_350 * 5 * 65_536)
        // num_blocks = ⌊available / (65,536 × 5)⌋; concurrency = num_blocks / 9,350; the newer vLLM log's token
        // figure is that concurrency × 131,072.
        let available = result.memory.kvCacheAvailable
        #expect(result.kvBlocks == Int(available / 65_536 / 5))
        #expect(result.maxConcurrencyPerReplica == Double(result.kvBlocks) / 9_350)
        #expect(result.kvCacheTokens == Int(Double(result.kvBlocks) / 9_350 * 131_072))
        #expect(result.notes.contains { $0.contains("1 padding layer") })
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
        // Weights split eight ways; the rotary cache is replicated on every GPU.
        #expect((eight.memory.weights - eight.memory.rotaryCache) * 8 == one.memory.weights - one.memory.rotaryCache)
        #expect(eight.memory.rotaryCache == one.memory.rotaryCache)
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
        let result = try fit("llama-3.1-8b-instruct", "a100-80gb", FitRequest(context: 32_768))
        let bytes = result.weightBytes.activePerToken + 32_768 * 131_072
        #expect(abs(result.decode.singleStreamTokensPerSecond - 2039e9 * 0.75 / bytes) < 1e-6)
        // A typical request (1,024 prompt + 256 output tokens) reads only its own KV cache.
        #expect(result.decode.typicalContext == 1280)
        let typical = result.weightBytes.activePerToken + 1280 * 131_072
        #expect(abs(result.decode.typicalTokensPerSecond - 2039e9 * 0.75 / typical) < 1e-6)
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
