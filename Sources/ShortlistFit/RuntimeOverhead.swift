package import ShortlistCatalog

/// Memory an inference engine needs besides weights and KV cache, per GPU.
///
/// The formula (documented with its evidence in `docs/fit.md`):
/// - activation peak of vLLM's profile run: `max_num_batched_tokens × (4·hidden + (q + 2·kv)/tp + 2·ffn/tp) × 2 B`
///   plus the sampler's fp32 logits for `max_num_seqs` sequences (`max_num_seqs × vocab × 4 B`);
/// - non-torch memory: 0.15 GiB at TP=1, 1.5 GiB with TP > 1 (NCCL and custom all-reduce buffers);
/// - CUDA graphs: 0.5 GiB for dense models, 1.3 GiB for MoE.
/// llama.cpp (GGUF) uses its default micro-batch of 512 tokens and no CUDA-graph pool.
package struct RuntimeOverhead: Sendable, Equatable, Encodable {
    package var activations: Double
    package var logits: Double
    package var nonTorch: Double
    package var cudaGraphs: Double
    package var batchedTokens: Int
    package var sequences: Int

    package var total: Double { activations + logits + nonTorch + cudaGraphs }

    static let gib = 1_073_741_824.0

    /// vLLM's default `max_num_batched_tokens` and `max_num_seqs` for its API server:
    /// 8192 and 1024 on GPUs of 70 GiB or more other than the A100, else 2048 and 256.
    package static func vllmDefaults(gpu: GPUCard) -> (batchedTokens: Int, sequences: Int) {
        let large = (gpu.memoryGiB.value ?? 0) >= 70 && !gpu.id.hasPrefix("a100")
        return large ? (8192, 1024) : (2048, 256)
    }

    package init(shape: ArchitectureShape, request: FitRequest, gpu: GPUCard) {
        let tp = Double(request.tensorParallel)
        let defaults = Self.vllmDefaults(gpu: gpu)
        let gguf = request.weights.isGGUF
        batchedTokens = request.maxBatchedTokens ?? (gguf ? 512 : defaults.batchedTokens)
        sequences = request.maxSequences ?? (gguf ? 1 : defaults.sequences)
        let h = Double(shape.hiddenSize)
        let qkv = Double((shape.attentionHeads + 2 * shape.kvHeads) * shape.headDim)
        let ffn = Double(shape.moe.map { $0.expertsPerToken * $0.expertIntermediateSize } ?? shape.intermediateSize)
        activations = Double(batchedTokens) * (4 * h + qkv / tp + 2 * ffn / tp) * 2
        logits = Double(sequences) * Double(shape.vocabSize) * 4
        nonTorch = (request.tensorParallel > 1 ? 1.5 : 0.15) * Self.gib
        cudaGraphs = gguf ? 0 : (shape.moe == nil ? 0.5 : 1.3) * Self.gib
    }
}
