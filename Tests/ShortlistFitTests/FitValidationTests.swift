import Testing

@testable import ShortlistCatalog
@testable import ShortlistFit

/// Impossible questions get a clear error instead of an answer.
struct FitValidationTests {
    let catalog: Catalog

    init() throws {
        catalog = try CatalogLoader.bundled()
    }

    func fitError(_ model: String, _ request: FitRequest, extended: Bool = false) -> FitError? {
        do {
            _ = try FitCalculator.fit(
                catalog.model(named: model),
                on: catalog.gpu(named: "a100-80gb"),
                request,
                allowExtendedContext: extended
            )
            return nil
        } catch let error as FitError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test(arguments: [
        (FitRequest(context: 0), "context"),
        (FitRequest(concurrency: 0), "concurrency"),
        (FitRequest(gpuCount: 0), "gpus"),
        (FitRequest(gpuCount: 4, tensorParallel: 3), "tensor-parallel"),
        (FitRequest(gpuMemoryUtilization: 1.5), "gpu-memory-utilization"),
        (FitRequest(gpuMemoryUtilization: 0), "gpu-memory-utilization"),
        (FitRequest(bandwidthEfficiency: -1), "bandwidth-efficiency"),
        (FitRequest(context: 100, promptTokens: 200), "prompt-tokens"),
    ])
    func impossibleNumbersAreRejected(request: FitRequest, field: String) {
        guard case .invalid(let badField, _, _) = fitError("qwen3-8b", request) else {
            Issue.record("expected an invalid-field error for \(field)")
            return
        }
        #expect(badField == field)
    }

    @Test func contextBeyondTheNativeMaximumNeedsAllowExtended() throws {
        let error = fitError("qwen3-8b", FitRequest(context: 65_536))
        #expect(error == .contextTooLong(model: "qwen3-8b", requested: 65_536, maximum: 32_768, extended: 131_072))
        #expect(error?.description.contains("--allow-extended") == true)
        #expect(fitError("qwen3-8b", FitRequest(context: 65_536), extended: true) == nil)
        #expect(
            fitError("qwen3-8b", FitRequest(context: 262_144), extended: true)?.description.contains(
                "maximum of 131072"
            ) == true
        )
    }

    @Test func aModelWithoutExtensionSaysSo() {
        let error = fitError("mistral-7b-instruct-v0.3", FitRequest(context: 65_536), extended: true)
        #expect(error?.description == "Context 65536 exceeds mistral-7b-instruct-v0.3's maximum of 32768 tokens.")
    }

    @Test func tensorParallelMustDivideTheAttentionHeads() {
        // Phi-4-mini has 24 heads: TP 16 would not split them evenly.
        #expect(
            fitError("phi-4-mini-instruct", FitRequest(gpuCount: 16))
                == .tensorParallelSplit(model: "phi-4-mini-instruct", heads: 24, tensorParallel: 16)
        )
    }
}
