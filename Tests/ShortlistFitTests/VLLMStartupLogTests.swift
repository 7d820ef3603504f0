import Foundation
import ShortlistTestSupport
import Testing

@testable import ShortlistCatalog
@testable import ShortlistFit

/// vLLM start-up logs read back, and Shortlist's prediction checked against a published one.
struct VLLMStartupLogTests {
    static func fixture(_ name: String) throws -> String {
        try String(
            contentsOf: RepositoryPaths.file("Tests/ShortlistFitTests/Fixtures/\(name)"),
            encoding: .utf8
        )
    }

    @Test func thePublishedA100StartupIsReadLineByLine() throws {
        let log = VLLMStartupLog(parsing: try Self.fixture("vllm-0.15.1-a100-40gb-llama-3.1-8b.log"))
        #expect(log.version?.value == "0.15.1")
        #expect(log.model?.value == "/home/admin_iloh_altostrat_com/models/Meta-Llama-3.1-8B-Instruct")
        #expect(log.dtype?.value == "bfloat16")
        #expect(log.maxModelLength?.value == 131_072)
        #expect(log.tensorParallel?.value == 1)
        #expect(log.enforceEager?.value == true)
        #expect(log.quantization == nil)
        #expect(log.kvCacheDType?.value == "auto")
        #expect(log.gpuMemoryUtilization == nil)
        #expect(log.maxNumBatchedTokens?.value == 8192)
        #expect(log.modelLoadingGiB == .init(value: 14.99, line: 6))
        #expect(log.availableKVCacheGiB == .init(value: 19.28, line: 7))
        #expect(log.kvCacheTokens == .init(value: 157_936, line: 8))
        #expect(log.maxConcurrencyTokens?.value == 131_072)
        #expect(log.maxConcurrency == .init(value: 1.20, line: 9))
    }

    /// The acceptance figures: Llama-3.1-8B-Instruct BF16 at 131,072 tokens on an A100-40GB with --enforce-eager
    /// (vLLM 0.15.1) logged 14.99 GiB of weights, 19.28 GiB of KV cache, 157,936 tokens and 1.20x.
    @Test func thePublishedA100StartupIsPredictedWithinTwoPercent() throws {
        let catalog = try CatalogLoader.bundled()
        let log = VLLMStartupLog(parsing: try Self.fixture("vllm-0.15.1-a100-40gb-llama-3.1-8b.log"))
        let model = try #require(catalog.model(servedAs: log.model?.value ?? ""))
        #expect(model.id == "llama-3.1-8b-instruct")
        let comparison = try LogComparison.compare(log, model: model, gpu: catalog.gpu(named: "a100-40gb"))
        #expect(comparison.request.vllmVersion == EngineVersion("0.15.1"))
        #expect(comparison.request.resolvedUtilization == 0.9)
        #expect(comparison.request.enforceEager)
        #expect(comparison.request.maxBatchedTokens == 8192)
        #expect(
            comparison.rows.map(\.figure) == [
                "Model loading took", "Available KV cache memory", "GPU KV cache size", "Maximum concurrency",
            ]
        )
        for row in comparison.rows {
            #expect(
                abs(row.relativeDifference) < 0.02,
                "\(row.figure): logged \(row.logged), predicted \(row.predicted)"
            )
        }
        #expect(comparison.assumptions.contains { $0.contains("gpu_memory_utilization") })
    }

    @Test func tensorParallelLogsKeepRankZerosFiguresAndTheNonDefaultArgs() throws {
        let log = VLLMStartupLog(parsing: try Self.fixture("vllm-tp2-format.log"))
        #expect(log.version?.value == "0.32.0")
        #expect(log.model?.value == "Qwen/Qwen3-8B")
        #expect(log.tensorParallel?.value == 2)
        #expect(log.enforceEager?.value == false)
        #expect(log.kvCacheDType?.value == "fp8_e4m3")
        #expect(log.gpuMemoryUtilization?.value == 0.85)
        #expect(log.maxNumSequences?.value == 64)
        #expect(log.modelLoadingGiB == .init(value: 7.65, line: 5))
        #expect(log.availableKVCacheGiB == .init(value: 58.10, line: 7))
        #expect(log.kvCacheTokens?.value == 1_234_567)
        #expect(log.maxConcurrency?.value == 37.68)
        #expect(log.cudaGraphGiB?.value == 0.62)
        let (request, assumptions) = try LogComparison.request(from: log)
        #expect(request.kvCache == .fp8)
        #expect(request.tensorParallel == 2)
        #expect(request.gpuCount == 2)
        #expect(request.resolvedUtilization == 0.85)
        #expect(request.maxSequences == 64)
        #expect(!assumptions.contains { $0.contains("gpu_memory_utilization") })
    }

    @Test func configValuesKeepTheirCommasInsideBracketsAndQuotes() {
        let pairs = VLLMStartupLog.keyValues(
            "model='a,b', override={'t': 0.6, 'p': 0.9}, sizes=[1, 2], dtype=torch.float16, note=\"x, y\""
        )
        #expect(pairs["model"] == "'a,b'")
        #expect(pairs["override"] == "{'t': 0.6, 'p': 0.9}")
        #expect(pairs["sizes"] == "[1, 2]")
        #expect(pairs["dtype"] == "torch.float16")
        #expect(pairs["note"] == "\"x, y\"")
    }

    @Test(arguments: [
        ("Model loading took 14.9888 GiB and 4.573410 seconds", 14.9888),
        ("Model loading took 3.2637 GiB memory and 18.052839 seconds", 3.2637),
        ("(EngineCore pid=7) INFO [gpu_model_runner.py:1] Model loading took 0.25 GiB memory and 1.0 seconds", 0.25),
    ])
    func modelLoadingReadsEveryReleasesWording(line: String, gib: Double) {
        #expect(VLLMStartupLog(parsing: line).modelLoadingGiB?.value == gib)
    }

    @Test func aLogWithoutMemoryFiguresIsRefused() throws {
        let catalog = try CatalogLoader.bundled()
        let log = VLLMStartupLog(parsing: "INFO 01-01 00:00:00 [api_server.py:1] vLLM API server version 0.9.0\n")
        #expect(!log.hasMemoryFigures)
        #expect(throws: LogComparisonError.noFigures) {
            try LogComparison.compare(
                log,
                model: catalog.model(named: "qwen3-8b"),
                gpu: catalog.gpu(named: "h100")
            )
        }
    }
}
