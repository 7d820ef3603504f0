internal import ShortlistSupport
package import Yams

extension ModelCard {
    static let topLevelKeys = [
        "id", "name", "hf_repo", "family", "aliases", "architecture", "params", "context", "license", "modalities",
        "languages", "frameworks", "chat_template", "benchmarks", "quantized", "draft_model",
    ]

    /// Reads one model from its YAML mapping.
    init(yaml map: YAMLMap, sources: SourceIndex) throws(CatalogError) {
        try map.allowOnly(Self.topLevelKeys)
        let id: String = try map.required("id")
        guard Self.isValidID(id) else {
            throw .invalidField(
                map.location(of: "id"),
                field: map.field("id"),
                value: id,
                expected: "a lowercase id of letters, digits, '.', '_' and '-'"
            )
        }
        self.id = id
        self.name = try map.optional("name") ?? id
        self.hfRepo = try map.required("hf_repo")
        self.family = try map.required("family")
        self.aliases = try map.optional("aliases") ?? []
        guard let architecture = try map.map("architecture") else {
            throw .missingField(map.location, field: map.field("architecture"))
        }
        self.architecture = try ArchitectureFacts(yaml: architecture, sources: sources)
        if let params = try map.map("params") {
            try params.allowOnly(["vendor_stated"])
            self.vendorStatedParameters = try params.fact("vendor_stated", sources: sources)?.fact
        }
        guard let context = try map.map("context") else {
            throw .missingField(map.location, field: map.field("context"))
        }
        self.context = try ContextFacts(yaml: context, sources: sources)
        guard let license = try map.map("license") else {
            throw .missingField(map.location, field: map.field("license"))
        }
        self.license = try LicenseFacts(yaml: license, sources: sources)
        self.modalities = try map.requiredFact("modalities", sources: sources).fact
        self.languages = try LanguageFacts(yaml: map, sources: sources)
        self.frameworks = try Self.frameworks(map, sources: sources)
        guard let template = try map.map("chat_template") else {
            throw .missingField(map.location, field: map.field("chat_template"))
        }
        self.chatTemplate = try ChatTemplateFacts(yaml: template, sources: sources)
        self.benchmarks = try (map.maps("benchmarks") ?? []).map { entry throws(CatalogError) in
            try BenchmarkScore(yaml: entry, sources: sources)
        }
        self.quantized = try map.fact("quantized", sources: sources)?.fact
        self.draftModel = try map.fact("draft_model", sources: sources)?.fact
        self.origin = map.location
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty
            && id.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-"
                    || scalar == "_"
            }
    }

    private static func frameworks(
        _ map: YAMLMap,
        sources: SourceIndex
    ) throws(CatalogError) -> [Framework: FrameworkSupport] {
        guard let frameworks = try map.map("frameworks") else { return [:] }
        try frameworks.allowOnly(Framework.allCases.map(\.rawValue))
        var result: [Framework: FrameworkSupport] = [:]
        for framework in Framework.allCases {
            guard
                let (fact, entry) = try frameworks.fact(
                    framework.rawValue,
                    as: SupportLevel.self,
                    sources: sources,
                    extra: ["detail"]
                )
            else { continue }
            result[framework] = FrameworkSupport(level: fact, detail: try entry.optional("detail"))
        }
        return result
    }
}

extension ArchitectureFacts {
    init(yaml map: YAMLMap, sources: SourceIndex) throws(CatalogError) {
        try map.allowOnly([
            "class", "kind", "layers", "hidden_size", "intermediate_size", "attention_heads", "kv_heads", "head_dim",
            "vocab_size", "tied_embeddings", "attention_bias", "qk_norm", "norms_per_layer", "sliding_window",
            "global_layers", "experts", "experts_per_token", "moe_intermediate_size", "vision",
        ])
        className = try map.requiredFact("class", sources: sources).fact
        kind = try map.requiredFact("kind", sources: sources).fact
        layers = try Self.positive(map, "layers", sources)
        hiddenSize = try Self.positive(map, "hidden_size", sources)
        intermediateSize = try Self.positive(map, "intermediate_size", sources)
        attentionHeads = try Self.positive(map, "attention_heads", sources)
        kvHeads = try Self.positive(map, "kv_heads", sources)
        headDim = try Self.positive(map, "head_dim", sources)
        vocabSize = try Self.positive(map, "vocab_size", sources)
        tiedEmbeddings = try map.requiredFact("tied_embeddings", sources: sources).fact
        attentionBias = try map.fact("attention_bias", sources: sources)?.fact
        qkNorm = try map.fact("qk_norm", sources: sources)?.fact
        normsPerLayer = try map.fact("norms_per_layer", sources: sources)?.fact
        slidingWindow = try Self.optionalPositive(map, "sliding_window", sources)
        globalLayers = try map.fact("global_layers", sources: sources)?.fact
        experts = try Self.optionalPositive(map, "experts", sources)
        expertsPerToken = try Self.optionalPositive(map, "experts_per_token", sources)
        moeIntermediateSize = try Self.optionalPositive(map, "moe_intermediate_size", sources)
        vision = try map.fact("vision", sources: sources)?.fact
        if let kv = kvHeads.value, let heads = attentionHeads.value, kv > heads || heads % kv != 0 {
            throw .invalidField(
                map.location(of: "kv_heads"),
                field: map.field("kv_heads"),
                value: String(kv),
                expected: "a divisor of attention_heads (\(heads))"
            )
        }
        if kind.value == .moe,
            experts?.value == nil || expertsPerToken?.value == nil || moeIntermediateSize?.value == nil
        {
            throw .missingField(
                map.location(of: "kind"),
                field: map.field("experts, experts_per_token, moe_intermediate_size")
            )
        }
        if let perToken = expertsPerToken?.value, let experts = experts?.value, perToken > experts {
            throw .invalidField(
                map.location(of: "experts_per_token"),
                field: map.field("experts_per_token"),
                value: String(perToken),
                expected: "at most experts (\(experts))"
            )
        }
        if let layerCount = layers.value, let global = globalLayers?.value,
            let bad = global.first(where: { !(0..<layerCount).contains($0) })
        {
            throw .invalidField(
                map.location(of: "global_layers"),
                field: map.field("global_layers"),
                value: String(bad),
                expected: "layer indices from 0 to \(layerCount - 1)"
            )
        }
    }

    private static func positive(
        _ map: YAMLMap,
        _ key: String,
        _ sources: SourceIndex
    ) throws(CatalogError) -> Fact<Int> {
        let (fact, entry) = try map.requiredFact(key, as: Int.self, sources: sources)
        if let value = fact.value, value <= 0 {
            throw .invalidField(
                entry.location(of: "value"),
                field: map.field(key),
                value: String(value),
                expected: "a positive integer"
            )
        }
        return fact
    }

    private static func optionalPositive(
        _ map: YAMLMap,
        _ key: String,
        _ sources: SourceIndex
    ) throws(CatalogError) -> Fact<Int>? {
        guard map.node(key) != nil else { return nil }
        return try positive(map, key, sources)
    }
}

extension VisionTower: YAMLDecodable {
    package static var expectation: String {
        "a mapping '{hidden_size, intermediate_size, layers, image_size, patch_size}' of positive integers"
    }

    package static func read(_ node: Node) -> VisionTower? {
        guard let mapping = node.mapping else { return nil }
        func number(_ key: String) -> Int? { mapping[key].flatMap(Int.read).flatMap { $0 > 0 ? $0 : nil } }
        let known: Set = ["hidden_size", "intermediate_size", "layers", "image_size", "patch_size", "channels"]
        guard mapping.keys.allSatisfy({ known.contains($0.scalar?.string ?? "") }),
            let hidden = number("hidden_size"), let intermediate = number("intermediate_size"),
            let layers = number("layers"), let image = number("image_size"), let patch = number("patch_size")
        else { return nil }
        let channels = mapping["channels"] == nil ? 3 : number("channels")
        guard let channels else { return nil }
        return VisionTower(
            hiddenSize: hidden,
            intermediateSize: intermediate,
            layers: layers,
            imageSize: image,
            patchSize: patch,
            channels: channels
        )
    }
}

extension ContextFacts {
    init(yaml map: YAMLMap, sources: SourceIndex) throws(CatalogError) {
        try map.allowOnly(["native", "extended", "max_position_embeddings"])
        native = try map.requiredFact("native", sources: sources).fact
        if let (fact, entry) = try map.fact("extended", as: Int.self, sources: sources, extra: ["method"]) {
            extended = fact
            extensionMethod = try entry.optional("method")
        }
        maxPositionEmbeddings = try map.fact("max_position_embeddings", sources: sources)?.fact
        for (name, value) in [("native", native.value), ("extended", extended?.value)] {
            if let value, value <= 0 {
                throw .invalidField(
                    map.location(of: name),
                    field: map.field(name),
                    value: String(value),
                    expected: "a positive number of tokens"
                )
            }
        }
    }
}

extension LicenseFacts {
    init(yaml map: YAMLMap, sources: SourceIndex) throws(CatalogError) {
        try map.allowOnly(["id", "name", "commercial", "conditions"])
        id = try map.requiredFact("id", sources: sources).fact
        name = try map.requiredFact("name", sources: sources).fact
        commercial = try map.requiredFact("commercial", sources: sources).fact
        conditions = try map.fact("conditions", sources: sources)?.fact
    }
}

extension LanguageFacts {
    init(yaml model: YAMLMap, sources: SourceIndex) throws(CatalogError) {
        let (fact, entry) = try model.requiredFact(
            "languages",
            as: [String].self,
            sources: sources,
            extra: ["count", "claim"]
        )
        codes = fact.value ?? []
        count = try entry.optional("count")
        claim = try entry.optional("claim")
        source = fact.source
    }
}

extension ChatTemplateFacts {
    init(yaml map: YAMLMap, sources: SourceIndex) throws(CatalogError) {
        try map.allowOnly(["family", "system_role"])
        let (family, familyEntry) = try map.requiredFact("family", as: String.self, sources: sources, extra: ["detail"])
        let (system, systemEntry) = try map.requiredFact(
            "system_role",
            as: Bool.self,
            sources: sources,
            extra: ["detail"]
        )
        self.family = family
        self.familyDetail = try familyEntry.optional("detail")
        self.systemRole = system
        self.systemRoleDetail = try systemEntry.optional("detail")
    }
}

extension BenchmarkScore {
    init(yaml map: YAMLMap, sources: SourceIndex) throws(CatalogError) {
        try map.allowOnly([
            "benchmark", "value", "variant", "shots", "cot", "mode", "model_variant", "measured_by", "self_reported",
            "source", "note",
        ])
        benchmark = try map.required("benchmark")
        value = try map.required("value")
        variant = try map.optional("variant")
        shots = try map.optional("shots")
        chainOfThought = try map.optional("cot")
        mode = try map.optional("mode")
        modelVariant = try map.optional("model_variant") ?? .instruct
        measuredBy = try map.required("measured_by")
        selfReported = try map.optional("self_reported") ?? true
        source = try map.required("source")
        note = try map.optional("note")
        guard sources.resolves(source) else {
            throw .unknownSource(
                map.location(of: "source"),
                field: map.field("source"),
                source: source,
                suggestion: Suggestions.closest(to: source, in: sources.keys, limit: 1).first
            )
        }
        if let shots, shots < 0 {
            throw .invalidField(
                map.location(of: "shots"),
                field: map.field("shots"),
                value: String(shots),
                expected: "0 or more"
            )
        }
    }
}
