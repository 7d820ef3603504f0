internal import Foundation
package import ShortlistStore
package import ShortlistSupport

/// What a run measured, computed once from its stored responses and grades: the one value every view
/// (`runs show`, `runs show --json`, `eval`'s summary, and later the report) renders.
///
/// Built by a pure function of the records, so it can be tested against hand-computed figures and never
/// depends on the suite file still being there. Items sort naturally (`q2` before `q10`).
package struct RunResults: Sendable, Encodable {
    package var run: RunRecord
    /// Responses the run planned (items × repeats), when it is an evaluation run.
    package var planned: Int?
    /// Responses stored, with or without an error.
    package var responses: Int
    /// Responses whose request failed.
    package var errors: Int
    /// Responses whose every graded check passed, out of the responses with at least one grade.
    package var passed: ProportionSummary
    /// Per check kind (`contains`, `ifeval`, `judge`, …).
    package var checkKinds: [CheckKindSummary]
    /// Per check subject: each IFEval instruction, each regex, each judge rubric, with its pass rate.
    package var checkSubjects: [CheckSubjectSummary]
    /// Per item category, and per tag, over graded responses.
    package var categories: [GroupSummary]
    package var tags: [GroupSummary]
    /// IFEval's four accuracies over the responses graded by `ifeval` checks.
    package var ifeval: IFEvalAccuracies?
    /// Scores that checks returned on their own scale (a judge's 1–10), per check kind.
    package var scores: [ScoreSummary]
    package var latency: LatencySummaries
    package var items: [ItemResult]

    /// The results of `run` from its responses and grades (in any order).
    package init(run: RunRecord, responses: [ResponseRecord], grades: [GradeRecord]) {
        self.run = run
        planned = run.itemCount
        self.responses = responses.count
        errors = responses.count { $0.error != nil }
        let gradesByKey = Dictionary(grouping: grades, by: \.key)
        items = responses.map { response in
            ItemResult(response: response, grades: gradesByKey[response.key] ?? [])
        }
        .sorted { a, b in
            a.item == b.item ? a.repeatIndex < b.repeatIndex : NaturalOrder.less(a.item, b.item)
        }
        let graded = items.filter { $0.passed != nil }
        passed = ProportionSummary(Proportion(successes: graded.count { $0.passed == true }, trials: graded.count))

        var kinds: [String: (pass: Int, fail: Int, error: Int)] = [:]
        var subjects: [CheckSubjectSummary.Key: (pass: Int, fail: Int, error: Int)] = [:]
        var scored: [String: [Double]] = [:]
        for grade in grades {
            let id = grade.checkID
            var count = kinds[id.kind] ?? (0, 0, 0)
            var subjectCount = subjects[.init(kind: id.kind, subject: grade.subject ?? grade.check)] ?? (0, 0, 0)
            switch grade.verdict {
            case .pass:
                count.pass += 1
                subjectCount.pass += 1
            case .fail:
                count.fail += 1
                subjectCount.fail += 1
            case .error:
                count.error += 1
                subjectCount.error += 1
            }
            kinds[id.kind] = count
            subjects[.init(kind: id.kind, subject: grade.subject ?? grade.check)] = subjectCount
            if let raw = grade.data?["score"]?.numberValue { scored[id.kind, default: []].append(raw) }
        }
        checkKinds = kinds.map { kind, count in
            CheckKindSummary(kind: kind, passed: count.pass, failed: count.fail, errors: count.error)
        }
        .sortedNaturally(by: \.kind)
        checkSubjects = subjects.map { key, count in
            CheckSubjectSummary(
                kind: key.kind,
                subject: key.subject,
                passed: count.pass,
                failed: count.fail,
                errors: count.error
            )
        }
        .sorted { ($0.kind, $0.subject) < ($1.kind, $1.subject) }
        categories = Self.groups(graded) { $0.category.map { [$0] } ?? [] }
        tags = Self.groups(graded) { $0.tags }
        ifeval = IFEvalAccuracies(items: items)
        scores = scored.map { kind, values in ScoreSummary(kind: kind, values: values) }.sortedNaturally(by: \.kind)
        latency = LatencySummaries(responses.filter { $0.error == nil })
    }

    /// The results of the run with this id (or unique prefix) in `store`.
    package static func load(store: Store, runID: String) throws(StoreError) -> RunResults {
        let run = try store.run(id: runID)
        return RunResults(
            run: run,
            responses: try store.responses(runID: run.id),
            grades: try store.grades(runID: run.id)
        )
    }

    private static func groups(_ items: [ItemResult], names: (ItemResult) -> [String]) -> [GroupSummary] {
        var counts: [String: (pass: Int, total: Int)] = [:]
        for item in items {
            for name in names(item) {
                var count = counts[name] ?? (0, 0)
                count.total += 1
                if item.passed == true { count.pass += 1 }
                counts[name] = count
            }
        }
        return counts.map { name, count in
            GroupSummary(name: name, passed: ProportionSummary(Proportion(successes: count.pass, trials: count.total)))
        }
        .sortedNaturally(by: \.name)
    }
}

/// A proportion with its value and 95 % Wilson interval spelled out, for views and JSON.
package struct ProportionSummary: Sendable, Equatable, Encodable {
    package var successes: Int
    package var trials: Int
    package var rate: Double?
    /// The 95 % Wilson score interval.
    package var interval: ClosedRange<Double>?

    package init(_ proportion: Proportion) {
        successes = proportion.successes
        trials = proportion.trials
        rate = proportion.value
        interval = proportion.wilson()
    }

    private enum CodingKeys: String, CodingKey {
        case successes, trials, rate, low, high
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(successes, forKey: .successes)
        try container.encode(trials, forKey: .trials)
        try container.encode(rate, forKey: .rate)
        try container.encode(interval?.lowerBound, forKey: .low)
        try container.encode(interval?.upperBound, forKey: .high)
    }
}

/// Grades of one check kind across a run.
package struct CheckKindSummary: Sendable, Equatable, Encodable {
    package var kind: String
    package var passed: Int
    package var failed: Int
    package var errors: Int
}

/// Grades of one thing checked (an IFEval instruction, a regex, a judge rubric) across a run.
package struct CheckSubjectSummary: Sendable, Equatable, Encodable {
    struct Key: Hashable {
        var kind: String
        var subject: String
    }

    package var kind: String
    package var subject: String
    package var passed: Int
    package var failed: Int
    package var errors: Int

    /// Passes among the pass/fail verdicts, with its interval.
    package var rate: ProportionSummary { ProportionSummary(Proportion(successes: passed, trials: passed + failed)) }
}

/// The pass rate of the graded responses in one category or with one tag.
package struct GroupSummary: Sendable, Equatable, Encodable {
    package var name: String
    package var passed: ProportionSummary
}

/// Scores on a check's own scale (a judge's 1–10 rating), summarised.
package struct ScoreSummary: Sendable, Equatable, Encodable {
    package var kind: String
    package var count: Int
    package var mean: Double?
    package var median: Double?
    package var minimum: Double?
    package var maximum: Double?

    package init(kind: String, values: [Double]) {
        let sample = Percentiles(values)
        self.kind = kind
        count = sample.count
        mean = sample.mean
        median = sample.median
        minimum = sample.minimum
        maximum = sample.maximum
    }
}

/// IFEval's four accuracies, as Google's reference computes them (Zhou and others, 2023).
///
/// Computed over the responses that `ifeval` checks graded; a response's repeats count as separate prompts.
package struct IFEvalAccuracies: Sendable, Equatable, Encodable {
    package var prompts: Int
    package var promptStrict: ProportionSummary
    package var instructionStrict: ProportionSummary
    /// `nil` where the loose verdicts are not stored (grades from before store v2 that were never regraded).
    package var promptLoose: ProportionSummary?
    package var instructionLoose: ProportionSummary?

    init?(items: [ItemResult]) {
        var prompts = 0
        var promptStrict = 0
        var promptLoose = 0
        var instructions = 0
        var strict = 0
        var loose = 0
        var looseKnown = true
        for item in items {
            let checks = item.checks.filter { $0.id.kind == "ifeval" && $0.verdict != .error }
            guard !checks.isEmpty, item.error == nil else { continue }
            prompts += 1
            instructions += checks.count
            let strictCount = checks.count { $0.verdict == .pass }
            let looseCount = checks.count { $0.verdict == .pass || $0.data?["loose"]?.boolValue == true }
            if checks.contains(where: { $0.verdict != .pass && $0.data?["loose"]?.boolValue == nil }) {
                looseKnown = false
            }
            strict += strictCount
            loose += looseCount
            if strictCount == checks.count { promptStrict += 1 }
            if looseCount == checks.count { promptLoose += 1 }
        }
        guard prompts > 0 else { return nil }
        self.prompts = prompts
        self.promptStrict = ProportionSummary(Proportion(successes: promptStrict, trials: prompts))
        self.instructionStrict = ProportionSummary(Proportion(successes: strict, trials: instructions))
        self.promptLoose = looseKnown ? ProportionSummary(Proportion(successes: promptLoose, trials: prompts)) : nil
        self.instructionLoose = looseKnown ? ProportionSummary(Proportion(successes: loose, trials: instructions)) : nil
    }
}

/// Latency of the successful responses: time to first token, end-to-end, and time per output token.
package struct LatencySummaries: Sendable, Equatable, Encodable {
    /// From sending the request to the first non-empty content (streamed responses only).
    package var ttftMs: LatencySummary
    /// From sending the request to the end of the response.
    package var totalMs: LatencySummary
    /// `(end − first token) / (output tokens − 1)`, for streamed responses with a usage count above 1.
    package var timePerOutputTokenMs: LatencySummary

    init(_ responses: [ResponseRecord]) {
        ttftMs = LatencySummary(responses.compactMap(\.ttftMs))
        totalMs = LatencySummary(responses.compactMap(\.latencyMs))
        timePerOutputTokenMs = LatencySummary(
            responses.compactMap { response in
                guard let end = response.latencyMs, let first = response.ttftMs,
                    let tokens = response.completionTokens, tokens > 1
                else { return nil }
                return (end - first) / Double(tokens - 1)
            }
        )
    }
}

/// One latency's distribution: n, mean and percentiles (linear interpolation, as NumPy's default).
package struct LatencySummary: Sendable, Equatable, Encodable {
    package var count: Int
    package var mean: Double?
    package var p50: Double?
    package var p90: Double?
    package var p99: Double?
    package var method: PercentileMethod

    package init(_ values: [Double], method: PercentileMethod = .linear) {
        let sample = Percentiles(values, method: method)
        count = sample.count
        mean = sample.mean
        p50 = sample.percentile(50)
        p90 = sample.percentile(90)
        p99 = sample.percentile(99)
        self.method = method
    }
}

/// One response and its grades.
package struct ItemResult: Sendable, Equatable, Encodable {
    package var item: String
    package var repeatIndex: Int
    package var category: String?
    package var tags: [String]
    /// `true` when every check passed, `false` when one failed or errored, `nil` when ungraded.
    package var passed: Bool?
    /// The request's error, if it failed.
    package var error: String?
    package var latencyMs: Double?
    package var ttftMs: Double?
    package var completionTokens: Int?
    package var checks: [CheckOutcome]
    package var text: String?

    init(response: ResponseRecord, grades: [GradeRecord]) {
        item = response.itemID
        repeatIndex = response.repeatIndex
        category = response.category
        tags = response.tags
        error = response.error
        latencyMs = response.latencyMs
        ttftMs = response.ttftMs
        completionTokens = response.completionTokens
        text = response.text
        checks = grades.map(CheckOutcome.init).sorted { $0.id < $1.id }
        passed = checks.isEmpty ? nil : checks.allSatisfy { $0.verdict == .pass }
    }

    /// The checks that did not pass.
    package var failedChecks: [CheckOutcome] { checks.filter { $0.verdict != .pass } }
}

/// One check's grade of one response.
package struct CheckOutcome: Sendable, Equatable, Encodable {
    package var id: CheckID
    /// What the check checked: an IFEval instruction id, a regex, a rubric.
    package var subject: String?
    package var verdict: Verdict
    package var score: Double?
    package var detail: String?
    /// Structured findings (IFEval's loose verdict, a judge's raw score).
    package var data: JSONValue?

    init(_ grade: GradeRecord) {
        id = grade.checkID
        subject = grade.subject
        verdict = grade.verdict
        score = grade.score
        detail = grade.detail
        data = grade.data
    }
}
