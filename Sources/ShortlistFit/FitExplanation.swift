import Foundation
package import ShortlistCatalog

/// The formulas behind a ``FitResult``, with the numbers that went into them (`shortlist fit --explain`).
package enum FitExplanation {
    package static func lines(for result: FitResult, shape: ArchitectureShape, gpu: GPUCard) -> [String] {
        let r = result.request
        let m = result.memory
        let w = result.weightBytes
        let tp = r.tensorParallel
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
        if tp > 1 { lines.append("  ÷ \(tp) GPUs = \(gib(w.total / Double(tp))) GiB per GPU") }
        if m.rotaryCache > 0 {
            lines.append(
                "  + vLLM's rotary cache: max_position_embeddings × head_dim × 2 B = \(gib(m.rotaryCache)) GiB → "
                    + "\(gib(m.weights)) GiB as vLLM's \"Model loading took\" counts it"
            )
        }
        lines.append("")
        lines += kvLines(result, shape: shape)
        lines.append("")
        lines += overheadLines(result, shape: shape)
        lines.append("")
        lines.append("Budget and concurrency")
        if result.engine == .vllm {
            lines.append(
                "  budget = gpu_memory_utilization \(m.utilization) × \(gib(m.gpuMemory)) GiB"
                    + (m.gpuMemoryIsNominal ? " (vendor figure)" : " (CUDA's total)") + " = \(gib(m.budget)) GiB"
            )
        } else {
            lines.append("  budget = all of the GPU's \(gib(m.gpuMemory)) GiB (llama.cpp has no utilization cap)")
        }
        lines.append(
            "  available for KV = budget − weights \(gib(m.weights)) − overhead \(gib(o.total)) = \(gib(m.kvCacheAvailable)) GiB"
        )
        switch result.kvLayout {
        case .vllm(let groups):
            lines.append(
                "  num_blocks = ⌊available / page / group size⌋ = ⌊\(gib(m.kvCacheAvailable)) GiB / \(Int(groups.pageBytes)) B / "
                    + "\(groups.groupSize)⌋ = \(result.kvBlocks)"
            )
            lines.append(
                "  max concurrency = num_blocks / blocks per sequence = \(result.kvBlocks) / \(groups.blocksPerSequence) = "
                    + String(format: "%.2f", result.maxConcurrencyPerReplica) + "x per replica → "
                    + "\(result.maxConcurrency) sequences over \(r.replicas) replica\(r.replicas == 1 ? "" : "s")"
            )
        case .llamaCpp:
            lines.append(
                "  slots of \(r.context) tokens = ⌊available / per-slot KV⌋ = ⌊\(gib(m.kvCacheAvailable)) / "
                    + "\(gib(m.kvCachePerSequence))⌋ × \(r.replicas) = \(result.maxConcurrency)"
            )
        }
        lines.append(
            "  total = weights \(gib(m.weights)) + KV \(gib(m.kvCache)) + overhead \(gib(o.total)) = \(gib(m.total)) GiB"
        )
        lines.append("")
        lines.append("Speed estimates")
        let d = result.decode
        let bandwidth = gpu.bandwidthGBps.value ?? 0
        lines.append(
            "  decode = bandwidth × efficiency / bytes per step; efficiency \(d.bandwidthEfficiency) (\(d.efficiencyBasis))"
        )
        lines.append(
            "    typical request (\(d.typicalContext) tokens): \(bandwidth) GB/s × \(d.bandwidthEfficiency) / "
                + "\(String(format: "%.2f", d.typicalBytesPerStep / 1e9)) GB = \(String(format: "%.1f", d.typicalTokensPerSecond)) tokens/s"
        )
        lines.append(
            "    full context (\(r.context) tokens): \(bandwidth) GB/s × \(d.bandwidthEfficiency) / "
                + "\(String(format: "%.2f", d.bytesPerStep / 1e9)) GB = \(String(format: "%.1f", d.singleStreamTokensPerSecond)) tokens/s"
        )
        lines.append("    bytes per step = active weights per GPU + one sequence's KV cache at that length")
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

    private static func kvLines(_ result: FitResult, shape: ArchitectureShape) -> [String] {
        let r = result.request
        let m = result.memory
        switch result.kvLayout {
        case .vllm(let groups):
            let heads = FitCalculator.kvHeadsPerGPU(shape: shape, tensorParallel: r.tensorParallel)
            var lines = ["KV cache (vLLM: blocks of 16 tokens)"]
            lines.append(
                "  page per layer = 16 tokens × \(heads) KV heads per GPU × 2 (K,V) × head_dim \(shape.headDim) × "
                    + "\(String(format: "%g", r.kvCache.bytesPerElement)) B = \(Int(groups.pageBytes)) B"
            )
            if groups.isHybrid {
                lines.append(
                    "  groups of \(groups.groupSize) layers: \(groups.fullGroups) full-attention, \(groups.slidingGroups) "
                        + "sliding-window (\(groups.paddingLayers) padding layers); a block spans one layer of each "
                        + "of the \(groups.groupSize) tensors"
                )
            } else {
                lines.append("  one group of all \(groups.groupSize) layers")
            }
            let fullBlocks = FitCalculator.ceilDiv(r.context, FitCalculator.blockSize)
            var perSequence = "  blocks per sequence = "
            if groups.fullGroups > 0 { perSequence += "\(groups.fullGroups) × ⌈\(r.context)/16⌉ (= \(fullBlocks))" }
            if groups.slidingGroups > 0, let window = shape.slidingWindow {
                if groups.fullGroups > 0 { perSequence += " + " }
                perSequence +=
                    "\(groups.slidingGroups) × (⌈min(\(window) − 1 + \(m.overhead.batchedTokens), \(r.context))/16⌉ + 1)"
            }
            lines.append(perSequence + " = \(groups.blocksPerSequence)")
            lines.append(
                "  per sequence = \(groups.blocksPerSequence) × \(groups.groupSize) × page = \(gib(m.kvCachePerSequence)) GiB; "
                    + "× \((r.concurrency + r.replicas - 1) / r.replicas) per replica = \(gib(m.kvCache)) GiB"
            )
            return lines
        case .llamaCpp(let cells):
            var lines = ["KV cache (llama.cpp: cells padded to 256, one stream per slot)"]
            lines.append(
                "  full-attention layers: \(shape.fullAttentionLayerCount) × \(cells.fullCells) cells per slot"
            )
            if shape.slidingLayerCount > 0 {
                lines.append(
                    "  sliding-window layers: \(shape.slidingLayerCount) × \(cells.slidingCells) cells per slot"
                        + (r.swaFull ? " (--swa-full)" : " (pad256(min(context, window + n_ubatch)))")
                )
            }
            lines.append(
                "  cell per layer = 2 (K,V) × \(shape.kvHeads) KV heads × head_dim \(shape.headDim) × "
                    + "\(String(format: "%g", r.kvCache.bytesPerElement)) B; per slot = \(gib(m.kvCachePerSequence)) GiB; "
                    + "× \(r.concurrency) slots = \(gib(m.kvCache)) GiB"
            )
            return lines
        }
    }

    private static func overheadLines(_ result: FitResult, shape: ArchitectureShape) -> [String] {
        let o = result.memory.overhead
        let r = result.request
        if result.engine == .llamaCpp {
            return [
                "Runtime overhead per GPU (llama.cpp)",
                "  compute buffer = max(logits vocab \(shape.vocabSize) × n_ubatch \(o.batchedTokens) × 4 B"
                    + (r.flashAttention ? "" : ", scores n_kv × n_ubatch × heads × 4 B")
                    + ") + n_ubatch × hidden × 4 B = \(gib(o.computeBuffer)) GiB",
                "  CUDA context, cuBLAS and ggml's pool \(gib(o.cudaContext)) GiB",
            ]
        }
        return [
            "Runtime overhead per GPU (vLLM's profile run)",
            "  torch peak = max(forward, sampler): forward = max_num_batched_tokens \(o.batchedTokens) × (3×hidden + "
                + "3×ffn/tp) × 2 B = \(gib(o.activations)) GiB; sampler = min(max_num_seqs \(o.sequences), "
                + "\(o.batchedTokens)) × vocab \(shape.vocabSize) × 23 B = \(gib(o.sampler)) GiB",
            "  non-torch memory \(gib(o.nonTorch)) GiB + CUDA graphs \(gib(o.cudaGraphs)) GiB"
                + (r.chargesCUDAGraphs ? " (vLLM ≥ 0.21 charges its estimate)" : " (not charged)"),
        ]
    }

    private static func gib(_ bytes: Double) -> String {
        String(format: "%.2f", bytes / 1_073_741_824)
    }
}
