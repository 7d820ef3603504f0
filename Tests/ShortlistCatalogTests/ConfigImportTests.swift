import Foundation
import ShortlistSupport
import ShortlistTestSupport
import Testing

@testable import ShortlistCatalog

/// `catalog import` reads Hugging Face config.json files, including the sparse and nested ones.
struct ConfigImportTests {
    static let catalog: Catalog = {
        do { return try CatalogLoader.bundled() } catch { fatalError("bundled catalog: \(error)") }
    }()

    /// Every bundled model, written out as a config.json and imported back.
    @Test(arguments: Self.catalog.models.map(\.id))
    func importReproducesTheParameterCountOfEveryBundledModel(id: String) throws {
        let card = try Self.catalog.model(named: id)
        let shape = try #require(card.shape)
        let imported = try HFConfigImporter.read(try HFConfigWriter.json(for: card), path: "\(id)/config.json")
        #expect(imported.shape.parameters.total == shape.parameters.total)
        #expect(imported.shape.parameters.active == shape.parameters.active)
        #expect(imported.shape.kvBytes(tokens: 65_536) == shape.kvBytes(tokens: 65_536))
        // Where the vendor states a count to three significant digits, the computed one is within 0.5%.
        let stated = card.vendorStatedParameters?.value ?? ""
        let p = imported.shape.parameters
        if let nonEmbedding = Self.preciseCount(in: stated, after: "non-embedding") {
            #expect(
                abs(Double(p.nonEmbedding) - nonEmbedding) / nonEmbedding <= 0.005,
                "\(id): non-embedding vs vendor"
            )
        }
        if let total = Self.preciseCount(in: stated.components(separatedBy: "non-embedding")[0]) {
            #expect(abs(Double(p.total) - total) / total <= 0.005, "\(id): computed \(p.total) vs vendor \(total)")
        }
    }

    /// The most precise "N.NNB" / "NNNM" figure in a vendor's text, if it has three significant digits
    /// (trailing zeros of a whole number, as in "360M", are not significant).
    static func preciseCount(in text: String, after marker: String? = nil) -> Double? {
        var text = Substring(text)
        if let marker {
            guard let range = text.range(of: marker) else { return nil }
            text = text[range.upperBound...]
        }
        let pattern = /(\d+(?:\.\d+)?)\s*([BM])\b/
        var best: (value: Double, digits: Int)?
        for match in text.matches(of: pattern) {
            guard let number = Double(match.1) else { continue }
            let digits = String(match.1)
            var significant = String(digits.filter(\.isNumber).drop { $0 == "0" })
            if !digits.contains(".") { while significant.hasSuffix("0") { significant.removeLast() } }
            let value = number * (match.2 == "B" ? 1e9 : 1e6)
            if significant.count >= 3, best == nil || significant.count > best?.digits ?? 0 {
                best = (value, significant.count)
            }
            if marker != nil { break }
        }
        return best?.value
    }

    @Test func vendorCountsWithThreeDigitsAreFoundAndCompared() {
        #expect(Self.preciseCount(in: "3B (3.21B)") == 3.21e9)
        #expect(Self.preciseCount(in: "8B") == nil)
        #expect(Self.preciseCount(in: "30.5B") == 30.5e9)
        #expect(Self.preciseCount(in: "360M") == nil)
        #expect(Self.preciseCount(in: "135M") == 135e6)
        #expect(Self.preciseCount(in: "0.6B (non-embedding 0.44B)", after: "non-embedding") == nil)
        #expect(Self.preciseCount(in: "8.2B (non-embedding 6.95B)", after: "non-embedding") == 6.95e9)
        let counted = Self.catalog.models.filter {
            Self.preciseCount(in: $0.vendorStatedParameters?.value ?? "") != nil
        }
        #expect(counted.count >= 6)
    }

    /// google/gemma-3-4b-it's real config.json names only five text fields; the rest are transformers' defaults.
    @Test func sparseGemma3ConfigUsesTransformersDefaults() throws {
        let json = """
            {
              "architectures": ["Gemma3ForConditionalGeneration"],
              "model_type": "gemma3",
              "mm_tokens_per_image": 256,
              "text_config": {
                "hidden_size": 2560,
                "intermediate_size": 10240,
                "model_type": "gemma3_text",
                "num_hidden_layers": 34,
                "rope_scaling": {"factor": 8.0, "rope_type": "linear"},
                "sliding_window": 1024
              },
              "torch_dtype": "bfloat16",
              "vision_config": {
                "hidden_size": 1152,
                "image_size": 896,
                "intermediate_size": 4304,
                "model_type": "siglip_vision_model",
                "num_attention_heads": 16,
                "num_hidden_layers": 27,
                "patch_size": 14,
                "vision_use_head": false
              }
            }
            """
        let imported = try HFConfigImporter.read(json, path: "gemma/config.json")
        #expect(imported.shape.headDim == 256)  // not 2560 / 8 = 320
        #expect(imported.shape.attentionHeads == 8)
        #expect(imported.shape.kvHeads == 4)
        #expect(imported.shape.globalLayers == [5, 11, 17, 23, 29])
        #expect(imported.shape.kvBytesPerToken() == 20_480)
        #expect(imported.shape.parameters.total == 4_300_079_472)
        #expect(imported.defaulted.contains("head_dim"))
        #expect(imported.defaulted.contains("vocab_size"))
    }

    @Test func layerTypesDecideWhichLayersAreWindowed() throws {
        let types = (0..<8).map { $0 % 4 == 3 ? "\"full_attention\"" : "\"sliding_attention\"" }.joined(separator: ", ")
        let json = """
            {"architectures": ["TestForCausalLM"], "model_type": "test", "num_hidden_layers": 8, "hidden_size": 512,
             "intermediate_size": 1024, "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000,
             "sliding_window": 128, "layer_types": [\(types)], "max_position_embeddings": 4096}
            """
        let shape = try HFConfigImporter.read(json, path: "config.json").shape
        #expect(shape.headDim == 64)
        #expect(shape.globalLayers == [3, 7])
        #expect(shape.kvBytesPerToken() == 2 * 2 * 2 * 64 * 2)
        #expect(shape.tiedEmbeddings == false)
    }

    @Test func mixtralStyleMoEUsesIntermediateSizeForExperts() throws {
        let json = """
            {"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "num_hidden_layers": 32,
             "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32, "num_key_value_heads": 8,
             "vocab_size": 32000, "num_local_experts": 8, "num_experts_per_tok": 2, "tie_word_embeddings": false,
             "sliding_window": null, "max_position_embeddings": 32768}
            """
        let p = try HFConfigImporter.read(json, path: "config.json").shape.parameters
        #expect(p.total == 46_702_792_704)  // Mixtral-8x7B's published 46.7B
        #expect(abs(Double(p.active) / 1e9 - 12.9) < 0.1)  // and 12.9B active
    }

    @Test func aWindowAsLongAsTheContextIsFullAttention() throws {
        let json = """
            {"model_type": "mistral", "num_hidden_layers": 2, "hidden_size": 64, "intermediate_size": 128,
             "num_attention_heads": 4, "vocab_size": 100, "sliding_window": 4096, "max_position_embeddings": 4096}
            """
        let imported = try HFConfigImporter.read(json, path: "config.json")
        #expect(imported.shape.slidingWindow == nil)
        #expect(imported.notes.contains { $0.contains("full attention in effect") })
    }

    @Test func malformedJSONNamesTheLine() {
        let json = "{\n  \"hidden_size\": 64,\n  \"layers\": [1, 2\n}\n"
        #expect {
            try HFConfigImporter.read(json, path: "bad/config.json")
        } throws: { error in
            guard case .malformed(let location, _) = error as? CatalogError else { return false }
            return location.file == "bad/config.json" && location.line == 4
        }
    }

    @Test func aMissingFieldIsNamed() {
        let json =
            #"{"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "intermediate_size": 128}"#
        #expect(throws: CatalogError.missingField(SourceLocation(file: "config.json", line: 1), field: "vocab_size")) {
            try HFConfigImporter.read(json, path: "config.json")
        }
    }

    @Test func aNegativeNumberIsRejected() {
        let json = #"{"model_type": "llama", "num_hidden_layers": -2, "hidden_size": 64}"#
        #expect(
            throws: CatalogError.invalidField(
                SourceLocation(file: "config.json", line: 1),
                field: "num_hidden_layers",
                value: "-2",
                expected: "a positive integer"
            )
        ) {
            try HFConfigImporter.read(json, path: "config.json")
        }
    }

    @Test func theWrittenEntryLoadsAsAUserCatalogWithTheSameShape() throws {
        let card = try Self.catalog.model(named: "qwen3-30b-a3b")
        let imported = try HFConfigImporter.read(try HFConfigWriter.json(for: card), path: "qwen/config.json")
        let entry = imported.catalogEntry(id: "my-moe", configPath: "qwen/config.json")
        let catalog = try CatalogLoader.load(
            BundledCatalogData.files.map { ($0.path, $0.contents) } + [("my-moe.yaml", entry)]
        )
        let loaded = try catalog.model(named: "my-moe")
        #expect(loaded.shape == imported.shape)
        #expect(loaded.license.commercial.value == nil)  // never claimed: the config doesn't say
        #expect(loaded.architecture.kind.value == .moe)
    }
}
