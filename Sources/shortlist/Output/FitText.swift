import Foundation
import ShortlistCatalog
import ShortlistFit

/// Text output of `shortlist fit`.
enum FitText {
    static func single(_ result: FitResult, model: ModelCard, gpu: GPUCard, explain: Bool) -> String {
        let r = result.request
        let m = result.memory
        var lines: [String] = []
        let gpus =
            r.gpuCount == 1
            ? "1 × \(gpu.name)"
            : "\(r.gpuCount) × \(gpu.name) (TP \(r.tensorParallel), \(r.replicas) replica\(r.replicas == 1 ? "" : "s"))"
        lines.append("\(model.name) on \(gpus), \(engineText(result))")
        lines.append(
            "\(r.weights.displayName) weights, \(r.kvCache.rawValue.uppercased()) KV cache, "
                + "\(Formatting.grouped(r.context))-token context, \(r.concurrency) concurrent sequence\(r.concurrency == 1 ? "" : "s")"
        )
        lines.append("")
        lines.append("Verdict: \(verdictText(result))")
        lines.append("")
        var table = TextTable([("MEMORY PER GPU", .left), ("GiB", .right), ("", .left)])
        table.add([
            "GPU memory", Formatting.gib(m.gpuMemory),
            gpu.kind == .apple
                ? "unified memory; macOS lets the GPU wire about 75% by default (see notes)"
                : m.gpuMemoryIsNominal ? "vendor figure (CUDA's total unpublished)" : "as CUDA reports it",
        ])
        table.add([
            "Budget", Formatting.gib(m.budget),
            result.engine == .vllm ? "gpu_memory_utilization \(m.utilization)" : "all of it (llama.cpp has no cap)",
        ])
        table.add([
            "Weights", Formatting.gib(m.weights),
            r.tensorParallel > 1 ? "1/\(r.tensorParallel) of \(Formatting.gib(result.weightBytes.total))" : "",
        ])
        let sequencesPerReplica = (r.concurrency + r.replicas - 1) / r.replicas
        table.add([
            "KV cache", Formatting.gib(m.kvCache),
            "\(sequencesPerReplica) × \(Formatting.gib(m.kvCachePerSequence)) GiB per sequence",
        ])
        let o = m.overhead
        let parts =
            result.engine == .vllm
            ? "activations \(Formatting.gib(o.activations)) or sampler \(Formatting.gib(o.sampler)) (the larger), "
                + "non-torch \(Formatting.gib(o.nonTorch)), CUDA graphs \(Formatting.gib(o.cudaGraphs))"
            : "compute buffer \(Formatting.gib(o.computeBuffer)), \(gpu.kind == .apple ? "Metal" : "CUDA") context "
                + Formatting.gib(o.cudaContext)
        table.add(["Runtime overhead", Formatting.gib(o.total), parts])
        table.add(["Total", Formatting.gib(m.total), ""])
        table.add(["Headroom", Formatting.gib(m.headroom), ""])
        lines.append(table.render())
        lines.append("")
        switch result.kvLayout {
        case .vllm:
            lines.append(
                "Max concurrency at \(Formatting.tokens(r.context)) tokens: \(plural(result.maxConcurrency, "sequence"))"
            )
            lines.append("As vLLM would log it (per replica):")
            lines.append(
                "  Available KV cache memory: \(String(format: "%.2f", m.kvCacheAvailable / 1_073_741_824)) GiB"
            )
            lines.append("  GPU KV cache size: \(Formatting.grouped(result.kvCacheTokens)) tokens")
            lines.append(
                "  Maximum concurrency for \(Formatting.grouped(r.context)) tokens per request: "
                    + "\(String(format: "%.2f", result.maxConcurrencyPerReplica))x"
            )
        case .llamaCpp(let cells):
            lines.append(
                "Max concurrency at \(Formatting.tokens(r.context)) tokens: \(plural(result.maxConcurrency, "slot"))"
                    + " (llama-server --ctx-size \(cells.contextSize) --parallel \(r.concurrency))"
            )
        }
        let p = result.parameters
        lines.append(
            "Parameters: \(Formatting.grouped(p.total))"
                + (p.active != p.total ? " total, \(Formatting.grouped(p.active)) active" : "")
                + ". KV cache: \(Formatting.grouped(Int(result.kvBytesPerToken))) B per token"
        )
        lines.append("")
        lines.append("Estimates, not measurements (measure with a load test):")
        let d = result.decode
        lines.append(
            "  decode, one sequence       \(Formatting.rate(d.typicalTokensPerSecond)) tokens/s at \(Formatting.grouped(d.typicalContext)) tokens"
                + (d.typicalContext < r.context
                    ? ", \(Formatting.rate(d.singleStreamTokensPerSecond)) at the full \(Formatting.grouped(r.context))"
                    : "")
                + " (\(String(format: "%g", d.bandwidthEfficiency)) of peak bandwidth: \(d.efficiencyBasis))"
        )
        if d.batch > 1 || r.replicas > 1 {
            let label = "decode, \(d.batch) per replica"
            lines.append(
                "  \(label.padding(toLength: 27, withPad: " ", startingAt: 0))"
                    + "\(Formatting.rate(d.aggregateTokensPerSecond)) tokens/s in total, "
                    + "\(Formatting.rate(d.perSequenceTokensPerSecond)) per sequence"
                    + (d.computeBound ? " (compute-bound)" : "")
            )
        }
        if let prefill = result.prefill {
            let label = "prefill \(Formatting.grouped(prefill.promptTokens)) tokens"
            lines.append(
                "  \(label.padding(toLength: 27, withPad: " ", startingAt: 0))\(Formatting.seconds(prefill.seconds)) to first token "
                    + "(\(prefill.precision) \(String(format: "%g", prefill.tflops)) TFLOPS × \(r.computeEfficiency))"
            )
        } else {
            lines.append("  prefill                    no published tensor throughput for \(gpu.id)")
        }
        if !result.notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            lines += result.notes.map { "  - \($0)" }
        }
        if explain { lines += ["", FitExplanation.render(result, model: model, gpu: gpu)] }
        return lines.joined(separator: "\n")
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(Formatting.grouped(count)) \(noun)\(count == 1 ? "" : "s")"
    }

    static func engineText(_ result: FitResult) -> String {
        switch result.engine {
        case .vllm:
            "vLLM \(result.request.vllmVersion)" + (result.request.enforceEager ? " (--enforce-eager)" : "")
        case .llamaCpp: "llama.cpp"
        }
    }

    static func verdictText(_ result: FitResult) -> String {
        let m = result.memory
        switch result.verdict {
        case .fits: return "fits, \(Formatting.gib(m.headroom)) GiB to spare per GPU"
        case .tight:
            return "fits, but tight: \(Formatting.gib(m.headroom)) GiB to spare per GPU (under 5% of the budget)"
        case .kvCacheDoesNotFit:
            return
                "does not fit: the KV cache for \(plural(result.request.concurrency, "sequence")) needs \(Formatting.gib(m.kvCache)) GiB, "
                + "\(Formatting.gib(-m.headroom)) GiB more than the budget leaves; at most \(result.maxConcurrency) fit"
        case .weightsDoNotFit:
            return "does not fit: weights and runtime alone need \(Formatting.gib(m.weights + m.overhead.total)) GiB "
                + "of a \(Formatting.gib(m.budget)) GiB budget per GPU"
        }
    }

    static func sweep(_ rows: [FitSweep.Row], gpu: GPUCard, request: FitRequest) -> String {
        var table = TextTable([
            ("MODEL", .left), ("PARAMS", .right), ("BEST FORMAT", .left), ("WEIGHTS", .right), ("KV", .right),
            ("TOTAL", .right), ("HEADROOM", .right), ("MAX CONC", .right), ("DECODE TOK/S", .right),
        ])
        var misfits: [String] = []
        for row in rows {
            guard let best = row.best else {
                misfits.append("  \(row.modelID): \(row.reason ?? "does not fit")")
                continue
            }
            table.add([
                row.modelID,
                row.totalParameters.map(Formatting.parameters) ?? "-",
                best.request.weights.displayName,
                Formatting.gib(best.memory.weights),
                Formatting.gib(best.memory.kvCache),
                Formatting.gib(best.memory.total),
                Formatting.gib(best.memory.headroom) + (best.verdict == .tight ? " (tight)" : ""),
                Formatting.grouped(best.maxConcurrency),
                Formatting.rate(best.decode.typicalTokensPerSecond),
            ])
        }
        var lines = [
            "\(request.gpuCount) × \(gpu.name), \(Formatting.grouped(request.context))-token context, "
                + "\(request.concurrency) sequence\(request.concurrency == 1 ? "" : "s"), KV \(request.kvCache.rawValue), "
                + (request.engine == .llamaCpp
                    ? "llama.cpp" : "gpu_memory_utilization \(request.resolvedUtilization) for vLLM formats"),
            "",
            table.render(),
            "",
            "GiB per GPU. BEST FORMAT is the highest-fidelity format that fits (GGUF on llama.cpp, the rest on vLLM, "
                + "unless --engine says). DECODE is an estimate for one sequence of a typical request.",
        ]
        if !misfits.isEmpty {
            lines += ["", "Does not fit or skipped (\(misfits.count)):"] + misfits
        }
        return lines.joined(separator: "\n")
    }
}

/// `--explain`: the formulas with their numbers.
enum FitExplanation {
    static func render(_ result: FitResult, model: ModelCard, gpu: GPUCard) -> String {
        guard let shape = model.shape else { return "" }
        return ShortlistFit.FitExplanation.lines(for: result, shape: shape, gpu: gpu).joined(separator: "\n")
    }
}

extension FitText {
    /// `fit --compare-log`: each logged figure, the prediction and the difference.
    static func comparison(_ comparison: LogComparison, model: ModelCard, gpu: GPUCard, path: String) -> String {
        let r = comparison.request
        var lines = [
            "\(path): \(model.name) on \(r.gpuCount) × \(gpu.name), vLLM \(r.vllmVersion)"
                + (r.enforceEager ? " (--enforce-eager)" : ""),
            "max_model_len \(Formatting.grouped(r.context)), \(r.weights.displayName) weights, "
                + "gpu_memory_utilization \(r.resolvedUtilization), tensor parallel \(r.tensorParallel)",
            "",
        ]
        var table = TextTable([
            ("FIGURE (LINE)", .left), ("LOGGED", .right), ("SHORTLIST", .right), ("DIFFERENCE", .right),
        ])
        for row in comparison.rows {
            let format: (Double) -> String =
                switch row.unit {
                case "tokens": { Formatting.grouped(Int($0.rounded())) }
                case "x": { String(format: "%.2fx", $0) }
                default: { String(format: "%.2f GiB", $0) }
                }
            let difference =
                row.relativeDifference.isFinite ? String(format: "%+.1f%%", row.relativeDifference * 100) : "-"
            table.add(["\(row.figure) (\(row.line))", format(row.logged), format(row.predicted), difference])
        }
        lines.append(table.render())
        if !comparison.assumptions.isEmpty {
            lines.append("")
            lines.append("Not in the log, so assumed:")
            lines += comparison.assumptions.map { "  - \($0)" }
        }
        lines.append("")
        var flags = ["--gpu", gpu.id, "--context", "\(r.context)", "--vllm-version", "\(r.vllmVersion)"]
        if r.gpuCount > 1 { flags += ["--gpus", "\(r.gpuCount)"] }
        if r.weights != .bf16 { flags += ["--weights", r.weights.rawValue] }
        if r.kvCache != .fp16 { flags += ["--kv-dtype", r.kvCache.rawValue] }
        if let utilization = r.gpuMemoryUtilization { flags += ["--gpu-memory-utilization", "\(utilization)"] }
        if let tokens = r.maxBatchedTokens { flags += ["--max-batched-tokens", "\(tokens)"] }
        if let sequences = r.maxSequences { flags += ["--max-num-seqs", "\(sequences)"] }
        if r.enforceEager { flags.append("--enforce-eager") }
        lines.append(
            "Shortlist's overhead: \(Formatting.gib(comparison.result.memory.overhead.total)) GiB. Every term: "
                + "shortlist fit \(model.id) \(flags.joined(separator: " ")) --explain"
        )
        return lines.joined(separator: "\n")
    }
}
