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

    /// A model's instruct scores sorted into the families they belong to, in one pass over its benchmarks.
    static func buckets(_ card: ModelCard, familyOf: [String: [Int]], familyCount: Int) -> [[Entry]] {
        var result = Array(repeating: [Entry](), count: familyCount)
        for score in card.benchmarks where score.modelVariant == .instruct {
            guard let families = familyOf[score.benchmark] else { continue }
            let entry = Entry(benchmark: score.benchmark, source: score.source, value: score.value, mode: score.mode)
            for family in families { result[family].append(entry) }
        }
        return result
    }

    func score(_ candidates: [Candidate]) -> [Result] {
        let category = setup.requirements.category
        let mode = rules.preferredModes[category] ?? rules.defaultMode
        // Every family of every group of the task, numbered; a benchmark may belong to families of two groups.
        var families: [(group: Int, family: Family)] = []
        let groups = (rules.tasks[category] ?? []).compactMap { rules.groups[$0] }
        for (index, group) in groups.enumerated() {
            families += group.primary.map { (index, Family(names: $0, weight: 2)) }
            families += group.secondary.map { (index, Family(names: $0, weight: 1)) }
        }
        var familyOf: [String: [Int]] = [:]
        for (index, entry) in families.enumerated() {
            for name in entry.family.names { familyOf[name, default: []].append(index) }
        }
        // Every catalog model's scores per family, once: candidates' for ranking, all models' for calibration.
        var catalogBuckets: [[[Entry]]] = []
        catalogBuckets.reserveCapacity(catalog.count)
        var position: [String: Int] = [:]
        for index in catalog.indices {
            catalogBuckets.append(Self.buckets(catalog[index], familyOf: familyOf, familyCount: families.count))
            position[catalog[index].id] = index
        }
        let candidateBuckets = candidates.map { candidate in
            position[candidate.card.id].map { catalogBuckets[$0] }
                ?? Self.buckets(candidate.card, familyOf: familyOf, familyCount: families.count)
        }

        var groupWeighted = Array(repeating: Array(repeating: 0.0, count: groups.count), count: candidates.count)
        var groupWeights = groupWeighted
        var evidence = Array(repeating: [BenchmarkEvidence](), count: candidates.count)
        for (familyIndex, entry) in families.enumerated() {
            let family = entry.family
            let values = familyValues(
                family,
                lists: candidateBuckets.map { Self.preferred($0[familyIndex], mode: mode) },
                catalog: { catalogBuckets.map { Self.preferred($0[familyIndex], mode: mode) } }
            )
            let present = values.compactMap { $0?.value }
            guard let low = present.min(), let high = present.max() else { continue }
            let expected = 2 * present.count >= candidates.count
            let label = family.names.joined(separator: "/")
            for index in candidates.indices {
                if let value = values[index] {
                    let normalized = high > low ? (value.value - low) / (high - low) : 1
                    groupWeighted[index][entry.group] += family.weight * normalized
                    groupWeights[index][entry.group] += family.weight
                    evidence[index].append(
                        BenchmarkEvidence(
                            family: label,
                            benchmark: value.benchmark,
                            value: value.value,
                            normalized: normalized,
                            source: value.source,
                            status: value.comparable ? .comparable : .otherSource
                        )
                    )
                } else if expected && setup.effective.missingBenchmarks == .penalize {
                    groupWeights[index][entry.group] += family.weight
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
        return candidates.indices.map { index in
            var scores: [Double] = []
            for group in groups.indices where groupWeights[index][group] > 0 {
                scores.append(groupWeighted[index][group] / groupWeights[index][group])
            }
            var warnings: [String] = []
            if !evidence[index].contains(where: { $0.value != nil }) {
                warnings.append(
                    "no published \(category.rawValue) benchmarks: quality unverified; evaluate it with 'shortlist eval'"
                )
            }
            return Result(
                score: scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count),
                explanation: evidence[index].isEmpty ? "" : " — \(mode.rawValue) scores where modes differ",
                evidence: evidence[index],
                warnings: warnings
            )
        }
    }

    /// Scores in the preferred mode where the model has them, else all of them.
    static func preferred(_ entries: [Entry], mode: ReasoningMode) -> [Entry] {
        guard entries.contains(where: { $0.mode != nil && $0.mode != mode }) else { return entries }
        let preferred = entries.filter { $0.mode == nil || $0.mode == mode }
        return preferred.isEmpty ? entries : preferred
    }

    private struct Value {
        var value: Double
        var benchmark: String
        var source: String
        var comparable: Bool
        var anchors: Int = 0
    }

    /// Each candidate's score for one family: from the reference source, or calibrated onto it.
    private func familyValues(_ family: Family, lists: [[Entry]], catalog: () -> [[Entry]]) -> [Value?] {
        func mean(_ list: [Entry], source: String) -> Double? {
            var total = 0.0
            var count = 0
            for entry in list where entry.source == source {
                total += entry.value
                count += 1
            }
            return count == 0 ? nil : total / Double(count)
        }
        var coverage: [String: Int] = [:]
        for list in lists {
            var seen: [String] = []
            for entry in list where !seen.contains(entry.source) {
                seen.append(entry.source)
                coverage[entry.source, default: 0] += 1
            }
        }
        let reference = coverage.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        // Per source, every catalog model's mean score on this family: computed once, when calibration needs it.
        var bySource: [String: [Int: Double]]?
        func scores() -> [String: [Int: Double]] {
            if let bySource { return bySource }
            var built: [String: [Int: Double]] = [:]
            for (index, list) in catalog().enumerated() {
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

    /// The evidence as a sentence: each family's value and source, or why it is missing.
    static func describe(_ evidence: [BenchmarkEvidence]) -> String {
        guard !evidence.isEmpty else { return "no benchmark group for this task" }
        return evidence.map { item -> String in
            switch item.status {
            case .comparable, .otherSource:
                let value = item.value.map(FixedPoint.compact) ?? "?"
                let flag = item.status == .otherSource ? ", other harness, calibrated" : ""
                return "\(item.benchmark ?? item.family) \(value) [\(item.source ?? "?")\(flag)]"
            case .imputed: return "\(item.family) not published (imputed lowest)"
            case .skipped: return "\(item.family) not published (skipped)"
            }
        }
        .joined(separator: "; ")
    }
}
