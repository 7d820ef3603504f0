import Foundation
import GRDB
import ShortlistSupport
import ShortlistTestSupport
import Testing

@testable import ShortlistStore

@Suite struct StoreTests {
    @Test func recordsSurviveClosingAndReopening() throws {
        // Given a store with a run, two responses and grades
        let (store, path) = try Fixtures.makeStore()
        let run = Fixtures.run()
        let responses = [Fixtures.response(item: "a"), Fixtures.response(item: "b", error: "HTTP 503")]
        let grades = [Fixtures.grade(item: "a", check: "contains#0", verdict: .pass, score: 1, detail: "found")]
        try store.createRun(run)
        for response in responses { try store.insertResponse(response) }
        try store.replaceGrades(runID: run.id, grades: grades)

        // When it is opened again from the same file
        let reopened = try Store(path: path)

        // Then everything reads back equal to what was written
        #expect(try reopened.run(id: run.id) == run)
        #expect(try reopened.responses(runID: run.id) == responses)
        #expect(try reopened.grades(runID: run.id) == grades)
    }

    @Test func openingCreatesParentDirectoriesAndUsesWAL() throws {
        let (store, path) = try Fixtures.makeStore()
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.journalMode() == "wal")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func migrationsAreIdempotent() throws {
        let (store, path) = try Fixtures.makeStore()
        try store.createRun(Fixtures.run())

        // Opening twice more migrates nothing and loses nothing
        _ = try Store(path: path)
        let third = try Store(path: path)

        #expect(try third.runs(limit: nil).map(\.id) == [Fixtures.run().id])
        let applied = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(applied == ["v1", "v2"])
    }

    @Test func aDatabaseFromANewerShortlistIsRefused() throws {
        let (_, path) = try Fixtures.makeStore()
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')")
        }

        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v99-future"])) {
            try Store(path: path)
        }
        let message = StoreError.newerSchema(path: path, unknownMigrations: ["v99-future"]).description
        #expect(message.contains(path) && message.contains("newer shortlist"))
    }

    @Test func aFileThatIsNotADatabaseIsRefusedWithItsPath() throws {
        let directory = try RepositoryPaths.temporaryDirectory("shortlist-store")
        let path = directory.appendingPathComponent("notes.db").path
        try Data(String(repeating: "not sqlite ", count: 100).utf8).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try Store(path: path) }
        guard case .cannotOpen(let failedPath, _) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(failedPath == path)
    }

    @Test func configIsStoredExactlyAsGiven() throws {
        let (store, path) = try Fixtures.makeStore()
        var run = Fixtures.run()
        run.config = #"{ "endpoint" : "http://x", "api_key": "[redacted]" , "z":[1,2.50] }"#
        try store.createRun(run)

        let raw = try DatabaseQueue(path: path).read { db in
            try Row.fetchOne(db, sql: "SELECT config, probe, versions FROM runs WHERE id = ?", arguments: [run.id])
        }
        let row = try #require(raw)
        #expect(row["config"] as String? == run.config)
        #expect(row["probe"] as String? == nil)
        #expect(row["versions"] as String? == run.versions)
    }

    @Test func aSecondSuccessfulResponseForTheSameItemIsRejectedAndTheFirstKept() throws {
        let (store, _) = try Fixtures.makeStore()
        try store.createRun(Fixtures.run())
        let first = Fixtures.response(item: "a", text: "first")
        try store.insertResponse(first)

        #expect(throws: StoreError.duplicateResponse(runID: first.runID, itemID: "a", repeatIndex: 0)) {
            try store.insertResponse(Fixtures.response(item: "a", text: "second"))
        }
        #expect(try store.responses(runID: first.runID) == [first])
    }

    @Test func completedKeysLeaveOutErroredResponsesAndARetryReplacesThem() throws {
        let (store, _) = try Fixtures.makeStore()
        let run = Fixtures.run()
        try store.createRun(run)
        try store.insertResponse(Fixtures.response(item: "a"))
        try store.insertResponse(Fixtures.response(item: "a", repeatIndex: 1))
        try store.insertResponse(Fixtures.response(item: "b", error: "timed out after 60 s"))
        try store.replaceGrades(runID: run.id, grades: [Fixtures.grade(item: "b", check: "x#0", verdict: .error)])

        // The errored item is not complete, so a resumed run does it again
        #expect(
            try store.completedKeys(runID: run.id)
                == [ResponseKey(itemID: "a", repeatIndex: 0), ResponseKey(itemID: "a", repeatIndex: 1)]
        )

        // and its retry replaces the errored row (and the grades of it)
        let retry = Fixtures.response(item: "b", text: "late answer")
        try store.insertResponse(retry)
        #expect(try store.responses(runID: run.id).filter { $0.itemID == "b" } == [retry])
        #expect(try store.completedKeys(runID: run.id).contains(ResponseKey(itemID: "b", repeatIndex: 0)))
        #expect(try store.grades(runID: run.id).isEmpty)
    }

    @Test func aResponseForAnUnknownRunIsRefused() throws {
        let (store, _) = try Fixtures.makeStore()
        try store.createRun(Fixtures.run())

        let error = #expect(throws: StoreError.self) {
            try store.insertResponse(Fixtures.response(runID: "20261128-221800-a1b3", item: "a"))
        }
        #expect(error == .runNotFound(id: "20261128-221800-a1b3", suggestions: ["20261128-221800-a1b2"]))
        #expect(try store.responses(runID: "20261128-221800-a1b3").isEmpty)
    }

    @Test func aRunIdCannotBeUsedTwice() throws {
        let (store, _) = try Fixtures.makeStore()
        try store.createRun(Fixtures.run())
        #expect(throws: StoreError.duplicateRun(id: Fixtures.run().id)) { try store.createRun(Fixtures.run()) }
    }

    @Test func replacingGradesSwapsTheWholeSet() throws {
        let (store, _) = try Fixtures.makeStore()
        let run = Fixtures.run()
        try store.createRun(run)
        try store.insertResponse(Fixtures.response(item: "a"))
        try store.replaceGrades(
            runID: run.id,
            grades: [
                Fixtures.grade(item: "a", check: "contains#0", verdict: .fail),
                Fixtures.grade(item: "a", check: "length#1", verdict: .pass),
            ]
        )

        let regrade = [Fixtures.grade(item: "a", check: "contains#0", verdict: .pass, score: 1)]
        try store.replaceGrades(runID: run.id, grades: regrade)

        #expect(try store.grades(runID: run.id) == regrade)
    }

    @Test func aFailingGradeBatchLeavesThePreviousGradesInPlace() throws {
        let (store, _) = try Fixtures.makeStore()
        let run = Fixtures.run()
        try store.createRun(run)
        try store.insertResponse(Fixtures.response(item: "a"))
        let old = [Fixtures.grade(item: "a", check: "contains#0", verdict: .pass)]
        try store.replaceGrades(runID: run.id, grades: old)

        // A batch whose second grade repeats a check name fails midway, after the delete and one insert
        let duplicate = [
            Fixtures.grade(item: "a", check: "length#1", verdict: .fail),
            Fixtures.grade(item: "a", check: "length#1", verdict: .pass),
        ]
        let error = #expect(throws: StoreError.self) { try store.replaceGrades(runID: run.id, grades: duplicate) }
        #expect(error?.description.contains("check 'length#1' appears twice") == true)
        #expect(try store.grades(runID: run.id) == old)

        // So does a batch grading a response that does not exist
        let orphan = [Fixtures.grade(item: "zzz", check: "contains#0", verdict: .pass)]
        let orphanError = #expect(throws: StoreError.self) {
            try store.replaceGrades(runID: run.id, grades: orphan)
        }
        #expect(orphanError?.description.contains("no response for item 'zzz'") == true)
        #expect(try store.grades(runID: run.id) == old)
    }

    @Test func runsAreFoundByExactIdOrUniquePrefix() throws {
        let (store, _) = try Fixtures.makeStore()
        let ids = ["20261128-221800-a1b2", "20261128-221800-ffff", "20261129-080000-0001"]
        for (offset, id) in ids.enumerated() {
            try store.createRun(Fixtures.run(id: id, createdAt: Fixtures.start.addingTimeInterval(Double(offset))))
        }

        #expect(try store.run(id: "20261128-221800-a1b2").id == "20261128-221800-a1b2")
        #expect(try store.run(id: "20261129").id == "20261129-080000-0001")
        #expect(throws: StoreError.ambiguousRunID(prefix: "20261128", candidates: Array(ids.prefix(2)))) {
            try store.run(id: "20261128")
        }
        let notFound = #expect(throws: StoreError.self) { try store.run(id: "20261128-221800-a1b3") }
        #expect(notFound == .runNotFound(id: "20261128-221800-a1b3", suggestions: ["20261128-221800-a1b2"]))
        #expect(notFound?.description == "No run '20261128-221800-a1b3'. Did you mean '20261128-221800-a1b2'?")
        #expect(throws: StoreError.runNotFound(id: "nothing-like-it", suggestions: [])) {
            try store.run(id: "nothing-like-it")
        }
    }

    @Test func runsAreListedNewestFirstAndCanBeUpdated() throws {
        let (store, _) = try Fixtures.makeStore()
        try store.createRun(Fixtures.run(id: "20261128-000000-0001", createdAt: Fixtures.start))
        try store.createRun(Fixtures.run(id: "20261129-000000-0002", createdAt: Fixtures.start.addingTimeInterval(60)))

        let finished = Fixtures.start.addingTimeInterval(120)
        try store.updateRun(id: "20261128-000000-0001", status: .interrupted, finishedAt: finished)
        try store.setProbe(runID: "20261128-000000-0001", probe: #"{"models":["tiny-chat"]}"#)

        #expect(try store.runs(limit: nil).map(\.id) == ["20261129-000000-0002", "20261128-000000-0001"])
        #expect(try store.runs(limit: 1).map(\.id) == ["20261129-000000-0002"])
        let updated = try store.run(id: "20261128-000000-0001")
        #expect(updated.status == .interrupted)
        #expect(updated.finishedAt == finished)
        #expect(updated.probe == #"{"models":["tiny-chat"]}"#)
        #expect(updated.updatedAt > Fixtures.start)
        #expect(throws: StoreError.runNotFound(id: "missing", suggestions: [])) {
            try store.updateRun(id: "missing", status: .failed, finishedAt: nil)
        }
    }

    @Test func v2ColumnsRoundTrip() async throws {
        // Given a run linked to a catalog model, a response with its category and tags, and a structured grade
        let (store, _) = try Fixtures.makeStore()
        var run = Fixtures.run(itemCount: 1)
        run.catalogModel = "qwen3-8b"
        try store.createRun(run)
        var response = Fixtures.response(item: "a")
        response.category = "greeting"
        response.tags = ["short", "en"]
        try await store.insertResponse(response)
        let grade = GradeRecord(
            runID: run.id,
            itemID: "a",
            repeatIndex: 0,
            checkID: CheckID(kind: "ifeval", index: 2),
            subject: "punctuation:no_comma",
            locality: "local",
            verdict: .fail,
            detail: "punctuation:no_comma: not followed",
            data: .object(["loose": .bool(true), "measured": .string("3")]),
            gradedAt: Fixtures.start
        )
        try store.replaceGrades(runID: run.id, grades: [grade])
        let call = RemoteCallRecord(
            runID: run.id,
            fingerprint: "abc",
            kind: "judge",
            endpoint: "http://judge/v1",
            request: "{}",
            text: "Rating: [[8]]",
            createdAt: Fixtures.start
        )
        try await store.saveRemoteCall(call)
        var again = call
        again.text = "Rating: [[3]]"
        try await store.saveRemoteCall(again)  // a rejudge replaces the answer
        let samples = (0..<3).map {
            BenchSample(
                runID: run.id,
                sequence: $0,
                scheduledNs: Int64($0) * 1_000,
                sentNs: 10,
                chunkOffsetsNs: [1, 2]
            )
        }
        try await store.insertBenchSamples(samples)

        // Then every value reads back as written
        #expect(try store.run(id: run.id) == run)
        #expect(try store.responses(runID: run.id) == [response])
        #expect(try store.grades(runID: run.id) == [grade])
        #expect(try store.remoteCall(runID: run.id, fingerprint: "abc") == again)
        #expect(try store.remoteCalls(runID: run.id).count == 1)
        #expect(try store.remoteCall(runID: run.id, fingerprint: "other") == nil)
        #expect(try store.benchSamples(runID: run.id) == samples)
        let duplicate = await #expect(throws: StoreError.self) { try await store.insertBenchSamples([samples[0]]) }
        guard case .database(_, let operation, let message)? = duplicate else {
            Issue.record("expected a database error, got \(String(describing: duplicate))")
            return
        }
        #expect(operation == "store benchmark samples of run '\(run.id)'" && message.contains("UNIQUE"))
    }

    @Test func concurrentInsertsFrom64TasksAllLand() async throws {
        let (store, path) = try Fixtures.makeStore()
        let run = Fixtures.run(itemCount: 64)
        try store.createRun(run)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask {
                    try store.insertResponse(Fixtures.response(item: String(format: "item-%02d", index)))
                }
            }
            try await group.waitForAll()
        }

        let expected = Set((0..<64).map { ResponseKey(itemID: String(format: "item-%02d", $0), repeatIndex: 0) })
        #expect(try store.completedKeys(runID: run.id) == expected)
        #expect(try Store(path: path).responses(runID: run.id).count == 64)
    }

    @Test func makeIDIsSortableAndShaped() {
        let earlier = RunRecord.makeID(date: Date(timeIntervalSince1970: 1_795_904_280))
        let later = RunRecord.makeID(date: Date(timeIntervalSince1970: 1_795_904_281))

        #expect(earlier.hasPrefix("20261128-221800-"))
        #expect(earlier.count == 20)
        #expect(earlier.suffix(4).allSatisfy { $0.isHexDigit })
        #expect(earlier < later)
    }

    @Test func defaultPathIsInTheHomeDirectoryUnlessOverridden() {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment["SHORTLIST_STORE"], !override.isEmpty {
            #expect(Store.defaultPath == override)
        } else {
            #expect(Store.defaultPath.hasSuffix("/.shortlist/shortlist.db"))
        }
    }
}
