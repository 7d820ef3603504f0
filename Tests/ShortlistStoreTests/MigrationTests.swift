import Foundation
import GRDB
import ShortlistSupport
import ShortlistTestSupport
import Testing

@testable import ShortlistStore

/// Schema v2 on a database that the v1 release wrote (`Fixtures/v1-store.sqlite`: a smoke run, a suite run with
/// repeats, an IFEval sample and a failed run against a dead endpoint).
struct MigrationTests {
    static let v1Columns = [
        "runs": [
            "id", "kind", "status", "created_at", "updated_at", "finished_at", "endpoint", "model", "suite",
            "suite_version", "item_count", "config", "probe", "versions",
        ],
        "responses": [
            "id", "run_id", "item_id", "repeat_index", "fingerprint", "request", "text", "finish_reason",
            "prompt_tokens", "completion_tokens", "timings", "error", "attempts", "latency_ms", "ttft_ms", "created_at",
        ],
        "grades": [
            "id", "run_id", "item_id", "repeat_index", "check_name", "verdict", "score", "detail", "graded_at",
        ],
    ]

    /// Every v1 column of every row, as SQLite stores it.
    static func rows(_ db: Database, _ table: String) throws -> [[DatabaseValue]] {
        let columns = try #require(v1Columns[table])
        return try Row.fetchAll(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY rowid")
            .map { row in columns.map { row[$0] as DatabaseValue } }
    }

    func copyOfTheV1Store() throws -> String {
        let path = try RepositoryPaths.temporaryDirectory("migration").appendingPathComponent("v1.sqlite").path
        try FileManager.default.copyItem(
            atPath: RepositoryPaths.file("Tests/ShortlistStoreTests/Fixtures/v1-store.sqlite").path,
            toPath: path
        )
        return path
    }

    @Test func aV1StoreMigratesWithEveryRowIntact() throws {
        // Given the v1 store, read row by row before any migration
        let path = try copyOfTheV1Store()
        let before = try DatabaseQueue(path: path).read { db in
            (try Self.rows(db, "runs"), try Self.rows(db, "responses"), try Self.rows(db, "grades"))
        }
        #expect(before.0.count == 4 && before.1.count == 18 && before.2.count == 24)

        // When the current store opens it
        let store = try Store(path: path)

        // Then every v1 value is unchanged, and the store reads every record
        let after = try DatabaseQueue(path: path).read { db in
            (try Self.rows(db, "runs"), try Self.rows(db, "responses"), try Self.rows(db, "grades"))
        }
        #expect(after.0 == before.0)
        #expect(after.1 == before.1)
        #expect(after.2 == before.2)
        #expect(try store.integrityCheck() == "ok")
        let runs = try store.runs(limit: nil)
        #expect(runs.count == 4)
        #expect(runs.allSatisfy { $0.catalogModel == nil })
        #expect(Set(runs.map(\.status)) == [.completed, .failed])
        let responses = try runs.flatMap { try store.responses(runID: $0.id) }
        #expect(responses.count == 18)
        #expect(responses.allSatisfy { $0.category == nil && $0.tags.isEmpty })
        #expect(responses.contains { $0.error != nil })
    }

    @Test func v1GradesGainTheirKindIndexAndIFEvalLooseVerdict() throws {
        let store = try Store(path: try copyOfTheV1Store())
        let grades = try store.runs(limit: nil).flatMap { try store.grades(runID: $0.id) }
        #expect(grades.count == 24)
        for grade in grades {
            let stored = try DatabaseQueue(path: store.path).read { db in
                try String.fetchOne(
                    db,
                    sql: "SELECT kind || '#' || check_index FROM grades WHERE run_id = ? AND item_id = ? "
                        + "AND repeat_index = ? AND check_name = ?",
                    arguments: [grade.runID, grade.itemID, grade.repeatIndex, grade.check]
                )
            }
            #expect(stored == grade.checkID.name)
        }
        let ifeval = grades.filter { $0.checkID.kind == "ifeval" }
        #expect(!ifeval.isEmpty)
        for grade in ifeval {
            let loose = grade.detail != "not followed (strict or loose)"
            #expect(grade.data == .object(["loose": .bool(loose)]))
        }
        #expect(grades.filter { $0.checkID.kind != "ifeval" }.allSatisfy { $0.data == nil })
    }

    @Test func runsOfOtherKindsNeedNoSuite() throws {
        let (store, _) = try Fixtures.makeStore()
        let bench = RunRecord(
            id: "20261201-000000-beef",
            kind: "bench",
            createdAt: Fixtures.start,
            endpoint: "http://h/v1",
            model: "m",
            catalogModel: "qwen3-8b",
            suite: nil,
            suiteVersion: nil,
            itemCount: nil,
            config: "{}",
            versions: "{}"
        )
        try store.createRun(bench)
        #expect(try store.run(id: bench.id) == bench)
    }
}

/// Two openers creating the same new store at once (a tool and a test polling its file, say) both succeed.
struct ConcurrentCreationTests {
    @Test func twoStoresOpeningOneNewFileAtOnceBothMigrate() async throws {
        for _ in 0..<20 {
            let path = try RepositoryPaths.temporaryDirectory("race").appendingPathComponent("s.db").path
            async let first = Task.detached { try Store(path: path) }.value
            async let second = Task.detached { try Store(path: path) }.value
            let (a, b) = try await (first, second)
            #expect(try a.runs(limit: 1).isEmpty)
            #expect(try b.runs(limit: 1).isEmpty)
        }
    }
}
