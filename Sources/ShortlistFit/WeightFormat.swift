import Foundation

/// How model weights are stored: a precision and, for GGUF, llama.cpp's per-tensor quantization mix.
///
/// GGUF case names keep llama.cpp's spelling (`Q4_K_M`) so they read as the files they describe.
// swift-format-ignore: AlwaysUseLowerCamelCase
package enum WeightFormat: String, CaseIterable, Sendable, Codable {
    case bf16
    case fp16
    case fp8
    case int8
    case int4AWQ = "int4-awq"
    case int4GPTQ = "int4-gptq"
    case ggufQ8_0 = "q8_0"
    case ggufQ6_K = "q6_k"
    case ggufQ5_K_M = "q5_k_m"
    case ggufQ4_K_M = "q4_k_m"
    case ggufQ4_0 = "q4_0"

    /// Accepts the canonical names plus common spellings (`int4` → AWQ, `awq`, `Q4_K_M`, `gguf-q4_k_m`).
    package init?(argument: String) {
        let name = argument.lowercased().replacingOccurrences(of: "gguf-", with: "").replacingOccurrences(
            of: "gguf:",
            with: ""
        )
        switch name {
        case "int4", "awq", "int4-awq", "w4a16": self = .int4AWQ
        case "gptq", "int4-gptq": self = .int4GPTQ
        case "fp8", "fp8-e4m3", "w8a8-fp8": self = .fp8
        case "int8", "w8a8", "w8a16", "int8-w8a16": self = .int8
        case "bfloat16": self = .bf16
        case "float16", "half": self = .fp16
        default:
            guard let format = WeightFormat(rawValue: name) else { return nil }
            self = format
        }
    }

    /// Whether this is a llama.cpp GGUF file type.
    package var isGGUF: Bool {
        switch self {
        case .ggufQ8_0, .ggufQ6_K, .ggufQ5_K_M, .ggufQ4_K_M, .ggufQ4_0: true
        default: false
        }
    }

    /// Formats from highest to lowest fidelity, the order `fit --all` tries them in.
    package static let byFidelity: [WeightFormat] = [
        .bf16, .fp8, .int8, .ggufQ8_0, .ggufQ6_K, .ggufQ5_K_M, .int4AWQ, .ggufQ4_K_M, .int4GPTQ, .ggufQ4_0,
    ]

    package var displayName: String {
        switch self {
        case .bf16: "BF16"
        case .fp16: "FP16"
        case .fp8: "FP8"
        case .int8: "INT8"
        case .int4AWQ: "INT4 AWQ"
        case .int4GPTQ: "INT4 GPTQ"
        case .ggufQ8_0: "GGUF Q8_0"
        case .ggufQ6_K: "GGUF Q6_K"
        case .ggufQ5_K_M: "GGUF Q5_K_M"
        case .ggufQ4_K_M: "GGUF Q4_K_M"
        case .ggufQ4_0: "GGUF Q4_0"
        }
    }
}

/// Element type of the KV cache.
package enum KVCacheDType: String, CaseIterable, Sendable, Codable {
    case fp16
    case bf16
    case fp8
    /// llama.cpp's 8-bit block type: 32 int8 values and one fp16 scale.
    case q8 = "q8_0"

    package init?(argument: String) {
        switch argument.lowercased() {
        case "16", "16-bit", "auto", "fp16", "float16", "half": self = .fp16
        case "bf16", "bfloat16": self = .bf16
        case "fp8", "fp8_e4m3", "fp8-e4m3", "fp8_e5m2", "fp8-e5m2", "8-bit": self = .fp8
        case "q8_0", "q8": self = .q8
        default: return nil
        }
    }

    package var bytesPerElement: Double {
        switch self {
        case .fp16, .bf16: 2
        case .fp8: 1
        case .q8: 34.0 / 32
        }
    }
}
