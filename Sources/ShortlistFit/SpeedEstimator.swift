import Foundation
import ShortlistCatalog

/// Decode and prefill speed estimates from bytes moved and FLOPs done.
///
/// These are estimates, not measurements: decode is `bytes read per step ÷ (bandwidth × efficiency)`,
/// capped by `FLOPs per step ÷ (TFLOPS × efficiency)`; prefill is `FLOPs ÷ (TFLOPS × efficiency)`.
/// The efficiency depends on the engine and the memory (see ``bandwidthEfficiency(engine:memory:)``).
/// Tensor parallelism divides both over the GPUs and ignores all-reduce time. `shortlist bench` measures.
struct SpeedEstimator {
    let shape: ArchitectureShape
    let weights: WeightBytes
    let gpu: GPUCard
    let request: FitRequest

    /// The fraction of peak bandwidth single-stream decoding reaches, by engine and memory, with its basis
    /// (the measurements are in `docs/fit.md`).
    static func bandwidthEfficiency(engine: InferenceEngine, memory: GPUMemoryType) -> (Double, String) {
        switch (engine, memory) {
        case (.vllm, _): (0.75, "vLLM's decode")
        case (.llamaCpp, .hbm): (0.35, "llama.cpp's decode on HBM")
        case (.llamaCpp, .gddr): (0.6, "llama.cpp's decode on GDDR")
        case (.llamaCpp, .unified): (0.6, "llama.cpp's decode on unified memory (the GDDR figure)")
        }
    }

    var efficiency: (value: Double, basis: String) {
        if let given = request.bandwidthEfficiency { return (given, "as given") }
        let (value, basis) = Self.bandwidthEfficiency(engine: request.resolvedEngine, memory: gpu.memoryType)
        return (value, basis)
    }

    func decode(batch: Int) -> DecodeEstimate {
        let tp = Double(request.tensorParallel)
        let (efficiency, basis) = efficiency
        let bandwidth = (gpu.bandwidthGBps.value ?? 0) * 1e9 * efficiency
        let bytesPerElement = request.kvCache.bytesPerElement
        let kvFull = shape.kvBytes(tokens: request.context, bytesPerElement: bytesPerElement) / tp
        let kvTypical = shape.kvBytes(tokens: request.typicalContext, bytesPerElement: bytesPerElement) / tp
        let single = weights.activePerToken / tp + kvFull
        let typical = weights.activePerToken / tp + kvTypical
        // A batch reads the dense weights once; MoE reads every expert that any sequence routes to.
        let weightBytes = Self.weightsRead(shape: shape, weights: weights, batch: batch) / tp
        let stepBytes = weightBytes + Double(batch) * kvFull
        var stepSeconds = bandwidth > 0 ? stepBytes / bandwidth : .infinity
        var computeBound = false
        if let tflops = tensorThroughput()?.tflops {
            let flops = 2 * Double(shape.parameters.active - shape.parameters.embedding) * Double(batch) / tp
            let computeSeconds = flops / (tflops * 1e12 * request.computeEfficiency)
            if computeSeconds > stepSeconds {
                stepSeconds = computeSeconds
                computeBound = true
            }
        }
        let perSequence = stepSeconds.isFinite && stepSeconds > 0 ? 1 / stepSeconds : 0
        return DecodeEstimate(
            bandwidthEfficiency: efficiency,
            efficiencyBasis: basis,
            typicalTokensPerSecond: bandwidth > 0 ? bandwidth / typical : 0,
            typicalContext: request.typicalContext,
            singleStreamTokensPerSecond: bandwidth > 0 ? bandwidth / single : 0,
            batch: batch,
            aggregateTokensPerSecond: perSequence * Double(batch) * Double(request.replicas),
            perSequenceTokensPerSecond: perSequence,
            bytesPerStep: single,
            typicalBytesPerStep: typical,
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

    func prefill() -> PrefillEstimate? {
        guard let (tflops, precision) = tensorThroughput() else { return nil }
        let prompt = request.typicalPromptTokens
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

    /// The tensor throughput a format computes at.
    ///
    /// vLLM: FP8 and INT8 weights use those units where the GPU has
    /// them, everything else (weight-only INT4 included, which dequantizes) runs at BF16. llama.cpp multiplies in
    /// FP16 with FP16 accumulation (`CUBLAS_COMPUTE_16F`), which GeForce cards run at twice their BF16 rate.
    func tensorThroughput() -> (tflops: Double, precision: String)? {
        switch (request.resolvedEngine, request.weights) {
        case (.llamaCpp, _):
            if let fp16 = gpu.fp16AccumulateTFLOPS?.value { return (fp16, "FP16 (FP16 accumulate)") }
        case (.vllm, .fp8):
            if let fp8 = gpu.fp8TFLOPS?.value { return (fp8, "FP8") }
        case (.vllm, .int8):
            if let int8 = gpu.int8TOPS?.value { return (int8, "INT8") }
        default:
            break
        }
        return gpu.bf16TFLOPS?.value.map { ($0, "BF16") }
    }
}
