import ArgumentParser
import Foundation
import ShortlistCatalog
import ShortlistFit

struct FitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Will a model fit on these GPUs at this context and load? Memory per GPU, max concurrency, speed.",
        discussion: """
            Memory follows the engine's own accounting. vLLM (the default): each GPU may use \
            gpu_memory_utilization × the memory CUDA reports for weights, KV cache and the overhead of its \
            profile run (and, from vLLM 0.21, its CUDA-graph estimate); the KV cache is paged in 16-token blocks \
            over vLLM's layer groups. llama.cpp (GGUF formats imply it): the whole GPU less the CUDA context and \
            compute buffer, KV cells padded to 256 per slot. MoE models keep every expert resident. Decode and \
            prefill speeds are estimates from bandwidth and FLOPs, not measurements. Add --explain to see every \
            formula with its numbers (also in docs/fit.md); --compare-log checks the prediction against your \
            own vLLM server's startup log.

            Weight formats: bf16, fp16, fp8, int8, int4 (= int4-awq), int4-gptq, and GGUF q8_0, q6_k, q5_k_m, \
            q4_k_m, q4_0 (llama.cpp's per-tensor mixes). KV cache: fp16 (16-bit) or fp8.

            EXAMPLES
              shortlist fit llama-3.1-8b-instruct --gpu a100-80gb --context 128k
              shortlist fit qwen3-8b --gpu a100-80gb --gpus 2 --context 32k --concurrency 64 --weights int4 --kv-dtype fp8
              shortlist fit --all --gpu rtx-4090 --context 8k
              shortlist fit gemma-3-4b-it --gpu rtx-4090 --weights q4_k_m --concurrency 4 --context 16k
              shortlist fit --compare-log vllm.log --gpu a100-40gb
            """
    )

    @Argument(help: "The model: id, Hugging Face repository or alias. Omit with --all.")
    var model: String?

    @Flag(help: "Fit every catalog model in its best-fitting weight format, largest first.")
    var all = false

    @Option(help: "The GPU: id or alias (see 'shortlist catalog gpus').")
    var gpu: String

    @Option(help: "The engine: vllm or llama.cpp (default: llama.cpp for GGUF formats, vLLM otherwise).")
    var engine: String?

    @Option(help: "The vLLM release whose accounting to follow.")
    var vllmVersion = FitRequest.currentVLLM.description

    @Flag(help: "vLLM's --enforce-eager: no CUDA graphs, so none of their memory.")
    var enforceEager = false

    @Flag(help: "llama.cpp's --swa-full: sliding-window layers keep the whole context.")
    var swaFull = false

    @Option(help: "A vLLM startup log: compare its memory and KV-cache figures with Shortlist's prediction.")
    var compareLog: String?

    @Option(
        help: """
            With --compare-log: keep the logged figures and the prediction in this SQLite store as measured \
            evidence (an 'engine-log' run; '-' for $SHORTLIST_STORE or ~/.shortlist/shortlist.db).
            """
    )
    var store: String?

    @Option(help: "Number of GPUs.")
    var gpus = 1

    @Option(help: "GPUs per model replica (default: all of --gpus); the rest are data-parallel replicas.")
    var tensorParallel: Int?

    @Option(help: "Tokens per sequence, prompt plus output (vLLM's max_model_len): 8192, 8k, 128k.")
    var context = TokenCount(8192)

    @Option(help: "Sequences served at once (llama.cpp: its --parallel slots).")
    var concurrency = 1

    @Option(help: "Weight format: bf16, fp16, fp8, int8, int4 (AWQ), int4-gptq, q8_0, q6_k, q5_k_m, q4_k_m, q4_0.")
    var weights = "bf16"

    @Option(help: "KV-cache element type: fp16 (16-bit) or fp8.")
    var kvDtype = "fp16"

    @Option(help: "vLLM's gpu_memory_utilization (default: the release's, 0.92 from vLLM 0.21, 0.9 before).")
    var gpuMemoryUtilization: Double?

    @Option(help: "vLLM's max_num_batched_tokens or llama.cpp's --ubatch-size (default: the engine's).")
    var maxBatchedTokens: Int?

    @Option(help: "vLLM's max_num_seqs for the sampler estimate (default: vLLM's for the GPU).")
    var maxNumSeqs: Int?

    @Option(help: "Prompt tokens of a typical request, for the TTFT and typical decode estimates (default: 1024).")
    var promptTokens: TokenCount?

    @Option(help: "Output tokens of a typical request, for the typical decode estimate.")
    var outputTokens = 256

    @Option(help: "Fraction of peak memory bandwidth decoding reaches (default: the engine's published figure).")
    var bandwidthEfficiency: Double?

    @Option(help: "Fraction of peak tensor throughput prefill reaches, for the TTFT estimate.")
    var computeEfficiency = 0.5

    @Flag(help: "Allow a context beyond the model's native one, up to its documented extension (e.g. YaRN).")
    var allowExtended = false

    @Flag(help: "Show every formula with the numbers that went into it.")
    var explain = false

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if compareLog != nil {
            if all { throw ValidationError("'--compare-log' checks one server's log; drop '--all'.") }
            return
        }
        if store != nil { throw ValidationError("'--store' keeps a '--compare-log' comparison; add '--compare-log'.") }
        if all == (model != nil) {
            throw ValidationError(
                all ? "Pass either a MODEL or '--all', not both." : "Missing MODEL (or pass '--all')."
            )
        }
        if WeightFormat(argument: weights) == nil {
            throw ValidationError(
                "Unknown weight format '\(weights)'. Use one of: "
                    + WeightFormat.allCases.map(\.rawValue).joined(separator: ", ") + " (int4 = int4-awq)."
            )
        }
        if KVCacheDType(argument: kvDtype) == nil {
            throw ValidationError("Unknown KV-cache dtype '\(kvDtype)'. Use fp16 (16-bit) or fp8.")
        }
        if let engine, InferenceEngine(argument: engine) == nil {
            throw ValidationError("Unknown engine '\(engine)'. Use vllm or llama.cpp.")
        }
        if EngineVersion(vllmVersion) == nil {
            throw ValidationError("'--vllm-version' is '\(vllmVersion)'; expected a release number such as 0.32.0.")
        }
        do {
            try FitCalculator.validate(request(weights: WeightFormat(argument: weights) ?? .bf16))
        } catch {
            throw ValidationError(error.description)
        }
    }

    func request(weights format: WeightFormat) -> FitRequest {
        FitRequest(
            weights: format,
            kvCache: KVCacheDType(argument: kvDtype) ?? .fp16,
            context: context.value,
            concurrency: concurrency,
            gpuCount: gpus,
            tensorParallel: tensorParallel,
            engine: engine.flatMap(InferenceEngine.init(argument:)),
            vllmVersion: EngineVersion(vllmVersion) ?? FitRequest.currentVLLM,
            gpuMemoryUtilization: gpuMemoryUtilization,
            enforceEager: enforceEager,
            maxBatchedTokens: maxBatchedTokens,
            maxSequences: maxNumSeqs,
            swaFull: swaFull,
            bandwidthEfficiency: bandwidthEfficiency,
            computeEfficiency: computeEfficiency,
            promptTokens: promptTokens?.value,
            outputTokens: outputTokens
        )
    }

    func run() async throws {
        let loaded = try catalog.load()
        let card = try loaded.gpu(named: gpu)
        if let compareLog { return try compare(logPath: compareLog, catalog: loaded, gpu: card) }
        if all {
            let rows = FitSweep.run(
                models: loaded.models,
                gpu: card,
                request: request(weights: .bf16),
                allowExtendedContext: allowExtended
            )
            if output.json { return try JSONOutput.print(rows) }
            print(FitText.sweep(rows, gpu: card, request: request(weights: .bf16)))
            return
        }
        let model = try loaded.model(named: model ?? "")
        let format = WeightFormat(argument: weights) ?? .bf16
        let result = try FitCalculator.fit(
            model,
            on: card,
            request(weights: format),
            allowExtendedContext: allowExtended
        )
        if output.json { return try JSONOutput.print(result) }
        print(FitText.single(result, model: model, gpu: card, explain: explain))
    }
}
