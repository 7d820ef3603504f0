package import ShortlistCatalog

/// The answer to a ``FitRequest``: memory per GPU, the verdict, the largest concurrency and speed estimates.
package struct FitResult: Sendable, Equatable, Encodable {
    package var modelID: String
    package var gpuID: String
    package var request: FitRequest
    /// The engine whose accounting this follows.
    package var engine: InferenceEngine
    /// Parameters of the model, computed from its architecture.
    package var parameters: ArchitectureShape.ParameterCounts
    /// Bytes of all weights in the requested format (before splitting over GPUs).
    package var weightBytes: WeightBytes
    /// KV bytes each further token adds to a sequence past any sliding window, in the requested KV dtype.
    package var kvBytesPerToken: Double
    /// Bytes per GPU.
    package var memory: MemoryBreakdown
    /// How the engine lays out the KV cache for this model.
    package var kvLayout: KVCacheLayout
    package var verdict: FitVerdict
    /// Largest number of sequences of `request.context` tokens that fit at once, over all replicas.
    package var maxConcurrency: Int
    /// vLLM's "Maximum concurrency for N tokens per request" figure, per replica (fractional).
    package var maxConcurrencyPerReplica: Double
    /// vLLM's `num_blocks`: KV cache blocks of 16 tokens (of one layer group) that fit per GPU; 0 for llama.cpp.
    package var kvBlocks: Int
    /// vLLM's "GPU KV cache size: N tokens"; for llama.cpp, the cells of the slots of the context that fit.
    package var kvCacheTokens: Int
    package var decode: DecodeEstimate
    package var prefill: PrefillEstimate?
    /// Things a reviewer should know about this answer.
    package var notes: [String]
}

/// Memory per GPU, in bytes.
package struct MemoryBreakdown: Sendable, Equatable, Encodable {
    /// The memory CUDA reports (or the vendor's figure where that is unpublished).
    package var gpuMemory: Double
    /// Whether ``gpuMemory`` is the vendor's figure because CUDA's total is unpublished.
    package var gpuMemoryIsNominal: Bool
    /// vLLM's `gpu_memory_utilization` (1 for llama.cpp, which has none).
    package var utilization: Double
    /// `utilization × gpuMemory`: what the engine may use.
    package var budget: Double
    /// Weights on one GPU as the engine loads them (vLLM's "Model loading took"), rotary cache included.
    package var weights: Double
    /// vLLM's rotary cos/sin cache, part of ``weights``.
    package var rotaryCache: Double
    /// KV cache for `concurrency` sequences of `context` tokens, block-rounded.
    package var kvCache: Double
    package var kvCachePerSequence: Double
    /// What is left for the KV cache after weights and overhead (vLLM's "Available KV cache memory").
    package var kvCacheAvailable: Double
    package var overhead: RuntimeOverhead
    package var total: Double { weights + kvCache + overhead.total }
    package var headroom: Double { budget - total }
}

/// Whether a configuration fits.
package enum FitVerdict: String, Sendable, Codable {
    /// Fits with at least 5% of the budget to spare.
    case fits
    /// Fits, with less than 5% of the budget to spare.
    case tight
    /// Weights and runtime fit, but not the KV cache for the requested load.
    case kvCacheDoesNotFit = "kv-cache-does-not-fit"
    /// The weights and runtime alone exceed the budget.
    case weightsDoNotFit = "weights-do-not-fit"

    package var fits: Bool { self == .fits || self == .tight }
}

/// Decode speed estimate: memory-bandwidth bound, capped by compute.
package struct DecodeEstimate: Sendable, Equatable, Encodable {
    /// The fraction of peak bandwidth assumed, and where that figure comes from.
    package var bandwidthEfficiency: Double
    package var efficiencyBasis: String
    /// Tokens per second for one sequence alone, its KV cache at a typical request's length (prompt plus output).
    package var typicalTokensPerSecond: Double
    /// The length that estimate charges: ``FitRequest/typicalContext``.
    package var typicalContext: Int
    /// Tokens per second for one sequence alone, its KV cache at the full context.
    package var singleStreamTokensPerSecond: Double
    /// Sequences decoded together per replica in the aggregate estimate.
    package var batch: Int
    /// Tokens per second over all replicas at `batch` sequences each.
    package var aggregateTokensPerSecond: Double
    /// Tokens per second each sequence sees at that batch.
    package var perSequenceTokensPerSecond: Double
    /// Bytes read from each GPU per decode step at batch 1, at the full context.
    package var bytesPerStep: Double
    /// The same at the typical request's length.
    package var typicalBytesPerStep: Double
    /// Whether the aggregate figure is limited by compute rather than bandwidth.
    package var computeBound: Bool
}

/// Prefill (time to first token) estimate: FLOPs over tensor throughput.
package struct PrefillEstimate: Sendable, Equatable, Encodable {
    package var promptTokens: Int
    package var flops: Double
    package var seconds: Double
    /// The throughput used, in TFLOPS per GPU, and which figure it is (BF16, FP8, INT8).
    package var tflops: Double
    package var precision: String
}
