import Foundation
import ShortlistIFEval
import ShortlistTestSupport
import Testing

/// The GPT-4 responses scored against Google's published outputs, line for line and variant for variant.
@Suite struct IFEvalReferenceTests {
    static let prompts = IFEval.prompts

    static func responses() throws -> [String] {
        let path = "data/ifeval/input_response_data_gpt4_20231107_145030.jsonl"
        let text = try String(contentsOf: RepositoryPaths.file(path), encoding: .utf8)
        return try IFEvalResponses.parse(jsonl: text, file: path).matched(to: prompts)
    }

    /// Instruction ids whose verdicts need the real Punkt and word tokenizer ports (langdetect is merged).

    @Test func embeddedPromptsAre541With834Instructions() {
        #expect(Self.prompts.count == 541)
        #expect(Self.prompts.reduce(0) { $0 + $1.instructions.count } == 834)
        #expect(Set(Self.prompts.flatMap(\.instructionIDs)) == Set(IFEvalInstruction.registry))
    }

    @Test(arguments: IFEvalMode.allCases)
    func outputFileMatchesReferenceByteForByte(mode: IFEvalMode) async throws {
        let responses = try Self.responses()
        let outcomes = await IFEval.evaluate(prompts: Self.prompts, responses: responses, jobs: 2)
        let ours = IFEvalOutputWriter.contents(
            prompts: Self.prompts,
            responses: responses,
            outcomes: outcomes,
            mode: mode
        )
        let reference = try Data(contentsOf: RepositoryPaths.file("data/ifeval/\(IFEvalOutputWriter.fileName(mode))"))
        let ourLines = String(decoding: ours, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let referenceLines = String(decoding: reference, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(ourLines.count == referenceLines.count)
        var differing: [String] = []
        for (index, (ours, theirs)) in zip(ourLines, referenceLines).enumerated() where ours != theirs {
            let prompt = Self.prompts[index]
            let expected = try Self.verdicts(in: String(theirs))
            let got = outcomes[index].verdicts(mode)
            let mismatched = prompt.instructions.indices.filter { $0 >= expected.count || expected[$0] != got[$0] }
            let ids = mismatched.map { prompt.instructions[$0].id }
            if !ids.isEmpty {
                let measured = mismatched.map { position in
                    IFEval.explain(prompt: prompt, response: responses[index]).instructions[position].variants
                        .map { $0.measurement?.description ?? "-" }.joined(separator: " | ")
                }
                differing.append("key \(prompt.key): \(ids) ours \(got) reference \(expected); measured \(measured)")
            }
        }
        #expect(differing.isEmpty, "\(differing.count) lines differ; first: \(differing.first ?? "")")
        #expect(ours == Array(reference))
    }

    static func verdicts(in line: String) throws -> [Bool] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return try #require(object["follow_instruction_list"] as? [Bool])
    }

    @Test func accuraciesMatchTheReference() async throws {
        let outcomes = await IFEval.evaluate(prompts: Self.prompts, responses: try Self.responses(), jobs: 1)
        let scores = IFEvalScores(prompts: Self.prompts, outcomes: outcomes)
        #expect(scores.promptStrict.total == 541)
        #expect(scores.instructionStrict.total == 834)
        #expect(scores.byInstruction.count == 25)
        let expected: [String: (Int, Int)] = [
            "change_case:capital_word_frequency": (17, 19), "change_case:english_capital": (19, 19),
            "change_case:english_lowercase": (36, 37), "combination:repeat_prompt": (26, 26),
            "combination:two_responses": (22, 24), "detectable_content:number_placeholders": (25, 25),
            "detectable_content:postscript": (26, 26), "detectable_format:constrained_response": (8, 8),
            "detectable_format:json_format": (17, 17), "detectable_format:multiple_sections": (13, 13),
            "detectable_format:number_bullet_lists": (27, 27),
            "detectable_format:number_highlighted_sections": (45, 45),
            "detectable_format:title": (37, 37), "keywords:existence": (38, 38), "keywords:forbidden_words": (42, 44),
            "keywords:frequency": (38, 39), "keywords:letter_frequency": (21, 21),
            "language:response_language": (30, 30),
            "length_constraints:nth_paragraph_first_word": (9, 11), "length_constraints:number_paragraphs": (23, 23),
            "length_constraints:number_sentences": (35, 35), "length_constraints:number_words": (37, 39),
            "punctuation:no_comma": (44, 48), "startend:end_checker": (22, 22), "startend:quotation": (41, 41),
        ]
        for breakdown in scores.byInstruction {
            let (strict, loose) = try #require(expected[breakdown.name])
            #expect(breakdown.strict.correct == strict, "\(breakdown.name) strict")
            #expect(breakdown.loose.correct == loose, "\(breakdown.name) loose")
        }
        #expect(scores.promptStrict == IFEvalFraction(correct: 417, total: 541))
        #expect(scores.instructionStrict == IFEvalFraction(correct: 698, total: 834))
        #expect(scores.promptLoose == IFEvalFraction(correct: 431, total: 541))
        #expect(scores.instructionLoose == IFEvalFraction(correct: 714, total: 834))
    }

    @Test func everyVariantVerdictMatchesReferenceDetails() throws {
        let responses = try Self.responses()
        let text = try String(
            contentsOf: RepositoryPaths.file("data/ifeval/reference_details_gpt4.jsonl"),
            encoding: .utf8
        )
        var differing: [String] = []
        var compared = 0
        for (index, line) in text.split(separator: "\n").enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let instructions = try #require(object["instructions"] as? [[String: Any]])
            let prompt = Self.prompts[index]
            #expect(object["key"] as? Int == prompt.key)
            let explanation = IFEval.explain(prompt: prompt, response: responses[index])
            for (position, reference) in instructions.enumerated() {
                let ours = explanation.instructions[position]
                let id = ours.id
                let expected = try #require(reference["variant_checks"] as? [Bool])
                let got = ours.variants.map(\.followed)
                compared += 1
                if expected != got || reference["strict"] as? Bool != ours.strict
                    || reference["loose"] as? Bool != ours.loose
                {
                    differing.append("key \(prompt.key) \(id): ours \(got) reference \(expected)")
                }
                if let measured = reference["measured_per_variant"] as? [Any] {
                    for (variant, value) in measured.enumerated() {
                        let mine = ours.variants[variant].measurement
                        if let count = value as? Int, mine != .count(count) {
                            differing.append(
                                "key \(prompt.key) \(id) variant \(variant + 1): measured \(mine?.description ?? "-") reference \(count)"
                            )
                        }
                    }
                }
            }
        }
        #expect(compared > 600)
        #expect(differing.isEmpty, "\(differing.count) differ: \(differing.prefix(5).joined(separator: "; "))")
    }
}
