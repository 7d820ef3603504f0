internal import Foundation
internal import GRDB

/// The database schema, as named migrations applied in order; see docs/store.md.
///
/// Migrations are append-only: a shipped migration is never edited, a change is a new one ("v2", …).
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "runs") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull()
                    .check { RunStatus.allCases.map(\.rawValue).contains($0) }
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
                t.column("finished_at", .double)
                t.column("endpoint", .text).notNull()
                t.column("model", .text).notNull()
                t.column("suite", .text).notNull()
                t.column("suite_version", .text).notNull()
                t.column("item_count", .integer).notNull()
                t.column("config", .text).notNull()
                t.column("probe", .text)
                t.column("versions", .text).notNull()
            }
            try db.create(index: "runs_on_created_at", on: "runs", columns: ["created_at"])

            try db.create(table: "responses") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .text).notNull().references("runs", onDelete: .cascade)
                t.column("item_id", .text).notNull()
                t.column("repeat_index", .integer).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("request", .text).notNull()
                t.column("text", .text)
                t.column("finish_reason", .text)
                t.column("prompt_tokens", .integer)
                t.column("completion_tokens", .integer)
                t.column("timings", .text).notNull()
                t.column("error", .text)
                t.column("attempts", .integer).notNull()
                t.column("latency_ms", .double)
                t.column("ttft_ms", .double)
                t.column("created_at", .double).notNull()
            }
            try db.create(
                index: "responses_on_key",
                on: "responses",
                columns: ["run_id", "item_id", "repeat_index"],
                options: .unique
            )

            try db.create(table: "grades") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .text).notNull()
                t.column("item_id", .text).notNull()
                t.column("repeat_index", .integer).notNull()
                t.column("check_name", .text).notNull()
                t.column("verdict", .text).notNull()
                    .check { Verdict.allCases.map(\.rawValue).contains($0) }
                t.column("score", .double)
                t.column("detail", .text)
                t.column("graded_at", .double).notNull()
                t.foreignKey(
                    ["run_id", "item_id", "repeat_index"],
                    references: "responses",
                    columns: ["run_id", "item_id", "repeat_index"],
                    onDelete: .cascade
                )
            }
            try db.create(
                index: "grades_on_key",
                on: "grades",
                columns: ["run_id", "item_id", "repeat_index", "check_name"],
                options: .unique
            )
        }
        return migrator
    }()
}

/// Dates are stored as REAL seconds since 1970-01-01 UTC (readable with `datetime(x, 'unixepoch')`).
extension Date {
    init(storeSeconds: Double) { self.init(timeIntervalSince1970: storeSeconds) }
    var storeSeconds: Double { timeIntervalSince1970 }
}

/// The `runs` table's mapping of ``RunRecord``.
struct RunRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "runs"
    var value: RunRecord

    init(_ value: RunRecord) { self.value = value }

    init(row: Row) throws {
        let statusText: String = try row.decode(forColumn: "status")
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreDecodingError(table: "runs", column: "status", value: statusText)
        }
        value = RunRecord(
            id: try row.decode(forColumn: "id"),
            kind: try row.decode(forColumn: "kind"),
            status: status,
            createdAt: Date(storeSeconds: try row.decode(forColumn: "created_at")),
            updatedAt: Date(storeSeconds: try row.decode(forColumn: "updated_at")),
            finishedAt: (try row.decode(Double?.self, forColumn: "finished_at")).map(Date.init(storeSeconds:)),
            endpoint: try row.decode(forColumn: "endpoint"),
            model: try row.decode(forColumn: "model"),
            suite: try row.decode(forColumn: "suite"),
            suiteVersion: try row.decode(forColumn: "suite_version"),
            itemCount: try row.decode(forColumn: "item_count"),
            config: try row.decode(forColumn: "config"),
            probe: try row.decode(forColumn: "probe"),
            versions: try row.decode(forColumn: "versions")
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["kind"] = value.kind
        container["status"] = value.status.rawValue
        container["created_at"] = value.createdAt.storeSeconds
        container["updated_at"] = value.updatedAt.storeSeconds
        container["finished_at"] = value.finishedAt?.storeSeconds
        container["endpoint"] = value.endpoint
        container["model"] = value.model
        container["suite"] = value.suite
        container["suite_version"] = value.suiteVersion
        container["item_count"] = value.itemCount
        container["config"] = value.config
        container["probe"] = value.probe
        container["versions"] = value.versions
    }
}

/// The `responses` table's mapping of ``ResponseRecord``.
struct ResponseRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "responses"
    var value: ResponseRecord

    init(_ value: ResponseRecord) { self.value = value }

    init(row: Row) throws {
        value = ResponseRecord(
            runID: try row.decode(forColumn: "run_id"),
            itemID: try row.decode(forColumn: "item_id"),
            repeatIndex: try row.decode(forColumn: "repeat_index"),
            fingerprint: try row.decode(forColumn: "fingerprint"),
            request: try row.decode(forColumn: "request"),
            text: try row.decode(forColumn: "text"),
            finishReason: try row.decode(forColumn: "finish_reason"),
            promptTokens: try row.decode(forColumn: "prompt_tokens"),
            completionTokens: try row.decode(forColumn: "completion_tokens"),
            timings: try row.decode(forColumn: "timings"),
            error: try row.decode(forColumn: "error"),
            attempts: try row.decode(forColumn: "attempts"),
            latencyMs: try row.decode(forColumn: "latency_ms"),
            ttftMs: try row.decode(forColumn: "ttft_ms"),
            createdAt: Date(storeSeconds: try row.decode(forColumn: "created_at"))
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["run_id"] = value.runID
        container["item_id"] = value.itemID
        container["repeat_index"] = value.repeatIndex
        container["fingerprint"] = value.fingerprint
        container["request"] = value.request
        container["text"] = value.text
        container["finish_reason"] = value.finishReason
        container["prompt_tokens"] = value.promptTokens
        container["completion_tokens"] = value.completionTokens
        container["timings"] = value.timings
        container["error"] = value.error
        container["attempts"] = value.attempts
        container["latency_ms"] = value.latencyMs
        container["ttft_ms"] = value.ttftMs
        container["created_at"] = value.createdAt.storeSeconds
    }
}

/// The `grades` table's mapping of ``GradeRecord``.
struct GradeRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "grades"
    var value: GradeRecord

    init(_ value: GradeRecord) { self.value = value }

    init(row: Row) throws {
        let verdictText: String = try row.decode(forColumn: "verdict")
        guard let verdict = Verdict(rawValue: verdictText) else {
            throw StoreDecodingError(table: "grades", column: "verdict", value: verdictText)
        }
        value = GradeRecord(
            runID: try row.decode(forColumn: "run_id"),
            itemID: try row.decode(forColumn: "item_id"),
            repeatIndex: try row.decode(forColumn: "repeat_index"),
            check: try row.decode(forColumn: "check_name"),
            verdict: verdict,
            score: try row.decode(forColumn: "score"),
            detail: try row.decode(forColumn: "detail"),
            gradedAt: Date(storeSeconds: try row.decode(forColumn: "graded_at"))
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["run_id"] = value.runID
        container["item_id"] = value.itemID
        container["repeat_index"] = value.repeatIndex
        container["check_name"] = value.check
        container["verdict"] = value.verdict.rawValue
        container["score"] = value.score
        container["detail"] = value.detail
        container["graded_at"] = value.gradedAt.storeSeconds
    }
}

/// A stored value this build cannot read, such as a status written by a newer shortlist.
struct StoreDecodingError: Error, CustomStringConvertible {
    var table: String
    var column: String
    var value: String

    var description: String { "unexpected value '\(value)' in \(table).\(column)" }
}
