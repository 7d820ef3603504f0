package import ShortlistSupport

/// One question for the fit calculator: this model, in this format, on these GPUs, at this load.
package struct FitRequest: Sendable, Equatable, Encodable {
    package var weights: WeightFormat
    package var kvCache: KVCacheDType
    /// Tokens per sequence (prompt plus output): vLLM's `max_model_len`.
    package var context: Int
    /// Sequences served at once.
    package var concurrency: Int
    /// Number of GPUs.
    package var gpuCount: Int
    /// GPUs that one model replica is split across; the rest serve as data-parallel replicas.
    package var tensorParallel: Int
    /// vLLM's `gpu_memory_utilization`: the fraction of each GPU's total memory the engine may use.
    package var gpuMemoryUtilization: Double
    /// Tokens in one forward pass of the profile run (vLLM's `max_num_batched_tokens`); `nil` picks vLLM's default.
    package var maxBatchedTokens: Int?
    /// Sequences the sampler is profiled for (vLLM's `max_num_seqs`); `nil` picks vLLM's default.
    package var maxSequences: Int?
    /// Fraction of peak memory bandwidth decoding achieves.
    package var bandwidthEfficiency: Double
    /// Fraction of peak tensor throughput prefill achieves.
    package var computeEfficiency: Double
    /// Prompt tokens for the prefill (TTFT) estimate; `nil` uses the whole context.
    package var promptTokens: Int?

    package init(
        weights: WeightFormat = .bf16,
        kvCache: KVCacheDType = .fp16,
        context: Int = 8192,
        concurrency: Int = 1,
        gpuCount: Int = 1,
        tensorParallel: Int? = nil,
        gpuMemoryUtilization: Double = 0.9,
        maxBatchedTokens: Int? = nil,
        maxSequences: Int? = nil,
        bandwidthEfficiency: Double = 0.75,
        computeEfficiency: Double = 0.5,
        promptTokens: Int? = nil
    ) {
        self.weights = weights
        self.kvCache = kvCache
        self.context = context
        self.concurrency = concurrency
        self.gpuCount = gpuCount
        self.tensorParallel = tensorParallel ?? gpuCount
        self.gpuMemoryUtilization = gpuMemoryUtilization
        self.maxBatchedTokens = maxBatchedTokens
        self.maxSequences = maxSequences
        self.bandwidthEfficiency = bandwidthEfficiency
        self.computeEfficiency = computeEfficiency
        self.promptTokens = promptTokens
    }

    /// Independent model replicas (data parallel).
    package var replicas: Int { Swift.max(1, gpuCount / Swift.max(1, tensorParallel)) }
}

/// Why a fit question can't be answered as asked.
package enum FitError: ShortlistError, Equatable {
    /// Every fit error is a request the user can change.
    package var exitStatus: ExitStatus { .usage }

    case invalid(field: String, value: String, expected: String)
    case contextTooLong(model: String, requested: Int, maximum: Int, extended: Int?)
    case missingArchitecture(model: String)
    case missingGPUFact(gpu: String, field: String)
    case tensorParallelSplit(model: String, heads: Int, tensorParallel: Int)

    package var description: String {
        switch self {
        case .invalid(let field, let value, let expected):
            "'\(field)' is '\(value)'; expected \(expected)."
        case .contextTooLong(let model, let requested, let maximum, let extended):
            if let extended, extended > maximum {
                "Context \(requested) exceeds \(model)'s native maximum of \(maximum) tokens; "
                    + "pass '--allow-extended' to use its extended context of \(extended) tokens."
            } else {
                "Context \(requested) exceeds \(model)'s maximum of \(maximum) tokens."
            }
        case .missingArchitecture(let model):
            "\(model) lacks published architecture numbers (layers, heads, sizes); memory can't be computed."
        case .missingGPUFact(let gpu, let field):
            "GPU '\(gpu)' has no \(field) in the catalog."
        case .tensorParallelSplit(let model, let heads, let tensorParallel):
            "\(model) has \(heads) attention heads, which don't split evenly over tensor parallel size \(tensorParallel)."
        }
    }
}
