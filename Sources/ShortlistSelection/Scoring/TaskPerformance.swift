import Foundation
import ShortlistCatalog

/// Task performance from published benchmarks, as comparable as the catalog allows.
///
/// For each benchmark family of the task's groups (seed table 2.2), the source that measured the most candidates
/// is the reference: its scores come from one harness and compare fairly. A candidate it didn't measure uses its
/// own source's score, shifted by the mean difference between the two sources on the models both measured
/// (anchor calibration), and flagged. Scores are min–max normalised across the candidates per family; primary
/// families count twice. A family that at least half of the candidates published is expected: a candidate
/// without it is imputed at the lowest normalised score (policy `penalize`) or left out (policy `skip`). A
/// sparser family informs only the models that published it. Families nobody published are dropped.
struct TaskPerformance {
    var setup: Setup
    var rules: SelectionRules
    /// Every catalog model, for anchor calibration between sources.
    var catalog: [ModelCard]

    struct Result {
        var score: Double
        var explanation: String
        var evidence: [BenchmarkEvidence]
        var warnings: [String]
    }

    private struct Family {
        var names: [String]
        var weight: Double
    }

    /// One published instruct score, reduced to what the comparison needs.
    struct Entry {
        var benchmark: String
        var source: String
        var value: Double
        var mode: ReasoningMode?
    }

    static func entries(_ card: ModelCard) -> [Entry] {
        card.benchmarks.compactMap { score in
            score.modelVariant == .instruct
                ? Entry(benchmark: score.benchmark, source: score.source, value: score.value, mode: score.mode) : nil
        }
    }

    func score(_ candidates: [Candidate]) -> [Result] {
        let category = setup.requirements.category
        let catalogEntries = catalog.map(Self.entries)
        let candidateEntries = candidates.map { Self.entries($0.card) }
        let mode = rules.preferredModes[category] ?? rules.defaultMode
        let groups = rules.tasks[category] ?? []
        var groupScores = Array(repeating: [Double](), count: candidates.count)
        var evidence = Array(repeating: [BenchmarkEvidence](), count: candidates.count)
        for groupName in groups {
            guard let group = rules.groups[groupName] else { continue }
            let families =
                group.primary.map { Family(names: $0, weight: 2) }
                + group.secondary.map { Family(names: $0, weight: 1) }
            var weighted = Array(repeating: 0.0, count: candidates.count)
            var weights = Array(repeating: 0.0, count: candidates.count)
            for family in families {
                let values = familyValues(family, candidates: candidateEntries, catalog: catalogEntries, mode: mode)
                let present = values.compactMap { $0?.value }
                guard let low = present.min(), let high = present.max() else { continue }
                let expected = 2 * present.count >= candidates.count
                for index in candidates.indices {
                    let label = family.names.joined(separator: "/")
                    if let entry = values[index] {
                        let normalized = high > low ? (entry.value - low) / (high - low) : 1
                        weighted[index] += family.weight * normalized
                        weights[index] += family.weight
                        evidence[index].append(
                            BenchmarkEvidence(
                                family: label,
                                benchmark: entry.benchmark,
                                value: entry.value,
                                normalized: normalized,
                                source: entry.source,
                                status: entry.comparable ? .comparable : .otherSource
                            )
                        )
                    } else if expected && setup.effective.missingBenchmarks == .penalize {
                        weights[index] += family.weight
                        evidence[index].append(
                            BenchmarkEvidence(
                                family: label,
                                benchmark: nil,
                                value: nil,
                                normalized: 0,
                                source: nil,
                                status: .imputed
                            )
                        )
                    } else {
                        evidence[index].append(
                            BenchmarkEvidence(
                                family: label,
                                benchmark: nil,
                                value: nil,
                                normalized: 0,
                                source: nil,
                                status: .skipped
                            )
                        )
                    }
                }
            }
            for index in candidates.indices where weights[index] > 0 {
                groupScores[index].append(weighted[index] / weights[index])
            }
        }
        return candidates.indices.map { index in
            let scores = groupScores[index]
            let published = evidence[index].filter { $0.value != nil }
            var warnings: [String] = []
            if published.isEmpty {
                warnings.append(
                    "no published \(category.rawValue) benchmarks: quality unverified; evaluate it with 'shortlist eval'"
                )
            }
            return Result(
                score: scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count),
                explanation: Self.explain(evidence[index], mode: mode),
                evidence: evidence[index],
                warnings: warnings
            )
        }
    }

    private struct Value {
        var value: Double
        var benchmark: String
        var source: String
        var comparable: Bool
        var anchors: Int = 0
    }

    /// Each candidate's score for one family: from the reference source, or calibrated onto it.
    private func familyValues(
        _ family: Family,
        candidates: [[Entry]],
        catalog: [[Entry]],
        mode: ReasoningMode
    ) -> [Value?] {
        func entries(_ all: [Entry]) -> [Entry] {
            let matching = all.filter { family.names.contains($0.benchmark) }
            let preferred = matching.filter { $0.mode == nil || $0.mode == mode }
            return preferred.isEmpty ? matching : preferred
        }
        func mean(_ list: [Entry], source: String) -> Double? {
            var total = 0.0
            var count = 0
            for entry in list where entry.source == source {
                total += entry.value
                count += 1
            }
            return count == 0 ? nil : total / Double(count)
        }
        let lists = candidates.map(entries)
        var coverage: [String: Int] = [:]
        for list in lists {
            for source in Set(list.map(\.source)) { coverage[source, default: 0] += 1 }
        }
        let reference = coverage.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        // Per source, every catalog model's mean score on this family: computed once, when calibration needs it.
        var bySource: [String: [Int: Double]]?
        func scores() -> [String: [Int: Double]] {
            if let bySource { return bySource }
            var built: [String: [Int: Double]] = [:]
            for (index, all) in catalog.enumerated() {
                let list = entries(all)
                for source in Set(list.map(\.source)) {
                    built[source, default: [:]][index] = mean(list, source: source)
                }
            }
            bySource = built
            return built
        }
        var offsets: [String: (offset: Double, anchors: Int)] = [:]
        func offset(_ source: String) -> (offset: Double, anchors: Int) {
            if let known = offsets[source] { return known }
            let all = scores()
            guard let reference, let referenceScores = all[reference], let sourceScores = all[source] else {
                return (0, 0)
            }
            let differences = sourceScores.compactMap { index, value in referenceScores[index].map { $0 - value } }
            let result =
                differences.isEmpty
                ? (0.0, 0) : (differences.reduce(0, +) / Double(differences.count), differences.count)
            offsets[source] = result
            return result
        }
        return lists.map { list in
            guard !list.isEmpty else { return nil }
            if let reference, let value = mean(list, source: reference) {
                let benchmark = list.first { $0.source == reference }?.benchmark ?? family.names[0]
                return Value(value: value, benchmark: benchmark, source: reference, comparable: true)
            }
            // Another source: shift it onto the reference by the models both measured.
            let sources = Set(list.map(\.source)).sorted()
            let source = sources.max { offset($0).anchors < offset($1).anchors } ?? sources[0]
            let shift = offset(source)
            let raw = mean(list, source: source) ?? 0
            let benchmark = list.first { $0.source == source }?.benchmark ?? family.names[0]
            return Value(
                value: raw + shift.offset,
                benchmark: benchmark,
                source: source,
                comparable: false,
                anchors: shift.anchors
            )
        }
    }

    private static func explain(_ evidence: [BenchmarkEvidence], mode: ReasoningMode) -> String {
        let parts = evidence.map { item -> String in
            switch item.status {
            case .comparable, .otherSource:
                let value = item.value.map(FixedPoint.compact) ?? "?"
                let flag = item.status == .otherSource ? ", other harness, calibrated" : ""
                return "\(item.benchmark ?? item.family) \(value) [\(item.source ?? "?")\(flag)]"
            case .imputed: return "\(item.family) not published (imputed lowest)"
            case .skipped: return "\(item.family) not published (skipped)"
            }
        }
        return parts.isEmpty
            ? "no benchmark group for this task"
            : parts.joined(separator: "; ") + " — \(mode.rawValue) scores where modes differ"
    }
}
