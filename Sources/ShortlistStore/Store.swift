package import Foundation
internal import GRDB
internal import ShortlistSupport

/// The results store: runs, responses and grades in one SQLite database, shared by every task of a run.
///
/// The database is opened as a `DatabasePool` in WAL mode: one writer at a time (GRDB serialises writes),
/// readers in parallel, and readers in other processes (`shortlist runs list` during a run) wait up to
/// ``busyTimeout`` for a lock instead of failing. Every method is one transaction, so a crash leaves each
/// write either fully done or not done at all. Every method may be called from any task.
///
/// ```swift
/// let store = try Store(path: Store.defaultPath)
/// try store.createRun(run)
/// try store.insertResponse(response)
/// let done = try store.completedKeys(runID: run.id)  // on resume: skip these
/// ```
package final class Store: Sendable {
    /// The database file.
    package let path: String
    private let pool: DatabasePool

    /// How long a connection waits for another connection's lock before failing.
    package static let busyTimeout: TimeInterval = 10

    /// The store used when no `--store PATH` is given: `$SHORTLIST_STORE`, else `~/.shortlist/shortlist.db`.
    package static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SHORTLIST_STORE"], !path.isEmpty { return path }
        let home =
            environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home).appendingPathComponent(".shortlist/shortlist.db").path
    }

    /// Opens (creating if needed) the store at `path`, creating its parent directories and migrating its schema.
    ///
    /// Refuses a database migrated by a newer shortlist (``StoreError/newerSchema(path:unknownMigrations:)``)
    /// rather than writing into a schema it does not know.
    package init(path: String) throws(StoreError) {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: directory.path, reason: Self.reason(error))
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "ShortlistStore"
        // WAL with synchronous=NORMAL: a crashed process loses no committed transaction and the file never
        // corrupts; only a power cut may drop the last commits. FULL would fsync every stored response.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try Self.openPool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
        let migrator = Schema.migrator
        // Another process creating the same new file (a tool, and a test polling its store) may be mid-way through
        // the same migrations: its half-made schema reads as "no such table" or "already exists" here. Wait and
        // look again; a real failure fails every time.
        var attempt = 0
        while true {
            let unknown: [String]
            do {
                // On the writer: a reader connection opened before the migration would keep the old schema's
                // column positions cached and misread the rebuilt `runs` table.
                unknown = try pool.writeWithoutTransaction { db in
                    try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
                }
                if unknown.isEmpty {
                    try migrator.migrate(pool)
                    pool.invalidateReadOnlyConnections()
                    break
                }
            } catch {
                attempt += 1
                guard attempt < 40 else {
                    throw .database(path: path, operation: "migrate its schema", message: Self.reason(error))
                }
                usleep(50_000)
                continue
            }
            throw .newerSchema(path: path, unknownMigrations: unknown)
        }
    }

    /// Opens the pool, waiting out another process that is creating the same new file: switching a new database
    /// to WAL takes an exclusive lock that SQLite reports as "database is locked" without calling the busy handler.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 40
            {
                attempt += 1
                usleep(50_000)
            }
        }
    }

    // MARK: Runs

    /// Records a new run; its id must not exist yet.
    package func createRun(_ run: RunRecord) throws(StoreError) {
        try write("create run '\(run.id)'") { db in
            guard try RunRow.exists(db, key: run.id) == false else { throw StoreError.duplicateRun(id: run.id) }
            try RunRow(run).insert(db)
        }
    }

    /// Sets a run's status and finish time, and stamps its `updatedAt` with the current time.
    package func updateRun(id: String, status: RunStatus, finishedAt: Date?) throws(StoreError) {
        try write("update run '\(id)'") { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, finished_at = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, finishedAt?.storeSeconds, Date().storeSeconds, id]
            )
            if db.changesCount == 0 { throw try self.notFound(id, db) }
        }
    }

    /// Stores the endpoint probe's JSON text for a run.
    package func setProbe(runID: String, probe: String) throws(StoreError) {
        try write("set the probe of run '\(runID)'") { db in
            try db.execute(
                sql: "UPDATE runs SET probe = ?, updated_at = ? WHERE id = ?",
                arguments: [probe, Date().storeSeconds, runID]
            )
            if db.changesCount == 0 { throw try self.notFound(runID, db) }
        }
    }

    /// Returns runs, newest first; `limit` nil for all.
    package func runs(limit: Int?) throws(StoreError) -> [RunRecord] {
        try read("list runs") { db in
            var request = RunRow.order(Column("created_at").desc, Column("id").desc)
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db).map(\.value)
        }
    }

    /// Returns the run with this exact id, or the only run whose id starts with it.
    ///
    /// Throws ``StoreError/ambiguousRunID(prefix:candidates:)`` when several ids start with it, and
    /// ``StoreError/runNotFound(id:suggestions:)`` with the closest ids when none does.
    package func run(id: String) throws(StoreError) -> RunRecord {
        try read("find run '\(id)'") { db in try self.resolveRun(id, db) }
    }

    // MARK: Responses

    /// Stores one response in its own transaction.
    ///
    /// If the same (run, item, repeat) already has a response *with an error*, that row (and any grades of
    /// it) is replaced: this is how a resumed run retries failed requests without losing the failure until
    /// the retry lands. If it already has a successful response, nothing is written and
    /// ``StoreError/duplicateResponse(runID:itemID:repeatIndex:)`` is thrown: the runner did an item twice.
    package func insertResponse(_ response: ResponseRecord) throws(StoreError) {
        try write(Self.insertOperation(response)) { db in try self.insert(response, db) }
    }

    /// The same as the synchronous `insertResponse`, suspending instead of blocking while another write runs,
    /// so the runner's many tasks never hold the concurrency pool's few threads waiting for the writer.
    package func insertResponse(_ response: ResponseRecord) async throws(StoreError) {
        do {
            try await pool.write { db in try self.insert(response, db) }
        } catch {
            throw map(error, Self.insertOperation(response))
        }
    }

    private static func insertOperation(_ response: ResponseRecord) -> String {
        "store the response to item '\(response.itemID)' repeat \(response.repeatIndex)"
    }

    private func insert(_ response: ResponseRecord, _ db: Database) throws {
        guard try RunRow.exists(db, key: response.runID) else {
            throw try self.notFound(response.runID, db)
        }
        let existingError = try Row.fetchOne(
            db,
            sql: "SELECT error FROM responses WHERE run_id = ? AND item_id = ? AND repeat_index = ?",
            arguments: [response.runID, response.itemID, response.repeatIndex]
        )
        if let existingError {
            let error: String? = try existingError.decode(forColumn: "error")
            guard error != nil else {
                throw StoreError.duplicateResponse(
                    runID: response.runID,
                    itemID: response.itemID,
                    repeatIndex: response.repeatIndex
                )
            }
            try db.execute(
                sql: "DELETE FROM responses WHERE run_id = ? AND item_id = ? AND repeat_index = ?",
                arguments: [response.runID, response.itemID, response.repeatIndex]
            )
        }
        try ResponseRow(response).insert(db)
    }

    /// Returns the keys of a run's responses that succeeded (no error): the items a resumed run skips.
    package func completedKeys(runID: String) throws(StoreError) -> Set<ResponseKey> {
        try read("read the completed items of run '\(runID)'") { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT item_id, repeat_index FROM responses WHERE run_id = ? AND error IS NULL",
                arguments: [runID]
            )
            return Set(
                try rows.map { row in
                    ResponseKey(
                        itemID: try row.decode(forColumn: "item_id"),
                        repeatIndex: try row.decode(forColumn: "repeat_index")
                    )
                }
            )
        }
    }

    /// Returns a run's responses, ordered by item id, then repeat.
    package func responses(runID: String) throws(StoreError) -> [ResponseRecord] {
        try read("read the responses of run '\(runID)'") { db in
            try ResponseRow
                .filter(Column("run_id") == runID)
                .order(Column("item_id"), Column("repeat_index"))
                .fetchAll(db)
                .map(\.value)
        }
    }

    // MARK: Grades

    /// Replaces all grades of a run with `grades`, atomically: on any error the previous grades stay.
    ///
    /// Every grade must belong to `runID` and to a stored response, and check names must be unique per
    /// (item, repeat).
    package func replaceGrades(runID: String, grades: [GradeRecord]) throws(StoreError) {
        try write("replace the grades of run '\(runID)'") { db in
            guard try RunRow.exists(db, key: runID) else { throw try self.notFound(runID, db) }
            if let stray = grades.first(where: { $0.runID != runID }) {
                throw StoreError.invalidGrades(
                    runID: runID,
                    reason: "a grade belongs to run '\(stray.runID)'"
                )
            }
            try db.execute(sql: "DELETE FROM grades WHERE run_id = ?", arguments: [runID])
            for grade in grades {
                do {
                    try GradeRow(grade).insert(db)
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                    throw StoreError.invalidGrades(
                        runID: runID,
                        reason: "check '\(grade.check)' appears twice for item '\(grade.itemID)' "
                            + "repeat \(grade.repeatIndex)"
                    )
                } catch let error as DatabaseError
                    where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY
                {
                    throw StoreError.invalidGrades(
                        runID: runID,
                        reason: "no response for item '\(grade.itemID)' repeat \(grade.repeatIndex)"
                    )
                }
            }
        }
    }

    /// Returns a run's grades, ordered by item id, repeat, then check name.
    package func grades(runID: String) throws(StoreError) -> [GradeRecord] {
        try read("read the grades of run '\(runID)'") { db in
            try GradeRow
                .filter(Column("run_id") == runID)
                .order(Column("item_id"), Column("repeat_index"), Column("check_name"))
                .fetchAll(db)
                .map(\.value)
        }
    }

    // MARK: Remote calls

    /// The stored answer to the remote call with this fingerprint in this run, if there is one.
    package func remoteCall(runID: String, fingerprint: String) throws(StoreError) -> RemoteCallRecord? {
        try read("read a remote call of run '\(runID)'") { db in
            try RemoteCallRow
                .filter(Column("run_id") == runID && Column("fingerprint") == fingerprint)
                .fetchOne(db)?.value
        }
    }

    /// Stores a remote call's answer, replacing an earlier answer to the same request (`--rejudge`).
    package func saveRemoteCall(_ call: RemoteCallRecord) async throws(StoreError) {
        do {
            try await pool.write { db in
                guard try RunRow.exists(db, key: call.runID) else { throw try self.notFound(call.runID, db) }
                try db.execute(
                    sql: "DELETE FROM remote_calls WHERE run_id = ? AND fingerprint = ?",
                    arguments: [call.runID, call.fingerprint]
                )
                try RemoteCallRow(call).insert(db)
            }
        } catch {
            throw map(error, "store a remote call of run '\(call.runID)'")
        }
    }

    /// A run's remote calls, oldest first.
    package func remoteCalls(runID: String) throws(StoreError) -> [RemoteCallRecord] {
        try read("read the remote calls of run '\(runID)'") { db in
            try RemoteCallRow.filter(Column("run_id") == runID).order(Column("id")).fetchAll(db).map(\.value)
        }
    }

    // MARK: Benchmark samples

    /// Stores a batch of benchmark samples in one transaction; a sequence number already stored is refused.
    package func insertBenchSamples(_ samples: [BenchSample]) async throws(StoreError) {
        guard let runID = samples.first?.runID else { return }
        do {
            try await pool.write { db in
                guard try RunRow.exists(db, key: runID) else { throw try self.notFound(runID, db) }
                for sample in samples { try BenchSampleRow(sample).insert(db) }
            }
        } catch {
            throw map(error, "store benchmark samples of run '\(runID)'")
        }
    }

    /// A run's benchmark samples in schedule order.
    package func benchSamples(runID: String) throws(StoreError) -> [BenchSample] {
        try read("read the benchmark samples of run '\(runID)'") { db in
            try BenchSampleRow.filter(Column("run_id") == runID).order(Column("sequence")).fetchAll(db).map(\.value)
        }
    }

    // MARK: Export

    /// Writes a run's responses joined with their grades to `url`, replacing it only once fully written.
    ///
    /// The columns are described in docs/store.md. The file is written beside `url` under a temporary name
    /// and renamed over it, so a reader never sees half an export.
    package func export(runID: String, format: ExportFormat, to url: URL) throws(StoreError) {
        let (responses, grades) = try read("read run '\(runID)' for export") { db in
            let run = try self.resolveRun(runID, db)
            let responses = try ResponseRow.filter(Column("run_id") == run.id)
                .order(Column("item_id"), Column("repeat_index"))
                .fetchAll(db).map(\.value)
            let grades = try GradeRow.filter(Column("run_id") == run.id)
                .order(Column("item_id"), Column("repeat_index"), Column("check_name"))
                .fetchAll(db).map(\.value)
            return (responses, grades)
        }
        let rows = ExportRow.join(responses: responses, grades: grades)
        let data: Data
        switch format {
        case .jsonl: data = ExportWriter.jsonl(rows)
        case .csv: data = ExportWriter.csv(rows)
        }
        do {
            try ExportWriter.replace(url, with: data)
        } catch {
            throw .exportFailed(path: url.path, reason: Self.reason(error))
        }
    }

    // MARK: Test support

    /// Returns the database's journal mode as SQLite reports it (`wal` for a store).
    func journalMode() throws(StoreError) -> String {
        try read("read the journal mode") { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        }
    }

    /// Returns the result of SQLite's `PRAGMA integrity_check` (`ok` for a sound database).
    func integrityCheck() throws(StoreError) -> String {
        try read("check integrity") { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }

    // MARK: Helpers

    private func resolveRun(_ id: String, _ db: Database) throws -> RunRecord {
        if let exact = try RunRow.fetchOne(db, key: id) { return exact.value }
        let matches = try String.fetchAll(
            db,
            sql: "SELECT id FROM runs WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 11",
            arguments: [id]
        )
        if matches.count == 1, let match = try RunRow.fetchOne(db, key: matches[0]) { return match.value }
        if matches.count > 1 {
            throw StoreError.ambiguousRunID(prefix: id, candidates: Array(matches.prefix(10)))
        }
        throw try notFound(id, db)
    }

    private func notFound(_ id: String, _ db: Database) throws -> StoreError {
        let known = try String.fetchAll(db, sql: "SELECT id FROM runs ORDER BY created_at DESC LIMIT 1000")
        return .runNotFound(id: id, suggestions: Suggestions.closest(to: id, in: known, limit: 3, bestOnly: true))
    }

    private func write<T>(_ operation: String, _ updates: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(updates)
        } catch {
            throw map(error, operation)
        }
    }

    private func read<T>(_ operation: String, _ value: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(value)
        } catch {
            throw map(error, operation)
        }
    }

    private func map(_ error: any Error, _ operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        return .database(path: path, operation: operation, message: Self.reason(error))
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return String(describing: error)
    }
}
