import ArgumentParser
import Foundation
import ShortlistCatalog
import ShortlistFit
import ShortlistSelection
import ShortlistSupport

/// Shortlist's own speed benchmarks (not load tests of a model server).
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure Shortlist's own speed on generated data (for developers).",
        shouldDisplay: false,
        subcommands: [FitSweepBenchmark.self, RecommendBenchmark.self, HarnessBenchmark.self, IFEvalBenchmark.self]
    )
}

/// Times `fit --all` over a generated catalog of N models, in memory, and reports the median.
struct FitSweepBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Time 'fit --all' over N generated models (arithmetic only; catalog parsing is measured apart)."
    )

    @Option(help: "Number of generated models.")
    var models = 10_000

    @Option(help: "The GPU to fit on.")
    var gpu = "a100-80gb"

    @Option(help: "Tokens per sequence.")
    var context = TokenCount(8192)

    @Option(help: "Timed repetitions; the median is reported.")
    var repeats = 5

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard models > 0, repeats > 0 else { throw ValidationError("'--models' and '--repeats' must be positive.") }
    }

    func run() async throws {
        let catalog = try CatalogLoader.bundled()
        let card = try catalog.gpu(named: gpu)
        let generated = SyntheticModels.generate(count: models, from: catalog.models)
        let request = FitRequest(context: context.value)
        try BenchmarkResult.run(
            name: "fit-sweep",
            label:
                "fit --all over \(Formatting.grouped(models)) generated models on \(card.id) at \(Formatting.tokens(context.value))",
            counted: "fit",
            models: models,
            gpu: card.id,
            context: context.value,
            repeats: repeats,
            json: json
        ) {
            FitSweep.run(models: generated, gpu: card, request: request).filter { $0.best != nil }.count
        }
    }
}

/// Times `recommend` (constraints, fit, rubric, portfolio) over a generated catalog of N models.
struct RecommendBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Time 'recommend' for the Phase 5 requirements over N generated models (in memory)."
    )

    @Option(help: "Number of generated models.")
    var models = 10_000

    @Option(help: "Timed repetitions; the median is reported.")
    var repeats = 5

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let bundled = try CatalogLoader.bundled()
        let generated = SyntheticModels.generate(count: models, from: bundled.models)
        let catalog = Catalog(models: generated, gpus: bundled.gpus, citations: bundled.citations)
        let recommender = Recommender(catalog: catalog, rules: try SelectionRules.bundled())
        var requirements = Requirements(category: .conversational)
        requirements.hardware = .gpu(id: "a100-80gb", count: 1)
        requirements.concurrency = 16
        requirements.license = "attribution-acceptable"
        try BenchmarkResult.run(
            name: "recommend",
            label: "recommend over \(Formatting.grouped(models)) generated models",
            counted: "ranked",
            models: models,
            gpu: "a100-80gb",
            context: requirements.context,
            repeats: Swift.max(1, repeats),
            json: json
        ) {
            try recommender.recommend(requirements).ranked.count
        }
    }
}

/// One benchmark's timings: the median of `repeats` runs on `ContinuousClock`, with min and max.
struct BenchmarkResult: Encodable {
    var name: String
    var models: Int
    var gpu: String
    var context: Int
    var repeats: Int
    var medianSeconds: Double
    var minSeconds: Double
    var maxSeconds: Double
    /// What the run counted (models that fit, models ranked), as a check that it did the work.
    var count: Int

    /// Times `body` `repeats` times and prints the result; `body` returns a count worth reporting.
    static func run(
        name: String,
        label: String,
        counted: String,
        models: Int,
        gpu: String,
        context: Int,
        repeats: Int,
        json: Bool,
        _ body: () throws -> Int
    ) throws {
        var seconds: [Double] = []
        var count = 0
        for _ in 0..<repeats {
            let elapsed = try ContinuousClock().measure { count = try body() }
            seconds.append(elapsed.seconds)
        }
        seconds.sort()
        let result = BenchmarkResult(
            name: name,
            models: models,
            gpu: gpu,
            context: context,
            repeats: repeats,
            medianSeconds: seconds[seconds.count / 2],
            minSeconds: seconds[0],
            maxSeconds: seconds[seconds.count - 1],
            count: count
        )
        if json { return try JSONOutput.print(result) }
        let ms = { (value: Double) in String(format: "%.1f", value * 1000) }
        print(
            "\(label): median \(ms(result.medianSeconds)) ms over \(repeats) runs "
                + "(min \(ms(result.minSeconds)), max \(ms(result.maxSeconds))); \(Formatting.grouped(count)) \(counted)"
        )
    }
}

/// Deterministic variations of the bundled cards, so every generated model does real arithmetic.
enum SyntheticModels {
    static func generate(count: Int, from templates: [ModelCard]) -> [ModelCard] {
        var generator = SplitMix64(seed: 42)
        let layerChoices = [16, 24, 28, 32, 36, 40, 48]
        return (0..<count).map { index in
            var card = templates[index % templates.count]
            card.id = String(format: "synthetic-%05d", index)
            card.hfRepo = "bench/\(card.id)"
            card.aliases = []
            let layers = layerChoices[Int(generator.next() % UInt64(layerChoices.count))]
            card.architecture.layers.value = layers
            if card.architecture.globalLayers != nil {
                card.architecture.globalLayers?.value = Array(stride(from: 5, to: layers, by: 6))
            }
            let scale = [1, 1, 2][Int(generator.next() % 3)]
            if let heads = card.architecture.attentionHeads.value, let headDim = card.architecture.headDim.value {
                card.architecture.hiddenSize.value = heads * headDim * scale / 2 * 2
            }
            return card
        }
    }
}
