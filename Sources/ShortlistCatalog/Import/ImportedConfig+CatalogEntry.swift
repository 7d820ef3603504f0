import Foundation

extension ImportedConfig {
    /// The source key an imported entry cites for numbers read from the file.
    package static let configSourceKey = "CONFIG"
    /// The source key for numbers taken from transformers' defaults.
    package static let defaultsSourceKey = "TRANSFORMERS_DEFAULTS"

    /// A catalog file holding this model as entry `id`, in the format of `docs/catalog-format.md`.
    ///
    /// Facts the config doesn't state (licence, languages, frameworks, benchmarks) are written as `null` with a
    /// note to fill them in from the model card: the entry never claims what the file didn't say.
    package func catalogEntry(id: String, configPath: String) -> String {
        func source(_ key: String) -> String {
            defaulted.contains { $0 == key || $0.hasPrefix(key + ".") } ? Self.defaultsSourceKey : Self.configSourceKey
        }
        func fact(_ value: String, _ key: String, note: String? = nil) -> String {
            let noteText = note.map { ", note: \(yamlQuoted($0))" } ?? ""
            return "{value: \(value), source: \(source(key))\(noteText)}"
        }
        let fill = "not in config.json; fill in from the model card"
        let s = shape
        var lines = [
            "# Imported by 'shortlist catalog import' from \(configPath).",
            "# Numbers come from the file (CONFIG) or transformers' defaults for its model type (TRANSFORMERS_DEFAULTS).",
            "# Facts a config.json doesn't hold are null: fill them in, with their sources, before relying on them.",
            "# Computed by Shortlist (not stored): \(s.parameters.total) parameters, \(s.parameters.active) active; "
                + "\(Int(s.kvBytesPerToken())) KV bytes per token at 16 bits.",
            "sources:",
            "  \(Self.configSourceKey): {cite: \(yamlQuoted("config.json read from \(configPath)")), kind: config}",
        ]
        if !defaulted.isEmpty {
            lines.append(
                "  \(Self.defaultsSourceKey): {cite: "
                    + yamlQuoted(
                        "Hugging Face transformers configuration defaults for model_type \(modelType ?? "unknown")"
                    )
                    + ", kind: library source}"
            )
        }
        lines += [
            "id: \(id)",
            "name: \(yamlQuoted(id))",
            "hf_repo: \(yamlQuoted(repository ?? id))",
            "family: \(yamlQuoted(modelType ?? id))",
            "architecture:",
            "  class: \(fact(yamlQuoted(className ?? "unknown"), "architectures"))",
            "  kind: \(fact(s.moe == nil ? "dense" : "moe", "num_experts"))",
            "  layers: \(fact("\(s.layers)", "num_hidden_layers"))",
            "  hidden_size: \(fact("\(s.hiddenSize)", "hidden_size"))",
            "  intermediate_size: \(fact("\(s.intermediateSize)", "intermediate_size"))",
            "  attention_heads: \(fact("\(s.attentionHeads)", "num_attention_heads"))",
            "  kv_heads: \(fact("\(s.kvHeads)", "num_key_value_heads"))",
            "  head_dim: \(fact("\(s.headDim)", "head_dim"))",
            "  vocab_size: \(fact("\(s.vocabSize)", "vocab_size"))",
            "  tied_embeddings: \(fact("\(s.tiedEmbeddings)", "tie_word_embeddings"))",
            "  attention_bias: \(fact("\(s.attentionBias)", "attention_bias"))",
            "  qk_norm: \(fact(s.qkNorm.rawValue, "qk_norm", note: "implied by model_type \(modelType ?? "unknown")"))",
            "  norms_per_layer: \(fact("\(s.normsPerLayer)", "norms_per_layer", note: "implied by model_type \(modelType ?? "unknown")"))",
            "  sliding_window: \(fact(s.slidingWindow.map(String.init) ?? "null", "sliding_window"))",
        ]
        if let global = s.globalLayers {
            lines.append(
                "  global_layers: \(fact("[" + global.map(String.init).joined(separator: ", ") + "]", "sliding_window_pattern"))"
            )
        }
        if let moe = s.moe {
            lines += [
                "  experts: \(fact("\(moe.experts)", "num_experts"))",
                "  experts_per_token: \(fact("\(moe.expertsPerToken)", "num_experts_per_tok"))",
                "  moe_intermediate_size: \(fact("\(moe.expertIntermediateSize)", "moe_intermediate_size"))",
            ]
        }
        if let v = s.vision {
            let tower =
                "{hidden_size: \(v.hiddenSize), intermediate_size: \(v.intermediateSize), layers: \(v.layers), "
                + "image_size: \(v.imageSize), patch_size: \(v.patchSize), channels: \(v.channels)}"
            lines.append("  vision: \(fact(tower, "vision_config"))")
        }
        let context = maxPositionEmbeddings.map(String.init) ?? "null"
        lines += [
            "params:",
            "  vendor_stated: {value: null, source: \(Self.configSourceKey), note: \(yamlQuoted(fill))}",
            "context:",
            "  native: {value: \(context), source: \(source("max_position_embeddings")), note: "
                + yamlQuoted("max_position_embeddings; the native context can be shorter (Qwen3: 32,768 of 40,960)")
                + "}",
            "  max_position_embeddings: {value: \(context), source: \(source("max_position_embeddings"))}",
            "license:",
            "  id: {value: null, source: \(Self.configSourceKey), note: \(yamlQuoted(fill))}",
            "  name: {value: null, source: \(Self.configSourceKey), note: \(yamlQuoted(fill))}",
            "  commercial: {value: null, source: \(Self.configSourceKey), note: \(yamlQuoted(fill))}",
            "modalities: {value: [\(s.vision == nil ? "text" : "text, image")], source: \(Self.configSourceKey)}",
            "languages: {value: [], count: null, claim: null, source: \(Self.configSourceKey), note: \(yamlQuoted(fill))}",
            "chat_template:",
            "  family: {value: null, source: \(Self.configSourceKey), note: \(yamlQuoted(fill))}",
            "  system_role: {value: null, source: \(Self.configSourceKey), note: \(yamlQuoted(fill))}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A YAML single-quoted scalar.
package func yamlQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
}
