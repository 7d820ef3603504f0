import ArgumentParser
import Foundation
import ShortlistIFEval
import ShortlistSupport

/// Times IFEval scoring (strict and loose) of every prompt, single-threaded and parallel.
struct IFEvalBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ifeval",
        abstract: "Time IFEval strict+loose scoring of a responses file (loading excluded), 1 task and N tasks."
    )

    @OptionGroup var inputs: IFEvalInputOptions

    @Option(help: "Timed repetitions per mode; the median is reported.")
    var `repeat` = 5

    @Option(help: "Tasks for the parallel run (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print JSON.")
    var json = false

    struct Result: Encodable {
        var prompts: Int
        var instructions: Int
        var repeats: Int
        var jobs: Int
        var singleThreadedMedianMs: Double
        var parallelMedianMs: Double
        var promptStrictCorrect: Int
    }

    func validate() throws {
        guard `repeat` > 0, jobs > 0 else { throw ValidationError("'--repeat' and '--jobs' must be positive.") }
    }

    func run() async throws {
        let prompts = try inputs.loadPrompts()
        let responses = try inputs.loadResponses(for: prompts)
        func median(jobs: Int) async -> (Double, [IFEvalOutcome]) {
            var samples: [Double] = []
            var outcomes: [IFEvalOutcome] = []
            for _ in 0..<`repeat` {
                let start = ContinuousClock.now
                outcomes = await IFEval.evaluate(prompts: prompts, responses: responses, jobs: jobs)
                let elapsed = ContinuousClock.now - start
                samples.append(elapsed.milliseconds)
            }
            return (samples.sorted()[samples.count / 2], outcomes)
        }
        let (single, outcomes) = await median(jobs: 1)
        let (parallel, _) = await median(jobs: jobs)
        let scores = IFEvalScores(prompts: prompts, outcomes: outcomes)
        let result = Result(
            prompts: prompts.count,
            instructions: scores.instructionStrict.total,
            repeats: `repeat`,
            jobs: jobs,
            singleThreadedMedianMs: single,
            parallelMedianMs: parallel,
            promptStrictCorrect: scores.promptStrict.correct
        )
        if json { return try JSONOutput.print(result) }
        print(
            "ifeval strict+loose over \(prompts.count) prompts: single-threaded median \(String(format: "%.1f", single)) ms, "
                + "\(jobs) tasks median \(String(format: "%.1f", parallel)) ms over \(`repeat`) runs; "
                + "prompt-level strict \(scores.promptStrict)"
        )
    }
}
