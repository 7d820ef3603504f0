import Foundation
package import ShortlistCatalog

/// The formulas behind a ``FitResult``, with the numbers that went into them (`shortlist fit --explain`).
package enum FitExplanation {
    package static func lines(for result: FitResult, shape: ArchitectureShape, gpu: GPUCard) -> [String] {
        let r = result.request
        let m = result.memory
        let w = result.weightBytes
        let tp = r.tensorParallel
        let kvHeads = FitCalculator.kvHeadsPerGPU(shape: shape, tensorParallel: tp)
        let page = FitCalculator.pageBytesPerLayer(shape: shape, request: r)
        let fullBlocks = FitCalculator.ceilDiv(r.context, FitCalculator.blockSize)
        let o = m.overhead
        var lines = ["How these numbers were computed (docs/fit.md has the derivations):", ""]
        lines.append("Parameters (from the architecture numbers)")
        let p = result.parameters
        lines.append(
            "  embedding \(p.embedding) + lm_head \(p.lmHead) + attention \(p.attention) + feed-forward \(p.feedForward) "
                + "+ norms \(p.norms) + vision \(p.vision) = \(p.total)"
        )
        lines.append(
            "  attention per layer = hidden×(heads×head_dim) + 2×hidden×(kv_heads×head_dim) + (heads×head_dim)×hidden"
                + " = \(shape.hiddenSize)×\(shape.attentionHeads * shape.headDim) + 2×\(shape.hiddenSize)×\(shape.kvHeads * shape.headDim)"
                + " + \(shape.attentionHeads * shape.headDim)×\(shape.hiddenSize)"
                + (shape.attentionBias ? " + q/k/v biases" : "") + (shape.qkNorm == .none ? "" : " + q/k norms")
        )
        if let moe = shape.moe {
            lines.append(
                "  MoE feed-forward per layer = router hidden×experts + experts × 3×hidden×expert_ffn"
                    + " = \(shape.hiddenSize)×\(moe.experts) + \(moe.experts)×3×\(shape.hiddenSize)×\(moe.expertIntermediateSize);"
                    + " active uses \(moe.expertsPerToken) experts"
            )
        } else {
            lines.append(
                "  feed-forward per layer = 3 × hidden × intermediate = 3×\(shape.hiddenSize)×\(shape.intermediateSize)"
            )
        }
        lines.append("")
        lines.append("Weights (\(r.weights.displayName))")
        lines.append(
            "  embeddings \(gib(w.embeddings)) + linear layers \(gib(w.linear)) + norms/routers/vision \(gib(w.other)) = \(gib(w.total)) GiB"
        )
        lines.append(
            "  linear layers at \(String(format: "%.3f", w.linear * 8 / Double(Swift.max(1, p.attention + p.feedForward)))) bits per weight on average"
        )
        if tp > 1 { lines.append("  ÷ tensor parallel \(tp) = \(gib(m.weights)) GiB per GPU") }
        lines.append("")
        lines.append("KV cache (vLLM blocks of \(FitCalculator.blockSize) tokens)")
        lines.append(
            "  page per layer = 16 tokens × \(kvHeads) KV heads per GPU × 2 (K,V) × head_dim \(shape.headDim) × "
                + "\(Int(r.kvCache.bytesPerElement)) B = \(Int(page)) B"
        )
        lines.append(
            "  full-attention layers: \(shape.fullAttentionLayerCount) × ⌈\(r.context)/16⌉ = \(fullBlocks) blocks each"
        )
        if let window = shape.slidingWindow, shape.slidingLayerCount > 0 {
            let tokens = Swift.min(window - 1 + o.batchedTokens, r.context)
            lines.append(
                "  sliding-window layers: \(shape.slidingLayerCount) × (⌈min(\(window) − 1 + \(o.batchedTokens), \(r.context))/16⌉ + 1)"
                    + " = \(FitCalculator.ceilDiv(tokens, FitCalculator.blockSize) + 1) blocks each"
            )
        }
        lines.append(
            "  per sequence = \(gib(m.kvCachePerSequence)) GiB; × \((r.concurrency + r.replicas - 1) / r.replicas) sequences per replica = \(gib(m.kvCache)) GiB"
        )
        lines.append("")
        lines.append("Runtime overhead per GPU")
        lines.append(
            "  activations = max_num_batched_tokens \(o.batchedTokens) × (4×hidden + (q+2kv)/tp + 2×ffn/tp) × 2 B = \(gib(o.activations)) GiB"
        )
        lines.append(
            "  sampler logits = max_num_seqs \(o.sequences) × vocab \(shape.vocabSize) × 4 B = \(gib(o.logits)) GiB"
        )
        lines.append("  non-torch memory \(gib(o.nonTorch)) GiB + CUDA graphs \(gib(o.cudaGraphs)) GiB")
        lines.append("")
        lines.append("Budget and concurrency")
        lines.append("  budget = \(r.gpuMemoryUtilization) × \(gib(m.gpuMemory)) GiB = \(gib(m.budget)) GiB")
        lines.append(
            "  total = weights \(gib(m.weights)) + KV \(gib(m.kvCache)) + overhead \(gib(o.total)) = \(gib(m.total)) GiB"
        )
        lines.append(
            "  max concurrency = ⌊(budget − weights − overhead) / per-sequence KV⌋ × replicas = "
                + "⌊\(gib(Swift.max(0, m.budget - m.weights - o.total))) / \(gib(m.kvCachePerSequence))⌋ × \(r.replicas) = \(result.maxConcurrency)"
        )
        lines.append("")
        lines.append("Speed estimates")
        let d = result.decode
        let bandwidth = gpu.bandwidthGBps.value ?? 0
        lines.append(
            "  decode = bandwidth × efficiency / bytes per step = \(bandwidth) GB/s × \(r.bandwidthEfficiency) / "
                + "\(String(format: "%.2f", d.bytesPerStep / 1e9)) GB = \(String(format: "%.1f", d.singleStreamTokensPerSecond)) tokens/s"
        )
        lines.append("    bytes per step = active weights per GPU + one sequence's KV cache at the full context")
        if let prefill = result.prefill {
            lines.append(
                "  prefill = FLOPs / (TFLOPS × efficiency × GPUs) = \(String(format: "%.3g", prefill.flops)) / "
                    + "(\(prefill.tflops)e12 × \(r.computeEfficiency) × \(tp)) = \(String(format: "%.3f", prefill.seconds)) s"
            )
            lines.append(
                "    FLOPs = 2 × active non-embedding params × prompt + causal attention 4 × q_dim × token pairs + lm_head"
            )
        }
        return lines
    }

    private static func gib(_ bytes: Double) -> String {
        String(format: "%.2f", bytes / 1_073_741_824)
    }
}
