/// The serving engine a fit is computed for: each accounts for memory its own way.
package enum InferenceEngine: String, CaseIterable, Sendable, Codable {
    /// vLLM: a `gpu_memory_utilization` share of CUDA's total, a profile run, paged KV blocks of 16 tokens.
    case vllm
    /// llama.cpp's server: the whole GPU less the CUDA context, a compute buffer, KV cells padded to 256.
    case llamaCpp = "llama.cpp"

    package init?(argument: String) {
        switch argument.lowercased() {
        case "vllm": self = .vllm
        case "llama.cpp", "llamacpp", "llama-cpp", "llama-server": self = .llamaCpp
        default: return nil
        }
    }

    /// The engine a weight format implies: GGUF files are llama.cpp's, everything else vLLM's.
    package static func implied(by weights: WeightFormat) -> InferenceEngine {
        weights.isGGUF ? .llamaCpp : .vllm
    }

    /// Whether the engine loads weights in `format`: vLLM no longer loads GGUF (0.32 removed its loader),
    /// llama.cpp loads only GGUF (16-bit GGUF included).
    package func loads(_ format: WeightFormat) -> Bool {
        switch self {
        case .vllm: !format.isGGUF
        case .llamaCpp: format.isGGUF || format == .bf16 || format == .fp16
        }
    }

    /// Whether the engine stores its KV cache as `dtype`.
    package func stores(_ dtype: KVCacheDType) -> Bool {
        switch self {
        case .vllm: dtype != .q8
        case .llamaCpp: dtype != .fp8
        }
    }
}

/// A vLLM release, compared by its numbers (`0.21.0` < `0.32.0`).
package struct EngineVersion: Sendable, Equatable, Comparable, Codable, CustomStringConvertible {
    package var components: [Int]

    package init?(_ text: String) {
        let trimmed = text.hasPrefix("v") ? String(text.dropFirst()) : text
        let numbers = trimmed.split(separator: ".").prefix(3).map { part in Int(part.prefix { $0.isNumber }) }
        guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil }) else { return nil }
        components = numbers.compactMap { $0 }
    }

    package init(major: Int, minor: Int, patch: Int) {
        components = [major, minor, patch]
    }

    package var description: String { components.map(String.init).joined(separator: ".") }

    package static func < (lhs: EngineVersion, rhs: EngineVersion) -> Bool {
        for index in 0..<Swift.max(lhs.components.count, rhs.components.count) {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = EngineVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
        }
        self = version
    }
}
