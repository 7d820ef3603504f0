import Yams

/// A model read from a Hugging Face `config.json`: its architecture numbers and how each was found.
package struct ImportedConfig: Sendable, Equatable {
    package var shape: ArchitectureShape
    package var className: String?
    package var modelType: String?
    package var repository: String?
    package var maxPositionEmbeddings: Int?
    /// Fields taken from transformers' defaults for the model type because the file omits them.
    package var defaulted: [String]
    /// Things the importer noticed but the shape can't express.
    package var notes: [String]
}

/// Reads Hugging Face `config.json` files into architecture shapes.
///
/// Handles nested `text_config`/`vision_config` (multimodal models), Gemma 3's sparse files (transformers'
/// `Gemma3TextConfig` defaults fill the gaps), explicit `head_dim`, MoE fields and sliding-window layer patterns
/// (`layer_types`, `sliding_window_pattern`, Qwen's `max_window_layers`).
package enum HFConfigImporter {
    /// transformers' `Gemma3TextConfig` defaults, used for keys a Gemma 3 config omits.
    static let gemma3TextDefaults: [String: Int] = [
        "vocab_size": 262_208, "hidden_size": 2304, "intermediate_size": 9216, "num_hidden_layers": 26,
        "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256, "max_position_embeddings": 131_072,
        "sliding_window": 4096, "sliding_window_pattern": 6,
    ]

    /// transformers' `SiglipVisionConfig` defaults.
    static let siglipDefaults: [String: Int] = [
        "hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "image_size": 224, "patch_size": 16,
        "num_channels": 3,
    ]

    package static func read(_ text: String, path: String) throws(CatalogError) -> ImportedConfig {
        let document = try CatalogDocument.parse(text, path: path, allowSources: false)
        let root = document.root
        let architectures = try root.optional("architectures", as: [String].self)
        let topType = try root.optional("model_type", as: String.self)
        let text = try root.map("text_config") ?? root
        let textType = try text.optional("model_type", as: String.self) ?? topType
        let isGemma3 = ["gemma3", "gemma3_text"].contains(textType ?? "")
        var defaulted: [String] = []
        var notes: [String] = []

        func integer(_ key: String, default fallback: Int? = nil) throws(CatalogError) -> Int {
            if let value = try text.optional(key, as: Int.self) {
                guard value > 0 else {
                    throw .invalidField(
                        text.location(of: key),
                        field: text.field(key),
                        value: String(value),
                        expected: "a positive integer"
                    )
                }
                return value
            }
            if isGemma3, let value = gemma3TextDefaults[key] {
                defaulted.append(key)
                return value
            }
            if let fallback {
                defaulted.append(key)
                return fallback
            }
            throw .missingField(text.location, field: text.field(key))
        }

        let layers = try integer("num_hidden_layers")
        let hidden = try integer("hidden_size")
        let heads = try integer("num_attention_heads")
        let kvHeads = try integer("num_key_value_heads", default: heads)
        let headDim = try integer("head_dim", default: hidden / heads)
        let vocab = try integer("vocab_size")
        let maxPositions = try? integer("max_position_embeddings")
        let tied: Bool
        let textTie = try text.optional("tie_word_embeddings", as: Bool.self)
        let rootTie = try root.optional("tie_word_embeddings", as: Bool.self)
        if let value = textTie ?? rootTie {
            tied = value
        } else {
            // PretrainedConfig defaults to True; Llama, Mistral, Qwen, Phi-3 and most causal LMs override it to False.
            tied = isGemma3 || textType == "gemma" || textType == "gemma2"
            defaulted.append("tie_word_embeddings")
        }
        guard heads % kvHeads == 0 else {
            throw .invalidField(
                text.location(of: "num_key_value_heads"),
                field: text.field("num_key_value_heads"),
                value: String(kvHeads),
                expected: "a divisor of num_attention_heads (\(heads))"
            )
        }

        // Mixture of experts.
        var moe: ArchitectureShape.MixtureOfExperts?
        let expertCount = try text.optional(
            anyOf: ["num_experts", "num_local_experts", "n_routed_experts"],
            as: Int.self
        )
        if let expertCount, expertCount > 1 {
            let perToken = try text.required("num_experts_per_tok", as: Int.self)
            var expertSize = try text.optional("moe_intermediate_size", as: Int.self)
            if expertSize == nil { expertSize = try integer("intermediate_size") }
            moe = .init(experts: expertCount, expertsPerToken: perToken, expertIntermediateSize: expertSize ?? 0)
            if let shared = try text.optional(
                anyOf: ["shared_expert_intermediate_size", "n_shared_experts"],
                as: Int.self
            ), shared > 0 {
                throw .invalidField(
                    text.location(of: "shared_expert_intermediate_size"),
                    field: text.field("shared experts"),
                    value: String(shared),
                    expected: "no shared experts (Shortlist's parameter arithmetic does not model them yet)"
                )
            }
            if let dense = try text.optional("mlp_only_layers", as: [Int].self), !dense.isEmpty {
                notes.append("mlp_only_layers \(dense) are counted as MoE layers.")
            }
        }
        var intermediate = try text.optional("intermediate_size", as: Int.self) ?? moe?.expertIntermediateSize ?? 0
        if intermediate == 0 { intermediate = try integer("intermediate_size") }

        let modelType = textType ?? ""
        let qkNorm: QKNorm =
            switch modelType {
            case "qwen3", "qwen3_moe", "gemma3", "gemma3_text": .perHead
            case "olmo2": .full
            default: .none
            }
        let normsPerLayer = ["gemma2", "gemma3", "gemma3_text"].contains(modelType) ? 4 : 2
        let statedBias = try text.optional("attention_bias", as: Bool.self)
        let bias = statedBias ?? ["qwen2", "qwen2_moe", "qwen2_vl"].contains(modelType)
        if try text.optional("mlp_bias", as: Bool.self) == true {
            notes.append("mlp_bias is true; feed-forward biases are not counted.")
        }

        let (window, global) = try slidingWindow(
            text,
            layers: layers,
            modelType: modelType,
            isGemma3: isGemma3,
            maxPositions: maxPositions,
            defaulted: &defaulted,
            notes: &notes
        )

        var vision: VisionTower?
        if let visionMap = try root.map("vision_config") {
            let visionType = try visionMap.optional("model_type", as: String.self)
            if isGemma3 || visionType == "siglip_vision_model" {
                func visionInt(_ key: String) throws(CatalogError) -> Int {
                    if let value = try visionMap.optional(key, as: Int.self) { return value }
                    defaulted.append("vision_config.\(key)")
                    return siglipDefaults[key] ?? 0
                }
                vision = VisionTower(
                    hiddenSize: try visionInt("hidden_size"),
                    intermediateSize: try visionInt("intermediate_size"),
                    layers: try visionInt("num_hidden_layers"),
                    imageSize: try visionInt("image_size"),
                    patchSize: try visionInt("patch_size"),
                    channels: try visionInt("num_channels")
                )
            } else {
                notes.append("vision_config of type '\(visionType ?? "unknown")' is not counted in the parameters.")
            }
        }

        let shape = ArchitectureShape(
            layers: layers,
            hiddenSize: hidden,
            intermediateSize: intermediate,
            attentionHeads: heads,
            kvHeads: kvHeads,
            headDim: headDim,
            vocabSize: vocab,
            tiedEmbeddings: tied,
            attentionBias: bias,
            qkNorm: qkNorm,
            normsPerLayer: normsPerLayer,
            slidingWindow: window,
            globalLayers: global,
            moe: moe,
            vision: vision
        )
        return ImportedConfig(
            shape: shape,
            className: architectures?.first,
            modelType: textType,
            repository: try root.optional("_name_or_path", as: String.self),
            maxPositionEmbeddings: maxPositions,
            defaulted: defaulted,
            notes: notes
        )
    }

    /// The sliding window and the layers that keep full attention, from whichever pattern the config uses.
    private static func slidingWindow(
        _ text: YAMLMap,
        layers: Int,
        modelType: String,
        isGemma3: Bool,
        maxPositions: Int?,
        defaulted: inout [String],
        notes: inout [String]
    ) throws(CatalogError) -> (Int?, [Int]?) {
        if try text.optional("use_sliding_window", as: Bool.self) == false { return (nil, nil) }
        var window = try text.optional("sliding_window", as: Int.self)
        if window == nil, isGemma3, text.node("sliding_window") == nil {
            window = gemma3TextDefaults["sliding_window"]
            defaulted.append("sliding_window")
        }
        guard let window else { return (nil, nil) }
        if let types = try text.optional("layer_types", as: [String].self) {
            guard types.count == layers else {
                throw .invalidField(
                    text.location(of: "layer_types"),
                    field: text.field("layer_types"),
                    value: "\(types.count) entries",
                    expected: "one entry per layer (\(layers))"
                )
            }
            let global = types.indices.filter { types[$0] != "sliding_attention" }
            return global.count == layers ? (nil, nil) : (window, global)
        }
        if isGemma3 {
            var pattern = try text.optional("sliding_window_pattern", as: Int.self)
            if pattern == nil {
                pattern = gemma3TextDefaults["sliding_window_pattern"]
                defaulted.append("sliding_window_pattern")
            }
            let every = Swift.max(1, pattern ?? 6)
            return (window, (0..<layers).filter { ($0 + 1) % every == 0 })
        }
        if modelType == "gemma2" {
            return (window, (0..<layers).filter { $0 % 2 == 1 })
        }
        if let maxWindowLayers = try text.optional("max_window_layers", as: Int.self), modelType.hasPrefix("qwen") {
            // Qwen2/Qwen3 with use_sliding_window: layers from max_window_layers on use the window.
            return maxWindowLayers >= layers ? (nil, nil) : (window, Array(0..<maxWindowLayers))
        }
        if let maxPositions, window >= maxPositions {
            notes.append(
                "sliding_window \(window) ≥ max_position_embeddings \(maxPositions): full attention in effect."
            )
            return (nil, nil)
        }
        return (window, nil)
    }
}
