import Foundation
import ShortlistStore
import ShortlistTestSupport

/// Sample records and a fresh store on a real SQLite file, for the store tests.
enum Fixtures {
    /// A fixed instant with a fractional part that survives storage exactly.
    static let start = Date(timeIntervalSince1970: 1_795_904_280.25)

    /// A new store in a fresh temporary directory, and its path.
    static func makeStore() throws -> (store: Store, path: String) {
        let directory = try RepositoryPaths.temporaryDirectory("shortlist-store")
        let path = directory.appendingPathComponent("nested/dir/shortlist.db").path
        return (try Store(path: path), path)
    }

    static func run(id: String = "20261128-221800-a1b2", createdAt: Date = start, itemCount: Int = 4) -> RunRecord {
        RunRecord(
            id: id,
            kind: "eval",
            status: .running,
            createdAt: createdAt,
            endpoint: "http://127.0.0.1:8080/v1",
            model: "tiny-chat",
            suite: "ifeval-mini",
            suiteVersion: "sha256:abc123",
            itemCount: itemCount,
            config: #"{"api_key":"[redacted]","repeats":2,"temperature":0}"#,
            versions: #"{"shortlist":"0.1.0"}"#
        )
    }

    static func response(
        runID: String = "20261128-221800-a1b2",
        item: String,
        repeatIndex: Int = 0,
        text: String? = "Hello, world.",
        error: String? = nil,
        latencyMs: Double? = 120.5
    ) -> ResponseRecord {
        ResponseRecord(
            runID: runID,
            itemID: item,
            repeatIndex: repeatIndex,
            fingerprint: "fp-\(item)-\(repeatIndex)",
            request: #"{"messages":[{"content":"Say hi","role":"user"}],"temperature":0}"#,
            text: error == nil ? text : nil,
            finishReason: error == nil ? "stop" : nil,
            promptTokens: error == nil ? 12 : nil,
            completionTokens: error == nil ? 5 : nil,
            timings: #"{"end":250000000,"first_token":80000000,"sent":0}"#,
            error: error,
            attempts: error == nil ? 1 : 3,
            latencyMs: error == nil ? latencyMs : nil,
            ttftMs: error == nil ? 80 : nil,
            createdAt: start.addingTimeInterval(1)
        )
    }

    static func grade(
        runID: String = "20261128-221800-a1b2",
        item: String,
        repeatIndex: Int = 0,
        check: String,
        verdict: Verdict,
        score: Double? = nil,
        detail: String? = nil
    ) -> GradeRecord {
        GradeRecord(
            runID: runID,
            itemID: item,
            repeatIndex: repeatIndex,
            checkID: CheckID(name: check),
            verdict: verdict,
            score: score,
            detail: detail,
            gradedAt: start.addingTimeInterval(2)
        )
    }
}
