package import ShortlistCatalog

/// Memory fit and speed estimates for a model on GPUs: pure functions over catalog values.
///
/// Memory follows vLLM's accounting: each GPU's budget is `gpu_memory_utilization × memory`; weights are split
/// over the tensor-parallel group; KV heads are split too and replicated when there are fewer KV heads than GPUs;
/// the KV cache is allocated in blocks of 16 tokens, sliding-window layers holding only their window. The
/// formulas are in `docs/fit.md`.
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
        guard let gpuBytes = gpu.memoryBytes else { throw .missingGPUFact(gpu: gpu.id, field: "memory") }
        return fit(shape: shape, modelID: model.id, gpu: gpu, gpuBytes: gpuBytes, request: request)
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
        if request.tensorParallel < 1 || request.gpuCount % request.tensorParallel != 0 {
            throw .invalid(
                field: "tensor-parallel",
                value: "\(request.tensorParallel)",
                expected: "a divisor of the GPU count (\(request.gpuCount))"
            )
        }
        if !(request.gpuMemoryUtilization > 0 && request.gpuMemoryUtilization <= 1) {
            throw .invalid(
                field: "gpu-memory-utilization",
                value: "\(request.gpuMemoryUtilization)",
                expected: "a fraction above 0 and at most 1"
            )
        }
        for (name, value) in [
            ("bandwidth-efficiency", request.bandwidthEfficiency), ("compute-efficiency", request.computeEfficiency),
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
    }

    // MARK: - Memory

    /// Fits a shape without the model-level checks (context maximum, head split), for callers that made them.
    package static func fit(
        shape: ArchitectureShape,
        modelID: String,
        gpu: GPUCard,
        gpuBytes: Double,
        request: FitRequest
    ) -> FitResult {
        let tp = request.tensorParallel
        let weights = request.weights.bytes(for: shape)
        let weightsPerGPU = weights.total / Double(tp)
        let overhead = RuntimeOverhead(shape: shape, request: request, gpu: gpu)
        let budget = gpuBytes * request.gpuMemoryUtilization
        let perSequence = kvBytesPerSequence(shape: shape, request: request, batchedTokens: overhead.batchedTokens)
        let sequencesPerReplica = (request.concurrency + request.replicas - 1) / request.replicas
        let kvAvailable = Swift.max(0, budget - weightsPerGPU - overhead.total)
        let page = pageBytesPerLayer(shape: shape, request: request)
        let blocks = page > 0 ? Int(kvAvailable / page / Double(shape.layers)) : 0
        let perReplicaExact = perSequence > 0 ? kvAvailable / perSequence : 0
        let perReplica = Int(perReplicaExact.rounded(.down))
        let memory = MemoryBreakdown(
            gpuMemory: gpuBytes,
            budget: budget,
            weights: weightsPerGPU,
            kvCache: perSequence * Double(sequencesPerReplica),
            kvCachePerSequence: perSequence,
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
        return FitResult(
            modelID: modelID,
            gpuID: gpu.id,
            request: request,
            parameters: shape.parameters,
            weightBytes: weights,
            kvBytesPerToken: shape.kvBytesPerToken(bytesPerElement: request.kvCache.bytesPerElement),
            memory: memory,
            verdict: verdict,
            maxConcurrency: perReplica * request.replicas,
            maxConcurrencyPerReplica: perReplicaExact,
            kvBlocks: blocks,
            decode: SpeedEstimator.decode(shape: shape, weights: weights, gpu: gpu, request: request, batch: batch),
            prefill: SpeedEstimator.prefill(shape: shape, gpu: gpu, request: request),
            notes: notes(shape: shape, gpu: gpu, request: request)
        )
    }

    /// KV heads one GPU holds: split over tensor parallelism, replicated when there are fewer heads than GPUs.
    package static func kvHeadsPerGPU(shape: ArchitectureShape, tensorParallel: Int) -> Int {
        Swift.max(1, shape.kvHeads / tensorParallel)
    }

    /// Bytes of one 16-token KV block of one layer on one GPU (vLLM's page size).
    static func pageBytesPerLayer(shape: ArchitectureShape, request: FitRequest) -> Double {
        let heads = kvHeadsPerGPU(shape: shape, tensorParallel: request.tensorParallel)
        return Double(blockSize * heads * 2 * shape.headDim) * request.kvCache.bytesPerElement
    }

    /// KV bytes one sequence of `request.context` tokens reserves on one GPU, in whole blocks.
    ///
    /// Full-attention layers hold `⌈context / 16⌉` blocks. Sliding-window layers hold
    /// `⌈min(window − 1 + max_num_batched_tokens, context) / 16⌉ + 1` blocks (vLLM's `SlidingWindowSpec`).
    package static func kvBytesPerSequence(shape: ArchitectureShape, request: FitRequest, batchedTokens: Int) -> Double
    {
        let page = pageBytesPerLayer(shape: shape, request: request)
        let fullBlocks = ceilDiv(request.context, blockSize)
        var bytes = Double(shape.fullAttentionLayerCount * fullBlocks) * page
        if let window = shape.slidingWindow, shape.slidingLayerCount > 0 {
            let tokens = Swift.min(window - 1 + batchedTokens, request.context)
            let windowBlocks = ceilDiv(tokens, blockSize) + 1
            bytes += Double(shape.slidingLayerCount * windowBlocks) * page
        }
        return bytes
    }

    static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

    private static func notes(shape: ArchitectureShape, gpu: GPUCard, request: FitRequest) -> [String] {
        var notes: [String] = []
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
        if request.weights.isGGUF {
            notes.append(
                "GGUF is llama.cpp's format: overhead assumes llama.cpp (512-token micro-batch, no CUDA graphs); "
                    + "vLLM's GGUF support is experimental."
            )
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
