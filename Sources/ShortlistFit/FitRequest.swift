package import ShortlistSupport

/// One question for the fit calculator: this model, in this format, on these GPUs, at this load, on this engine.
package struct FitRequest: Sendable, Equatable {
    package var weights: WeightFormat
    package var kvCache: KVCacheDType
    /// Tokens per sequence (prompt plus output): vLLM's `max_model_len`, llama.cpp's context per slot.
    package var context: Int
    /// Sequences served at once (llama.cpp: its `--parallel` slots).
    package var concurrency: Int
    /// Number of GPUs.
    package var gpuCount: Int
    /// GPUs that one model replica is split across (vLLM: tensor parallel; llama.cpp: layer split); the rest serve
    /// as data-parallel replicas.
    package var tensorParallel: Int
    /// The engine; `nil` takes the one the weight format implies (GGUF: llama.cpp, otherwise vLLM).
    package var engine: InferenceEngine?
    /// The vLLM release whose accounting to follow.
    package var vllmVersion: EngineVersion
    /// vLLM's `gpu_memory_utilization`; `nil` takes the release's default (0.92 from 0.21, 0.9 before).
    package var gpuMemoryUtilization: Double?
    /// vLLM's `--enforce-eager`: no CUDA graphs, so no graph memory.
    package var enforceEager: Bool
    /// vLLM's `max_num_batched_tokens`, or llama.cpp's `--ubatch-size`; `nil` takes the engine's default.
    package var maxBatchedTokens: Int?
    /// vLLM's `max_num_seqs`; `nil` takes vLLM's default.
    package var maxSequences: Int?
    /// llama.cpp's `--swa-full`: sliding-window layers keep the whole context.
    package var swaFull: Bool
    /// llama.cpp's flash attention (on by default for CUDA): without it the compute buffer holds the score matrix.
    package var flashAttention: Bool
    /// Fraction of peak memory bandwidth decoding achieves; `nil` takes the engine's published figure.
    package var bandwidthEfficiency: Double?
    /// Fraction of peak tensor throughput prefill achieves.
    package var computeEfficiency: Double
    /// Prompt tokens of a typical request, for the prefill and typical decode estimates; `nil` takes
    /// ``defaultPromptTokens`` (or the context, if shorter).
    package var promptTokens: Int?
    /// Output tokens of a typical request, for the typical decode estimate.
    package var outputTokens: Int

    /// The vLLM release Shortlist's accounting follows by default (the one its integration tests run).
    package static let currentVLLM = EngineVersion(major: 0, minor: 32, patch: 0)
    /// The first vLLM release that charges CUDA-graph memory before sizing the KV cache, and defaults
    /// `gpu_memory_utilization` to 0.92 (vLLM PR #38284).
    package static let graphProfilingVLLM = EngineVersion(major: 0, minor: 21, patch: 0)
    package static let defaultPromptTokens = 1024

    package init(
        weights: WeightFormat = .bf16,
        kvCache: KVCacheDType = .fp16,
        context: Int = 8192,
        concurrency: Int = 1,
        gpuCount: Int = 1,
        tensorParallel: Int? = nil,
        engine: InferenceEngine? = nil,
        vllmVersion: EngineVersion = FitRequest.currentVLLM,
        gpuMemoryUtilization: Double? = nil,
        enforceEager: Bool = false,
        maxBatchedTokens: Int? = nil,
        maxSequences: Int? = nil,
        swaFull: Bool = false,
        flashAttention: Bool = true,
        bandwidthEfficiency: Double? = nil,
        computeEfficiency: Double = 0.5,
        promptTokens: Int? = nil,
        outputTokens: Int = 256
    ) {
        self.weights = weights
        self.kvCache = kvCache
        self.context = context
        self.concurrency = concurrency
        self.gpuCount = gpuCount
        self.tensorParallel = tensorParallel ?? gpuCount
        self.engine = engine
        self.vllmVersion = vllmVersion
        self.gpuMemoryUtilization = gpuMemoryUtilization
        self.enforceEager = enforceEager
        self.maxBatchedTokens = maxBatchedTokens
        self.maxSequences = maxSequences
        self.swaFull = swaFull
        self.flashAttention = flashAttention
        self.bandwidthEfficiency = bandwidthEfficiency
        self.computeEfficiency = computeEfficiency
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
    }

    /// Independent model replicas (data parallel).
    package var replicas: Int { Swift.max(1, gpuCount / Swift.max(1, tensorParallel)) }

    package var resolvedEngine: InferenceEngine { engine ?? InferenceEngine.implied(by: weights) }

    /// The `gpu_memory_utilization` vLLM runs with: the request's, else the release's default.
    ///
    /// llama.cpp has none, so its budget is the whole GPU (1).
    package var resolvedUtilization: Double {
        if resolvedEngine == .llamaCpp { return 1 }
        return gpuMemoryUtilization ?? (vllmVersion >= Self.graphProfilingVLLM ? 0.92 : 0.9)
    }

    /// Whether vLLM charges CUDA-graph memory to the budget before sizing the KV cache.
    package var chargesCUDAGraphs: Bool {
        resolvedEngine == .vllm && !enforceEager && vllmVersion >= Self.graphProfilingVLLM
    }

    /// Prompt tokens of the typical request.
    package var typicalPromptTokens: Int { Swift.min(context, promptTokens ?? Self.defaultPromptTokens) }

    /// Tokens a typical request holds when it finishes: its prompt plus output, at most the context.
    package var typicalContext: Int { Swift.min(context, typicalPromptTokens + outputTokens) }
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
