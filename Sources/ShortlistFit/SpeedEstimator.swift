import Foundation
import ShortlistCatalog

/// Decode and prefill speed estimates from bytes moved and FLOPs done.
///
/// These are estimates, not measurements: decode is `bytes read per step ÷ (bandwidth × efficiency)`,
/// capped by `FLOPs per step ÷ (TFLOPS × efficiency)`; prefill is `FLOPs ÷ (TFLOPS × efficiency)`.
/// Tensor parallelism divides both over the GPUs and ignores all-reduce time. `shortlist load` measures.
enum SpeedEstimator {
    static func decode(
        shape: ArchitectureShape,
        weights: WeightBytes,
        gpu: GPUCard,
        request: FitRequest,
        batch: Int
    ) -> DecodeEstimate {
        let tp = Double(request.tensorParallel)
        let bandwidth = (gpu.bandwidthGBps.value ?? 0) * 1e9 * request.bandwidthEfficiency
        let kvPerSequence =
            shape.kvBytes(tokens: request.context, bytesPerElement: request.kvCache.bytesPerElement) / tp
        let single = weights.activePerToken / tp + kvPerSequence
        let singleRate = bandwidth > 0 ? bandwidth / single : 0
        // A batch reads the dense weights once; MoE reads every expert that any sequence routes to.
        let weightBytes = weightsRead(shape: shape, weights: weights, batch: batch) / tp
        let stepBytes = weightBytes + Double(batch) * kvPerSequence
        var stepSeconds = bandwidth > 0 ? stepBytes / bandwidth : .infinity
        var computeBound = false
        if let tflops = tensorThroughput(gpu: gpu, weights: request.weights)?.tflops {
            let flops = 2 * Double(shape.parameters.active - shape.parameters.embedding) * Double(batch) / tp
            let computeSeconds = flops / (tflops * 1e12 * request.computeEfficiency)
            if computeSeconds > stepSeconds {
                stepSeconds = computeSeconds
                computeBound = true
            }
        }
        let perSequence = stepSeconds.isFinite && stepSeconds > 0 ? 1 / stepSeconds : 0
        return DecodeEstimate(
            singleStreamTokensPerSecond: singleRate,
            batch: batch,
            aggregateTokensPerSecond: perSequence * Double(batch) * Double(request.replicas),
            perSequenceTokensPerSecond: perSequence,
            bytesPerStep: single,
            computeBound: computeBound
        )
    }

    /// Weight bytes one decode step reads for `batch` sequences.
    ///
    /// For MoE, the expected number of distinct experts hit per layer is `E × (1 − (1 − k/E)^batch)`.
    static func weightsRead(shape: ArchitectureShape, weights: WeightBytes, batch: Int) -> Double {
        guard let moe = shape.moe else { return weights.activePerToken }
        let e = Double(moe.experts)
        let k = Double(moe.expertsPerToken)
        let hit = e * (1 - pow(1 - k / e, Double(batch)))
        let perExpert = weights.linear > 0 ? expertBytes(shape: shape, weights: weights) : 0
        return weights.activePerToken + (Swift.min(hit, e) - k) * perExpert
    }

    /// Bytes of one expert of all layers together, in the same format.
    private static func expertBytes(shape: ArchitectureShape, weights: WeightBytes) -> Double {
        guard let moe = shape.moe else { return 0 }
        let h = shape.hiddenSize
        let attention = shape.layers * ((shape.attentionHeads * 2 + shape.kvHeads * 2) * shape.headDim * h)
        let experts = shape.layers * moe.experts * 3 * h * moe.expertIntermediateSize
        let bytesPerWeight = weights.linear / Double(attention + experts)
        return Double(shape.layers * 3 * h * moe.expertIntermediateSize) * bytesPerWeight
    }

    static func prefill(shape: ArchitectureShape, gpu: GPUCard, request: FitRequest) -> PrefillEstimate? {
        guard let (tflops, precision) = tensorThroughput(gpu: gpu, weights: request.weights) else { return nil }
        let prompt = request.promptTokens ?? request.context
        let p = Double(prompt)
        let q = Double(shape.attentionHeads * shape.headDim)
        let linear = 2 * Double(shape.parameters.active - shape.parameters.embedding - shape.parameters.lmHead) * p
        let lmHead = 2 * Double(shape.vocabSize * shape.hiddenSize)  // logits for the last prompt token only
        // Causal attention: QKᵀ and AV cost 4·q FLOPs per (query, key) pair; token t sees min(t, window) keys.
        let fullAttention = Double(shape.fullAttentionLayerCount) * 4 * q * (p * p / 2)
        let window = Double(shape.slidingWindow ?? prompt)
        let windowPairs = p <= window ? p * p / 2 : p * window - window * window / 2
        let slidingAttention = Double(shape.slidingLayerCount) * 4 * q * windowPairs
        let flops = linear + lmHead + fullAttention + slidingAttention
        let seconds = flops / (Double(request.tensorParallel) * tflops * 1e12 * request.computeEfficiency)
        return PrefillEstimate(
            promptTokens: prompt,
            flops: flops,
            seconds: seconds,
            tflops: tflops,
            precision: precision
        )
    }

    /// The tensor throughput a format computes at: FP8 and INT8 weights use those units where the GPU has them,
    /// everything else (including weight-only INT4 and GGUF, which dequantize) runs at BF16.
    static func tensorThroughput(gpu: GPUCard, weights: WeightFormat) -> (tflops: Double, precision: String)? {
        switch weights {
        case .fp8:
            if let fp8 = gpu.fp8TFLOPS?.value { return (fp8, "FP8") }
        case .int8:
            if let int8 = gpu.int8TOPS?.value { return (int8, "INT8") }
        default:
            break
        }
        return gpu.bf16TFLOPS?.value.map { ($0, "BF16") }
    }
}
