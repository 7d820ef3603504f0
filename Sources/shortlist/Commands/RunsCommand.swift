import ArgumentParser
import Foundation
import ShortlistIFEval
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
                    run.id, run.status.rawValue, run.suite, run.model, "\(run.itemCount)",
                    RunText.date(run.createdAt),
                ])
            }
            print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One run: configuration, probe, results per check and item."
        )

        @Argument(help: "The run id or a unique prefix.")
        var run: String

        @OptionGroup var store: StoreOption

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let store = try store.open()
            let view = try RunView(store: store, runID: try store.run(id: run).id, includeItems: true)
            if json {
                try JSONOutput.print(view)
            } else {
                print(RunText.render(view))
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
    var status: String
    var suite: String
    var suiteVersion: String
    var model: String
    var endpoint: String
    var responses: Int
    var createdAt: Date

    init(_ run: RunRecord) {
        id = run.id
        status = run.status.rawValue
        suite = run.suite
        suiteVersion = run.suiteVersion
        model = run.model
        endpoint = run.endpoint
        responses = run.itemCount
        createdAt = run.createdAt
    }
}

/// A run's results, computed from its stored responses and grades.
struct RunView: Encodable {
    struct CheckRow: Encodable {
        var check: String
        var passed: Int
        var failed: Int
        var errors: Int
    }

    struct ItemRow: Encodable {
        var item: String
        var repeatIndex: Int
        var passed: Bool?
        var error: String?
        var latencyMs: Double?
        var ttftMs: Double?
        var completionTokens: Int?
        var failedChecks: [String]
        var text: String?
    }

    var run: RunListEntry
    var planned: Int
    var responses: Int
    var errors: Int
    var itemsPassed: Int
    var itemsGraded: Int
    var passRate: Double?
    var medianLatencyMs: Double?
    var medianTTFTMs: Double?
    var checks: [CheckRow]
    var items: [ItemRow]?
    /// For runs of the built-in IFEval suite: the four accuracies as Google's reference computes them.
    var ifeval: IFEvalSummary?
    var probe: String?
    /// The run configuration as stored (redacted: header values replaced, the API key only named).
    var configuration: String?

    init(store: Store, runID: String, includeItems: Bool = false) throws {
        let record = try store.run(id: runID)
        let responses = try store.responses(runID: runID)
        let grades = try store.grades(runID: runID)
        run = RunListEntry(record)
        planned = record.itemCount
        self.responses = responses.count
        errors = responses.filter { $0.error != nil }.count
        var byKind: [String: CheckRow] = [:]
        var bySlot: [String: [GradeRecord]] = [:]
        for grade in grades {
            let kind = String(grade.check.split(separator: "#").first ?? Substring(grade.check))
            var row = byKind[kind] ?? CheckRow(check: kind, passed: 0, failed: 0, errors: 0)
            switch grade.verdict {
            case .pass: row.passed += 1
            case .fail: row.failed += 1
            case .error: row.errors += 1
            }
            byKind[kind] = row
            bySlot["\(grade.itemID)#\(grade.repeatIndex)", default: []].append(grade)
        }
        checks = byKind.values.sorted { $0.check < $1.check }
        var passed = 0
        var graded = 0
        var rows: [ItemRow] = []
        for response in responses {
            let slotGrades = bySlot["\(response.itemID)#\(response.repeatIndex)"] ?? []
            let itemPassed: Bool? = slotGrades.isEmpty ? nil : slotGrades.allSatisfy { $0.verdict == .pass }
            if let itemPassed {
                graded += 1
                if itemPassed { passed += 1 }
            }
            rows.append(
                ItemRow(
                    item: response.itemID,
                    repeatIndex: response.repeatIndex,
                    passed: itemPassed,
                    error: response.error,
                    latencyMs: response.latencyMs,
                    ttftMs: response.ttftMs,
                    completionTokens: response.completionTokens,
                    failedChecks: slotGrades.filter { $0.verdict != .pass }.map {
                        "\($0.check): \($0.detail ?? "")"
                    },
                    text: response.text
                )
            )
        }
        itemsPassed = passed
        itemsGraded = graded
        passRate = graded > 0 ? Double(passed) / Double(graded) : nil
        medianLatencyMs = Self.median(responses.compactMap(\.latencyMs))
        medianTTFTMs = Self.median(responses.compactMap(\.ttftMs))
        items = includeItems ? rows : nil
        ifeval = record.suite == "ifeval" ? IFEvalSummary(responses: responses) : nil
        probe = includeItems ? record.probe : nil
        configuration = includeItems ? record.config : nil
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// IFEval's four accuracies over a run's answered prompts (repeats count as separate prompts).
struct IFEvalSummary: Encodable {
    var prompts: Int
    var promptStrict: Double
    var instructionStrict: Double
    var promptLoose: Double
    var instructionLoose: Double

    init?(responses: [ResponseRecord]) {
        let byKey = Dictionary(IFEval.prompts.map { (String($0.key), $0) }, uniquingKeysWith: { first, _ in first })
        var prompts: [IFEvalPrompt] = []
        var outcomes: [IFEvalOutcome] = []
        for response in responses {
            guard response.error == nil, let prompt = byKey[response.itemID] else { continue }
            prompts.append(prompt)
            outcomes.append(IFEval.evaluate(prompt: prompt, response: response.text ?? ""))
        }
        guard !prompts.isEmpty else { return nil }
        let scores = IFEvalScores(prompts: prompts, outcomes: outcomes)
        self.prompts = prompts.count
        promptStrict = scores.promptStrict.value
        instructionStrict = scores.instructionStrict.value
        promptLoose = scores.promptLoose.value
        instructionLoose = scores.instructionLoose.value
    }
}

enum RunText {
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func render(_ view: RunView) -> String {
        var lines = [
            "Run       \(view.run.id) (\(view.run.status))",
            "Suite     \(view.run.suite) @ \(view.run.suiteVersion)",
            "Model     \(view.run.model) at \(view.run.endpoint)",
            "Responses \(view.responses)/\(view.planned)" + (view.errors > 0 ? ", \(view.errors) failed" : ""),
        ]
        if let rate = view.passRate {
            lines.append(
                "Passed    \(view.itemsPassed)/\(view.itemsGraded) graded responses (\(String(format: "%.1f", rate * 100))%)"
            )
        }
        if let latency = view.medianLatencyMs {
            var text = "Latency   median \(String(format: "%.0f", latency)) ms"
            if let ttft = view.medianTTFTMs { text += ", time to first token \(String(format: "%.0f", ttft)) ms" }
            lines.append(text)
        }
        if let ifeval = view.ifeval {
            let percent = { (value: Double) in String(format: "%.1f%%", value * 100) }
            lines.append(
                "IFEval    \(ifeval.prompts) prompts: prompt strict \(percent(ifeval.promptStrict)), instruction strict "
                    + "\(percent(ifeval.instructionStrict)), prompt loose \(percent(ifeval.promptLoose)), "
                    + "instruction loose \(percent(ifeval.instructionLoose))"
            )
        }
        if !view.checks.isEmpty {
            lines.append("")
            var table = TextTable([("check", .left), ("pass", .right), ("fail", .right), ("error", .right)])
            for row in view.checks { table.add([row.check, "\(row.passed)", "\(row.failed)", "\(row.errors)"]) }
            lines.append(table.render())
        }
        if let items = view.items, !items.isEmpty {
            lines.append("")
            var table = TextTable([("item", .left), ("result", .left), ("latency", .right), ("why", .left)])
            for row in items {
                let result = row.error != nil ? "error" : row.passed.map { $0 ? "pass" : "fail" } ?? "-"
                let latency = row.latencyMs.map { String(format: "%.0f ms", $0) } ?? "-"
                let why = row.error ?? row.failedChecks.joined(separator: "; ")
                let name = row.repeatIndex > 0 ? "\(row.item) #\(row.repeatIndex + 1)" : row.item
                table.add([name, result, latency, String(why.prefix(100))])
            }
            lines.append(table.render())
        }
        return lines.joined(separator: "\n")
    }
}
