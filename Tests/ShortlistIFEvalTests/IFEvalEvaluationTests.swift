import ShortlistIFEval
import ShortlistSupport
import Testing

/// Strict and loose evaluation, the empty-response rule, kwargs validation and the output format.
@Suite struct IFEvalEvaluationTests {
    static func prompt(_ ids: [String], _ kwargs: [[String: JSONValue]]) throws -> IFEvalPrompt {
        IFEvalPrompt(
            key: 1,
            prompt: "p",
            instructions: try zip(ids, kwargs).map { try IFEvalInstruction(id: $0, kwargs: $1) }
        )
    }

    @Test func looseCandidatesFollowReferenceOrder() {
        let candidates = IFEval.looseCandidates("Sure:\n*a*\nb\r\nend").map(\.string)
        #expect(
            candidates == [
                "Sure:\n*a*\nb\r\nend", "Sure:\na\nb\r\nend", "*a*\nb\r\nend", "Sure:\n*a*\nb", "*a*\nb",
                "a\nb\r\nend", "Sure:\na\nb", "a\nb",
            ]
        )
        #expect(IFEval.looseCandidates("one line").map(\.string) == ["one line", "one line", "", "", "", "", "", ""])
    }

    @Test func emptyResponseFailsEverythingEvenNoComma() throws {
        let prompt = try Self.prompt(["punctuation:no_comma"], [[:]])
        #expect(
            IFEval.evaluate(prompt: prompt, response: " \n\u{3000}") == IFEvalOutcome(strict: [false], loose: [false])
        )
        #expect(IFEval.evaluate(prompt: prompt, response: "fine") == IFEvalOutcome(strict: [true], loose: [true]))
    }

    @Test func looseDropsAnIntroLineAndStars() throws {
        let prompt = try Self.prompt(
            ["startend:quotation", "punctuation:no_comma"],
            [[:], [:]]
        )
        let outcome = IFEval.evaluate(prompt: prompt, response: "Here it is, quoted:\n\"text\"")
        #expect(outcome == IFEvalOutcome(strict: [false, false], loose: [true, true]))
        let explanation = IFEval.explain(prompt: prompt, response: "Here it is, quoted:\n\"text\"")
        #expect(
            explanation.instructions[0].variants.map(\.followed) == [
                false, false, true, false, false, true, false, false,
            ]
        )
        #expect(explanation.instructions[0].variants[3].isBlank == false)
    }

    @Test func scoresCountPromptsAndInstructions() throws {
        let prompt = try Self.prompt(["punctuation:no_comma", "startend:quotation"], [[:], [:]])
        let outcomes = [
            IFEvalOutcome(strict: [true, true], loose: [true, true]),
            IFEvalOutcome(strict: [true, false], loose: [true, true]),
        ]
        let scores = IFEvalScores(prompts: [prompt, prompt], outcomes: outcomes)
        #expect(scores.promptStrict == IFEvalFraction(correct: 1, total: 2))
        #expect(scores.instructionStrict == IFEvalFraction(correct: 3, total: 4))
        #expect(scores.promptLoose == IFEvalFraction(correct: 2, total: 2))
        #expect(scores.byPrefix.map(\.name) == ["punctuation", "startend"])
        #expect(scores.byInstruction.last?.strict == IFEvalFraction(correct: 1, total: 2))
    }

    @Test func outputLineUsesPythonJSONDumps() throws {
        let prompt = IFEvalPrompt(
            key: 7,
            prompt: "Say \"hi\"\n",
            instructions: [try IFEvalInstruction(id: "punctuation:no_comma", kwargs: [:])]
        )
        let bytes = IFEvalOutputWriter.contents(
            prompts: [prompt],
            responses: ["é😀\u{7F}\\/\t"],
            outcomes: [IFEvalOutcome(strict: [true], loose: [true])],
            mode: .strict
        )
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"follow_all_instructions": true, "follow_instruction_list": [true], "instruction_id_list": ["punctuation:no_comma"], "prompt": "Say \"hi\"\n", "response": "\u00e9\ud83d\ude00\u007f\\/\t"}"#
                + "\n"
        )
    }

    @Test func responsesMatchByExactPromptAndLaterDuplicateWins() throws {
        let text = """
            {"prompt": "p", "response": "first"}
            {"prompt": "p", "response": "second"}
            {"prompt": "e\\u0301", "response": "decomposed"}
            """
        let responses = try IFEvalResponses.parse(jsonl: text, file: "r.jsonl")
        #expect(responses[object: "p"] == "second")
        #expect(responses[object: "\u{E9}"] == nil)
        let missing = IFEvalPrompt(key: 42, prompt: "absent", instructions: [])
        #expect(throws: IFEvalError.missingResponse(file: "r.jsonl", key: 42, prompt: "absent")) {
            try responses.matched(to: [missing])
        }
    }

    @Test(arguments: [
        (
            #"{"key": 1, "prompt": "p", "instruction_id_list": ["keywords:nope"], "kwargs": [{}]}"#,
            "in.jsonl:1: field 'instruction_id_list': unknown instruction id 'keywords:nope'."
        ),
        (
            #"{"key": 1, "prompt": "p", "instruction_id_list": ["length_constraints:number_words"], "kwargs": [{"num_words": 5}]}"#,
            "in.jsonl:1: missing field 'kwargs[0].relation'."
        ),
        (
            #"{"key": 1, "prompt": "p", "instruction_id_list": ["length_constraints:number_words"], "kwargs": [{"num_words": "5", "relation": "at least"}]}"#,
            "in.jsonl:1: field 'kwargs[0].num_words' is '5'; expected an integer."
        ),
        (
            #"{"key": 1, "prompt": "p", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{"extra": 1}]}"#,
            "in.jsonl:1: field 'kwargs[0].extra' is '1'; expected no such kwarg for this instruction."
        ),
        (#"{"key": "1"}"#, "in.jsonl:1: field 'key' is '1'; expected an integer."),
        ("[1]", "in.jsonl:1: not a JSON object: found '[1]'."),
    ])
    func badInputNamesFileLineAndField(line: String, message: String) {
        #expect(throws: IFEvalError.self) { try IFEvalPrompt.parse(jsonl: line, file: "in.jsonl") }
        do {
            _ = try IFEvalPrompt.parse(jsonl: line, file: "in.jsonl")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func nullKwargsCountAsAbsent() throws {
        let line =
            #"{"key": 3, "prompt": "p", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{"num_words": null}]}"#
        let prompts = try IFEvalPrompt.parse(jsonl: line, file: "in.jsonl")
        #expect(prompts.first?.instructionIDs == ["punctuation:no_comma"])
    }
}
