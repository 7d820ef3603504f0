internal import Foundation
internal import GRDB
internal import ShortlistSupport

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
        migrator.registerMigration("v2", migrate: migrateToV2)
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
            catalogModel: try row.decode(String?.self, forColumn: "catalog_model"),
            suite: try row.decode(String?.self, forColumn: "suite"),
            suiteVersion: try row.decode(String?.self, forColumn: "suite_version"),
            itemCount: try row.decode(Int?.self, forColumn: "item_count"),
            config: try row.decode(forColumn: "config"),
            probe: try row.decode(String?.self, forColumn: "probe"),
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
        container["catalog_model"] = value.catalogModel
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
            createdAt: Date(storeSeconds: try row.decode(forColumn: "created_at")),
            category: try row.decode(forColumn: "category"),
            tags: (try row.decode(String?.self, forColumn: "tags")).map(StoredText.strings) ?? []
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["category"] = value.category
        container["tags"] = value.tags.isEmpty ? nil : JSONValue.array(value.tags.map { .string($0) }).canonicalText
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
        let name: String = try row.decode(forColumn: "check_name")
        let kind: String? = try row.decode(forColumn: "kind")
        let index: Int? = try row.decode(forColumn: "check_index")
        value = GradeRecord(
            runID: try row.decode(forColumn: "run_id"),
            itemID: try row.decode(forColumn: "item_id"),
            repeatIndex: try row.decode(forColumn: "repeat_index"),
            checkID: kind.flatMap { kind in index.map { CheckID(kind: kind, index: $0) } } ?? CheckID(name: name),
            subject: try row.decode(forColumn: "subject"),
            locality: try row.decode(forColumn: "locality"),
            verdict: verdict,
            score: try row.decode(forColumn: "score"),
            detail: try row.decode(forColumn: "detail"),
            data: (try row.decode(String?.self, forColumn: "data")).map(JSONValue.init(parsing:)),
            gradedAt: Date(storeSeconds: try row.decode(forColumn: "graded_at"))
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["run_id"] = value.runID
        container["item_id"] = value.itemID
        container["repeat_index"] = value.repeatIndex
        container["check_name"] = value.check
        container["kind"] = value.checkID.kind
        container["check_index"] = value.checkID.index
        container["subject"] = value.subject
        container["locality"] = value.locality
        container["data"] = value.data?.canonicalText
        container["verdict"] = value.verdict.rawValue
        container["score"] = value.score
        container["detail"] = value.detail
        container["graded_at"] = value.gradedAt.storeSeconds
    }
}

/// The `remote_calls` table's mapping of ``RemoteCallRecord``.
struct RemoteCallRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "remote_calls"
    var value: RemoteCallRecord

    init(_ value: RemoteCallRecord) { self.value = value }

    init(row: Row) throws {
        value = RemoteCallRecord(
            runID: try row.decode(forColumn: "run_id"),
            fingerprint: try row.decode(forColumn: "fingerprint"),
            kind: try row.decode(forColumn: "kind"),
            endpoint: try row.decode(forColumn: "endpoint"),
            request: try row.decode(forColumn: "request"),
            text: try row.decode(forColumn: "text"),
            promptTokens: try row.decode(forColumn: "prompt_tokens"),
            completionTokens: try row.decode(forColumn: "completion_tokens"),
            latencyMs: try row.decode(forColumn: "latency_ms"),
            createdAt: Date(storeSeconds: try row.decode(forColumn: "created_at"))
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["run_id"] = value.runID
        container["fingerprint"] = value.fingerprint
        container["kind"] = value.kind
        container["endpoint"] = value.endpoint
        container["request"] = value.request
        container["text"] = value.text
        container["prompt_tokens"] = value.promptTokens
        container["completion_tokens"] = value.completionTokens
        container["latency_ms"] = value.latencyMs
        container["created_at"] = value.createdAt.storeSeconds
    }
}

/// The `bench_samples` table's mapping of ``BenchSample``.
struct BenchSampleRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "bench_samples"
    var value: BenchSample

    init(_ value: BenchSample) { self.value = value }

    init(row: Row) throws {
        value = BenchSample(
            runID: try row.decode(forColumn: "run_id"),
            sequence: try row.decode(forColumn: "sequence"),
            scheduledNs: try row.decode(forColumn: "scheduled_ns"),
            sentNs: try row.decode(forColumn: "sent_ns"),
            firstByteNs: try row.decode(forColumn: "first_byte_ns"),
            firstTokenNs: try row.decode(forColumn: "first_token_ns"),
            endNs: try row.decode(forColumn: "end_ns"),
            chunkOffsetsNs: (try row.decode(String?.self, forColumn: "chunk_offsets")).map(StoredText.integers) ?? [],
            promptTokens: try row.decode(forColumn: "prompt_tokens"),
            completionTokens: try row.decode(forColumn: "completion_tokens"),
            error: try row.decode(forColumn: "error")
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["run_id"] = value.runID
        container["sequence"] = value.sequence
        container["scheduled_ns"] = value.scheduledNs
        container["sent_ns"] = value.sentNs
        container["first_byte_ns"] = value.firstByteNs
        container["first_token_ns"] = value.firstTokenNs
        container["end_ns"] = value.endNs
        container["chunk_offsets"] = JSONValue.array(value.chunkOffsetsNs.map { .integer(Int($0)) }).canonicalText
        container["prompt_tokens"] = value.promptTokens
        container["completion_tokens"] = value.completionTokens
        container["error"] = value.error
    }
}

/// JSON arrays kept in text columns.
enum StoredText {
    static func strings(_ text: String) -> [String] {
        JSONValue(parsing: text).arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func integers(_ text: String) -> [Int64] {
        JSONValue(parsing: text).arrayValue?.compactMap { $0.integerValue.map(Int64.init) } ?? []
    }
}

/// A stored value this build cannot read, such as a status written by a newer shortlist.
struct StoreDecodingError: Error, CustomStringConvertible {
    var table: String
    var column: String
    var value: String

    var description: String { "unexpected value '\(value)' in \(table).\(column)" }
}
