import Foundation
import Testing

@testable import ShortlistStore

@Suite struct CrashSafetyTests {
    static let python = "/usr/bin/python3"

    /// A writer process that commits one response, then is killed with SIGKILL halfway through a transaction.
    static let crashingWriter = """
        import os, signal, sqlite3, sys
        path, run_id = sys.argv[1], sys.argv[2]
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 10000")
        insert = ("INSERT INTO responses (run_id, item_id, repeat_index, fingerprint, request, timings, attempts,"
                  " created_at) VALUES (?, ?, 0, 'fp', '{}', '{}', 1, 0)")
        db.execute("BEGIN IMMEDIATE")
        db.execute(insert, (run_id, "committed"))
        db.execute("COMMIT")
        db.execute("BEGIN IMMEDIATE")
        for i in range(500):
            db.execute(insert, (run_id, "uncommitted-%03d" % i))
        os.kill(os.getpid(), signal.SIGKILL)
        """

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "needs /usr/bin/python3"))
    func aWriterKilledMidTransactionLosesOnlyItsOpenTransaction() throws {
        // Given a store with one response, still open in this process
        let (store, path) = try Fixtures.makeStore()
        let run = Fixtures.run()
        try store.createRun(run)
        try store.insertResponse(Fixtures.response(item: "before"))

        // When another process commits one row, then dies with a transaction open
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", Self.crashingWriter, path, run.id]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)

        // Then both the open store and a fresh one see the committed rows and nothing of the open transaction
        let expected = Set(["before", "committed"].map { ResponseKey(itemID: $0, repeatIndex: 0) })
        #expect(try store.completedKeys(runID: run.id) == expected)
        let reopened = try Store(path: path)
        #expect(try reopened.completedKeys(runID: run.id) == expected)
        #expect(try reopened.integrityCheck() == "ok")
        #expect(try reopened.journalMode() == "wal")

        // and the store still takes writes
        try reopened.insertResponse(Fixtures.response(item: "after"))
        #expect(try reopened.responses(runID: run.id).count == 3)
    }

    @Test func aStoreDroppedWithoutFinishingTheRunKeepsEveryCommittedWrite() throws {
        // Given a writer that stops mid-run (status still running) and is dropped
        var path = ""
        do {
            let (writer, writerPath) = try Fixtures.makeStore()
            path = writerPath
            try writer.createRun(Fixtures.run(itemCount: 10))
            for index in 0..<7 { try writer.insertResponse(Fixtures.response(item: "item-\(index)")) }
        }

        // When a second instance opens the file
        let reader = try Store(path: path)

        // Then the run reads as running with 7 of 10 done, ready to resume
        let run = try reader.run(id: Fixtures.run().id)
        #expect(run.status == .running)
        #expect(try reader.responses(runID: run.id).count == 7)
        #expect(try reader.completedKeys(runID: run.id).count == 7)
        #expect(run.itemCount == 10)
    }
}
