package import ShortlistSupport

/// IFEval scoring, verdict for verdict as Google's `evaluation_lib`: strict and loose, per instruction.
package enum IFEval {
    /// The 541 prompts of `data/ifeval/input_data.jsonl`, embedded in the binary.
    ///
    /// Empty only if the embedded file were malformed, which a test rules out.
    package static let prompts: [IFEvalPrompt] = (try? embeddedPrompts()) ?? []

    /// Parses the embedded `input_data.jsonl`.
    package static func embeddedPrompts() throws(IFEvalError) -> [IFEvalPrompt] {
        let path = "data/ifeval/input_data.jsonl"
        guard let text = IFEvalData.file(path) else { throw .unreadable(file: path, reason: "not embedded.") }
        return try IFEvalPrompt.parse(jsonl: text, file: path)
    }

    /// The 8 loose-mode candidates of the reference, in its order.
    ///
    /// They are the response, without `*`, without its first line, without its last line, without both,
    /// and the last three again without `*`; candidates 3 to 8 are stripped.
    package static func looseCandidates(_ response: String) -> [IFEvalText] {
        looseCandidates(scalars: PythonText.scalars(response))
    }

    /// The 8 loose-mode candidates of the response made of these code points.
    static func looseCandidates(scalars r: [Unicode.Scalar]) -> [IFEvalText] {
        let firstNewline = r.firstIndex(of: "\n")
        let lastNewline = r.lastIndex(of: "\n")
        let noFirst = firstNewline.map { PythonString.strip(r[($0 + 1)...]) } ?? []
        let noLast = lastNewline.map { PythonString.strip(r[..<$0]) } ?? []
        var noBoth: ArraySlice<Unicode.Scalar> = []
        if let firstNewline, let lastNewline, firstNewline < lastNewline {
            noBoth = PythonString.strip(r[(firstNewline + 1)..<lastNewline])
        }
        func removingStars(_ text: some Collection<Unicode.Scalar>) -> IFEvalText {
            var kept: [Unicode.Scalar] = []
            kept.reserveCapacity(text.count)
            for scalar in text where scalar != "*" { kept.append(scalar) }
            return IFEvalText(scalars: kept)
        }
        return [
            IFEvalText(scalars: r), removingStars(r),
            IFEvalText(scalars: noFirst), IFEvalText(scalars: noLast), IFEvalText(scalars: noBoth),
            removingStars(noFirst), removingStars(noLast), removingStars(noBoth),
        ]
    }

    /// The loose candidates after the first that can change a verdict, in reference order.
    ///
    /// Loose mode tries the candidates in order and stops at the first success, and it only tries them
    /// once the strict text (candidate 1) has failed. A blank candidate always fails, and a candidate equal to
    /// an earlier one fails too, since that one already failed; leaving both out keeps every verdict.
    static func distinctLooseCandidates(_ response: [Unicode.Scalar]) -> [IFEvalText] {
        let candidates = looseCandidates(scalars: response)
        var distinct: [IFEvalText] = []
        for (index, candidate) in candidates.enumerated().dropFirst() where !candidate.isBlank {
            let isRepeat = candidates[..<index].contains { $0.scalars == candidate.scalars }
            if !isRepeat { distinct.append(candidate) }
        }
        return distinct
    }

    /// Whether `instruction` is followed by `text`: `text.strip()` must be non-empty and the check must pass.
    package static func follows(_ instruction: IFEvalInstruction, _ text: IFEvalText) -> Bool {
        !text.isBlank && instruction.rule.check(text)
    }

    /// The strict and loose verdicts for each instruction of `prompt`.
    package static func evaluate(prompt: IFEvalPrompt, response: String) -> IFEvalOutcome {
        let text = IFEvalText(response)
        var candidates: [IFEvalText]?  // built only when some instruction fails strict
        var strict: [Bool] = []
        var loose: [Bool] = []
        for instruction in prompt.instructions {
            let strictVerdict = follows(instruction, text)
            strict.append(strictVerdict)
            guard !strictVerdict else {
                loose.append(true)
                continue
            }
            // Candidate 1 is the strict text, already failed; the first success ends the search.
            let loosened = candidates ?? distinctLooseCandidates(text.scalars)
            candidates = loosened
            loose.append(loosened.contains { instruction.rule.check($0) })
        }
        return IFEvalOutcome(strict: strict, loose: loose)
    }

    /// Evaluates every prompt with its response, on `jobs` concurrent tasks, in input order.
    package static func evaluate(prompts: [IFEvalPrompt], responses: [String], jobs: Int) async -> [IFEvalOutcome] {
        precondition(prompts.count == responses.count, "one response per prompt")
        let jobs = max(1, min(jobs, prompts.count))
        guard jobs > 1 else {
            return zip(prompts, responses).map { evaluate(prompt: $0, response: $1) }
        }
        // Interleaved chunks of a few prompts each balance the slow (langdetect, Punkt) prompts across tasks.
        let chunkSize = 8
        let chunks = stride(from: 0, to: prompts.count, by: chunkSize).map { $0..<min($0 + chunkSize, prompts.count) }
        return await withTaskGroup(of: (Range<Int>, [IFEvalOutcome]).self) { group in
            var results = [IFEvalOutcome](repeating: IFEvalOutcome(strict: [], loose: []), count: prompts.count)
            var next = 0
            func addChunk() {
                let range = chunks[next]
                next += 1
                group.addTask {
                    (range, range.map { evaluate(prompt: prompts[$0], response: responses[$0]) })
                }
            }
            while next < min(jobs, chunks.count) { addChunk() }
            for await (range, outcomes) in group {
                results.replaceSubrange(range, with: outcomes)
                if next < chunks.count { addChunk() }
            }
            return results
        }
    }

    /// Each instruction's verdict in strict mode and in each loose candidate, with what was measured.
    package static func explain(prompt: IFEvalPrompt, response: String) -> IFEvalExplanation {
        let candidates = looseCandidates(response)
        let instructions = prompt.instructions.map { instruction in
            let variants = candidates.map { candidate in
                IFEvalExplanation.Variant(
                    text: candidate.string,
                    followed: follows(instruction, candidate),
                    isBlank: candidate.isBlank,
                    measurement: instruction.rule.measure(candidate)
                )
            }
            return IFEvalExplanation.Instruction(
                id: instruction.id,
                kwargs: instruction.kwargs,
                strict: variants[0].followed,
                loose: variants.contains { $0.followed },
                variants: variants
            )
        }
        return IFEvalExplanation(key: prompt.key, prompt: prompt.prompt, response: response, instructions: instructions)
    }
}

/// The verdicts for one prompt: one Bool per instruction in strict and in loose mode.
package struct IFEvalOutcome: Sendable, Equatable {
    /// `follow_instruction_list` of `eval_results_strict.jsonl`.
    package var strict: [Bool]
    /// `follow_instruction_list` of `eval_results_loose.jsonl`.
    package var loose: [Bool]

    /// Builds an outcome from both lists.
    package init(strict: [Bool], loose: [Bool]) {
        self.strict = strict
        self.loose = loose
    }

    /// The verdicts of one mode.
    package func verdicts(_ mode: IFEvalMode) -> [Bool] {
        mode == .strict ? strict : loose
    }
}

/// The reference's two scoring modes.
package enum IFEvalMode: String, Sendable, CaseIterable, Codable {
    case strict
    case loose
}

/// Why each instruction of one prompt passed or failed, candidate by candidate.
package struct IFEvalExplanation: Sendable {
    /// One loose candidate's verdict.
    package struct Variant: Sendable {
        /// The candidate text.
        package var text: String
        /// Whether the instruction is followed on it (false for a blank candidate).
        package var followed: Bool
        /// Whether the candidate is blank after `strip()`, which fails it without checking.
        package var isBlank: Bool
        /// The quantity the check compares, if it counts something.
        package var measurement: IFEvalMeasurement?
    }

    /// One instruction's verdicts.
    package struct Instruction: Sendable {
        package var id: String
        package var kwargs: [String: JSONValue]
        package var strict: Bool
        package var loose: Bool
        /// The 8 loose candidates in reference order; the first is the strict text.
        package var variants: [Variant]
    }

    package var key: Int
    package var prompt: String
    package var response: String
    package var instructions: [Instruction]

    /// The names of the 8 loose candidates, in reference order.
    package static let variantNames = [
        "response", "no '*'", "no first line", "no last line", "no first/last line",
        "no first line, no '*'", "no last line, no '*'", "no first/last line, no '*'",
    ]
}
