import ArgumentParser
import Foundation
import ShortlistEndpoint
import ShortlistEvaluation
import ShortlistStore

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, show and export stored evaluation runs.",
        subcommands: [List.self, Show.self, Export.self]
    )

    struct StoreOption: ParsableArguments {
        @Option(help: "The SQLite store (default: $SHORTLIST_STORE or ~/.shortlist/shortlist.db).")
        var store: String?

        func open() throws -> Store { try Store(path: store ?? Store.defaultPath) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Runs, newest first.")

        @OptionGroup var store: StoreOption

        @Option(help: "Show at most this many runs.")
        var limit: Int?

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let runs = try store.open().runs(limit: limit)
            if json {
                try JSONOutput.print(runs.map(RunListEntry.init))
                return
            }
            guard !runs.isEmpty else {
                print("No runs yet. Start one with 'shortlist eval --endpoint URL --model M --suite smoke'.")
                return
            }
            var table = TextTable([
                ("run", .left), ("status", .left), ("suite", .left), ("model", .left), ("responses", .right),
                ("created", .left),
            ])
            for run in runs {
                table.add([
                    run.id, run.status.rawValue, run.suite ?? run.kind, run.model, run.itemCount.map { "\($0)" } ?? "-",
                    RunText.date(run.createdAt),
                ])
            }
            print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One run: configuration, probe, results per check, category and item."
        )

        @Argument(help: "The run id or a unique prefix.")
        var run: String

        @OptionGroup var store: StoreOption

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let opened = try store.open()
            let record = try opened.run(id: run)
            if record.kind == "engine-log" { return try EngineLogText.show(record, json: json) }
            let results = try RunResults.load(store: opened, runID: run)
            if json {
                try JSONOutput.print(RunView(results, detailed: true))
            } else {
                print(RunText.render(results, detailed: true))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a run's responses and grades as JSONL or CSV (docs/store.md lists the fields)."
        )

        @Argument(help: "The run id or a unique prefix.")
        var run: String

        @Option(help: "jsonl or csv.")
        var format = "jsonl"

        @Option(name: .shortAndLong, help: "The output file (default: <run>.<format> in the current folder).")
        var output: String?

        @OptionGroup var store: StoreOption

        func validate() throws {
            guard ["jsonl", "csv"].contains(format) else { throw ValidationError("--format must be jsonl or csv") }
        }

        func run() async throws {
            let store = try store.open()
            let record = try store.run(id: run)
            let path = output ?? "\(record.id).\(format)"
            try store.export(runID: record.id, format: format == "csv" ? .csv : .jsonl, to: URL(fileURLWithPath: path))
            FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
        }
    }
}

struct RunListEntry: Encodable {
    var id: String
    var kind: String
    var status: String
    var suite: String?
    var suiteVersion: String?
    var model: String
    var catalogModel: String?
    var endpoint: String
    var responses: Int?
    var createdAt: Date

    init(_ run: RunRecord) {
        id = run.id
        kind = run.kind
        status = run.status.rawValue
        suite = run.suite
        suiteVersion = run.suiteVersion
        model = run.model
        catalogModel = run.catalogModel
        endpoint = run.endpoint
        responses = run.itemCount
        createdAt = run.createdAt
    }
}

/// `runs show --json` and `eval --json`: a run's results with its stored settings decoded.
struct RunView: Encodable {
    var run: RunListEntry
    var results: RunResults
    var configuration: EvaluationConfiguration?
    var probe: ProbeReport?
    var versions: RunVersions?

    init(_ results: RunResults, detailed: Bool) {
        run = RunListEntry(results.run)
        var trimmed = results
        if !detailed { trimmed.items = [] }
        self.results = trimmed
        configuration = detailed ? try? results.run.configuration() : nil
        probe = detailed ? results.run.probeReport() : nil
        versions = results.run.runVersions()
    }
}

enum RunText {
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// Prints a finished session's results: a summary, or JSON.
    static func show(_ outcome: RunOutcome, json: Bool) throws {
        if json {
            try JSONOutput.print(RunView(outcome.results, detailed: false))
        } else {
            print(render(outcome.results, detailed: false))
            let calls = outcome.remoteCalls
            if calls.sent + calls.reused > 0 {
                print("Judge     \(calls.sent) calls made, \(calls.reused) stored answers re-used")
            }
        }
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }

    /// `61.5% (8/13, 95% CI 35.5–82.3%)`.
    static func proportion(_ summary: ProportionSummary) -> String {
        var text = "\(percent(summary.rate)) (\(summary.successes)/\(summary.trials)"
        if let interval = summary.interval {
            text += ", 95% CI \(String(format: "%.1f", interval.lowerBound * 100))–\(percent(interval.upperBound))"
        }
        return text + ")"
    }

    static func milliseconds(_ summary: LatencySummary) -> String? {
        guard let p50 = summary.p50, let p90 = summary.p90, let p99 = summary.p99 else { return nil }
        return String(format: "p50 %.0f, p90 %.0f, p99 %.0f ms (n=%d)", p50, p90, p99, summary.count)
    }

    static func render(_ results: RunResults, detailed: Bool) -> String {
        let run = results.run
        var lines = [
            "Run       \(run.id) (\(run.status.rawValue))",
            "Suite     \(run.suite ?? "-") @ \(run.suiteVersion ?? "-")",
            "Model     \(run.model) at \(run.endpoint)" + (run.catalogModel.map { " (catalog: \($0))" } ?? ""),
            "Responses \(results.responses)/\(results.planned ?? results.responses)"
                + (results.errors > 0 ? ", \(results.errors) failed" : ""),
        ]
        if results.passed.trials > 0 { lines.append("Passed    \(proportion(results.passed)) of graded responses") }
        if let total = milliseconds(results.latency.totalMs) { lines.append("Latency   \(total)") }
        if let ttft = milliseconds(results.latency.ttftMs) { lines.append("TTFT      \(ttft)") }
        if let tpot = milliseconds(results.latency.timePerOutputTokenMs) { lines.append("TPOT      \(tpot)") }
        if let ifeval = results.ifeval {
            lines.append(
                "IFEval    \(ifeval.prompts) prompts: prompt strict \(percent(ifeval.promptStrict.rate)), instruction "
                    + "strict \(percent(ifeval.instructionStrict.rate)), prompt loose "
                    + "\(percent(ifeval.promptLoose?.rate)), instruction loose \(percent(ifeval.instructionLoose?.rate))"
            )
        }
        for score in results.scores {
            lines.append(
                "Scores    \(score.kind): mean \(String(format: "%.2f", score.mean ?? 0)), median "
                    + "\(String(format: "%.1f", score.median ?? 0)) (n=\(score.count))"
            )
        }
        if !results.checkKinds.isEmpty {
            lines.append("")
            var table = TextTable([("check", .left), ("pass", .right), ("fail", .right), ("error", .right)])
            for row in results.checkKinds {
                table.add([row.kind, "\(row.passed)", "\(row.failed)", "\(row.errors)"])
            }
            lines.append(table.render())
        }
        guard detailed else { return lines.joined(separator: "\n") }
        for (title, groups) in [("category", results.categories), ("tag", results.tags)] where !groups.isEmpty {
            lines.append("")
            var table = TextTable([(title, .left), ("passed", .left)])
            for group in groups { table.add([group.name, proportion(group.passed)]) }
            lines.append(table.render())
        }
        if results.checkSubjects.count > 1 {
            lines.append("")
            var table = TextTable([("checked", .left), ("pass rate", .left), ("error", .right)])
            for subject in results.checkSubjects {
                table.add(["\(subject.kind): \(subject.subject)", proportion(subject.rate), "\(subject.errors)"])
            }
            lines.append(table.render())
        }
        if !results.items.isEmpty {
            lines.append("")
            var table = TextTable([("item", .left), ("result", .left), ("latency", .right), ("why", .left)])
            for row in results.items {
                let result = row.error != nil ? "error" : row.passed.map { $0 ? "pass" : "fail" } ?? "-"
                let latency = row.latencyMs.map { String(format: "%.0f ms", $0) } ?? "-"
                let why = row.error ?? row.failedChecks.map { "\($0.id): \($0.detail ?? "")" }.joined(separator: "; ")
                let name = row.repeatIndex > 0 ? "\(row.item) #\(row.repeatIndex + 1)" : row.item
                table.add([name, result, latency, String(why.prefix(120))])
            }
            lines.append(table.render())
        }
        return lines.joined(separator: "\n")
    }
}

/// `runs show` for a kept `fit --compare-log` comparison: the logged figures beside the prediction.
enum EngineLogText {
    static func show(_ run: RunRecord, json: Bool) throws {
        if json {
            FileHandle.standardOutput.write(Data((run.config + "\n").utf8))
            return
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(run.config.utf8))) as? [String: Any] ?? [:]
        var lines = [
            "\(run.id) (engine-log): \(run.catalogModel ?? run.model), \(run.endpoint.replacingOccurrences(of: "file://", with: ""))",
            "",
        ]
        var table = TextTable([
            ("FIGURE (LINE)", .left), ("LOGGED", .right), ("SHORTLIST", .right), ("DIFFERENCE", .right),
        ])
        for row in object["rows"] as? [[String: Any]] ?? [] {
            let logged = row["logged"] as? Double ?? 0
            let predicted = row["predicted"] as? Double ?? 0
            let difference = row["relative_difference"] as? Double ?? 0
            table.add([
                "\(row["figure"] as? String ?? "?") (\(row["line"] as? Int ?? 0))",
                String(format: "%g", logged), String(format: "%g", predicted),
                String(format: "%+.1f%%", difference * 100),
            ])
        }
        lines.append(table.render())
        print(lines.joined(separator: "\n"))
    }
}
