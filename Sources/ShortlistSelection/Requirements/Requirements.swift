package import ShortlistSupport

/// What a team needs from a model: the input of `shortlist recommend` (Phase 1 of the selection framework).
package struct Requirements: Sendable, Equatable {
    package var useCase: String?
    package var category: TaskCategory
    package var subtasks: [String] = []
    /// Context length the use case needs, in tokens.
    package var context: Int = 8192
    /// Prompt tokens for the time-to-first-token estimate; `nil` uses the rules' default.
    package var promptTokens: Int?
    package var latency: LatencyClass?
    /// An explicit time-to-first-token target, overriding the latency class's.
    package var ttftMilliseconds: Double?
    /// An explicit decode-speed target per sequence.
    package var tokensPerSecond: Double?
    package var hardware: Hardware = .unspecified
    /// Where `hardware.gpu` was written, for messages about it.
    package var hardwareLocation: SourceLocation?
    /// Sequences served at once, for memory fit.
    package var concurrency: Int = 1
    /// A licence policy name from the rules (permissive-only, attribution-acceptable, flexible, research).
    package var license: String?
    package var deployment: Deployment?
    package var architecture: ArchitecturePolicy = .denseOnly
    package var languages: LanguageNeed = .unspecified
    package var modality: ModalityNeed = .text
    package var multilingualCritical = false
    package var portfolioSize: Int?
    /// Rubric weight overrides ("weight by priority"); unset criteria keep their weight.
    package var weights: [Criterion: Double] = [:]
    package var priority: Priority?
    package var missingBenchmarks: MissingBenchmarkPolicy = .penalize
    /// Where the requirements came from, for messages.
    package var origin: String = "flags"

    package init(category: TaskCategory) {
        self.category = category
    }
}

/// The seed's seven task categories (Phase 1.1).
package enum TaskCategory: String, Sendable, CaseIterable, Codable {
    case conversational
    case code
    case reasoning
    case creative
    case multilingual
    case multimodal
    case domainSpecific = "domain-specific"
}

/// Latency classes (Phase 1.2).
package enum LatencyClass: String, Sendable, CaseIterable, Codable {
    case realTime = "real-time"
    case interactive
    case batch
}

/// The hardware a model must run on.
package enum Hardware: Sendable, Equatable, Codable {
    case unspecified
    /// GPUs from the catalog.
    case gpu(id: String, count: Int)
    /// An accelerator known only by its memory.
    case memory(gib: Double)
    /// No accelerator: system memory, GGUF formats.
    case cpuOnly(memoryGiB: Double)
}

/// Where the model runs (Phase 1.2).
package enum Deployment: String, Sendable, CaseIterable, Codable {
    case edge
    case onPremise = "on-premise"
    case cloud
}

/// Whether mixture-of-experts models qualify.
package enum ArchitecturePolicy: String, Sendable, CaseIterable, Codable {
    case denseOnly = "dense-only"
    case moeAllowed = "moe-allowed"
    case moeOnly = "moe-only"
}

/// Languages the use case needs.
package enum LanguageNeed: Sendable, Equatable, Codable {
    case unspecified
    /// These ISO 639-1 codes.
    case codes([String])
    /// At least this many languages ("100+").
    case atLeast(Int)
}

/// Input modality the use case needs.
package enum ModalityNeed: String, Sendable, CaseIterable, Codable {
    case text
    case vision
}

/// The quick reference's "if your top priority is…".
package enum Priority: String, Sendable, CaseIterable, Codable {
    case bestQuality = "best-quality"
    case smallestEfficient = "smallest-efficient"
    case maxEcosystem = "max-ecosystem"
    case consumerHardware = "consumer-hardware"
    case multilingual
    case code
    case moeTesting = "moe-testing"
    case multimodal
    case openLicense = "open-license"
    case qualityAndCost = "quality-and-cost"
}

/// How a missing published benchmark counts in task performance.
package enum MissingBenchmarkPolicy: String, Sendable, CaseIterable, Codable {
    /// Imputed at the lowest score any candidate published for that benchmark, and flagged.
    case penalize
    /// Left out of that model's average, with its coverage shown.
    case skip
}

/// The six rubric criteria (Phase 2.1).
package enum Criterion: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable, Comparable {
    case taskPerformance = "task_performance"
    case efficiency
    case contextHandling = "context_handling"
    case fineTuning = "fine_tuning"
    case frameworkCompatibility = "framework_compatibility"
    case ecosystemMaturity = "ecosystem_maturity"

    package var displayName: String {
        switch self {
        case .taskPerformance: "Task performance"
        case .efficiency: "Efficiency"
        case .contextHandling: "Context handling"
        case .fineTuning: "Fine-tuning support"
        case .frameworkCompatibility: "Framework compatibility"
        case .ecosystemMaturity: "Ecosystem maturity"
        }
    }

    package static func < (lhs: Criterion, rhs: Criterion) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
