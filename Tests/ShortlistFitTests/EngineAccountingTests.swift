import Testing

@testable import ShortlistCatalog
@testable import ShortlistFit

/// Memory as each engine charges it: vLLM's budget from CUDA's total, its release differences, llama.cpp's cells.
struct EngineAccountingTests {
    static let gib = 1_073_741_824.0
    static let mib = 1_048_576.0
    let catalog: Catalog

    init() throws {
        catalog = try CatalogLoader.bundled()
    }

    func fit(_ model: String, _ gpu: String, _ request: FitRequest) throws -> FitResult {
        try FitCalculator.fit(catalog.model(named: model), on: catalog.gpu(named: gpu), request)
    }

    /// vLLM's own out-of-memory messages name the budget: "(0.92, 20.27 GiB)" on an L4 and "(0.9, 71.27 GiB)"
    /// on an H100 80GB.
    @Test(arguments: [("l4", 0.92, 20.27), ("h100-80gb", 0.9, 71.27)])
    func budgetsMatchVLLMsOwnFigures(gpu: String, utilization: Double, budget: Double) throws {
        let result = try fit("qwen3-0.6b", gpu, FitRequest(context: 4096, gpuMemoryUtilization: utilization))
        #expect(abs(result.memory.budget / Self.gib - budget) / budget < 0.02)
        #expect(!result.memory.gpuMemoryIsNominal)
    }

    @Test func everyPublishedCUDATotalIsJustBelowTheVendorFigure() throws {
        let gpus = catalog.gpus.filter { $0.cudaTotalBytes?.value != nil }
        #expect(gpus.count >= 9)
        for gpu in gpus {
            let total = try #require(gpu.cudaTotalBytes?.value)
            let nominal = try #require(gpu.memoryBytes)
            // The driver and ECC keep 1-9% of the card; a figure outside that is a transcription error.
            #expect(total < nominal && total > 0.9 * nominal, "\(gpu.id): \(total) of \(nominal)")
            #expect(catalog.citations[gpu.cudaTotalBytes?.source ?? ""] != nil, "\(gpu.id) cites its total")
        }
    }

    @Test func llamaThreeOneEightBAtThirtyTwoKOnAnL4DoesNotFit() throws {
        let result = try fit("llama-3.1-8b-instruct", "l4", FitRequest(context: 32_768))
        // 0.92 × 23,570,219,008 = 20.20 GiB; weights 14.99, overhead 1.37 (sampler 0.72, non-torch 0.15, graphs
        // 0.5): 3.84 GiB left for a 4 GiB cache.
        #expect(result.verdict == .kvCacheDoesNotFit)
        #expect(result.maxConcurrency == 0)
        #expect(result.memory.kvCacheAvailable < 4 * Self.gib)
    }

    @Test func cudaGraphsAreChargedFromVLLMZeroTwentyOneAndNeverWhenEager() throws {
        let old = try fit("qwen3-8b", "h100", FitRequest(vllmVersion: EngineVersion("0.20.2")!))
        let new = try fit("qwen3-8b", "h100", FitRequest(vllmVersion: EngineVersion("0.21.0")!))
        let eager = try fit("qwen3-8b", "h100", FitRequest(enforceEager: true))
        #expect(old.memory.utilization == 0.9)
        #expect(old.memory.overhead.cudaGraphs == 0)
        #expect(new.memory.utilization == 0.92)
        #expect(new.memory.overhead.cudaGraphs == 0.5 * Self.gib)
        #expect(eager.memory.overhead.cudaGraphs == 0)
        #expect(eager.memory.overhead.total == old.memory.overhead.total)
    }

    @Test func tensorParallelAddsNoNCCLCharge() throws {
        let one = try fit("qwen3-8b", "h100", FitRequest(context: 8192))
        let two = try fit("qwen3-8b", "h100", FitRequest(context: 8192, gpuCount: 2))
        #expect(two.memory.overhead.nonTorch == one.memory.overhead.nonTorch)
    }

    /// llama.cpp, Llama 3.1 8B in Q4_K_M on an RTX 4090 with `--parallel 4` slots of 8,192 tokens, by hand.
    @Test func aLlamaCppQ4KMFitWithFourSlotsByHand() throws {
        let result = try fit(
            "llama-3.1-8b-instruct",
            "rtx-4090",
            FitRequest(weights: .ggufQ4_K_M, context: 8192, concurrency: 4)
        )
        #expect(result.engine == .llamaCpp)
        // Weights: the Q4_K_M mix, 4,912,898,048 B; llama.cpp has no rotary cache.
        #expect(result.memory.weights == 4_912_898_048)
        // Cells: pad256(8192) = 8,192 per slot; llama-server needs --ctx-size 4 × 8,192 = 32,768.
        guard case .llamaCpp(let cells) = result.kvLayout else {
            Issue.record("llama.cpp layout expected")
            return
        }
        #expect(cells.fullCells == 8192)
        #expect(cells.contextSize == 32_768)
        // KV per slot: 32 layers × 8,192 cells × (2 × 8 heads × 128 × 2 B = 4,096 B) = 1 GiB; four slots 4 GiB.
        #expect(result.memory.kvCachePerSequence == Self.gib)
        #expect(result.memory.kvCache == 4 * Self.gib)
        // Compute buffer: logits 128,256 × 512 × 4 + activations 512 × 4,096 × 4 = 271,056,896 B = 258.50 MiB,
        // the figure llama.cpp logs for this model ("CUDA0 compute buffer size = 258.50 MiB"). CUDA context 0.5 GiB.
        #expect(result.memory.overhead.computeBuffer == 271_056_896)
        #expect(result.memory.overhead.cudaContext == 0.5 * Self.gib)
        // Budget: all of CUDA's 25,386,352,640 B; no utilization cap.
        #expect(result.memory.budget == 25_386_352_640)
        let available = 25_386_352_640 - 4_912_898_048 - 271_056_896 - 0.5 * Self.gib
        #expect(result.memory.kvCacheAvailable == available)
        #expect(result.maxConcurrency == Int(available / Self.gib))
        #expect(result.verdict == .fits)
        #expect(result.notes.contains { $0.contains("--ctx-size 32768 --parallel 4") })
    }

    /// llama.cpp keeps `pad256(min(n_ctx_seq, window + n_ubatch))` cells per slot in Gemma 3's local layers.
    @Test func gemma3OnLlamaCppKeepsTheWindowPlusAMicroBatch() throws {
        let request = FitRequest(weights: .ggufQ4_K_M, context: 32_768, concurrency: 2)
        let windowed = try fit("gemma-3-4b-it", "rtx-4090", request)
        var fullRequest = request
        fullRequest.swaFull = true
        let full = try fit("gemma-3-4b-it", "rtx-4090", fullRequest)
        guard case .llamaCpp(let cells) = windowed.kvLayout, case .llamaCpp(let fullCells) = full.kvLayout else {
            Issue.record("llama.cpp layouts expected")
            return
        }
        // 1,024-token window + 512 = 1,536, already a multiple of 256.
        #expect(cells.slidingCells == 1536)
        #expect(fullCells.slidingCells == 32_768)
        // Per slot: (5 global × 32,768 + 29 local × 1,536) cells × (2 × 4 × 256 × 2 B = 4,096 B).
        #expect(windowed.memory.kvCachePerSequence == Double(5 * 32_768 + 29 * 1536) * 4096)
        #expect(full.memory.kvCachePerSequence == Double(34 * 32_768) * 4096)
    }

    @Test(arguments: [1, 100, 255, 256, 4097, 8192, 32_769])
    func llamaCppCellsAreTheContextPaddedTo256(context: Int) throws {
        for model in catalog.models where model.shape != nil && model.context.native.value ?? 0 >= context {
            let shape = try #require(model.shape)
            let cells = KVCacheLayout.llamaCpp(
                shape: shape,
                request: FitRequest(weights: .ggufQ4_K_M, context: context, concurrency: 3),
                microBatch: 512
            )
            #expect(cells.fullCells % 256 == 0 && cells.fullCells >= context && cells.fullCells - context < 256)
            #expect(cells.slidingCells % 256 == 0 && cells.slidingCells <= cells.fullCells, "\(model.id)")
            #expect(cells.contextSize == 3 * cells.fullCells)
        }
    }

    /// Over every catalog model: one attention type is one group of every layer holding `⌈L/16⌉` blocks; a hybrid
    /// model's groups hold at least its real layers and never fewer blocks than its layers need.
    @Test(arguments: [2048, 32_768, 131_072])
    func vllmGroupsCoverEveryLayer(context: Int) throws {
        for model in catalog.models {
            guard let shape = model.shape else { continue }
            let request = FitRequest(context: context)
            let groups = KVCacheLayout.vllm(shape: shape, request: request, batchedTokens: 2048)
            #expect(groups.groupSize * groups.groups == shape.layers + groups.paddingLayers, "\(model.id)")
            #expect(groups.paddingLayers >= 0 && groups.paddingLayers < groups.groups * groups.groupSize)
            if !groups.isHybrid {
                #expect(groups.groupSize == shape.layers && groups.groups == 1, "\(model.id)")
            }
            let fullBlocks = (context + 15) / 16
            let windowBlocks = shape.slidingWindow.map { (min($0 - 1 + 2048, context) + 15) / 16 + 1 } ?? 0
            let needed = shape.fullAttentionLayerCount * fullBlocks + shape.slidingLayerCount * windowBlocks
            #expect(groups.blocksPerSequence * groups.groupSize >= needed, "\(model.id)")
        }
    }

    @Test func enginesRefuseFormatsTheyCantLoad() throws {
        let model = try catalog.model(named: "qwen3-8b")
        let gpu = try catalog.gpu(named: "l4")
        #expect(throws: FitError.self) {
            try FitCalculator.fit(model, on: gpu, FitRequest(weights: .ggufQ4_K_M, engine: .vllm))
        }
        #expect(throws: FitError.self) {
            try FitCalculator.fit(model, on: gpu, FitRequest(weights: .fp8, engine: .llamaCpp))
        }
        #expect(throws: FitError.self) {
            try FitCalculator.fit(model, on: gpu, FitRequest(weights: .ggufQ4_K_M, kvCache: .fp8))
        }
        // 16-bit GGUF and a q8_0 cache are llama.cpp's own.
        let bf16 = try FitCalculator.fit(model, on: gpu, FitRequest(weights: .bf16, kvCache: .q8, engine: .llamaCpp))
        #expect(bf16.engine == .llamaCpp)
        #expect(bf16.memory.kvCachePerSequence == Double(36 * 8192 * 2 * 8 * 128) * 34 / 32)
    }

    @Test func decodeEfficiencyDependsOnTheEngineAndTheMemory() throws {
        let vllm = try fit("qwen3-8b", "h100", FitRequest(weights: .bf16))
        let llamaHBM = try fit("qwen3-8b", "h100", FitRequest(weights: .ggufQ8_0))
        let llamaGDDR = try fit("qwen3-8b", "rtx-4090", FitRequest(weights: .ggufQ8_0))
        #expect(vllm.decode.bandwidthEfficiency == 0.75)
        #expect(llamaHBM.decode.bandwidthEfficiency == 0.35)
        #expect(llamaGDDR.decode.bandwidthEfficiency == 0.6)
        let given = try fit("qwen3-8b", "h100", FitRequest(weights: .ggufQ8_0, bandwidthEfficiency: 0.5))
        #expect(given.decode.bandwidthEfficiency == 0.5)
        // llama.cpp's prefill on a GeForce card runs at the FP16-accumulate rate, twice the BF16 one.
        #expect(llamaGDDR.prefill?.tflops == 330.3)
    }

    @Test func aGPUWithoutAPublishedCUDATotalIsFlagged() throws {
        let result = try fit("qwen3-0.6b", "a10g", FitRequest(context: 4096))
        #expect(result.memory.gpuMemoryIsNominal)
        #expect(result.memory.gpuMemory == 24 * Self.gib)
        #expect(result.notes.contains { $0.contains("vendor's figure") })
    }
}
