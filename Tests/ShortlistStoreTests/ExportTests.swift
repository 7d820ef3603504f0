import Foundation
import ShortlistStore
import ShortlistTestSupport
import Testing

@Suite struct ExportTests {
    static let awkwardText = "Hello, \"world\".\nSecond line, with comma"

    /// A store holding one run: item `a` graded twice, item `b` errored and ungraded.
    static func makeRun() throws -> (store: Store, run: RunRecord, directory: URL) {
        let (store, _) = try Fixtures.makeStore()
        let run = Fixtures.run()
        try store.createRun(run)
        try store.insertResponse(Fixtures.response(item: "a", text: awkwardText))
        try store.insertResponse(Fixtures.response(item: "b", error: "HTTP 503: upstream, \"busy\""))
        try store.replaceGrades(
            runID: run.id,
            grades: [
                Fixtures.grade(item: "a", check: "contains#0", verdict: .pass, score: 1, detail: "found \"world\""),
                Fixtures.grade(item: "a", check: "length#1", verdict: .fail, score: 0.5),
            ]
        )
        return (store, run, try RepositoryPaths.temporaryDirectory("shortlist-export"))
    }

    @Test func jsonlHasOneObjectPerResponseWithNestedGrades() throws {
        let (store, run, directory) = try Self.makeRun()
        let url = directory.appendingPathComponent("run.jsonl")

        try store.export(runID: run.id, format: .jsonl, to: url)

        let lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        #expect(lines.count == 3 && lines[2].isEmpty)  // two objects, each ended by a newline
        let objects = try lines.prefix(2).map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let a = objects[0]
        #expect(a["run_id"] as? String == run.id)
        #expect(a["item_id"] as? String == "a")
        #expect(a["repeat_index"] as? Int == 0)
        #expect(a["fingerprint"] as? String == "fp-a-0")
        #expect(a["text"] as? String == Self.awkwardText)
        #expect(a["finish_reason"] as? String == "stop")
        #expect(a["prompt_tokens"] as? Int == 12)
        #expect(a["completion_tokens"] as? Int == 5)
        #expect(a["latency_ms"] as? Double == 120.5)
        #expect(a["ttft_ms"] as? Double == 80)
        #expect(a["attempts"] as? Int == 1)
        #expect(a["error"] is NSNull)
        #expect(a["verdict"] as? String == "fail")
        #expect(a["created_at"] as? String == "2026-11-28T22:18:01.250Z")
        let request = try #require(a["request"] as? [String: Any])
        #expect(request["temperature"] as? Int == 0)
        let timings = try #require(a["timings"] as? [String: Any])
        #expect(timings["end"] as? Int == 250_000_000)
        let grades = try #require(a["grades"] as? [[String: Any]])
        #expect(grades.map { $0["check"] as? String } == ["contains#0", "length#1"])
        #expect(grades.map { $0["verdict"] as? String } == ["pass", "fail"])
        #expect(grades.map { $0["score"] as? Double } == [1, 0.5])
        #expect(grades[0]["detail"] as? String == "found \"world\"")
        #expect(grades[1]["detail"] is NSNull)
        #expect(grades[0]["graded_at"] as? String == "2026-11-28T22:18:02.250Z")
        #expect(grades[0]["kind"] as? String != nil && grades[0]["index"] as? Int != nil)

        let b = objects[1]
        #expect(b["item_id"] as? String == "b")
        #expect(b["text"] is NSNull)
        #expect(b["error"] as? String == "HTTP 503: upstream, \"busy\"")
        #expect(b["attempts"] as? Int == 3)
        #expect(b["verdict"] is NSNull)
        #expect((b["grades"] as? [Any])?.isEmpty == true)
    }

    @Test func csvQuotesCommasQuotesAndNewlinesPerRFC4180() throws {
        let (store, run, directory) = try Self.makeRun()
        let url = directory.appendingPathComponent("run.csv")

        try store.export(runID: run.id, format: .csv, to: url)

        let content = try String(contentsOf: url, encoding: .utf8)
        #expect(content.contains("\"Hello, \"\"world\"\".\nSecond line, with comma\""))
        let rows = try CSV.parse(content)
        #expect(rows.count == 3)
        let header = rows[0]
        #expect(
            header == [
                "run_id", "item_id", "repeat_index", "fingerprint", "created_at", "attempts", "error",
                "finish_reason", "prompt_tokens", "completion_tokens", "latency_ms", "ttft_ms", "verdict", "checks",
                "checks_passed", "checks_failed", "check_errors", "grades", "text", "request", "timings",
            ]
        )
        func field(_ row: [String], _ name: String) throws -> String {
            row[try #require(header.firstIndex(of: name))]
        }
        let a = rows[1]
        #expect(a.count == header.count)
        #expect(try field(a, "run_id") == run.id)
        #expect(try field(a, "item_id") == "a")
        #expect(try field(a, "repeat_index") == "0")
        #expect(try field(a, "created_at") == "2026-11-28T22:18:01.250Z")
        #expect(try field(a, "attempts") == "1")
        #expect(try field(a, "error") == "")
        #expect(try field(a, "finish_reason") == "stop")
        #expect(try field(a, "prompt_tokens") == "12")
        #expect(try field(a, "latency_ms") == "120.5")
        #expect(try field(a, "verdict") == "fail")
        #expect(try field(a, "checks") == "2")
        #expect(try field(a, "checks_passed") == "1")
        #expect(try field(a, "checks_failed") == "1")
        #expect(try field(a, "check_errors") == "0")
        #expect(try field(a, "text") == Self.awkwardText)
        #expect(try field(a, "request") == Fixtures.response(item: "a").request)
        let grades = try JSONSerialization.jsonObject(with: Data(try field(a, "grades").utf8)) as? [[String: Any]]
        #expect(grades?.map { $0["check"] as? String } == ["contains#0", "length#1"])

        let b = rows[2]
        #expect(try field(b, "error") == "HTTP 503: upstream, \"busy\"")
        #expect(try field(b, "text") == "")
        #expect(try field(b, "verdict") == "")
        #expect(try field(b, "checks") == "0")
        #expect(try field(b, "grades") == "[]")
    }

    @Test func exportReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws {
        let (store, run, directory) = try Self.makeRun()
        let url = directory.appendingPathComponent("run.csv")
        try Data("old content".utf8).write(to: url)

        try store.export(runID: run.id, format: .csv, to: url)

        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("run_id,item_id"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["run.csv"])
    }

    @Test func exportOfAnUnknownRunSuggestsTheClosestId() throws {
        let (store, run, directory) = try Self.makeRun()
        let misspelt = String(run.id.dropLast()) + "3"

        #expect(throws: StoreError.runNotFound(id: misspelt, suggestions: [run.id])) {
            try store.export(runID: misspelt, format: .jsonl, to: directory.appendingPathComponent("x.jsonl"))
        }
    }
}

/// A strict RFC 4180 reader for checking exports: quoted fields, doubled quotes, CRLF row ends.
enum CSV {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append(characters.removeFirst())
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(character)
                }
            } else if character == "\"" {
                guard field.isEmpty else { throw Malformed() }
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r" {
                guard characters.popFirst() == "\n" else { throw Malformed() }
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else if character == "\n" {
                throw Malformed()  // bare LF outside quotes: rows must end in CRLF
            } else {
                field.unicodeScalars.append(character)
            }
        }
        guard !quoted, row.isEmpty, field.isEmpty else { throw Malformed() }
        return rows
    }
}
