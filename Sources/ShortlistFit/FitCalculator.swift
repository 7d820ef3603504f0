package import ShortlistCatalog

/// Memory fit and speed estimates for a model on GPUs: pure functions over catalog values.
///
/// Memory follows the engine's own accounting. vLLM: each GPU's budget is `gpu_memory_utilization × CUDA total`;
/// weights are split over the tensor-parallel group; KV heads are split too and replicated when there are fewer
/// KV heads than GPUs; the KV cache is paged in blocks of 16 tokens over vLLM's layer groups. llama.cpp: the whole
/// GPU, less its CUDA context and compute buffer, with KV cells padded to 256. The formulas are in `docs/fit.md`.
package enum FitCalculator {
    package static let blockSize = 16

    /// Fits `model` on `gpu` as `request` asks.
    package static func fit(
        _ model: ModelCard,
        on gpu: GPUCard,
        _ request: FitRequest,
        allowExtendedContext: Bool = false
    ) throws(FitError) -> FitResult {
        guard let shape = model.shape else { throw .missingArchitecture(model: model.id) }
        try validate(request, model: model, shape: shape, allowExtendedContext: allowExtendedContext)
        guard let gpuBytes = gpu.engineMemoryBytes else { throw .missingGPUFact(gpu: gpu.id, field: "memory") }
        return fit(
            shape: shape,
            modelID: model.id,
            gpu: gpu,
            gpuBytes: gpuBytes,
            request: request,
            positions: model.context.maxPositionEmbeddings?.value
        )
    }

    /// Checks the request's numbers and the context against the model's maximum.
    package static func validate(
        _ request: FitRequest,
        model: ModelCard,
        shape: ArchitectureShape,
        allowExtendedContext: Bool
    ) throws(FitError) {
        try validate(request)
        let native = model.context.native.value ?? model.context.maxPositionEmbeddings?.value
        if let native {
            let maximum = model.context.maximum(allowExtended: allowExtendedContext) ?? native
            if request.context > maximum {
                throw .contextTooLong(
                    model: model.id,
                    requested: request.context,
                    maximum: maximum,
                    extended: model.context.extended?.value
                )
            }
        }
        if shape.attentionHeads % request.tensorParallel != 0 {
            throw .tensorParallelSplit(
                model: model.id,
                heads: shape.attentionHeads,
                tensorParallel: request.tensorParallel
            )
        }
    }

    /// Checks the request's own numbers.
    package static func validate(_ request: FitRequest) throws(FitError) {
        if request.context < 1 {
            throw .invalid(field: "context", value: "\(request.context)", expected: "at least 1 token")
        }
        if request.concurrency < 1 {
            throw .invalid(field: "concurrency", value: "\(request.concurrency)", expected: "at least 1")
        }
        if request.gpuCount < 1 { throw .invalid(field: "gpus", value: "\(request.gpuCount)", expected: "at least 1") }
        let engine = request.resolvedEngine
        if !engine.loads(request.weights) {
            throw .invalid(
                field: "weights",
                value: request.weights.rawValue,
                expected: engine == .vllm
                    ? "a format vLLM loads (bf16, fp16, fp8, int8, int4-awq, int4-gptq); GGUF runs on --engine llama.cpp"
                    : "a GGUF type llama.cpp loads (bf16, fp16, q8_0, q6_k, q5_k_m, q4_k_m, q4_0)"
            )
        }
        if !engine.stores(request.kvCache) {
            throw .invalid(
                field: "kv-dtype",
                value: request.kvCache.rawValue,
                expected: engine == .vllm ? "fp16, bf16 or fp8 for vLLM" : "fp16, bf16 or q8_0 for llama.cpp"
            )
        }
        if request.tensorParallel < 1 || request.gpuCount % request.tensorParallel != 0 {
            throw .invalid(
                field: "tensor-parallel",
                value: "\(request.tensorParallel)",
                expected: "a divisor of the GPU count (\(request.gpuCount))"
            )
        }
        if let utilization = request.gpuMemoryUtilization, !(utilization > 0 && utilization <= 1) {
            throw .invalid(
                field: "gpu-memory-utilization",
                value: "\(utilization)",
                expected: "a fraction above 0 and at most 1"
            )
        }
        for (name, value) in [
            ("bandwidth-efficiency", request.bandwidthEfficiency ?? 0.5),
            ("compute-efficiency", request.computeEfficiency),
        ]
        where !(value > 0 && value <= 1) {
            throw .invalid(field: name, value: "\(value)", expected: "a fraction above 0 and at most 1")
        }
        if let tokens = request.maxBatchedTokens, tokens < 1 {
            throw .invalid(field: "max-batched-tokens", value: "\(tokens)", expected: "at least 1")
        }
        if let prompt = request.promptTokens, prompt < 1 || prompt > request.context {
            throw .invalid(
                field: "prompt-tokens",
                value: "\(prompt)",
                expected: "between 1 and the context (\(request.context))"
            )
        }
        if request.outputTokens < 1 {
            throw .invalid(field: "output-tokens", value: "\(request.outputTokens)", expected: "at least 1")
        }
    }

    // MARK: - Memory

    /// Fits a shape without the model-level checks (context maximum, head split), for callers that made them.
    ///
    /// - Parameters:
    ///   - shape: The model's architecture numbers.
    ///   - modelID: The model's catalog id, for the result.
    ///   - gpu: The GPU.
    ///   - gpuBytes: The GPU's memory as the engine sees it.
    ///   - request: The question.
    ///   - positions: The model's `max_position_embeddings`, for the rotary cache vLLM keeps beside the weights
    ///     (`positions × head_dim × 2 B`, counted in its "Model loading took" figure).
    /// - Returns: The memory breakdown, verdict, concurrency and speed estimates.
    package static func fit(
        shape: ArchitectureShape,
        modelID: String,
        gpu: GPUCard,
        gpuBytes: Double,
        request: FitRequest,
        positions: Int? = nil
    ) -> FitResult {
        let tp = request.tensorParallel
        let engine = request.resolvedEngine
        let weights = request.weights.bytes(for: shape)
        let rotary = engine == .vllm ? Double((positions ?? 0) * shape.headDim * 2) : 0
        let weightsPerGPU = weights.total / Double(tp) + rotary
        let budget = gpuBytes * request.resolvedUtilization
        let sequencesPerReplica = (request.concurrency + request.replicas - 1) / request.replicas
        let layout: KVCacheLayout
        let overhead: RuntimeOverhead
        switch engine {
        case .vllm:
            let probe = RuntimeOverhead(shape: shape, request: request, gpu: gpu)
            overhead = probe
            layout = .vllm(KVCacheLayout.vllm(shape: shape, request: request, batchedTokens: probe.batchedTokens))
        case .llamaCpp:
            let microBatch = request.maxBatchedTokens ?? RuntimeOverhead.llamaCppMicroBatch
            let cells = KVCacheLayout.llamaCpp(shape: shape, request: request, microBatch: microBatch)
            overhead = RuntimeOverhead(shape: shape, request: request, gpu: gpu, kvCells: cells.fullCells)
            layout = .llamaCpp(cells)
        }
        let perSequence = layout.bytesPerSequence(shape: shape, request: request)
        let kvAvailable = Swift.max(0, budget - weightsPerGPU - overhead.total)
        let perReplicaExact: Double
        var blocks = 0
        var kvTokens: Int
        switch layout {
        case .vllm(let groups):
            blocks = groups.pageBytes > 0 ? Int(kvAvailable / groups.pageBytes / Double(groups.groupSize)) : 0
            perReplicaExact = groups.blocksPerSequence > 0 ? Double(blocks) / Double(groups.blocksPerSequence) : 0
            kvTokens =
                groups.isHybrid ? Int(perReplicaExact * Double(request.context)) : blocks / groups.groups * blockSize
        case .llamaCpp(let cells):
            perReplicaExact = perSequence > 0 ? kvAvailable / perSequence : 0
            kvTokens = Int(perReplicaExact.rounded(.down)) * cells.fullCells
        }
        if perReplicaExact == 0 { kvTokens = 0 }
        let perReplica = Int(perReplicaExact.rounded(.down))
        let memory = MemoryBreakdown(
            gpuMemory: gpuBytes,
            gpuMemoryIsNominal: gpu.engineMemoryIsNominal,
            utilization: request.resolvedUtilization,
            budget: budget,
            weights: weightsPerGPU,
            rotaryCache: rotary,
            kvCache: perSequence * Double(sequencesPerReplica),
            kvCachePerSequence: perSequence,
            kvCacheAvailable: kvAvailable,
            overhead: overhead
        )
        let verdict: FitVerdict
        if weightsPerGPU + overhead.total > budget {
            verdict = .weightsDoNotFit
        } else if memory.total > budget {
            verdict = .kvCacheDoesNotFit
        } else {
            verdict = memory.headroom < 0.05 * budget ? .tight : .fits
        }
        let batch = Swift.max(1, Swift.min(sequencesPerReplica, Swift.max(perReplica, 1)))
        let speed = SpeedEstimator(shape: shape, weights: weights, gpu: gpu, request: request)
        return FitResult(
            modelID: modelID,
            gpuID: gpu.id,
            request: request,
            engine: engine,
            parameters: shape.parameters,
            weightBytes: weights,
            kvBytesPerToken: shape.kvBytesPerToken(bytesPerElement: request.kvCache.bytesPerElement),
            memory: memory,
            kvLayout: layout,
            verdict: verdict,
            maxConcurrency: perReplica * request.replicas,
            maxConcurrencyPerReplica: perReplicaExact,
            kvBlocks: blocks,
            kvCacheTokens: kvTokens,
            decode: speed.decode(batch: batch),
            prefill: speed.prefill(),
            notes: notes(shape: shape, gpu: gpu, request: request, layout: layout)
        )
    }

    /// KV heads one GPU holds: split over tensor parallelism, replicated when there are fewer heads than GPUs.
    package static func kvHeadsPerGPU(shape: ArchitectureShape, tensorParallel: Int) -> Int {
        Swift.max(1, shape.kvHeads / tensorParallel)
    }

    static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

    private static func notes(
        shape: ArchitectureShape,
        gpu: GPUCard,
        request: FitRequest,
        layout: KVCacheLayout
    ) -> [String] {
        var notes: [String] = []
        if gpu.engineMemoryIsNominal, gpu.kind != .apple {
            notes.append(
                "Nobody has published the memory CUDA reports for \(gpu.id); the vendor's figure is used, and CUDA "
                    + "usually reports 2-3% less. Check with torch.cuda.get_device_properties(0).total_memory."
            )
        }
        if shape.kvHeads < request.tensorParallel {
            notes.append(
                "Tensor parallel \(request.tensorParallel) exceeds the model's \(shape.kvHeads) KV heads: "
                    + "each GPU holds a replicated KV head."
            )
        }
        if shape.moe != nil {
            notes.append(
                "Mixture of experts: every expert stays resident in memory; only the active ones are read per token."
            )
        }
        if shape.slidingLayerCount > 0, let window = shape.slidingWindow {
            notes.append(
                "\(shape.slidingLayerCount) of \(shape.layers) layers use a \(window)-token sliding window; "
                    + "their KV cache stops growing past the window."
            )
        }
        switch layout {
        case .vllm(let groups):
            if groups.paddingLayers > 0 {
                notes.append(
                    "vLLM groups the layers \(groups.groupSize) to a group (\(groups.fullGroups) full-attention, "
                        + "\(groups.slidingGroups) sliding-window) and adds \(groups.paddingLayers) padding "
                        + "layer\(groups.paddingLayers == 1 ? "" : "s") to fill them; the padding holds KV memory too."
                )
            }
            if request.enforceEager {
                notes.append("--enforce-eager: no CUDA graphs, so no graph memory (and slower decoding).")
            } else if !request.chargesCUDAGraphs {
                notes.append(
                    "vLLM \(request.vllmVersion) captures CUDA graphs after sizing the KV cache: they come out of "
                        + "the 1 − gpu_memory_utilization share (about 0.5 GiB)."
                )
            }
        case .llamaCpp(let cells):
            notes.append(
                "llama.cpp: start llama-server with --ctx-size \(cells.contextSize) --parallel \(request.concurrency)"
                    + " so each slot gets \(cells.fullCells) cells; --ctx-size is the total over all slots."
            )
            if shape.slidingWindow != nil, !request.swaFull {
                notes.append(
                    "llama.cpp keeps \(cells.slidingCells) cells per slot in the sliding-window layers; --swa-full "
                        + "keeps the whole context there (and costs more)."
                )
            }
        }
        if gpu.kind == .apple {
            notes.append(
                "Apple GPUs: macOS lets the GPU wire about 75% of unified memory by default (iogpu.wired_limit_mb)."
            )
        }
        if shape.vision != nil {
            notes.append("Includes the vision tower's weights at 16 bits; image tokens add to the context.")
        }
        return notes
    }
}
