package import ShortlistCatalog

/// The answer to a ``FitRequest``: memory per GPU, the verdict, the largest concurrency and speed estimates.
package struct FitResult: Sendable, Equatable, Encodable {
    package var modelID: String
    package var gpuID: String
    package var request: FitRequest
    /// Parameters of the model, computed from its architecture.
    package var parameters: ArchitectureShape.ParameterCounts
    /// Bytes of all weights in the requested format (before splitting over GPUs).
    package var weightBytes: WeightBytes
    /// KV bytes each further token adds to a sequence past any sliding window, in the requested KV dtype.
    package var kvBytesPerToken: Double
    /// Bytes per GPU.
    package var memory: MemoryBreakdown
    package var verdict: FitVerdict
    /// Largest number of sequences of `request.context` tokens that fit at once, over all replicas.
    package var maxConcurrency: Int
    /// vLLM's "Maximum concurrency for N tokens per request" figure, per replica (fractional).
    package var maxConcurrencyPerReplica: Double
    /// KV cache blocks of 16 tokens that fit per GPU.
    package var kvBlocks: Int
    package var decode: DecodeEstimate
    package var prefill: PrefillEstimate?
    /// Things a reviewer should know about this answer.
    package var notes: [String]
}

/// Memory per GPU, in bytes.
package struct MemoryBreakdown: Sendable, Equatable, Encodable {
    package var gpuMemory: Double
    /// `gpu_memory_utilization × gpuMemory`: what the engine may use.
    package var budget: Double
    package var weights: Double
    /// KV cache for `concurrency` sequences of `context` tokens, block-rounded.
    package var kvCache: Double
    package var kvCachePerSequence: Double
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
    /// Tokens per second for one sequence alone.
    package var singleStreamTokensPerSecond: Double
    /// Sequences decoded together per replica in the aggregate estimate.
    package var batch: Int
    /// Tokens per second over all replicas at `batch` sequences each.
    package var aggregateTokensPerSecond: Double
    /// Tokens per second each sequence sees at that batch.
    package var perSequenceTokensPerSecond: Double
    /// Bytes read from each GPU per decode step at batch 1.
    package var bytesPerStep: Double
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
