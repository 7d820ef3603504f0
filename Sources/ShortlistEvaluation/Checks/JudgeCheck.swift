internal import Foundation
internal import ShortlistEndpoint
internal import ShortlistSupport

/// `judge`: a model rates the answer 1–10 against a rubric, and the check passes at `pass_at` or above.
///
/// `judge: {rubric: "Polite, correct, and under 100 words.", pass_at: 7}`. The judge is asked greedily, with
/// the item's reference answer where the suite gives one, to end with its rating as `[[N]]`, the output
/// format of FastChat's MT-Bench judge; the rating is read with FastChat's two patterns (`[[N]]`, then
/// `[N]`). The judge's call is stored with the run, so `--regrade` re-uses it. The score on the judge's own
/// scale is kept in the grade's data (`score`), the verdict applies the suite's threshold.
package struct JudgeCheck: Check {
    package var rubric: String
    package var passAt: Double
    package var maxTokens: Int

    package init(rubric: String, passAt: Double = 7, maxTokens: Int = 512) {
        self.rubric = rubric
        self.passAt = passAt
        self.maxTokens = maxTokens
    }

    init(_ arguments: JSONValue) throws(CheckArgumentError) {
        let fields: [String: JSONValue]
        switch arguments {
        case .string(let rubric): fields = ["rubric": .string(rubric)]
        case .object(let object): fields = object
        default: throw CheckArgumentError("needs a rubric (a string) or {rubric, pass_at, max_tokens}")
        }
        if let unknown = fields.keys.sorted().first(where: { !["rubric", "pass_at", "max_tokens"].contains($0) }) {
            throw CheckArgumentError("unknown argument '\(unknown)'; expected rubric, pass_at or max_tokens")
        }
        guard let rubric = fields["rubric"]?.stringValue, !rubric.isEmpty else {
            throw CheckArgumentError("needs 'rubric': what a good answer does")
        }
        let passAt = fields["pass_at"]?.numberValue ?? 7
        guard (1...10).contains(passAt) else { throw CheckArgumentError("'pass_at' must be between 1 and 10") }
        let maxTokens = fields["max_tokens"]?.integerValue ?? 512
        guard maxTokens >= 16 else { throw CheckArgumentError("'max_tokens' must be at least 16") }
        self.init(rubric: rubric, passAt: passAt, maxTokens: maxTokens)
    }

    package var locality: CheckLocality { .remote }

    package var subject: String { "rubric: \(rubric)" }

    package func grade(_ response: String, context: CheckContext) async throws(CheckError) -> CheckResult {
        guard let judge = context.judge else { throw .noJudge }
        let request = ChatRequest(
            model: judge.model,
            messages: [.system(Self.systemPrompt), .user(prompt(response, item: context.item))],
            sampling: SamplingParameters(maxTokens: maxTokens, temperature: 0),
            stream: false
        )
        let answer = try await context.askJudge(request, kind: "judge")
        guard let score = Self.rating(in: answer) else {
            throw .unreadableAnswer("no rating in the form [[N]] in '\(answer.prefix(120))'")
        }
        let data: JSONValue = .object(["score": .number(score), "scale": .integer(10)])
        let detail = "judge rated \(Self.format(score))/10; passes at \(Self.format(passAt))"
        return CheckResult(verdict: score >= passAt ? .pass : .fail, score: score / 10, detail: detail, data: data)
    }

    static let systemPrompt = """
        Please act as an impartial judge and evaluate the response of an AI assistant to the user's request \
        against the rubric given. Begin with a short explanation. Be as objective as possible. Then rate the \
        response on a scale of 1 to 10 by strictly following this format: "[[rating]]", for example: \
        "Rating: [[5]]".
        """

    func prompt(_ response: String, item: SuiteItem) -> String {
        let question = item.messages.map { "\($0.role): \($0.content)" }.joined(separator: "\n")
        var text = "[Rubric]\n\(rubric)\n\n[Conversation]\n\(question)\n\n"
        if let reference = item.reference {
            text += "[The Start of Reference Answer]\n\(reference)\n[The End of Reference Answer]\n\n"
        }
        text += "[The Start of Assistant's Answer]\n\(response)\n[The End of Assistant's Answer]"
        return text
    }

    /// The rating as FastChat reads it: the first `[[N]]`, else the first `[N]`.
    static func rating(in answer: String) -> Double? {
        for pattern in [#"\[\[(\d+\.?\d*)\]\]"#, #"\[(\d+\.?\d*)\]"#] {
            guard let match = answer.range(of: pattern, options: .regularExpression) else { continue }
            let digits = answer[match].filter { $0.isNumber || $0 == "." }
            if let value = Double(digits) { return value }
        }
        return nil
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
