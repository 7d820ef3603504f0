import Testing

@testable import ShortlistCatalog
@testable import ShortlistFit

struct FitSweepTests {
    @Test func everyModelGetsItsHighestFidelityFittingFormatLargestFirst() throws {
        let catalog = try CatalogLoader.bundled()
        let gpu = try catalog.gpu(named: "rtx-4090")
        let rows = FitSweep.run(models: catalog.models, gpu: gpu, request: FitRequest(context: 8192))
        #expect(rows.count == catalog.models.count)
        let fitting = rows.filter { $0.best != nil }
        // Sorted largest first among those that fit.
        let sizes = fitting.compactMap(\.totalParameters)
        #expect(sizes == sizes.sorted(by: >))
        // An 8B model needs 16 GB in BF16, which a 24 GB card holds; the 30B MoE needs a 4- or 5-bit GGUF.
        #expect(rows.first { $0.modelID == "llama-3.1-8b-instruct" }?.best?.request.weights == .bf16)
        let moe = try #require(rows.first { $0.modelID == "qwen3-30b-a3b" }?.best)
        #expect(moe.request.weights.isGGUF)
        // Every chosen format is the first that fits: the one before it in fidelity order does not.
        for row in fitting {
            let best = try #require(row.best)
            let index = try #require(WeightFormat.byFidelity.firstIndex(of: best.request.weights))
            if index > 0 {
                var better = best.request
                better.weights = WeightFormat.byFidelity[index - 1]
                let attempt = try FitCalculator.fit(catalog.model(named: row.modelID), on: gpu, better)
                #expect(!attempt.verdict.fits, "\(row.modelID) would fit at \(better.weights)")
            }
        }
        // OLMo 2 supports only 4,096 tokens: it is listed with the reason, not dropped.
        #expect(rows.first { $0.modelID == "olmo-2-1124-7b-instruct" }?.reason?.contains("maximum of 4096") == true)
    }

    @Test func aModelThatFitsNowhereSaysHowMuchItNeeds() throws {
        let catalog = try CatalogLoader.bundled()
        let rows = FitSweep.run(
            models: [try catalog.model(named: "qwen3-30b-a3b")],
            gpu: try catalog.gpu(named: "rtx-4060"),
            request: FitRequest(context: 8192)
        )
        #expect(rows[0].best == nil)
        #expect(rows[0].reason?.hasPrefix("needs ") == true)
    }
}
