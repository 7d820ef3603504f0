import Foundation
package import ShortlistCatalog

/// Writes a Hugging Face style `config.json` from a catalog card, so import can be tested on every model.
///
/// Gemma 3 models are written sparse, the way Google's files are: only the fields transformers' defaults
/// don't supply, nested under `text_config` for the multimodal ones.
package enum HFConfigWriter {
    package static func config(for card: ModelCard) throws -> [String: Any] {
        let shape = try requireShape(card)
        let className = card.architecture.className.value ?? "UnknownForCausalLM"
        let modelType = Self.modelType(className: className)
        if modelType == "gemma3" || modelType == "gemma3_text" {
            return gemma3(card: card, shape: shape, className: className)
        }
        var config: [String: Any] = [
            "architectures": [className],
            "model_type": modelType,
            "num_hidden_layers": shape.layers,
            "hidden_size": shape.hiddenSize,
            "intermediate_size": shape.intermediateSize,
            "num_attention_heads": shape.attentionHeads,
            "num_key_value_heads": shape.kvHeads,
            "head_dim": shape.headDim,
            "vocab_size": shape.vocabSize,
            "tie_word_embeddings": shape.tiedEmbeddings,
            "max_position_embeddings": card.context.maxPositionEmbeddings?.value ?? card.context.native.value ?? 4096,
            "_name_or_path": card.hfRepo,
        ]
        if modelType != "qwen2" { config["attention_bias"] = shape.attentionBias }
        if let window = shape.slidingWindow {
            config["sliding_window"] = window
            if let global = shape.globalLayers {
                config["layer_types"] = (0..<shape.layers).map {
                    global.contains($0) ? "full_attention" : "sliding_attention"
                }
            }
        } else {
            config["sliding_window"] = NSNull()
        }
        if let moe = shape.moe {
            config["num_experts"] = moe.experts
            config["num_experts_per_tok"] = moe.expertsPerToken
            config["moe_intermediate_size"] = moe.expertIntermediateSize
        }
        return config
    }

    private static func gemma3(card: ModelCard, shape: ArchitectureShape, className: String) -> [String: Any] {
        var text: [String: Any] = [
            "hidden_size": shape.hiddenSize,
            "intermediate_size": shape.intermediateSize,
            "num_hidden_layers": shape.layers,
            "sliding_window": shape.slidingWindow ?? 4096,
            "rope_scaling": ["factor": 8.0, "rope_type": "linear"],
        ]
        // Write what differs from transformers' Gemma3TextConfig defaults, as Google's files do.
        if shape.attentionHeads != 8 { text["num_attention_heads"] = shape.attentionHeads }
        if shape.kvHeads != 4 { text["num_key_value_heads"] = shape.kvHeads }
        if shape.headDim != 256 { text["head_dim"] = shape.headDim }
        if shape.vocabSize != 262_208 { text["vocab_size"] = shape.vocabSize }
        if let maxPositions = card.context.maxPositionEmbeddings?.value ?? card.context.native.value,
            maxPositions != 131_072
        {
            text["max_position_embeddings"] = maxPositions
        }
        guard let vision = shape.vision else {
            text["architectures"] = [className]
            text["model_type"] = "gemma3_text"
            return text
        }
        text["model_type"] = "gemma3_text"
        return [
            "architectures": [className],
            "model_type": "gemma3",
            "text_config": text,
            "vision_config": [
                "model_type": "siglip_vision_model",
                "hidden_size": vision.hiddenSize,
                "intermediate_size": vision.intermediateSize,
                "num_hidden_layers": vision.layers,
                "num_attention_heads": 16,
                "image_size": vision.imageSize,
                "patch_size": vision.patchSize,
            ],
            "mm_tokens_per_image": 256,
        ]
    }

    package static func json(for card: ModelCard) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: try config(for: card),
            options: [.prettyPrinted, .sortedKeys]
        )
        return String(decoding: data, as: UTF8.self)
    }

    /// transformers' `model_type` for an architecture class name.
    package static func modelType(className: String) -> String {
        switch className {
        case "Qwen3ForCausalLM": "qwen3"
        case "Qwen3MoeForCausalLM": "qwen3_moe"
        case "Qwen2ForCausalLM": "qwen2"
        case "LlamaForCausalLM": "llama"
        case "MistralForCausalLM": "mistral"
        case "Phi3ForCausalLM": "phi3"
        case "Gemma3ForConditionalGeneration": "gemma3"
        case "Gemma3ForCausalLM": "gemma3_text"
        case "GraniteForCausalLM": "granite"
        case "Olmo2ForCausalLM": "olmo2"
        case "SmolLM3ForCausalLM": "smollm3"
        default: className.lowercased()
        }
    }

    private struct MissingShape: Error, CustomStringConvertible {
        var description: String
    }

    private static func requireShape(_ card: ModelCard) throws -> ArchitectureShape {
        guard let shape = card.shape else { throw MissingShape(description: "\(card.id) has no complete architecture") }
        return shape
    }
}
