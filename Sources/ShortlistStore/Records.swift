package import Foundation
package import ShortlistSupport

/// Where a run stands: still going, stopped early, finished, or given up.
package enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running
    case interrupted
    case completed
    case failed
}

/// One run, an evaluation or a load benchmark: what was run, against what, and when.
///
/// The JSON text fields (`config`, `probe`, `versions`) are stored exactly as given; the store never adds
/// to them, so a caller that redacts secrets before handing them over keeps them out of the database.
package struct RunRecord: Codable, Sendable, Equatable {
    /// The run id, as made by ``makeID(date:)``: sortable by creation time, unique in practice.
    package var id: String
    /// The kind of run: `eval` or `bench`.
    package var kind: String
    package var status: RunStatus
    package var createdAt: Date
    package var updatedAt: Date
    package var finishedAt: Date?
    package var endpoint: String
    /// The model name the endpoint serves.
    package var model: String
    /// The catalog entry the run measured (`shortlist catalog show ID`), so reports join evidence to cards.
    package var catalogModel: String?
    /// The suite name (evaluation runs).
    package var suite: String?
    /// The suite's content hash, so a re-run can tell whether the suite changed (evaluation runs).
    package var suiteVersion: String?
    /// Items × repeats planned (evaluation runs).
    package var itemCount: Int?
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
        catalogModel: String? = nil,
        suite: String?,
        suiteVersion: String?,
        itemCount: Int?,
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
        self.catalogModel = catalogModel
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
    /// The item's category and tags, so results can be grouped without the suite file.
    package var category: String?
    package var tags: [String]

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
        createdAt: Date,
        category: String? = nil,
        tags: [String] = []
    ) {
        self.runID = runID
        self.itemID = itemID
        self.repeatIndex = repeatIndex
        self.category = category
        self.tags = tags
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

/// Which check of an item a grade is for: its kind and its position among the item's checks.
package struct CheckID: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    package var kind: String
    package var index: Int

    package init(kind: String, index: Int) {
        self.kind = kind
        self.index = index
    }

    /// Reads a stored name such as `contains#0`; a name without `#` is index 0.
    package init(name: String) {
        if let hash = name.lastIndex(of: "#"), let index = Int(name[name.index(after: hash)...]) {
            self.init(kind: String(name[..<hash]), index: index)
        } else {
            self.init(kind: name, index: 0)
        }
    }

    /// The stored name, unique within an item: `kind#index`.
    package var name: String { "\(kind)#\(index)" }

    package var description: String { name }

    package static func < (a: CheckID, b: CheckID) -> Bool { (a.index, a.kind) < (b.index, b.kind) }
}

/// One check's grade of one response.
package struct GradeRecord: Codable, Sendable, Equatable {
    package var runID: String
    package var itemID: String
    package var repeatIndex: Int
    package var checkID: CheckID
    /// What the check checked: an IFEval instruction id, a pattern, a rubric (`nil` in grades from store v1).
    package var subject: String?
    /// `local` or `remote` (a judge).
    package var locality: String?
    package var verdict: Verdict
    package var score: Double?
    package var detail: String?
    /// Structured findings: IFEval's loose verdict and measured quantity, a judge's rating.
    package var data: JSONValue?
    package var gradedAt: Date

    package init(
        runID: String,
        itemID: String,
        repeatIndex: Int,
        checkID: CheckID,
        subject: String? = nil,
        locality: String? = nil,
        verdict: Verdict,
        score: Double? = nil,
        detail: String? = nil,
        data: JSONValue? = nil,
        gradedAt: Date
    ) {
        self.runID = runID
        self.itemID = itemID
        self.repeatIndex = repeatIndex
        self.checkID = checkID
        self.subject = subject
        self.locality = locality
        self.verdict = verdict
        self.score = score
        self.detail = detail
        self.data = data
        self.gradedAt = gradedAt
    }

    /// The check's stored name, such as `contains#0`.
    package var check: String { checkID.name }

    /// The key of the response this grade belongs to.
    package var key: ResponseKey { ResponseKey(itemID: itemID, repeatIndex: repeatIndex) }
}

/// One call a remote check made (a judge's request and answer), stored so grading again can re-use it.
package struct RemoteCallRecord: Codable, Sendable, Equatable {
    package var runID: String
    /// SHA-256 of the judge endpoint and the request.
    package var fingerprint: String
    /// The check kind that made the call (`judge`).
    package var kind: String
    package var endpoint: String
    /// JSON text of the request.
    package var request: String
    package var text: String?
    package var promptTokens: Int?
    package var completionTokens: Int?
    package var latencyMs: Double?
    package var createdAt: Date

    package init(
        runID: String,
        fingerprint: String,
        kind: String,
        endpoint: String,
        request: String,
        text: String?,
        promptTokens: Int? = nil,
        completionTokens: Int? = nil,
        latencyMs: Double? = nil,
        createdAt: Date
    ) {
        self.runID = runID
        self.fingerprint = fingerprint
        self.kind = kind
        self.endpoint = endpoint
        self.request = request
        self.text = text
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.latencyMs = latencyMs
        self.createdAt = createdAt
    }
}

/// One load-benchmark request's timeline, in nanoseconds on the run's monotonic clock (from the run's start).
package struct BenchSample: Codable, Sendable, Equatable {
    package var runID: String
    /// The request's position in the schedule.
    package var sequence: Int
    /// When the schedule wanted it sent; the gap to `sentNs` is the client's dispatch lag.
    package var scheduledNs: Int64
    package var sentNs: Int64?
    package var firstByteNs: Int64?
    package var firstTokenNs: Int64?
    package var endNs: Int64?
    /// Arrival of every content chunk, in nanoseconds from `sentNs`.
    package var chunkOffsetsNs: [Int64]
    package var promptTokens: Int?
    package var completionTokens: Int?
    package var error: String?

    package init(
        runID: String,
        sequence: Int,
        scheduledNs: Int64,
        sentNs: Int64? = nil,
        firstByteNs: Int64? = nil,
        firstTokenNs: Int64? = nil,
        endNs: Int64? = nil,
        chunkOffsetsNs: [Int64] = [],
        promptTokens: Int? = nil,
        completionTokens: Int? = nil,
        error: String? = nil
    ) {
        self.runID = runID
        self.sequence = sequence
        self.scheduledNs = scheduledNs
        self.sentNs = sentNs
        self.firstByteNs = firstByteNs
        self.firstTokenNs = firstTokenNs
        self.endNs = endNs
        self.chunkOffsetsNs = chunkOffsetsNs
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.error = error
    }
}

/// The file formats ``Store/export(runID:format:to:)`` writes.
package enum ExportFormat: String, Codable, Sendable, CaseIterable {
    /// One JSON object per response per line, with its grades nested.
    case jsonl
    /// One row per response, RFC 4180 quoting, CRLF line ends, a header row.
    case csv
}
