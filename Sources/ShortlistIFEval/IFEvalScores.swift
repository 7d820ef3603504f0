/// A count of correct items out of a total, such as 417 of 541 prompts.
package struct IFEvalFraction: Sendable, Equatable, Codable, CustomStringConvertible {
    package var correct: Int
    package var total: Int

    /// Builds a fraction.
    package init(correct: Int, total: Int) {
        self.correct = correct
        self.total = total
    }

    /// `correct / total`, or 0 for an empty total.
    package var value: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    package var description: String { "\(correct)/\(total)" }
}

/// The four IFEval accuracies and their breakdowns, as `evaluation_main`'s report.
package struct IFEvalScores: Sendable, Equatable {
    /// Accuracy for one group of instructions (an id or a prefix such as `keywords`).
    package struct Breakdown: Sendable, Equatable, Codable {
        package var name: String
        package var strict: IFEvalFraction
        package var loose: IFEvalFraction
    }

    /// Prompts whose instructions all passed, strict.
    package var promptStrict: IFEvalFraction
    /// Instructions that passed, strict.
    package var instructionStrict: IFEvalFraction
    /// Prompts whose instructions all passed, loose.
    package var promptLoose: IFEvalFraction
    /// Instructions that passed, loose.
    package var instructionLoose: IFEvalFraction
    /// Per prefix (text before `:`), sorted by name.
    package var byPrefix: [Breakdown]
    /// Per full instruction id, sorted by name.
    package var byInstruction: [Breakdown]

    /// Scores the outcomes of `prompts`, which must be in the same order.
    package init(prompts: [IFEvalPrompt], outcomes: [IFEvalOutcome]) {
        var prompt: [IFEvalMode: Int] = [:]
        var instruction: [IFEvalMode: Int] = [:]
        var instructionTotal = 0
        var groups: [String: (strict: Int, loose: Int, total: Int)] = [:]
        var prefixes: [String: (strict: Int, loose: Int, total: Int)] = [:]
        for (item, outcome) in zip(prompts, outcomes) {
            for mode in IFEvalMode.allCases {
                let verdicts = outcome.verdicts(mode)
                if verdicts.allSatisfy({ $0 }) { prompt[mode, default: 0] += 1 }
                instruction[mode, default: 0] += verdicts.count { $0 }
            }
            instructionTotal += item.instructions.count
            for (index, instruction) in item.instructions.enumerated() {
                let strict = outcome.strict[index] ? 1 : 0
                let loose = outcome.loose[index] ? 1 : 0
                let prefix = String(instruction.id.prefix { $0 != ":" })
                groups[instruction.id, default: (0, 0, 0)].strict += strict
                groups[instruction.id, default: (0, 0, 0)].loose += loose
                groups[instruction.id, default: (0, 0, 0)].total += 1
                prefixes[prefix, default: (0, 0, 0)].strict += strict
                prefixes[prefix, default: (0, 0, 0)].loose += loose
                prefixes[prefix, default: (0, 0, 0)].total += 1
            }
        }
        func breakdowns(_ counts: [String: (strict: Int, loose: Int, total: Int)]) -> [Breakdown] {
            counts.sorted { $0.key < $1.key }.map {
                Breakdown(
                    name: $0.key,
                    strict: IFEvalFraction(correct: $0.value.strict, total: $0.value.total),
                    loose: IFEvalFraction(correct: $0.value.loose, total: $0.value.total)
                )
            }
        }
        promptStrict = IFEvalFraction(correct: prompt[.strict, default: 0], total: prompts.count)
        instructionStrict = IFEvalFraction(correct: instruction[.strict, default: 0], total: instructionTotal)
        promptLoose = IFEvalFraction(correct: prompt[.loose, default: 0], total: prompts.count)
        instructionLoose = IFEvalFraction(correct: instruction[.loose, default: 0], total: instructionTotal)
        byPrefix = breakdowns(prefixes)
        byInstruction = breakdowns(groups)
    }
}

/// Writes `eval_results_strict.jsonl` and `eval_results_loose.jsonl` byte for byte as `evaluation_lib.write_outputs`.
package enum IFEvalOutputWriter {
    /// The file name the reference uses for `mode`.
    package static func fileName(_ mode: IFEvalMode) -> String {
        "eval_results_\(mode.rawValue).jsonl"
    }

    /// The file's bytes: one `json.dumps` object per line (keys in `dir()` order, `ensure_ascii=True`), each ending in `\n`.
    package static func contents(
        prompts: [IFEvalPrompt],
        responses: [String],
        outcomes: [IFEvalOutcome],
        mode: IFEvalMode
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(responses.reduce(0) { $0 + $1.utf8.count } * 11 / 10 + prompts.count * 300)
        for (index, prompt) in prompts.enumerated() {
            let verdicts = outcomes[index].verdicts(mode)
            output += Array("{\"follow_all_instructions\": ".utf8)
            output += Array((verdicts.allSatisfy { $0 } ? "true" : "false").utf8)
            output += Array(", \"follow_instruction_list\": [".utf8)
            output += Array(verdicts.map { $0 ? "true" : "false" }.joined(separator: ", ").utf8)
            output += Array("], \"instruction_id_list\": [".utf8)
            for (position, id) in prompt.instructionIDs.enumerated() {
                if position > 0 { output += [0x2C, 0x20] }
                PythonJSON.quoted(id, into: &output)
            }
            output += Array("], \"prompt\": ".utf8)
            PythonJSON.quoted(prompt.prompt, into: &output)
            output += Array(", \"response\": ".utf8)
            PythonJSON.quoted(responses[index], into: &output)
            output += Array("}\n".utf8)
        }
        return output
    }
}
