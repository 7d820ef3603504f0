import Foundation
import ShortlistSupport
import ShortlistTestSupport
import Testing

@testable import ShortlistCatalog

/// Bad catalog input is rejected with the file, the line and the field, never a crash.
struct CatalogLoadingErrorTests {
    /// A complete one-model user catalog; tests break one line of it at a time.
    static let valid = """
        sources:
          MY_CARD: {cite: "Example model card", url: "https://example.com/card"}
        models:
          - id: tiny-1b
            name: Tiny 1B
            hf_repo: example/Tiny-1B
            family: tiny
            architecture:
              class: {value: LlamaForCausalLM, source: MY_CARD}
              kind: {value: dense, source: MY_CARD}
              layers: {value: 16, source: MY_CARD}
              hidden_size: {value: 2048, source: MY_CARD}
              intermediate_size: {value: 8192, source: MY_CARD}
              attention_heads: {value: 32, source: MY_CARD}
              kv_heads: {value: 8, source: MY_CARD}
              head_dim: {value: 64, source: MY_CARD}
              vocab_size: {value: 128256, source: MY_CARD}
              tied_embeddings: {value: true, source: MY_CARD}
            context:
              native: {value: 131072, source: MY_CARD}
            license:
              id: {value: apache-2.0, source: MY_CARD}
              name: {value: Apache 2.0, source: MY_CARD}
              commercial: {value: 'yes', source: MY_CARD}
            modalities: {value: [text], source: MY_CARD}
            languages: {value: [en], count: 1, claim: English, source: MY_CARD}
            chat_template:
              family: {value: llama3, source: MY_CARD}
              system_role: {value: true, source: MY_CARD}

        """

    func load(_ text: String, path: String = "mine.yaml") throws(CatalogError) -> Catalog {
        try CatalogLoader.load(BundledCatalogData.files.map { ($0.path, $0.contents) } + [(path, text)])
    }

    func error(_ text: String) -> CatalogError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func aValidUserModelJoinsTheBundledCatalog() throws {
        let catalog = try load(Self.valid)
        let tiny = try catalog.model(named: "example/Tiny-1B")
        #expect(tiny.shape?.parameters.total == 1_235_814_400)  // the same shape as Llama 3.2 1B
        #expect(catalog.models.count == 24)
    }

    @Test func aUserEntryOverridesTheBundledOneWithTheSameID() throws {
        let override = Self.valid.replacingOccurrences(of: "id: tiny-1b", with: "id: qwen3-8b")
        let catalog = try load(override)
        #expect(try catalog.model(named: "qwen3-8b").hfRepo == "example/Tiny-1B")
        #expect(catalog.models.count == 23)
    }

    @Test func malformedYAMLNamesTheFileAndLine() {
        let broken = Self.valid.replacingOccurrences(of: "family: tiny", with: "family: [tiny")
        guard case .malformed(let location, _) = error(broken) else {
            Issue.record("expected a malformed-YAML error")
            return
        }
        #expect(location.file == "mine.yaml")
        #expect(location.line != nil)
    }

    @Test func aMisspelledKeyIsRejectedWithASuggestion() {
        let typo = Self.valid.replacingOccurrences(of: "kv_heads:", with: "kv_haeds:")
        #expect(
            error(typo)
                == .unknownField(
                    SourceLocation(file: "mine.yaml", line: 15),
                    field: "models[0].architecture.kv_haeds",
                    suggestion: "kv_heads"
                )
        )
        #expect(
            error(typo)?.description
                == "mine.yaml:15: unknown field 'models[0].architecture.kv_haeds'. Did you mean 'kv_heads'?"
        )
    }

    @Test func aWrongTypeNamesTheFieldAndTheValue() {
        let bad = Self.valid.replacingOccurrences(of: "layers: {value: 16,", with: "layers: {value: sixteen,")
        #expect(
            error(bad)?.description
                == "mine.yaml:11: field 'models[0].architecture.layers.value' has invalid value 'sixteen'; expected an integer."
        )
    }

    @Test func impossibleNumbersAreRejected() {
        let negative = Self.valid.replacingOccurrences(of: "layers: {value: 16,", with: "layers: {value: -16,")
        #expect(error(negative)?.description.contains("expected a positive integer") == true)
        let kv = Self.valid.replacingOccurrences(of: "kv_heads: {value: 8,", with: "kv_heads: {value: 7,")
        #expect(error(kv)?.description.contains("a divisor of attention_heads (32)") == true)
    }

    @Test func aFactWithoutASourceIsRejected() {
        let unsourced = Self.valid.replacingOccurrences(
            of: "hidden_size: {value: 2048, source: MY_CARD}",
            with: "hidden_size: {value: 2048}"
        )
        #expect(
            error(unsourced)
                == .missingField(
                    SourceLocation(file: "mine.yaml", line: 12),
                    field: "models[0].architecture.hidden_size.source"
                )
        )
        let bare = Self.valid.replacingOccurrences(
            of: "hidden_size: {value: 2048, source: MY_CARD}",
            with: "hidden_size: 2048"
        )
        #expect(error(bare)?.description.contains("expected a fact '{value: …, source: …}'") == true)
    }

    @Test func anUnknownSourceKeyGetsASuggestion() {
        let typo = Self.valid.replacingOccurrences(
            of: "hidden_size: {value: 2048, source: MY_CARD}",
            with: "hidden_size: {value: 2048, source: MY_CRAD}"
        )
        #expect(
            error(typo)?.description
                == "mine.yaml:12: field 'models[0].architecture.hidden_size' cites source 'MY_CRAD', which no 'sources:' block defines. Did you mean 'MY_CARD'?"
        )
    }

    @Test func aURLIsAValidSource() throws {
        let url = Self.valid.replacingOccurrences(
            of: "hidden_size: {value: 2048, source: MY_CARD}",
            with: "hidden_size: {value: 2048, source: 'https://example.com/config.json'}"
        )
        #expect(
            try load(url).model(named: "tiny-1b").architecture.hiddenSize.source == "https://example.com/config.json"
        )
    }

    @Test func aBadEnumValueListsTheAllowedOnes() {
        let bad = Self.valid.replacingOccurrences(of: "commercial: {value: 'yes'", with: "commercial: {value: maybe")
        #expect(error(bad)?.description.contains("expected one of yes, conditional, no") == true)
    }

    @Test func duplicateIDsInOneFileAreRejected() throws {
        let model = Self.valid[try #require(Self.valid.range(of: "  - id: tiny-1b")).lowerBound...]
        #expect(
            error(Self.valid + model) == .duplicateEntry(SourceLocation(file: "mine.yaml", line: 30), id: "tiny-1b")
        )
    }

    @Test func aMissingRequiredSectionIsNamed() {
        let noLicense = Self.valid.replacingOccurrences(of: "    license:\n", with: "    licence:\n")
        #expect(
            error(noLicense)?.description.contains("unknown field 'models[0].licence'. Did you mean 'license'?") == true
        )
    }

    @Test func anUnreadableFileIsReportedByPath() {
        #expect(throws: CatalogError.unreadable(path: "/nonexistent/catalog.yaml", reason: "no such file")) {
            try CatalogLoader.load(userFiles: ["/nonexistent/catalog.yaml"], environment: [:])
        }
    }

    @Test func filesInTheEnvironmentVariableLoadBeforeFlags() throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let first = directory.appendingPathComponent("a.yaml")
        let second = directory.appendingPathComponent("b.yaml")
        try Self.valid.write(to: first, atomically: true, encoding: .utf8)
        try Self.valid.replacingOccurrences(of: "name: Tiny 1B", with: "name: Tiny Override").write(
            to: second,
            atomically: true,
            encoding: .utf8
        )
        let catalog = try CatalogLoader.load(userFiles: [second.path], environment: ["SHORTLIST_CATALOG": first.path])
        #expect(try catalog.model(named: "tiny-1b").name == "Tiny Override")
    }

    @Test func unknownNamesSuggestTheClosestEntries() throws {
        let catalog = try CatalogLoader.bundled()
        #expect(throws: CatalogError.unknownModel("qwen3-8", suggestions: ["qwen3-8b", "qwen3-4b"])) {
            try catalog.model(named: "qwen3-8")
        }
        do {
            _ = try catalog.gpu(named: "a100-80")
            Issue.record("expected an unknown-GPU error")
        } catch {
            #expect(error.description == "Unknown GPU 'a100-80'. Did you mean 'a100-80gb' or 'a100-40gb'?")
        }
    }

    @Test func anEmptyFileIsMalformed() {
        #expect(error("")?.description == "mine.yaml: malformed YAML: the file is empty.")
    }
}
