import ArgumentParser
import Foundation
import ShortlistIFEval

/// `shortlist ifeval`: scores existing responses with Google's IFEval rules, offline.
struct IFEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ifeval",
        abstract: "Score responses on IFEval, verdict for verdict as Google's reference code.",
        discussion: """
            IFEval (Zhou et al. 2023) checks 25 kinds of verifiable instructions ("no commas", "at least 300 \
            words", "answer in Hindi"). 'score' reads a JSON Lines file of {"prompt", "response"} objects, \
            writes eval_results_strict.jsonl and eval_results_loose.jsonl byte-compatible with Google's \
            evaluation_main.py, and prints the four accuracies. 'explain' shows, for one prompt, every \
            instruction's verdict in strict mode and in each of the 8 loose variants, with the measured \
            quantity (word count, sentence count, detected language...).
            """,
        subcommands: [IFEvalScoreCommand.self, IFEvalExplainCommand.self]
    )
}

/// Options shared by `score` and `explain`: where prompts and responses come from.
struct IFEvalInputOptions: ParsableArguments {
    @Option(help: "input_data.jsonl with key, prompt, instruction_id_list, kwargs (default: the embedded 541 prompts).")
    var input: String?

    @Option(help: "JSON Lines file of {\"prompt\", \"response\"}; matched to the input by exact prompt text.")
    var responses: String

    /// The prompts: the file given with `--input`, or the embedded ones.
    func loadPrompts() throws -> [IFEvalPrompt] {
        guard let input else { return try IFEval.embeddedPrompts() }
        return try IFEvalPrompt.parse(jsonl: try Self.read(input), file: input)
    }

    /// The response text for each prompt, in order.
    func loadResponses(for prompts: [IFEvalPrompt]) throws -> [String] {
        try IFEvalResponses.parse(jsonl: try Self.read(responses), file: responses).matched(to: prompts)
    }

    static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw IFEvalError.unreadable(file: path, reason: "no such file, or not UTF-8.")
        }
    }
}

/// `shortlist ifeval score`: the four accuracies, breakdowns and the reference's two output files.
struct IFEvalScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score responses and write eval_results_strict.jsonl and eval_results_loose.jsonl.",
        discussion: """
            Every input prompt needs a response (exit 65 names the first missing key); when a prompt appears \
            twice in the responses file, the later line wins, as in the reference.

            EXAMPLES
              shortlist ifeval score --responses responses.jsonl --output-dir results
              shortlist ifeval score --input input_data.jsonl --responses responses.jsonl --json
            """
    )

    @OptionGroup var inputs: IFEvalInputOptions

    @Option(help: "Folder for eval_results_strict.jsonl and eval_results_loose.jsonl (created if needed).")
    var outputDir = "."

    @Option(help: "Concurrent scoring tasks (1 = single-threaded; default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard jobs > 0 else { throw ValidationError("'--jobs' must be at least 1.") }
    }

    func run() async throws {
        let prompts = try inputs.loadPrompts()
        let responses = try inputs.loadResponses(for: prompts)
        let outcomes = await IFEval.evaluate(prompts: prompts, responses: responses, jobs: jobs)
        let scores = IFEvalScores(prompts: prompts, outcomes: outcomes)
        let directory = URL(fileURLWithPath: outputDir, isDirectory: true)
        var written: [String] = []
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for mode in IFEvalMode.allCases {
                let url = directory.appendingPathComponent(IFEvalOutputWriter.fileName(mode))
                let bytes = IFEvalOutputWriter.contents(
                    prompts: prompts,
                    responses: responses,
                    outcomes: outcomes,
                    mode: mode
                )
                try Data(bytes).write(to: url)
                written.append(url.path)
            }
        } catch {
            throw OutputError(description: "cannot write to '\(outputDir)': \(error.localizedDescription)")
        }
        if json { return try JSONOutput.print(IFEvalScoresView(scores, files: written)) }
        print(IFEvalText.scores(scores, prompts: prompts.count, files: written))
    }
}

/// `shortlist ifeval explain KEY`: one prompt's verdicts per instruction and loose variant.
struct IFEvalExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show one prompt's verdicts in strict mode and each loose variant, with measured values.",
        discussion: """
            EXAMPLES
              shortlist ifeval explain 1000 --responses responses.jsonl
            """
    )

    @Argument(help: "The prompt's key in the input file.")
    var key: Int

    @OptionGroup var inputs: IFEvalInputOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let prompts = try inputs.loadPrompts()
        guard let prompt = prompts.first(where: { $0.key == key }) else { throw IFEvalError.unknownKey(key) }
        let responses = try inputs.loadResponses(for: [prompt])
        let explanation = IFEval.explain(prompt: prompt, response: responses[0])
        if json { return try JSONOutput.print(IFEvalExplanationView(explanation)) }
        print(IFEvalText.explanation(explanation))
    }
}
