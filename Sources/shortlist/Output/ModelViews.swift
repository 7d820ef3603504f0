import Foundation
import ShortlistCatalog

/// One line of `catalog list`: identity plus the computed numbers.
struct ModelSummary: Encodable {
    struct Context: Encodable {
        var native: Int?
        var extended: Int?
        var extensionMethod: String?
    }

    struct License: Encodable {
        var id: String?
        var commercial: CommercialUse?
    }

    var id: String
    var name: String
    var hfRepo: String
    var family: String
    var kind: ArchitectureKind?
    var parameters: ArchitectureShape.ParameterCounts?
    var context: Context
    /// KV bytes each token adds past any sliding window, at 16 bits.
    var kvBytesPerToken: Int?
    var license: License
    var modalities: [Modality]

    init(_ card: ModelCard) {
        id = card.id
        name = card.name
        hfRepo = card.hfRepo
        family = card.family
        kind = card.architecture.kind.value
        parameters = card.shape?.parameters
        context = Context(
            native: card.context.native.value,
            extended: card.context.extended?.value,
            extensionMethod: card.context.extensionMethod
        )
        kvBytesPerToken = card.shape.map { Int($0.kvBytesPerToken()) }
        license = License(id: card.license.id.value, commercial: card.license.commercial.value)
        modalities = card.modalities.value ?? []
    }
}

/// Everything `catalog show` prints: the card, the computed numbers and the citations it uses.
struct ModelDetail: Encodable {
    struct Computed: Encodable {
        var parameters: ArchitectureShape.ParameterCounts
        /// Per token past any sliding window, at 16 bits.
        var kvBytesPerToken: Int
        /// As if every layer attended to every token (what the naive formula gives).
        var kvBytesPerTokenAllLayers: Int
        var fullAttentionLayers: Int
        var slidingWindowLayers: Int
        var kvBytesAt32kTokens: Int
    }

    var card: ModelCard
    var computed: Computed?
    var draftModel: Catalog.DraftChoice?
    var citations: [SourceCitation]

    init(card: ModelCard, catalog: Catalog) {
        self.card = card
        computed = card.shape.map { shape in
            Computed(
                parameters: shape.parameters,
                kvBytesPerToken: Int(shape.kvBytesPerToken()),
                kvBytesPerTokenAllLayers: Int(shape.kvBytesPerTokenAllLayers()),
                fullAttentionLayers: shape.fullAttentionLayerCount,
                slidingWindowLayers: shape.slidingLayerCount,
                kvBytesAt32kTokens: Int(shape.kvBytes(tokens: 32768))
            )
        }
        draftModel = catalog.draftModel(for: card)
        citations = Self.sourceKeys(of: card).sorted().compactMap { catalog.citations[$0] }
    }

    /// Every source key the card cites, found by walking its encoded form.
    private static func sourceKeys(of card: ModelCard) -> Set<String> {
        var keys: Set<String> = []
        func walk(_ value: Any) {
            if let dictionary = value as? [String: Any] {
                for (key, item) in dictionary {
                    if key == "source", let text = item as? String { keys.insert(text) }
                    if key == "also", let list = item as? [String] { keys.formUnion(list) }
                    walk(item)
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        if let data = try? JSONEncoder().encode(card), let object = try? JSONSerialization.jsonObject(with: data) {
            walk(object)
        }
        return keys
    }
}

/// The text form of ``ModelDetail``.
enum ModelDetailText {
    static func render(_ detail: ModelDetail) -> String {
        let card = detail.card
        let a = card.architecture
        var lines: [String] = []
        func fact<T>(_ label: String, _ fact: Fact<T>?, _ format: (T) -> String = { "\($0)" }) {
            guard let fact else { return }
            let value = fact.value.map(format) ?? "not published"
            let note = fact.note.map { " — \($0)" } ?? ""
            lines.append(
                "  \(label.padding(toLength: 24, withPad: " ", startingAt: 0)) \(value)  [\(fact.source)]\(note)"
            )
        }
        lines.append("\(card.name) (\(card.id))")
        lines.append(
            "  Hugging Face: \(card.hfRepo)   family: \(card.family)   aliases: \(card.aliases.joined(separator: ", "))"
        )
        lines.append("")
        lines.append("Architecture")
        fact("class", a.className)
        fact("kind", a.kind) { $0.rawValue }
        fact("layers", a.layers)
        fact("hidden size", a.hiddenSize)
        fact("intermediate size", a.intermediateSize)
        fact("attention heads", a.attentionHeads)
        fact("KV heads", a.kvHeads)
        fact("head dim", a.headDim)
        fact("vocabulary", a.vocabSize)
        fact("tied embeddings", a.tiedEmbeddings)
        fact("q/k norm", a.qkNorm) { $0.rawValue }
        fact("attention bias", a.attentionBias)
        fact("sliding window", a.slidingWindow)
        fact("global layers", a.globalLayers) { $0.map(String.init).joined(separator: ",") }
        fact("experts", a.experts)
        fact("experts per token", a.expertsPerToken)
        fact("expert FFN size", a.moeIntermediateSize)
        fact("vision tower", a.vision) {
            "\($0.layers) layers × \($0.hiddenSize), \($0.imageSize)px / \($0.patchSize)px patches"
        }
        if let computed = detail.computed {
            lines.append("")
            lines.append("Computed from the architecture")
            let p = computed.parameters
            lines.append(
                "  parameters               \(Formatting.grouped(p.total)) total, \(Formatting.grouped(p.active)) active"
            )
            if p.vision > 0 {
                lines.append(
                    "                           \(Formatting.grouped(p.text)) text + \(Formatting.grouped(p.vision)) vision"
                )
            }
            lines.append("  non-embedding            \(Formatting.grouped(p.nonEmbedding))")
            lines.append("  KV cache per token       \(Formatting.grouped(computed.kvBytesPerToken)) B at 16 bits")
            if computed.slidingWindowLayers > 0 {
                lines.append(
                    "                           (\(computed.fullAttentionLayers) full-attention layers; "
                        + "\(computed.slidingWindowLayers) sliding-window layers stop growing at the window; "
                        + "naive formula: \(Formatting.grouped(computed.kvBytesPerTokenAllLayers)) B)"
                )
            }
            lines.append(
                "  KV cache at 32k tokens   \(Formatting.gib(Double(computed.kvBytesAt32kTokens))) GiB per sequence"
            )
        }
        lines.append("")
        lines.append("Context and parameters")
        fact("vendor-stated params", card.vendorStatedParameters)
        fact("native context", card.context.native)
        if let extended = card.context.extended {
            fact("extended context", extended) { "\($0)" + (card.context.extensionMethod.map { " (\($0))" } ?? "") }
        }
        fact("max_position_embeddings", card.context.maxPositionEmbeddings)
        lines.append("")
        lines.append("License")
        fact("id", card.license.id)
        fact("name", card.license.name)
        fact("commercial use", card.license.commercial) { $0.rawValue }
        fact("conditions", card.license.conditions)
        lines.append("")
        lines.append("Capabilities")
        fact("input modalities", card.modalities) { $0.map(\.rawValue).joined(separator: ", ") }
        let languages = card.languages
        lines.append(
            "  languages                \(languages.claim ?? "not stated")"
                + (languages.codes.isEmpty ? "" : " (\(languages.codes.joined(separator: ", ")))")
                + "  [\(languages.source)]"
        )
        fact("chat template", card.chatTemplate.family) { $0 }
        fact("system role", card.chatTemplate.systemRole) { $0 ? "yes" : "no" }
        if let detail = card.chatTemplate.systemRoleDetail { lines.append("                           \(detail)") }
        lines.append("")
        lines.append("Frameworks")
        for framework in Framework.allCases {
            guard let support = card.frameworks[framework] else {
                lines.append("  \(framework.displayName.padding(toLength: 24, withPad: " ", startingAt: 0)) unknown")
                continue
            }
            fact(framework.displayName, support.level) { $0.rawValue + (support.detail.map { " — \($0)" } ?? "") }
        }
        if let quantized = card.quantized {
            fact("official quantized", quantized) {
                $0.isEmpty ? "none named" : $0.map { "\($0.repo) (\($0.format))" }.joined(separator: ", ")
            }
        }
        lines.append(
            "  draft model              \(detail.draftModel.map { "\($0.modelID) — \($0.reason)" } ?? "none in the catalog")"
        )
        lines.append("")
        lines.append("Published benchmarks (\(card.benchmarks.count); self-reported unless marked)")
        var table = TextTable([
            ("BENCHMARK", .left), ("SCORE", .right), ("VARIANT", .left), ("BY", .left), ("SOURCE", .left),
        ])
        for score in card.benchmarks {
            var variant = [
                score.variant, score.shots.map { "\($0)-shot" }, score.chainOfThought == true ? "CoT" : nil,
                score.mode?.rawValue,
            ]
            .compactMap { $0 }.joined(separator: ", ")
            if score.modelVariant == .base { variant = "BASE model; " + variant }
            table.add([
                score.benchmark,
                String(format: "%g", score.value),
                String(variant.prefix(60)),
                score.measuredBy + (score.selfReported ? "" : " (third party)"),
                score.source,
            ])
        }
        lines.append(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        lines.append("")
        lines.append("Sources")
        for citation in detail.citations {
            lines.append("  \(citation.key): \(citation.cite)" + (citation.url.map { " <\($0)>" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }
}

/// What `catalog import --json` prints.
struct ImportSummary: Encodable {
    var id: String
    var className: String?
    var modelType: String?
    var parameters: ArchitectureShape.ParameterCounts
    var kvBytesPerToken: Int
    var kvBytesPerTokenAllLayers: Int
    var shape: ArchitectureShape
    var defaulted: [String]
    var notes: [String]

    init(id: String, imported: ImportedConfig) {
        self.id = id
        className = imported.className
        modelType = imported.modelType
        parameters = imported.shape.parameters
        kvBytesPerToken = Int(imported.shape.kvBytesPerToken())
        kvBytesPerTokenAllLayers = Int(imported.shape.kvBytesPerTokenAllLayers())
        shape = imported.shape
        defaulted = imported.defaulted
        notes = imported.notes
    }
}

enum ImportSummaryText {
    static func render(_ summary: ImportSummary, out: String?) -> String {
        var lines = [
            "Imported \(summary.className ?? "model") as '\(summary.id)'" + (out.map { " into \($0)" } ?? ""),
            "  parameters       \(Formatting.grouped(summary.parameters.total)) total, \(Formatting.grouped(summary.parameters.active)) active",
            "  KV per token     \(Formatting.grouped(summary.kvBytesPerToken)) B at 16 bits",
        ]
        if !summary.defaulted.isEmpty {
            lines.append("  from defaults    \(summary.defaulted.joined(separator: ", "))")
        }
        for note in summary.notes { lines.append("  note             \(note)") }
        lines.append("Fill in the licence, languages and other null facts before relying on the entry.")
        return lines.joined(separator: "\n")
    }
}
