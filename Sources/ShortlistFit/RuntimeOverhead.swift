package import ShortlistCatalog

/// Memory an inference engine needs besides weights and KV cache, per GPU, as that engine charges it.
///
/// **vLLM** (V1 engine; `vllm/v1/worker/gpu_worker.py` `determine_available_memory`): the KV cache gets
/// `gpu_memory_utilization × CUDA total − (weights + torch peak increase + non-torch increase + CUDA-graph estimate)`.
/// - the torch peak of the profile run, the larger of its forward pass over `max_num_batched_tokens` tokens (the
///   feed-forward block's peak: `tokens × (3·hidden + 3·ffn/tp) × 2 B`, the gate/up output, its activation and the
///   residual stream) and its dummy sampler run over `R = min(max_num_seqs, max_num_batched_tokens)` rows
///   (`R × vocab × 23 B`: bf16 and fp32 logits, the sorted values and int64 indices of top-k/top-p, its fp32
///   probabilities and a mask; plus the `tokens × hidden × 2 B` hidden states still held);
/// - non-torch memory that appears after the start-up snapshot (cuBLAS workspaces and the like): 0.15 GiB. NCCL is
///   set up before the snapshot, so tensor parallelism adds nothing here;
/// - CUDA graphs: from vLLM 0.21 the profiler estimates graph memory and charges it before sizing the KV cache
///   (0.5 GiB dense, 1.3 GiB MoE); before 0.21, and with `--enforce-eager`, nothing is charged.
///
/// **llama.cpp** (`llama-server` with every layer on the GPU): its compute buffer, reserved for `n_ubatch` tokens
/// whose logits are all kept (`vocab × n_ubatch × 4 B`, plus `n_ubatch × hidden × 4 B` of activations; without
/// flash attention the `n_kv × n_ubatch × heads × 4 B` score matrix when larger), and the CUDA context with cuBLAS
/// and ggml's pool, 0.5 GiB. The formulas and their evidence are in `docs/fit.md`.
package struct RuntimeOverhead: Sendable, Equatable {
    package var engine: InferenceEngine
    /// vLLM: the forward pass's activation peak in the profile run.
    package var activations: Double
    /// vLLM: the dummy sampler run's peak.
    package var sampler: Double
    package var nonTorch: Double
    package var cudaGraphs: Double
    /// llama.cpp: the compute buffer (`CUDA0 compute buffer size`).
    package var computeBuffer: Double
    /// llama.cpp: CUDA context, cuBLAS handles and ggml's CUDA pool, outside ggml's own buffers.
    package var cudaContext: Double
    /// vLLM's `max_num_batched_tokens`, or llama.cpp's `n_ubatch`.
    package var batchedTokens: Int
    /// vLLM's `max_num_seqs`, or llama.cpp's `--parallel` slots.
    package var sequences: Int

    /// vLLM: the profile run's torch peak.
    ///
    /// The forward pass frees its activations before the sampler runs, so the
    /// peak is the larger of the two (the sampler's figure includes the hidden states still held).
    package var torchPeak: Double { Swift.max(activations, sampler) }

    package var total: Double { torchPeak + nonTorch + cudaGraphs + computeBuffer + cudaContext }

    static let gib = 1_073_741_824.0
    /// Bytes the dummy sampler run holds per (row × vocabulary entry) at its peak.
    package static let samplerBytesPerLogit = 23.0
    /// llama.cpp's default physical batch (`-ub`).
    package static let llamaCppMicroBatch = 512

    /// vLLM's default `max_num_batched_tokens` and `max_num_seqs` for its API server: 8192 and 1024 on GPUs whose
    /// CUDA total is 70 GiB or more and whose name lacks "a100", else 2048 and 256 (`EngineArgs.get_batch_defaults`).
    package static func vllmDefaults(gpu: GPUCard) -> (batchedTokens: Int, sequences: Int) {
        let memory = (gpu.engineMemoryBytes ?? 0) / gib
        let large = memory >= 70 && !gpu.id.hasPrefix("a100")
        return large ? (8192, 1024) : (2048, 256)
    }

    package init(shape: ArchitectureShape, request: FitRequest, gpu: GPUCard, kvCells: Int = 0) {
        engine = request.resolvedEngine
        let h = Double(shape.hiddenSize)
        let vocab = Double(shape.vocabSize)
        switch engine {
        case .vllm:
            let tp = Double(request.tensorParallel)
            let defaults = Self.vllmDefaults(gpu: gpu)
            var sequences = request.maxSequences ?? defaults.sequences
            var tokens = request.maxBatchedTokens ?? defaults.batchedTokens
            if request.maxBatchedTokens == nil { tokens = Swift.min(tokens, sequences * request.context) }
            if request.maxSequences == nil { sequences = Swift.min(sequences, tokens) }
            batchedTokens = tokens
            self.sequences = sequences
            let ffn = Double(
                shape.moe.map { $0.expertsPerToken * $0.expertIntermediateSize } ?? shape.intermediateSize
            )
            activations = Double(tokens) * (3 * h + 3 * ffn / tp) * 2
            let rows = Double(Swift.min(sequences, tokens))
            sampler = rows * vocab * Self.samplerBytesPerLogit + Double(tokens) * h * 2
            nonTorch = 0.15 * Self.gib
            cudaGraphs = request.chargesCUDAGraphs ? (shape.moe == nil ? 0.5 : 1.3) * Self.gib : 0
            computeBuffer = 0
            cudaContext = 0
        case .llamaCpp:
            let ubatch = request.maxBatchedTokens ?? Self.llamaCppMicroBatch
            batchedTokens = ubatch
            sequences = request.concurrency
            let tokens = Double(Swift.min(ubatch, Swift.max(1, kvCells)))
            let logits = vocab * tokens * 4
            let scores =
                request.flashAttention ? 0 : Double(kvCells) * tokens * Double(shape.attentionHeads) * 4
            computeBuffer = Swift.max(logits, scores) + tokens * h * 4
            cudaContext = 0.5 * Self.gib
            activations = 0
            sampler = 0
            nonTorch = 0
            cudaGraphs = 0
        }
    }
}
