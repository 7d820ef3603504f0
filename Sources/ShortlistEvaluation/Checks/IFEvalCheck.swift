internal import ShortlistEndpoint
package import ShortlistIFEval
package import ShortlistSupport

/// `ifeval`: one IFEval instruction, judged exactly as Google's reference judges it.
///
/// `ifeval: {instruction: punctuation:no_comma}` or with the instruction's kwargs beside it:
/// `ifeval: {instruction: length_constraints:number_words, num_words: 300, relation: less than}`.
/// The verdict is the strict one; the grade's data holds the loose one.
package struct IFEvalCheck: LocalCheck {
    package let instruction: IFEvalInstruction

    package init(_ instruction: IFEvalInstruction) {
        self.instruction = instruction
    }

    init(_ arguments: JSONValue) throws(CheckArgumentError) {
        guard case .object(var fields) = arguments, case .string(let id)? = fields.removeValue(forKey: "instruction")
        else {
            throw CheckArgumentError("needs 'instruction' (an IFEval instruction id) and its kwargs")
        }
        guard IFEvalInstruction.registry.contains(id) else {
            throw CheckArgumentError(
                "unknown IFEval instruction '\(id)'.\(Suggestions.didYouMean(id, in: IFEvalInstruction.registry))"
            )
        }
        do {
            instruction = try IFEvalInstruction(
                id: id,
                kwargs: fields.mapValues(Self.value),
                file: "",
                line: 0,
                field: ""
            )
        } catch {
            switch error {
            case .missingField(_, _, let field): throw CheckArgumentError("'\(id)' needs the kwarg '\(field)'")
            case .invalidField(_, _, let field, let value, let expected):
                throw CheckArgumentError("kwarg '\(field)' is '\(value)'; expected \(expected)")
            default: throw CheckArgumentError(error.description)
            }
        }
    }

    /// The arguments this check is written with in a suite.
    package var arguments: JSONValue {
        var fields = instruction.kwargs
        fields["instruction"] = .string(instruction.id)
        return .object(fields)
    }

    package var subject: String { instruction.id }

    /// The strict verdict; the detail names the instruction and what IFEval measured (a word count, the
    /// detected language) as `shortlist ifeval explain` does, and the data keeps the loose verdict.
    package func evaluate(_ response: String, item: SuiteItem) -> CheckResult {
        let text = IFEvalText(response)
        let strict = IFEval.follows(instruction, text)
        let loose = strict || IFEval.looseCandidates(response).dropFirst().contains { IFEval.follows(instruction, $0) }
        let measured = instruction.rule.measure(text).map { " (measured: \($0))" } ?? ""
        let verdict =
            strict ? "followed" : loose ? "not followed strictly; followed loosely" : "not followed (strict or loose)"
        var data: [String: JSONValue] = ["loose": .bool(loose)]
        if let measurement = instruction.rule.measure(text) { data["measured"] = .string(measurement.description) }
        return CheckResult(
            verdict: strict ? .pass : .fail,
            detail: "\(instruction.id): \(verdict)\(measured)",
            data: .object(data)
        )
    }

    /// A kwarg as IFEval reads it: a whole number written as `300.0` is the integer 300.
    static func value(_ json: JSONValue) -> JSONValue {
        switch json {
        case .double(let number) where number.rounded() == number && abs(number) < 1e15: .integer(Int(number))
        case .array(let values): .array(values.map(value))
        case .object(let fields): .object(fields.mapValues(value))
        default: json
        }
    }
}

extension BuiltInSuites {
    /// The IFEval suite: the 541 prompts, one `ifeval` check per instruction.
    ///
    /// Sampling follows lm-evaluation-harness's IFEval task: greedy, up to 1,280 new tokens.
    static func ifeval() -> Suite {
        let items = IFEval.prompts.map { prompt in
            SuiteItem(
                id: String(prompt.key),
                messages: [.user(prompt.prompt)],
                sampling: SamplingParameters(maxTokens: 1280, temperature: 0),
                checks: prompt.instructions.map { instruction in
                    let check = IFEvalCheck(instruction)
                    return CheckSpec(kind: "ifeval", arguments: check.arguments, check: check)
                },
                tags: Array(Set(prompt.instructions.map { String($0.id.split(separator: ":").first ?? "") })).sorted(),
                category: "ifeval"
            )
        }
        return Suite(
            name: "ifeval",
            description:
                "IFEval (Zhou et al. 2023): 541 prompts with verifiable instructions, scored as Google's reference.",
            items: items,
            source: "built-in"
        )
    }
}
