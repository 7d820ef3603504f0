import Foundation
import ShortlistIFEval
import ShortlistSupport

/// The `--json` shape of `ifeval score`.
struct IFEvalScoresView: Encodable {
    struct Accuracy: Encodable {
        var correct: Int
        var total: Int
        var accuracy: Double

        init(_ fraction: IFEvalFraction) {
            correct = fraction.correct
            total = fraction.total
            accuracy = fraction.value
        }
    }

    struct Group: Encodable {
        var name: String
        var strict: Accuracy
        var loose: Accuracy
    }

    var promptStrict: Accuracy
    var instructionStrict: Accuracy
    var promptLoose: Accuracy
    var instructionLoose: Accuracy
    var byPrefix: [Group]
    var byInstruction: [Group]
    var outputFiles: [String]

    init(_ scores: IFEvalScores, files: [String]) {
        promptStrict = Accuracy(scores.promptStrict)
        instructionStrict = Accuracy(scores.instructionStrict)
        promptLoose = Accuracy(scores.promptLoose)
        instructionLoose = Accuracy(scores.instructionLoose)
        let group = { (breakdown: IFEvalScores.Breakdown) in
            Group(name: breakdown.name, strict: Accuracy(breakdown.strict), loose: Accuracy(breakdown.loose))
        }
        byPrefix = scores.byPrefix.map(group)
        byInstruction = scores.byInstruction.map(group)
        outputFiles = files
    }
}

/// The `--json` shape of `ifeval explain`.
struct IFEvalExplanationView: Encodable {
    struct Variant: Encodable {
        var name: String
        var followed: Bool
        var blank: Bool
        var measured: String?
    }

    struct Instruction: Encodable {
        var instructionId: String
        var kwargs: [String: JSONValue]
        var strict: Bool
        var loose: Bool
        var variants: [Variant]
    }

    var key: Int
    var prompt: String
    var instructions: [Instruction]

    init(_ explanation: IFEvalExplanation) {
        key = explanation.key
        prompt = explanation.prompt
        instructions = explanation.instructions.map { instruction in
            Instruction(
                instructionId: instruction.id,
                kwargs: instruction.kwargs,
                strict: instruction.strict,
                loose: instruction.loose,
                variants: zip(IFEvalExplanation.variantNames, instruction.variants).map { name, variant in
                    Variant(
                        name: name,
                        followed: variant.followed,
                        blank: variant.isBlank,
                        measured: variant.measurement?.description
                    )
                }
            )
        }
    }
}

/// Terminal text for the `ifeval` commands.
enum IFEvalText {
    static func percent(_ fraction: IFEvalFraction) -> String {
        "\(String(format: "%.6f", fraction.value)) (\(fraction.correct)/\(fraction.total))"
    }

    static func scores(_ scores: IFEvalScores, prompts: Int, files: [String]) -> String {
        var summary = TextTable([("", .left), ("strict", .right), ("loose", .right)])
        summary.add(["prompt-level", percent(scores.promptStrict), percent(scores.promptLoose)])
        summary.add(["instruction-level", percent(scores.instructionStrict), percent(scores.instructionLoose)])
        func table(_ title: String, _ groups: [IFEvalScores.Breakdown]) -> String {
            var table = TextTable([(title, .left), ("n", .right), ("strict", .right), ("loose", .right)])
            for group in groups {
                table.add([
                    group.name, String(group.strict.total), String(format: "%.4f", group.strict.value),
                    String(format: "%.4f", group.loose.value),
                ])
            }
            return table.render()
        }
        return """
            IFEval: \(prompts) prompts, \(scores.instructionStrict.total) instructions
            \(summary.render())

            \(table("prefix", scores.byPrefix))

            \(table("instruction", scores.byInstruction))

            wrote \(files.joined(separator: ", "))
            """
    }

    static func explanation(_ explanation: IFEvalExplanation) -> String {
        let firstLine = explanation.prompt.prefix { $0 != "\n" }
        var lines = [
            "prompt \(explanation.key): \(firstLine.count > 100 ? firstLine.prefix(100) + "…" : firstLine)"
        ]
        for (index, instruction) in explanation.instructions.enumerated() {
            let kwargs = instruction.kwargs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            lines.append("")
            lines.append(
                "\(index + 1). \(instruction.id) \(kwargs.isEmpty ? "" : "(\(kwargs.joined(separator: ", "))) ")"
                    + "strict: \(verdict(instruction.strict)), loose: \(verdict(instruction.loose))"
            )
            var table = TextTable([("  variant", .left), ("verdict", .left), ("measured", .left)])
            for (name, variant) in zip(IFEvalExplanation.variantNames, instruction.variants) {
                table.add([
                    "  \(name)", variant.isBlank ? "fail (blank)" : verdict(variant.followed),
                    variant.measurement?.description ?? "-",
                ])
            }
            lines.append(table.render())
        }
        return lines.joined(separator: "\n")
    }

    static func verdict(_ followed: Bool) -> String { followed ? "pass" : "fail" }
}
