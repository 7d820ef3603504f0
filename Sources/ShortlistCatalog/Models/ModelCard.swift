package import ShortlistSupport
package import Yams

/// Everything the catalog knows about one model, each fact with its source.
///
/// A card is read from a catalog file (bundled or the user's). Numbers that follow from others,
/// such as parameter counts and KV-cache bytes per token, are not stored: ``shape`` turns the
/// architecture facts into an ``ArchitectureShape`` that computes them.
package struct ModelCard: Sendable, Equatable, Encodable, Identifiable {
    package var id: String
    package var name: String
    package var hfRepo: String
    package var family: String
    package var aliases: [String]
    package var architecture: ArchitectureFacts
    package var vendorStatedParameters: Fact<String>?
    package var context: ContextFacts
    package var license: LicenseFacts
    package var modalities: Fact<[Modality]>
    package var languages: LanguageFacts
    package var frameworks: [Framework: FrameworkSupport]
    package var chatTemplate: ChatTemplateFacts
    package var benchmarks: [BenchmarkScore]
    package var quantized: Fact<[QuantizedRelease]>?
    package var draftModel: Fact<String>?
    /// The file this card was read from.
    package var origin: SourceLocation

    /// The architecture as plain numbers, or `nil` when a number the arithmetic needs was not published.
    package var shape: ArchitectureShape? { architecture.shape }

    /// All names a user may type for this model.
    package var names: [String] { [id, hfRepo] + aliases }
}

/// The architecture numbers of a model as published in its config, with sources.
package struct ArchitectureFacts: Sendable, Equatable, Encodable {
    package var className: Fact<String>
    package var kind: Fact<ArchitectureKind>
    package var layers: Fact<Int>
    package var hiddenSize: Fact<Int>
    package var intermediateSize: Fact<Int>
    package var attentionHeads: Fact<Int>
    package var kvHeads: Fact<Int>
    package var headDim: Fact<Int>
    package var vocabSize: Fact<Int>
    package var tiedEmbeddings: Fact<Bool>
    package var attentionBias: Fact<Bool>?
    package var qkNorm: Fact<QKNorm>?
    package var normsPerLayer: Fact<Int>?
    package var slidingWindow: Fact<Int>?
    package var globalLayers: Fact<[Int]>?
    package var experts: Fact<Int>?
    package var expertsPerToken: Fact<Int>?
    package var moeIntermediateSize: Fact<Int>?
    package var vision: Fact<VisionTower>?

    /// The plain numbers, or `nil` when any number the arithmetic needs is unpublished.
    package var shape: ArchitectureShape? {
        guard let layers = layers.value, let hidden = hiddenSize.value, let intermediate = intermediateSize.value,
            let heads = attentionHeads.value, let kv = kvHeads.value, let headDim = headDim.value,
            let vocab = vocabSize.value, let tied = tiedEmbeddings.value
        else { return nil }
        var moe: ArchitectureShape.MixtureOfExperts?
        if kind.value == .moe {
            guard let experts = experts?.value, let perToken = expertsPerToken?.value,
                let expertSize = moeIntermediateSize?.value
            else { return nil }
            moe = .init(experts: experts, expertsPerToken: perToken, expertIntermediateSize: expertSize)
        }
        return ArchitectureShape(
            layers: layers,
            hiddenSize: hidden,
            intermediateSize: intermediate,
            attentionHeads: heads,
            kvHeads: kv,
            headDim: headDim,
            vocabSize: vocab,
            tiedEmbeddings: tied,
            attentionBias: attentionBias?.value ?? false,
            qkNorm: qkNorm?.value ?? .none,
            normsPerLayer: normsPerLayer?.value ?? 2,
            slidingWindow: slidingWindow?.value,
            globalLayers: globalLayers?.value,
            moe: moe,
            vision: vision?.value
        )
    }
}

/// Dense transformer or mixture of experts.
package enum ArchitectureKind: String, YAMLEnum, Codable {
    case dense
    case moe
}

/// Query/key normalisation inside attention, which adds parameters.
package enum QKNorm: String, YAMLEnum, Codable {
    /// No q/k norm (Llama, Mistral, Phi).
    case none
    /// One RMSNorm of width `head_dim` for q and one for k, shared across heads (Qwen3, Gemma 3).
    case perHead = "per_head"
    /// RMSNorms over the full q and k projections (OLMo 2).
    case full
}

/// A SigLIP-style vision tower with a linear projector into the language model.
package struct VisionTower: Sendable, Equatable, Codable {
    package var hiddenSize: Int
    package var intermediateSize: Int
    package var layers: Int
    package var imageSize: Int
    package var patchSize: Int
    package var channels: Int

    package init(hiddenSize: Int, intermediateSize: Int, layers: Int, imageSize: Int, patchSize: Int, channels: Int = 3)
    {
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layers = layers
        self.imageSize = imageSize
        self.patchSize = patchSize
        self.channels = channels
    }
}

/// Context window facts.
package struct ContextFacts: Sendable, Equatable, Encodable {
    /// What the model handles without any scaling switched on.
    package var native: Fact<Int>
    /// What it handles with a documented extension (YaRN etc.), if any.
    package var extended: Fact<Int>?
    /// How the extension is switched on, such as "YaRN factor 4".
    package var extensionMethod: String?
    package var maxPositionEmbeddings: Fact<Int>?

    /// The longest context the model supports, extended if allowed.
    package func maximum(allowExtended: Bool) -> Int? {
        if allowExtended, let extended = extended?.value { return Swift.max(extended, native.value ?? 0) }
        return native.value
    }
}

/// Whether a licence allows commercial use.
package enum CommercialUse: String, YAMLEnum, Codable {
    case yes
    case conditional
    case no
}

/// Licence facts.
package struct LicenseFacts: Sendable, Equatable, Encodable {
    package var id: Fact<String>
    package var name: Fact<String>
    package var commercial: Fact<CommercialUse>
    package var conditions: Fact<String>?
}

/// An input modality.
package enum Modality: String, YAMLEnum, Codable {
    case text
    case image
    case audio
    case video
}

/// Languages the vendor claims.
package struct LanguageFacts: Sendable, Equatable, Encodable {
    /// ISO 639-1 codes, when the vendor lists the languages.
    package var codes: [String]
    /// How many languages the vendor claims, when stated.
    package var count: Int?
    /// The vendor's words.
    package var claim: String?
    package var source: String
}

/// Serving and training frameworks the catalog tracks.
package enum Framework: String, YAMLEnum, Codable, Comparable {
    case vllm
    case tensorrtLLM = "tensorrt_llm"
    case llamaCpp = "llama_cpp"
    case onnxRuntimeGenAI = "onnxruntime_genai"
    case transformers

    package var displayName: String {
        switch self {
        case .vllm: "vLLM"
        case .tensorrtLLM: "TensorRT-LLM"
        case .llamaCpp: "llama.cpp"
        case .onnxRuntimeGenAI: "ONNX Runtime GenAI"
        case .transformers: "HF Transformers"
        }
    }

    package static func < (lhs: Framework, rhs: Framework) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// How well a framework supports a model.
package enum SupportLevel: String, YAMLEnum, Codable {
    case yes
    case partial
    case no
}

/// One framework's support for a model, with what the source says.
package struct FrameworkSupport: Sendable, Equatable, Encodable {
    package var level: Fact<SupportLevel>
    package var detail: String?
}

/// The chat template and whether it has a real system role.
package struct ChatTemplateFacts: Sendable, Equatable, Encodable {
    package var family: Fact<String>
    package var familyDetail: String?
    package var systemRole: Fact<Bool>
    package var systemRoleDetail: String?
}

/// A published benchmark score, with exactly what was measured and by whom.
package struct BenchmarkScore: Sendable, Equatable, Encodable {
    package var benchmark: String
    package var value: Double
    package var variant: String?
    package var shots: Int?
    package var chainOfThought: Bool?
    package var mode: ReasoningMode?
    package var modelVariant: ModelVariant
    package var measuredBy: String
    package var selfReported: Bool
    package var source: String
    package var note: String?
}

/// Thinking mode of hybrid reasoning models.
package enum ReasoningMode: String, YAMLEnum, Codable {
    case thinking
    case nonThinking = "non-thinking"
}

/// Whether a score belongs to the instruction-tuned model or its pre-trained base.
package enum ModelVariant: String, YAMLEnum, Codable {
    case instruct
    case base
}

/// An official quantized release.
package struct QuantizedRelease: Sendable, Equatable, Encodable, YAMLDecodable {
    package var repo: String
    package var format: String

    package static var expectation: String { "a mapping '{repo: …, format: …}'" }

    package static func read(_ node: Node) -> QuantizedRelease? {
        guard let mapping = node.mapping, let repo = mapping["repo"]?.scalar?.string,
            let format = mapping["format"]?.scalar?.string
        else { return nil }
        return QuantizedRelease(repo: repo, format: format)
    }
}
