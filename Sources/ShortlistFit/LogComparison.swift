package import ShortlistCatalog
package import ShortlistSupport

/// Shortlist's prediction beside each figure a vLLM server logged at start-up.
package struct LogComparison: Sendable, Encodable {
    /// One logged figure and the prediction for it.
    package struct Row: Sendable, Equatable, Encodable {
        /// The figure as vLLM names it ("Available KV cache memory").
        package var figure: String
        package var unit: String
        package var logged: Double
        /// The log's line the figure came from.
        package var line: Int
        package var predicted: Double
        /// `(predicted − logged) / logged`.
        package var relativeDifference: Double {
            logged == 0 ? (predicted == 0 ? 0 : .infinity) : (predicted - logged) / logged
        }

        private enum CodingKeys: String, CodingKey { case figure, unit, logged, line, predicted, relativeDifference }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(figure, forKey: .figure)
            try container.encode(unit, forKey: .unit)
            try container.encode(logged, forKey: .logged)
            try container.encode(line, forKey: .line)
            try container.encode(predicted, forKey: .predicted)
            try container.encode(relativeDifference, forKey: .relativeDifference)
        }
    }

    package var log: VLLMStartupLog
    package var request: FitRequest
    /// Settings the log did not state and the defaults taken for them.
    package var assumptions: [String]
    package var result: FitResult
    package var rows: [Row]

    /// The fit request that reproduces the logged server: its model length, dtype, quantization, KV dtype,
    /// tensor parallelism, `gpu_memory_utilization`, `--enforce-eager`, batch limits and vLLM release.
    package static func request(from log: VLLMStartupLog) throws(LogComparisonError) -> (FitRequest, [String]) {
        var assumptions: [String] = []
        guard let context = log.maxModelLength?.value else { throw .missing("max_seq_len (the model length)") }
        let weights: WeightFormat
        switch (log.quantization?.value.lowercased(), log.dtype?.value) {
        case (nil, "float16"?): weights = .fp16
        case (nil, _): weights = .bf16
        case ("fp8"?, _): weights = .fp8
        case ("awq"?, _), ("awq_marlin"?, _): weights = .int4AWQ
        case ("gptq"?, _), ("gptq_marlin"?, _): weights = .int4GPTQ
        case (let other?, _): throw .unsupported("quantization '\(other)'")
        }
        if log.dtype == nil, log.quantization == nil { assumptions.append("dtype not logged: bfloat16") }
        let kv = log.kvCacheDType?.value.lowercased() ?? "auto"
        let kvCache: KVCacheDType = kv.hasPrefix("fp8") ? .fp8 : .fp16
        let version = log.version.flatMap { EngineVersion($0.value) }
        if version == nil {
            assumptions.append("vLLM version not logged: \(FitRequest.currentVLLM)")
        }
        let tp = log.tensorParallel?.value ?? 1
        var request = FitRequest(
            weights: weights,
            kvCache: kvCache,
            context: context,
            gpuCount: tp,
            tensorParallel: tp,
            engine: .vllm,
            vllmVersion: version ?? FitRequest.currentVLLM,
            gpuMemoryUtilization: log.gpuMemoryUtilization?.value,
            enforceEager: log.enforceEager?.value ?? false,
            maxBatchedTokens: log.maxNumBatchedTokens?.value,
            maxSequences: log.maxNumSequences?.value
        )
        if log.gpuMemoryUtilization == nil {
            assumptions.append(
                "gpu_memory_utilization not among the non-default args: vLLM \(request.vllmVersion)'s default "
                    + "\(request.resolvedUtilization)"
            )
        }
        if log.maxNumBatchedTokens == nil { assumptions.append("max_num_batched_tokens not logged: the API server's") }
        if log.maxNumSequences == nil { assumptions.append("max_num_seqs not logged: the API server's default") }
        if log.enforceEager == nil { request.enforceEager = false }
        return (request, assumptions)
    }

    /// Fits `model` on `gpu` as the log's server was configured and lines the figures up.
    package static func compare(
        _ log: VLLMStartupLog,
        model: ModelCard,
        gpu: GPUCard
    ) throws(LogComparisonError) -> LogComparison {
        guard log.hasMemoryFigures else { throw .noFigures }
        let (request, assumptions) = try Self.request(from: log)
        let result: FitResult
        do {
            result = try FitCalculator.fit(model, on: gpu, request, allowExtendedContext: true)
        } catch {
            throw .fit(error)
        }
        let gib = 1_073_741_824.0
        var rows: [Row] = []
        func add(_ figure: String, _ unit: String, _ logged: VLLMStartupLog.Logged<Double>?, _ predicted: Double) {
            guard let logged else { return }
            rows.append(Row(figure: figure, unit: unit, logged: logged.value, line: logged.line, predicted: predicted))
        }
        add("Model loading took", "GiB", log.modelLoadingGiB, result.memory.weights / gib)
        add("Available KV cache memory", "GiB", log.availableKVCacheGiB, result.memory.kvCacheAvailable / gib)
        add(
            "GPU KV cache size",
            "tokens",
            log.kvCacheTokens.map { .init(value: Double($0.value), line: $0.line) },
            Double(result.kvCacheTokens)
        )
        add("Maximum concurrency", "x", log.maxConcurrency, result.maxConcurrencyPerReplica)
        if let graphs = log.cudaGraphGiB {
            let predicted = request.enforceEager ? 0 : (model.shape?.moe == nil ? 0.5 : 1.3)
            add("CUDA graph memory", "GiB", graphs, predicted)
        }
        return LogComparison(log: log, request: request, assumptions: assumptions, result: result, rows: rows)
    }
}

/// Why a log can't be compared.
package enum LogComparisonError: ShortlistError, Equatable {
    case noFigures
    case missing(String)
    case unsupported(String)
    case fit(FitError)

    package var exitStatus: ExitStatus {
        switch self {
        case .noFigures, .missing, .unsupported: .dataError
        case .fit(let error): error.exitStatus
        }
    }

    package var description: String {
        switch self {
        case .noFigures:
            "no vLLM start-up figures found (looked for 'Model loading took', 'Available KV cache memory', "
                + "'GPU KV cache size' and 'Maximum concurrency')."
        case .missing(let what): "the log does not say \(what); it is printed in vLLM's engine config line."
        case .unsupported(let what): "the log's \(what) has no weight format in Shortlist."
        case .fit(let error): error.description
        }
    }
}
