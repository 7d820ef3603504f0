package import Foundation

/// Where a run stands: still going, stopped early, finished, or given up.
package enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running
    case interrupted
    case completed
    case failed
}

/// One evaluation (or later benchmark) run: what was run, against what, and when.
///
/// The JSON text fields (`config`, `probe`, `versions`) are stored exactly as given; the store never adds
/// to them, so a caller that redacts secrets before handing them over keeps them out of the database.
package struct RunRecord: Codable, Sendable, Equatable {
    /// The run id, as made by ``makeID(date:)``: sortable by creation time, unique in practice.
    package var id: String
    /// The kind of run: `eval` (later `bench`).
    package var kind: String
    package var status: RunStatus
    package var createdAt: Date
    package var updatedAt: Date
    package var finishedAt: Date?
    package var endpoint: String
    package var model: String
    /// The suite name.
    package var suite: String
    /// The suite's content hash, so a re-run can tell whether the suite changed.
    package var suiteVersion: String
    /// Items × repeats planned.
    package var itemCount: Int
    /// JSON text of the run configuration, already redacted by the caller.
    package var config: String
    /// JSON text of the endpoint probe, if one was made.
    package var probe: String?
    /// JSON text: shortlist version, server identity and the like.
    package var versions: String

    package init(
        id: String,
        kind: String = "eval",
        status: RunStatus = .running,
        createdAt: Date,
        updatedAt: Date? = nil,
        finishedAt: Date? = nil,
        endpoint: String,
        model: String,
        suite: String,
        suiteVersion: String,
        itemCount: Int,
        config: String,
        probe: String? = nil,
        versions: String
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.finishedAt = finishedAt
        self.endpoint = endpoint
        self.model = model
        self.suite = suite
        self.suiteVersion = suiteVersion
        self.itemCount = itemCount
        self.config = config
        self.probe = probe
        self.versions = versions
    }

    /// Makes a run id such as `20261128-221800-a1b2`: the UTC time to the second, then four random hex digits.
    ///
    /// Ids sort by creation time (to the second); the random suffix keeps two runs started in the same second
    /// apart.
    package static func makeID(date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: Swift.max(0, width - text.count)) + text
        }
        let day = pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2)
        let time = pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2)
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(day)-\(time)-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }
}

/// Identifies one response within a run: an item and which repeat of it.
package struct ResponseKey: Hashable, Codable, Sendable {
    package var itemID: String
    package var repeatIndex: Int

    package init(itemID: String, repeatIndex: Int) {
        self.itemID = itemID
        self.repeatIndex = repeatIndex
    }
}

/// What one request to the endpoint produced: the full text or the error, usage and timings.
package struct ResponseRecord: Codable, Sendable, Equatable {
    package var runID: String
    package var itemID: String
    package var repeatIndex: Int
    /// Deterministic request fingerprint (hex).
    package var fingerprint: String
    /// JSON text of the rendered request (messages and sampling), without secrets.
    package var request: String
    /// The full response text; nil on error.
    package var text: String?
    package var finishReason: String?
    package var promptTokens: Int?
    package var completionTokens: Int?
    /// JSON text: sent, first byte, first token, chunk offsets, end (monotonic nanoseconds).
    package var timings: String
    /// Nil when the request succeeded.
    package var error: String?
    package var attempts: Int
    package var latencyMs: Double?
    package var ttftMs: Double?
    package var createdAt: Date

    package init(
        runID: String,
        itemID: String,
        repeatIndex: Int,
        fingerprint: String,
        request: String,
        text: String?,
        finishReason: String? = nil,
        promptTokens: Int? = nil,
        completionTokens: Int? = nil,
        timings: String = "{}",
        error: String? = nil,
        attempts: Int = 1,
        latencyMs: Double? = nil,
        ttftMs: Double? = nil,
        createdAt: Date
    ) {
        self.runID = runID
        self.itemID = itemID
        self.repeatIndex = repeatIndex
        self.fingerprint = fingerprint
        self.request = request
        self.text = text
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.timings = timings
        self.error = error
        self.attempts = attempts
        self.latencyMs = latencyMs
        self.ttftMs = ttftMs
        self.createdAt = createdAt
    }

    /// The response's key within its run.
    package var key: ResponseKey { ResponseKey(itemID: itemID, repeatIndex: repeatIndex) }
}

/// The outcome of one check on one response.
package enum Verdict: String, Codable, Sendable, CaseIterable {
    case pass
    case fail
    /// The check itself could not run (e.g. a judge that did not answer).
    case error
}

/// One check's grade of one response.
package struct GradeRecord: Codable, Sendable, Equatable {
    package var runID: String
    package var itemID: String
    package var repeatIndex: Int
    /// The check name, unique per (item, repeat), such as `contains#0`.
    package var check: String
    package var verdict: Verdict
    package var score: Double?
    package var detail: String?
    package var gradedAt: Date

    package init(
        runID: String,
        itemID: String,
        repeatIndex: Int,
        check: String,
        verdict: Verdict,
        score: Double? = nil,
        detail: String? = nil,
        gradedAt: Date
    ) {
        self.runID = runID
        self.itemID = itemID
        self.repeatIndex = repeatIndex
        self.check = check
        self.verdict = verdict
        self.score = score
        self.detail = detail
        self.gradedAt = gradedAt
    }

    /// The key of the response this grade belongs to.
    package var key: ResponseKey { ResponseKey(itemID: itemID, repeatIndex: repeatIndex) }
}

/// Counts and means over one run, for `shortlist runs list|show`.
///
/// Response-level counts (`passed`, `failed`, `gradeErrors`) classify each graded response by its checks:
/// a response passes when every check passed, is a grade error when any check errored, and fails otherwise.
/// Check-level counts (`checksPassed`, …) count grade rows.
package struct RunSummary: Sendable, Codable, Equatable {
    package var run: RunRecord
    /// Responses stored, with or without error.
    package var responses: Int
    /// Responses whose request failed.
    package var errors: Int
    /// Planned items × repeats not yet answered without error.
    package var remaining: Int
    /// Responses with at least one grade.
    package var graded: Int
    package var passed: Int
    package var failed: Int
    package var gradeErrors: Int
    package var checks: Int
    package var checksPassed: Int
    package var checksFailed: Int
    package var checkErrors: Int
    /// Mean end-to-end latency over responses without error.
    package var meanLatencyMs: Double?
    /// Mean time to first token over responses without error.
    package var meanTtftMs: Double?
    package var promptTokens: Int
    package var completionTokens: Int
}

/// The file formats ``Store/export(runID:format:to:)`` writes.
package enum ExportFormat: String, Codable, Sendable, CaseIterable {
    /// One JSON object per response per line, with its grades nested.
    case jsonl
    /// One row per response, RFC 4180 quoting, CRLF line ends, a header row.
    case csv
}
