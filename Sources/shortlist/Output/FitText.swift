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
        lines.append("\(model.name) on \(gpus)")
        lines.append(
            "\(r.weights.displayName) weights, \(r.kvCache.rawValue.uppercased()) KV cache, "
                + "\(Formatting.grouped(r.context))-token context, \(r.concurrency) concurrent sequence\(r.concurrency == 1 ? "" : "s")"
        )
        lines.append("")
        lines.append("Verdict: \(verdictText(result))")
        lines.append("")
        var table = TextTable([("MEMORY PER GPU", .left), ("GiB", .right), ("", .left)])
        table.add(["GPU memory", Formatting.gib(m.gpuMemory), ""])
        table.add(["Budget", Formatting.gib(m.budget), "gpu_memory_utilization \(r.gpuMemoryUtilization)"])
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
        table.add([
            "Runtime overhead",
            Formatting.gib(o.total),
            "activations \(Formatting.gib(o.activations)), logits \(Formatting.gib(o.logits)), "
                + "non-torch \(Formatting.gib(o.nonTorch)), CUDA graphs \(Formatting.gib(o.cudaGraphs))",
        ])
        table.add(["Total", Formatting.gib(m.total), ""])
        table.add(["Headroom", Formatting.gib(m.headroom), ""])
        lines.append(table.render())
        lines.append("")
        lines.append(
            "Max concurrency at \(Formatting.tokens(r.context)) tokens: \(Formatting.grouped(result.maxConcurrency)) sequences "
                + "(vLLM would report \(String(format: "%.2f", result.maxConcurrencyPerReplica))x per replica; "
                + "\(Formatting.grouped(result.kvBlocks)) blocks of 16 tokens per GPU)"
        )
        let p = result.parameters
        lines.append(
            "Parameters: \(Formatting.grouped(p.total))"
                + (p.active != p.total ? " total, \(Formatting.grouped(p.active)) active" : "")
                + ". KV cache: \(Formatting.grouped(Int(result.kvBytesPerToken))) B per token"
        )
        lines.append("")
        lines.append("Estimates, not measurements (measure with a load test):")
        let d = result.decode
        lines.append("  decode, one sequence       \(Formatting.rate(d.singleStreamTokensPerSecond)) tokens/s")
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

    static func verdictText(_ result: FitResult) -> String {
        let m = result.memory
        switch result.verdict {
        case .fits: return "fits, \(Formatting.gib(m.headroom)) GiB to spare per GPU"
        case .tight:
            return "fits, but tight: \(Formatting.gib(m.headroom)) GiB to spare per GPU (under 5% of the budget)"
        case .kvCacheDoesNotFit:
            return
                "does not fit: the KV cache for \(result.request.concurrency) sequences needs \(Formatting.gib(m.kvCache)) GiB, "
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
                Formatting.rate(best.decode.singleStreamTokensPerSecond),
            ])
        }
        var lines = [
            "\(request.gpuCount) × \(gpu.name), \(Formatting.grouped(request.context))-token context, "
                + "\(request.concurrency) sequence\(request.concurrency == 1 ? "" : "s"), KV \(request.kvCache.rawValue), "
                + "gpu_memory_utilization \(request.gpuMemoryUtilization)",
            "",
            table.render(),
            "",
            "GiB per GPU. BEST FORMAT is the highest-fidelity format that fits. DECODE is an estimate for one sequence.",
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
