package import ShortlistCatalog
package import ShortlistFit

/// The answer of `shortlist recommend`: what was required, what was excluded and why, the ranking with
/// per-criterion breakdowns, the portfolio and its alternatives.
package struct Recommendation: Sendable, Encodable {
    package var requirements: EffectiveRequirements
    package var firedRules: [FiredRule]
    package var weights: [Criterion: Double]
    package var ranked: [RankedModel]
    package var excluded: [Exclusion]
    package var portfolio: [PortfolioSlot]
    package var alternatives: [Alternative]
    package var whyThisSelection: [WhyRow]
    package var warnings: [String]
    /// When nothing qualifies: why, and the smallest relaxations that would let models through.
    package var infeasible: Infeasibility?
}

/// The requirements after decision rules and defaults were applied.
package struct EffectiveRequirements: Sendable, Encodable {
    package var category: TaskCategory
    package var useCase: String?
    package var context: Int
    package var promptTokens: Int
    package var concurrency: Int
    package var hardware: String
    package var gpuID: String?
    package var gpuCount: Int
    package var memoryGiBPerGPU: Double?
    package var licensePolicy: String
    package var architecture: ArchitecturePolicy
    package var modality: Modality?
    package var minLanguages: Int?
    package var languageCodes: [String]
    package var maxBillions: Double
    package var sizeBasis: String
    package var weightFormats: [WeightFormat]
    package var ttftMilliseconds: Double?
    package var tokensPerSecond: Double?
    package var multilingualCritical: Bool
    package var portfolioSize: Int
    package var missingBenchmarks: MissingBenchmarkPolicy
}

/// A decision rule that fired, for the trace.
package struct FiredRule: Sendable, Encodable, Equatable {
    package var id: String
    package var seed: String?
    package var note: String?
    package var origin: String
}

/// A model that passed every hard constraint, with its scores.
package struct RankedModel: Sendable, Encodable {
    package var modelID: String
    package var name: String
    package var vendor: String
    package var family: String
    /// Weighted total, 0–100.
    package var total: Double
    package var breakdown: [CriterionScore]
    /// The fit in the best allowed weight format.
    package var fit: FitSummary
    package var totalParameters: Int
    package var activeParameters: Int
    package var languageCount: Int?
    package var warnings: [String]

    package func score(_ criterion: Criterion) -> Double {
        breakdown.first { $0.criterion == criterion }?.score ?? 0
    }
}

/// One criterion's score for one model: the 0–1 score, its weight and how it was computed.
package struct CriterionScore: Sendable, Encodable {
    package var criterion: Criterion
    package var score: Double
    package var weight: Double
    /// Points this criterion adds to the 0–100 total.
    package var contribution: Double
    /// The explanation, or for task performance what follows the evidence list.
    var note: String
    package var evidence: [BenchmarkEvidence]

    /// How the score was computed, in a sentence.
    ///
    /// Task performance lists its evidence, built only when asked for: large catalogs rank thousands of models whose
    /// explanations nobody reads.
    package var explanation: String {
        criterion == .taskPerformance ? TaskPerformance.describe(evidence) + note : note
    }

    private enum CodingKeys: String, CodingKey {
        case criterion, score, weight, contribution, explanation, evidence
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(criterion, forKey: .criterion)
        try container.encode(score, forKey: .score)
        try container.encode(weight, forKey: .weight)
        try container.encode(contribution, forKey: .contribution)
        try container.encode(explanation, forKey: .explanation)
        try container.encode(evidence, forKey: .evidence)
    }
}

/// A published score used (or imputed) for task performance.
package struct BenchmarkEvidence: Sendable, Encodable {
    package var family: String
    package var benchmark: String?
    package var value: Double?
    package var normalized: Double
    package var source: String?
    package var status: EvidenceStatus
}

/// Where a benchmark value came from.
package enum EvidenceStatus: String, Sendable, Encodable {
    /// From the source that measured the most candidates on this benchmark (one harness for all).
    case comparable
    /// From another source: a different harness or variant; flagged.
    case otherSource = "other-source"
    /// Nobody published it for this model: imputed at the lowest score a candidate published.
    case imputed
    /// Nobody published it for this model: left out of its average.
    case skipped
}

/// The fit used for scoring and the portfolio.
package struct FitSummary: Sendable, Encodable {
    package var weights: WeightFormat
    package var memoryGiB: Double
    package var budgetGiB: Double
    package var maxConcurrency: Int
    package var decodeTokensPerSecond: Double?
    package var aggregateTokensPerSecond: Double?
    package var ttftMilliseconds: Double?
    /// Bytes read per decode step for one sequence: what decode speed is inversely proportional to.
    package var bytesPerToken: Double
    /// Estimated cost of a million generated tokens at the requested load, if the GPU has a price.
    package var usdPerMillionTokens: Double?
}

/// A model that failed a hard constraint, with every reason.
package struct Exclusion: Sendable, Encodable {
    package var modelID: String
    package var reasons: [String]
    /// The constraints it failed, for relaxation analysis.
    package var failed: [ConstraintKind]
}

/// The hard constraints, named for relaxation analysis.
package enum ConstraintKind: String, Sendable, Encodable, CaseIterable {
    case size
    case architecture
    case license
    case modality
    case context
    case languages
    case memory
    case latency
}

/// One portfolio slot: its role, the model and the reasoning.
package struct PortfolioSlot: Sendable, Encodable {
    package var slot: Int
    package var role: SlotRole
    package var tier: Int
    package var modelID: String
    package var rationale: String
}

/// Roles of the portfolio (Phase 5).
package enum SlotRole: String, Sendable, Encodable {
    case quality = "highest-quality"
    case ecosystem = "ecosystem-fallback"
    case throughput = "throughput"
    case cost = "lowest-cost"
    case additional = "additional"

    package var displayName: String {
        switch self {
        case .quality: "Highest quality"
        case .ecosystem: "Ecosystem / fallback"
        case .throughput: "Throughput for standard traffic"
        case .cost: "Lowest cost, high volume"
        case .additional: "Additional"
        }
    }
}

/// A derived alternative: "if X is critical, replace A with B".
package struct Alternative: Sendable, Encodable {
    package var condition: String
    package var replace: String
    package var with: String
    package var reason: String
}

/// A row of the seed's "why this selection" table, published and estimated values marked.
package struct WhyRow: Sendable, Encodable {
    package var modelID: String
    /// Task-performance score (0–100) and the strongest published benchmark behind it.
    package var qualitySignal: String
    package var instructionFollowing: String
    package var throughputClass: String
    package var relativeCost: String
}

/// Why nothing qualified, and what would.
package struct Infeasibility: Sendable, Encodable {
    package var explanation: String
    package var relaxations: [Relaxation]
}

/// Relaxing one constraint and what it would let through.
package struct Relaxation: Sendable, Encodable {
    package var constraint: ConstraintKind
    package var change: String
    package var models: [String]
}
