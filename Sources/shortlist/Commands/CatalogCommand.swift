import ArgumentParser
import Foundation
import ShortlistCatalog

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Browse the model and GPU catalog, or import a model from its config.json.",
        discussion: """
            The bundled catalog holds sourced facts for small models and GPUs. Add or override entries with \
            '--catalog FILE' or SHORTLIST_CATALOG; the file format is in docs/catalog-format.md.
            """,
        subcommands: [List.self, Show.self, GPUs.self, Import.self]
    )
}

extension CatalogCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the models: computed parameters, context, KV cache per token, licence.",
            discussion: "Parameter counts and KV bytes per token are computed from each model's architecture numbers."
        )

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let loaded = try catalog.load()
            let summaries = loaded.models.map(ModelSummary.init)
            if output.json { return try JSONOutput.print(summaries) }
            var table = TextTable([
                ("ID", .left), ("PARAMS", .right), ("ACTIVE", .right), ("CONTEXT", .right), ("KV B/TOKEN", .right),
                ("LICENSE", .left), ("COMMERCIAL", .left), ("INPUT", .left),
            ])
            for summary in summaries {
                let context = [summary.context.native, summary.context.extended].compactMap { $0 }.map(
                    Formatting.tokens
                )
                table.add([
                    summary.id,
                    summary.parameters.map { Formatting.parameters($0.total) } ?? "-",
                    summary.parameters.map { Formatting.parameters($0.active) } ?? "-",
                    context.isEmpty ? "-" : context.joined(separator: "/"),
                    summary.kvBytesPerToken.map(Formatting.grouped) ?? "-",
                    summary.license.id ?? "?",
                    summary.license.commercial?.rawValue ?? "?",
                    summary.modalities.map(\.rawValue).joined(separator: "+"),
                ])
            }
            print(table.render())
            print(
                "\n\(summaries.count) models. CONTEXT is native/extended; KV B/TOKEN at 16 bits past any sliding window."
            )
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every fact about one model, each with its source.",
            discussion: "MODEL is an id, a Hugging Face repository or an alias, e.g. 'qwen3-8b' or 'Qwen/Qwen3-8B'."
        )

        @Argument(help: "The model: id, Hugging Face repository or alias.")
        var model: String

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let loaded = try catalog.load()
            let card = try loaded.model(named: model)
            let detail = ModelDetail(card: card, catalog: loaded)
            if output.json { return try JSONOutput.print(detail) }
            print(ModelDetailText.render(detail))
        }
    }

    struct GPUs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gpus",
            abstract: "List the GPUs: memory, bandwidth, dense BF16 throughput, typical price."
        )

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let loaded = try catalog.load()
            if output.json { return try JSONOutput.print(loaded.gpus) }
            var table = TextTable([
                ("ID", .left), ("NAME", .left), ("MEMORY GiB", .right), ("CUDA GiB", .right), ("GB/s", .right),
                ("BF16 TFLOPS", .right),
                ("$/HOUR", .right), ("ALIASES", .left),
            ])
            for gpu in loaded.gpus {
                table.add([
                    gpu.id,
                    gpu.name,
                    gpu.memoryGiB.value.map { String(format: "%g", $0) } ?? "-",
                    gpu.cudaTotalBytes?.value.map { String(format: "%.2f", $0 / 1_073_741_824) } ?? "-",
                    gpu.bandwidthGBps.value.map { String(format: "%g", $0) } ?? "-",
                    gpu.bf16TFLOPS?.value.map { String(format: "%g", $0) } ?? "-",
                    gpu.usdPerHour?.value.map { String(format: "%.2f", $0) } ?? "-",
                    gpu.aliases.joined(separator: ", "),
                ])
            }
            print(table.render())
            print(
                "\nDense figures (no sparsity). CUDA GiB is the total CUDA reports, what engines budget from. "
                    + "'-' means no published figure. Sources: 'catalog gpus --json'."
            )
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a Hugging Face config.json into a catalog entry with computed parameters and KV size.",
            discussion: """
                Reads nested text_config/vision_config (multimodal models), fills Gemma 3's omitted fields from \
                transformers' defaults, and understands MoE fields and sliding-window layer patterns. Facts a \
                config.json does not hold (licence, languages, benchmarks) are written as null for you to fill in.
                """
        )

        @Argument(help: "Path to a config.json.")
        var config: String

        @Option(help: "The catalog id for the new entry (lowercase letters, digits, '.', '-', '_').")
        var id: String

        @Option(help: "Write the entry to this file instead of standard output.")
        var out: String?

        @Flag(help: "Overwrite the --out file if it exists.")
        var force = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isLowercase || $0.isNumber || "._-".contains($0) }),
                id.allSatisfy(\.isASCII)
            else {
                throw ValidationError("'--id' must be lowercase letters, digits, '.', '-' or '_'; got '\(id)'.")
            }
        }

        func run() async throws {
            let text = try InputFile.text(config)
            let imported = try HFConfigImporter.read(text, path: config)
            let entry = imported.catalogEntry(id: id, configPath: config)
            if let out {
                if FileManager.default.fileExists(atPath: out) && !force {
                    throw ValidationError("'\(out)' exists; pass '--force' to overwrite it.")
                }
                do {
                    try entry.write(toFile: out, atomically: true, encoding: .utf8)
                } catch {
                    throw OutputError(description: "cannot write '\(out)': \(error.localizedDescription)")
                }
            }
            let summary = ImportSummary(id: id, imported: imported)
            if output.json { return try JSONOutput.print(summary) }
            if out == nil {
                print(entry, terminator: "")
                return
            }
            print(ImportSummaryText.render(summary, out: out))
        }
    }
}
