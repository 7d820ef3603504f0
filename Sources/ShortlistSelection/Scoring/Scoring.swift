import Foundation
import ShortlistCatalog
import ShortlistFit

/// The rubric: six criteria, each a documented formula over catalog and fit data, weighted into 0–100.
///
/// Formulas (docs/selection.md): task performance from the task's benchmark groups; efficiency from the bytes a
/// decode step reads; context from the native window; fine-tuning from Transformers support, architecture and
/// size; framework compatibility from the support matrix; ecosystem maturity from independent evaluations,
/// official quantized releases and framework breadth.
struct Scoring {
    var setup: Setup
    var rules: SelectionRules
    var catalog: [ModelCard]

    func rank(_ candidates: [Candidate]) -> [RankedModel] {
        guard !candidates.isEmpty else { return [] }
        let task = TaskPerformance(setup: setup, rules: rules, catalog: catalog).score(candidates)
        let efficiency = Self.efficiency(candidates)
        let weightSum = setup.weights.values.reduce(0, +)
        var ranked: [RankedModel] = []
        for (index, candidate) in candidates.enumerated() {
            var breakdown: [CriterionScore] = []
            for criterion in Criterion.allCases {
                let weight = setup.weights[criterion] ?? 0
                let (score, explanation, evidence): (Double, String, [BenchmarkEvidence]) =
                    switch criterion {
                    case .taskPerformance: (task[index].score, task[index].explanation, task[index].evidence)
                    case .efficiency: (efficiency[index].score, efficiency[index].explanation, [])
                    case .contextHandling: Self.context(candidate)
                    case .fineTuning: Self.fineTuning(candidate)
                    case .frameworkCompatibility: Self.frameworks(candidate)
                    case .ecosystemMaturity: Self.ecosystem(candidate)
                    }
                breakdown.append(
                    CriterionScore(
                        criterion: criterion,
                        score: score,
                        weight: weight,
                        contribution: 100 * score * weight / weightSum,
                        note: explanation,
                        evidence: evidence
                    )
                )
            }
            let fit = candidate.fit
            let price = candidate.gpu.usdPerHour?.value.map { $0 * Double(setup.effective.gpuCount) }
            let aggregate = fit.decode.aggregateTokensPerSecond
            ranked.append(
                RankedModel(
                    modelID: candidate.card.id,
                    name: candidate.card.name,
                    vendor: candidate.vendor,
                    family: candidate.card.family,
                    total: breakdown.reduce(0) { $0 + $1.contribution },
                    breakdown: breakdown,
                    fit: FitSummary(
                        weights: fit.request.weights,
                        memoryGiB: fit.memory.total / 1_073_741_824,
                        budgetGiB: fit.memory.budget / 1_073_741_824,
                        maxConcurrency: fit.maxConcurrency,
                        decodeTokensPerSecond: fit.decode.singleStreamTokensPerSecond > 0
                            ? fit.decode.singleStreamTokensPerSecond : nil,
                        aggregateTokensPerSecond: aggregate > 0 ? aggregate : nil,
                        ttftMilliseconds: fit.prefill.map { $0.seconds * 1000 },
                        bytesPerToken: fit.decode.bytesPerStep,
                        usdPerMillionTokens: price.flatMap { aggregate > 0 ? $0 / (aggregate * 3600) * 1e6 : nil }
                    ),
                    totalParameters: candidate.shape.parameters.total,
                    activeParameters: candidate.shape.parameters.active,
                    languageCount: candidate.languageCount,
                    warnings: candidate.warnings + task[index].warnings
                )
            )
        }
        return ranked.sorted { $0.total != $1.total ? $0.total > $1.total : $0.modelID < $1.modelID }
    }

    /// Efficiency from the bytes one decode step reads.
    ///
    /// Active weights in the chosen format plus one sequence's KV cache, on a log scale between the candidates'
    /// extremes. Decode speed is inversely proportional to it.
    static func efficiency(_ candidates: [Candidate]) -> [(score: Double, explanation: String)] {
        let logs = candidates.map { log($0.fit.decode.bytesPerStep) }
        let (low, high) = (logs.min() ?? 0, logs.max() ?? 0)
        return zip(candidates, logs).map { candidate, value in
            let score = high > low ? (high - value) / (high - low) : 1
            let gb = candidate.fit.decode.bytesPerStep / 1e9
            let format = candidate.fit.request.weights.displayName
            return (
                score,
                "reads \(FixedPoint.format(gb, 2)) GB per decoded token at \(format) (\(speedText(candidate.fit)))"
            )
        }
    }

    static func speedText(_ fit: FitResult) -> String {
        let rate = fit.decode.singleStreamTokensPerSecond
        return rate > 0
            ? "≈\(FixedPoint.format(rate, 0)) tokens/s estimated" : "no bandwidth figure for a speed estimate"
    }

    /// Context handling: log₂ of the native window between 4k (0) and 128k (1); an extension-only window counts 75%.
    static func context(_ candidate: Candidate) -> (Double, String, [BenchmarkEvidence]) {
        let native = Double(candidate.card.context.native.value ?? 0)
        let extended = Double(candidate.card.context.extended?.value ?? 0)
        func scale(_ tokens: Double) -> Double {
            guard tokens > 0 else { return 0 }
            return Swift.min(1, Swift.max(0, log2(tokens / 4096) / log2(131_072.0 / 4096)))
        }
        let score = Swift.max(scale(native), 0.75 * scale(extended))
        var text = "native \(Setup.tokens(Int(native)))"
        if extended > native {
            text +=
                ", extended \(Setup.tokens(Int(extended)))"
                + (candidate.card.context.extensionMethod.map { " (\($0))" } ?? "")
        }
        return (score, text + "; no NIAH scores in the catalog", [])
    }

    /// Fine-tuning support: ½ Transformers support (PEFT works on it), ¼ dense architecture (MoE LoRA is harder),
    /// ¼ size (smaller is cheaper to train: log scale from 10B down to 0.1B).
    static func fineTuning(_ candidate: Candidate) -> (Double, String, [BenchmarkEvidence]) {
        let transformers = candidate.card.frameworks[.transformers]?.level.value
        let support: Double =
            switch transformers {
            case .yes: 1
            case .partial: 0.5
            default: 0
            }
        let dense: Double = candidate.shape.moe == nil ? 1 : 0.5
        let billions = Double(candidate.shape.parameters.total) / 1e9
        let size = Swift.min(1, Swift.max(0, log10(10 / Swift.max(billions, 0.1)) / 2))
        let score = 0.5 * support + 0.25 * dense + 0.25 * size
        let supportText = transformers.map { "Transformers \($0.rawValue)" } ?? "Transformers support unknown"
        return (
            score,
            "\(supportText); \(candidate.shape.moe == nil ? "dense" : "MoE"); \(Setup.billions(billions)); community adapter counts not in the catalog",
            []
        )
    }

    /// Framework compatibility: mean over vLLM, TensorRT-LLM, llama.cpp, ONNX Runtime GenAI and Transformers of
    /// yes 1, partial ½, no or unknown 0.
    static func frameworks(_ candidate: Candidate) -> (Double, String, [BenchmarkEvidence]) {
        let parts = Framework.allCases.map { framework in
            "\(framework.displayName) \(candidate.card.frameworks[framework]?.level.value?.rawValue ?? "unknown")"
        }
        return (frameworkScore(candidate), parts.joined(separator: ", "), [])
    }

    /// The framework score alone, without its explanation.
    static func frameworkScore(_ candidate: Candidate) -> Double {
        var total = 0.0
        for framework in Framework.allCases {
            let level = candidate.card.frameworks[framework]?.level.value
            total += level == .yes ? 1 : level == .partial ? 0.5 : 0
        }
        return total / Double(Framework.allCases.count)
    }

    /// Ecosystem maturity from independent evaluations, official quantized releases and framework breadth.
    ///
    /// ½ independent evaluations (distinct sources by other organisations than the model's vendor that published
    /// scores for it, capped at 4), ¼ official quantized releases (capped at 3), ¼ framework compatibility. Other
    /// labs benchmarking a model is a sign it is a standard baseline.
    static func ecosystem(_ candidate: Candidate) -> (Double, String, [BenchmarkEvidence]) {
        let vendor = candidate.vendor.lowercased()
        var sources: Set<String> = []
        for score in candidate.card.benchmarks where !score.selfReported && !sources.contains(score.source) {
            let measurer = String(score.measuredBy.prefix { $0.isLetter }).lowercased()
            if !measurer.isEmpty && !vendor.contains(measurer) { sources.insert(score.source) }
        }
        let thirdParty = sources.count
        let quantized = candidate.card.quantized?.value?.count ?? 0
        let frameworks = Self.frameworkScore(candidate)
        let score =
            0.5 * Double(Swift.min(thirdParty, 4)) / 4 + 0.25 * Double(Swift.min(quantized, 3)) / 3 + 0.25 * frameworks
        return (
            score,
            "\(thirdParty) independent evaluation\(thirdParty == 1 ? "" : "s"), \(quantized) official quantized release\(quantized == 1 ? "" : "s")",
            []
        )
    }
}
