package import ShortlistCatalog

/// A ggml tensor type with its storage cost; case names keep ggml's spelling.
// swift-format-ignore: AlwaysUseLowerCamelCase
package enum GGMLType: String, Sendable, Codable {
    case f32, f16, q8_0, q6_K, q5_K, q4_K, q5_1, q5_0, q4_0

    /// Bits per weight from the block structs in ggml-common.h (bytes per block × 8 ÷ weights per block).
    package var bitsPerWeight: Double {
        switch self {
        case .f32: 32
        case .f16: 16
        case .q8_0: 34.0 * 8 / 32  // fp16 scale + 32 int8
        case .q6_K: 210.0 * 8 / 256  // 128 ql + 64 qh + 16 scales + fp16 d
        case .q5_K: 176.0 * 8 / 256  // fp16 d, dmin + 12 scales + 32 qh + 128 qs
        case .q4_K: 144.0 * 8 / 256  // fp16 d, dmin + 12 scales + 128 qs
        case .q5_1: 24.0 * 8 / 32
        case .q5_0: 22.0 * 8 / 32
        case .q4_0: 18.0 * 8 / 32  // fp16 scale + 16 bytes of nibbles
        }
    }

    /// llama.cpp's type for a row length that is not a multiple of the k-quant block of 256.
    func fitting(rowLength: Int) -> GGMLType {
        guard rowLength % 256 != 0 else { return self }
        switch self {
        case .q4_K: return .q5_0
        case .q5_K: return .q5_1
        case .q6_K: return .q8_0
        default: return self
        }
    }
}

/// Bytes of a model's weights in one format.
package struct WeightBytes: Sendable, Equatable, Encodable {
    /// Token embedding and output projection.
    package var embeddings: Double
    /// Attention and feed-forward linear layers, all experts included.
    package var linear: Double
    /// Norms, biases, routers and the vision tower.
    package var other: Double
    /// Bytes read from memory per decoded token at batch size 1: one embedding row, the active experts only.
    package var activePerToken: Double

    package var total: Double { embeddings + linear + other }
}

/// One group of same-shaped weight tensors, as the arithmetic needs them.
private struct TensorGroup {
    enum Role {
        case tokenEmbedding, output, attnQ, attnK, attnV, attnOutput, ffnGate, ffnUp, ffnDown, router, small, vision
    }
    var role: Role
    /// For attn_v and ffn_down: whether these are the layers llama.cpp's `use_more_bits` picks.
    var moreBits = false
    var elements: Int
    /// Length of one row (the input dimension), which decides k-quant fallbacks.
    var rowLength: Int
    /// Elements read per decoded token.
    var activeElements: Int
}

extension WeightFormat {
    /// The bytes the weights of `shape` take in this format.
    ///
    /// vLLM formats quantize the attention and feed-forward linear layers and keep embeddings, norms and routers
    /// at 16 bits. GGUF follows llama.cpp's per-tensor mix (`llama_tensor_get_type`). See `docs/fit.md`.
    package func bytes(for shape: ArchitectureShape) -> WeightBytes {
        var result = WeightBytes(embeddings: 0, linear: 0, other: 0, activePerToken: 0)
        for group in Self.tensors(of: shape) {
            let bits = bitsPerWeight(group, shape: shape)
            let bytes = Double(group.elements) * bits / 8
            switch group.role {
            case .tokenEmbedding, .output: result.embeddings += bytes
            case .router, .small, .vision: result.other += bytes
            default: result.linear += bytes
            }
            if group.role != .vision {
                result.activePerToken += Double(group.activeElements) * bits / 8
            }
        }
        return result
    }

    private func bitsPerWeight(_ group: TensorGroup, shape: ArchitectureShape) -> Double {
        if isGGUF { return ggmlType(group, shape: shape).bitsPerWeight }
        switch group.role {
        case .tokenEmbedding, .output, .router, .small, .vision:
            return 16
        default:
            switch self {
            // Per-channel or block-wise fp32 scales add well under 0.1 bit per weight.
            case .fp8, .int8: return 8
            // 4-bit weights plus, per group of 128 inputs, an fp16 scale and a packed 4-bit zero point.
            case .int4AWQ: return 4 + (16 + 4) / 128
            // As AWQ, plus GPTQ's int32 g_idx per input channel, spread over the row's outputs.
            case .int4GPTQ:
                let outputs = Double(group.elements) / Double(group.rowLength)
                return 4 + (16 + 4) / 128 + 32 / outputs
            default: return 16
            }
        }
    }

    /// llama.cpp's type for one tensor (src/llama-quant.cpp, `llama_tensor_get_type`, without an imatrix).
    private func ggmlType(_ group: TensorGroup, shape: ArchitectureShape) -> GGMLType {
        let base: GGMLType
        switch self {
        case .ggufQ8_0: base = .q8_0
        case .ggufQ6_K: base = .q6_K
        case .ggufQ5_K_M: base = .q5_K
        case .ggufQ4_K_M: base = .q4_K
        case .ggufQ4_0: base = .q4_0
        default: base = .f16
        }
        let outputType: GGMLType = base == .q8_0 ? .q8_0 : .q6_K
        let type: GGMLType
        switch group.role {
        case .small, .router: return .f32  // 1-D tensors and expert gates are never quantized
        case .vision: return .f16  // the separate mmproj file
        case .output: type = outputType
        case .tokenEmbedding: type = shape.tiedEmbeddings ? outputType : base  // tied: the output rule applies
        case .attnV, .ffnDown:
            let moreBits = (self == .ggufQ4_K_M || self == .ggufQ5_K_M) && group.moreBits
            type = moreBits ? .q6_K : base
        default: type = base
        }
        let fitted = type.fitting(rowLength: group.rowLength)
        // llama.cpp falls back to Q8_0 for an output tensor whose rows don't fit a k-quant block.
        if (group.role == .output || (group.role == .tokenEmbedding && shape.tiedEmbeddings)) && fitted != type {
            return .q8_0
        }
        return fitted
    }

    /// llama.cpp's `use_more_bits`: the first and last eighth of the layers, and every third layer between.
    static func useMoreBits(layer: Int, layers: Int) -> Bool {
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2
    }

    /// The model's weight tensors grouped by role.
    ///
    /// Layers are identical except for llama.cpp's `use_more_bits` choice on attn_v and ffn_down, so those two are
    /// split into the "more bits" layers and the rest.
    private static func tensors(of shape: ArchitectureShape) -> [TensorGroup] {
        let h = shape.hiddenSize
        let q = shape.attentionHeads * shape.headDim
        let kv = shape.kvHeads * shape.headDim
        let layers = shape.layers
        let embedding = shape.vocabSize * h
        let moreBitsLayers = (0..<layers).filter { useMoreBits(layer: $0, layers: layers) }.count
        let layerSplit = [(moreBits: true, count: moreBitsLayers), (moreBits: false, count: layers - moreBitsLayers)]
        var groups: [TensorGroup] = [
            // Decoding reads one embedding row per token, unless the matrix doubles as the output projection.
            TensorGroup(
                role: .tokenEmbedding,
                elements: embedding,
                rowLength: h,
                activeElements: shape.tiedEmbeddings ? embedding : h
            )
        ]
        groups.reserveCapacity(14)
        if !shape.tiedEmbeddings {
            groups.append(TensorGroup(role: .output, elements: embedding, rowLength: h, activeElements: embedding))
        }
        groups.append(TensorGroup(role: .attnQ, elements: layers * h * q, rowLength: h, activeElements: layers * h * q))
        groups.append(
            TensorGroup(role: .attnK, elements: layers * h * kv, rowLength: h, activeElements: layers * h * kv)
        )
        groups.append(
            TensorGroup(role: .attnOutput, elements: layers * q * h, rowLength: q, activeElements: layers * q * h)
        )
        for split in layerSplit where split.count > 0 {
            groups.append(
                TensorGroup(
                    role: .attnV,
                    moreBits: split.moreBits,
                    elements: split.count * h * kv,
                    rowLength: h,
                    activeElements: split.count * h * kv
                )
            )
        }
        if let moe = shape.moe {
            let expert = h * moe.expertIntermediateSize
            let (all, active) = (moe.experts * expert, moe.expertsPerToken * expert)
            groups.append(
                TensorGroup(
                    role: .router,
                    elements: layers * h * moe.experts,
                    rowLength: h,
                    activeElements: layers * h * moe.experts
                )
            )
            groups.append(
                TensorGroup(role: .ffnGate, elements: layers * all, rowLength: h, activeElements: layers * active)
            )
            groups.append(
                TensorGroup(role: .ffnUp, elements: layers * all, rowLength: h, activeElements: layers * active)
            )
            for split in layerSplit where split.count > 0 {
                groups.append(
                    TensorGroup(
                        role: .ffnDown,
                        moreBits: split.moreBits,
                        elements: split.count * all,
                        rowLength: moe.expertIntermediateSize,
                        activeElements: split.count * active
                    )
                )
            }
        } else {
            let ffn = h * shape.intermediateSize
            groups.append(
                TensorGroup(role: .ffnGate, elements: layers * ffn, rowLength: h, activeElements: layers * ffn)
            )
            groups.append(TensorGroup(role: .ffnUp, elements: layers * ffn, rowLength: h, activeElements: layers * ffn))
            for split in layerSplit where split.count > 0 {
                groups.append(
                    TensorGroup(
                        role: .ffnDown,
                        moreBits: split.moreBits,
                        elements: split.count * ffn,
                        rowLength: shape.intermediateSize,
                        activeElements: split.count * ffn
                    )
                )
            }
        }
        var small = h + layers * shape.normsPerLayer * h  // final norm and per-layer norms
        if shape.attentionBias { small += layers * (q + 2 * kv) }
        switch shape.qkNorm {
        case .none: break
        case .perHead: small += layers * 2 * shape.headDim
        case .full: small += layers * (q + kv)
        }
        groups.append(TensorGroup(role: .small, elements: small, rowLength: small, activeElements: small))
        let vision = shape.vision.map { ArchitectureShape.visionParameters($0, textHidden: h) } ?? 0
        if vision > 0 {
            groups.append(TensorGroup(role: .vision, elements: vision, rowLength: 1, activeElements: 0))
        }
        return groups
    }
}
