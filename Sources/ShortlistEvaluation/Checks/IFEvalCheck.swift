internal import ShortlistCatalog
package import ShortlistEndpoint
package import ShortlistIFEval

/// `ifeval`: one IFEval instruction, judged exactly as Google's reference judges it.
///
/// `ifeval: {instruction: punctuation:no_comma}` or with the instruction's kwargs beside it:
/// `ifeval: {instruction: length_constraints:number_words, num_words: 300, relation: less than}`.
/// The verdict is the strict one; the detail also gives the loose verdict.
package struct IFEvalCheck: Check {
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
            let hint = Suggestions.closest(to: id, in: IFEvalInstruction.registry).first.map {
                " (did you mean '\($0)'?)"
            }
            throw CheckArgumentError("unknown IFEval instruction '\(id)'\(hint ?? "")")
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
        var fields = instruction.kwargs.mapValues(Self.json)
        fields["instruction"] = .string(instruction.id)
        return .object(fields)
    }

    package func grade(_ response: String, item: SuiteItem) -> CheckResult {
        let strict = IFEval.follows(instruction, IFEvalText(response))
        if strict { return .pass("followed (strict)") }
        let loose = IFEval.looseCandidates(response).dropFirst().contains { IFEval.follows(instruction, $0) }
        return .fail(loose ? "not followed strictly; followed loosely" : "not followed (strict or loose)")
    }

    static func value(_ json: JSONValue) -> IFEvalValue {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? .integer(Int(number)) : .double(number)
        case .string(let text): .string(text)
        case .array(let values): .array(values.map(value))
        case .object(let fields): .object(fields.mapValues(value))
        }
    }

    static func json(_ value: IFEvalValue) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let number): .number(Double(number))
        case .double(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let values): .array(values.map(json))
        case .object(let fields): .object(fields.mapValues(json))
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
