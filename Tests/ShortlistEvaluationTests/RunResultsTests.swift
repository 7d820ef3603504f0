import Foundation
import ShortlistStore
import ShortlistSupport
import Testing

@testable import ShortlistEvaluation

/// `RunResults` of hand-built records against figures computed by hand.
struct RunResultsTests {
    static let start = Date(timeIntervalSince1970: 1_795_904_280)

    static func response(
        _ item: String,
        latency: Double? = nil,
        ttft: Double? = nil,
        tokens: Int? = nil,
        error: String? = nil,
        category: String? = nil,
        tags: [String] = []
    ) -> ResponseRecord {
        ResponseRecord(
            runID: "r",
            itemID: item,
            repeatIndex: 0,
            fingerprint: "f",
            request: "{}",
            text: error == nil ? "answer" : nil,
            completionTokens: tokens,
            error: error,
            latencyMs: latency,
            ttftMs: ttft,
            createdAt: start,
            category: category,
            tags: tags
        )
    }

    static func grade(
        _ item: String,
        _ kind: String,
        _ index: Int,
        _ verdict: Verdict,
        subject: String? = nil,
        data: JSONValue? = nil
    ) -> GradeRecord {
        GradeRecord(
            runID: "r",
            itemID: item,
            repeatIndex: 0,
            checkID: CheckID(kind: kind, index: index),
            subject: subject,
            verdict: verdict,
            data: data,
            gradedAt: start
        )
    }

    static let results: RunResults = {
        let run = RunRecord(
            id: "r",
            createdAt: start,
            endpoint: "http://h/v1",
            model: "m",
            suite: "s",
            suiteVersion: "v",
            itemCount: 6,
            config: "{}",
            versions: "{}"
        )
        let responses = [
            response("q20", latency: 400, ttft: 150, tokens: 26, category: "B", tags: ["y"]),
            response("q10", latency: 300, ttft: 100, tokens: 11, category: "B"),
            response("q3", error: "The server answered HTTP 500."),
            response("q2", latency: 200, ttft: 50, tokens: 6, category: "A", tags: ["x", "y"]),
            response("q1", latency: 100, ttft: 20, tokens: 1, category: "A", tags: ["x"]),
        ]
        let noComma = "punctuation:no_comma"
        let grades = [
            grade("q1", "contains", 0, .pass),
            grade("q1", "ifeval", 1, .pass, subject: noComma, data: .object(["loose": .bool(true)])),
            grade("q2", "contains", 0, .pass),
            grade("q2", "ifeval", 1, .fail, subject: noComma, data: .object(["loose": .bool(true)])),
            grade("q10", "contains", 0, .fail),
            grade("q10", "ifeval", 1, .fail, subject: noComma, data: .object(["loose": .bool(false)])),
            grade("q20", "contains", 0, .pass),
            grade("q20", "judge", 1, .pass, subject: "rubric: polite", data: .object(["score": .integer(8)])),
            grade("q3", "contains", 0, .error),
        ]
        return RunResults(run: run, responses: responses, grades: grades.reversed())
    }()

    @Test func itemsSortNaturallyAndPassOnlyWhenEveryCheckPasses() {
        let results = Self.results
        #expect(results.items.map(\.item) == ["q1", "q2", "q3", "q10", "q20"])
        #expect(results.items.map(\.passed) == [true, false, false, false, true])
        #expect(results.responses == 5 && results.errors == 1 && results.planned == 6)
        #expect(results.items[1].failedChecks.map(\.id) == [CheckID(kind: "ifeval", index: 1)])
    }

    @Test func passRatesCarryTheirWilsonIntervals() throws {
        // 2 of 5 graded responses pass; the 95 % Wilson interval of 2/5 is 0.1176 to 0.7693
        // (Wilson 1927; statsmodels' proportion_confint(2, 5, method="wilson") gives the same).
        let passed = Self.results.passed
        #expect(passed.successes == 2 && passed.trials == 5 && passed.rate == 0.4)
        let interval = try #require(passed.interval)
        #expect(abs(interval.lowerBound - 0.117_620_774) < 1e-8)
        #expect(abs(interval.upperBound - 0.769_275_719) < 1e-8)
        #expect(Self.results.categories.map(\.name) == ["A", "B"])
        #expect(Self.results.categories.map(\.passed.successes) == [1, 1])
        #expect(Self.results.categories.map(\.passed.trials) == [2, 2])
        #expect(Self.results.tags.map(\.name) == ["x", "y"])
        #expect(Self.results.tags.map(\.passed.trials) == [2, 2])
    }

    @Test func checksAreCountedByKindAndBySubject() {
        let kinds = Self.results.checkKinds
        #expect(kinds.map(\.kind) == ["contains", "ifeval", "judge"])
        #expect(kinds.map(\.passed) == [3, 1, 1])
        #expect(kinds.map(\.failed) == [1, 2, 0])
        #expect(kinds.map(\.errors) == [1, 0, 0])
        let noComma = Self.results.checkSubjects.first { $0.subject == "punctuation:no_comma" }
        #expect(noComma?.rate.successes == 1 && noComma?.rate.trials == 3)
        #expect(Self.results.scores == [ScoreSummary(kind: "judge", values: [8])])
    }

    @Test func ifevalAccuraciesFollowTheReference() throws {
        let ifeval = try #require(Self.results.ifeval)
        // q1, q2 and q10 carry IFEval checks: strict passes q1 only; loose also q2.
        #expect(ifeval.prompts == 3)
        #expect(ifeval.promptStrict.successes == 1 && ifeval.promptStrict.trials == 3)
        #expect(ifeval.instructionStrict.successes == 1 && ifeval.instructionStrict.trials == 3)
        #expect(ifeval.promptLoose?.successes == 2 && ifeval.instructionLoose?.successes == 2)
    }

    @Test func latencyPercentilesInterpolateLinearly() {
        let latency = Self.results.latency
        // TTFT 20, 50, 100, 150: p50 = 75, p90 at position 2.7 = 100 + 0.7 × 50 = 135.
        #expect(latency.ttftMs.count == 4 && latency.ttftMs.p50 == 75)
        #expect(abs((latency.ttftMs.p90 ?? 0) - 135) < 1e-9)
        #expect(latency.totalMs.p50 == 250 && latency.totalMs.mean == 250)
        // TPOT (end − first token) / (tokens − 1): q2 150/5 = 30, q10 200/10 = 20, q20 250/25 = 10; q1 has 1 token.
        #expect(latency.timePerOutputTokenMs.count == 3 && latency.timePerOutputTokenMs.p50 == 20)
        #expect(latency.ttftMs.method == .linear)
    }
}
