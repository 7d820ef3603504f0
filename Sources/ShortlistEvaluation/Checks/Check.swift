internal import ShortlistEndpoint
package import ShortlistSupport

/// A grader for one response.
///
/// Checks are pluggable: each kind registers a factory in `CheckRegistry` that builds it from the arguments
/// written in a suite. Grading is asynchronous and may fail, since a remote check (a judge) calls a model;
/// the context carries the judge, the run's stored remote calls and the item with its reference answer.
/// Deterministic checks conform to ``LocalCheck`` and write only the synchronous ``LocalCheck/evaluate(_:item:)``.
package protocol Check: Sendable {
    /// Whether the check decides on its own or calls a model.
    var locality: CheckLocality { get }
    /// What the check checks, for people reading results: an IFEval instruction id, a pattern, a rubric.
    var subject: String { get }
    /// Grades `response`; throws when the check cannot decide (no judge, an unreadable judge answer).
    func grade(_ response: String, context: CheckContext) async throws(CheckError) -> CheckResult
}

/// A deterministic, free check: the verdict follows from the response and the item alone.
package protocol LocalCheck: Check {
    func evaluate(_ response: String, item: SuiteItem) -> CheckResult
}

extension LocalCheck {
    package var locality: CheckLocality { .local }

    package func grade(_ response: String, context: CheckContext) async throws(CheckError) -> CheckResult {
        evaluate(response, item: context.item)
    }
}

/// The outcome of one check on one response.
package struct CheckResult: Sendable, Equatable {
    package enum Verdict: String, Sendable, Equatable, Codable {
        case pass, fail, error
    }

    package var verdict: Verdict
    /// A score in 0...1 where the check has one (1 for pass, 0 for fail otherwise).
    package var score: Double?
    /// What was measured, for people reading the report.
    package var detail: String
    /// Structured findings for later analysis (IFEval's loose verdict, a judge's raw score), stored with the grade.
    package var data: JSONValue?

    package init(verdict: Verdict, score: Double? = nil, detail: String, data: JSONValue? = nil) {
        self.verdict = verdict
        self.score = score ?? (verdict == .pass ? 1 : verdict == .fail ? 0 : nil)
        self.detail = detail
        self.data = data
    }

    package static func pass(_ detail: String) -> CheckResult { CheckResult(verdict: .pass, detail: detail) }
    package static func fail(_ detail: String) -> CheckResult { CheckResult(verdict: .fail, detail: detail) }
    package static func judged(_ passed: Bool, _ detail: String) -> CheckResult {
        CheckResult(verdict: passed ? .pass : .fail, detail: detail)
    }
}

/// Why a check's arguments were rejected; the suite loader adds the file, line and field.
package struct CheckArgumentError: Error, Sendable {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }
}

/// The kinds of check a suite may use, by name.
package struct CheckRegistry: Sendable {
    package typealias Factory = @Sendable (JSONValue) throws(CheckArgumentError) -> any Check

    private var factories: [String: Factory]

    package init(factories: [String: Factory] = [:]) {
        self.factories = factories
    }

    package var kinds: [String] { factories.keys.sorted() }

    package mutating func register(_ kind: String, factory: @escaping Factory) {
        factories[kind] = factory
    }

    package func factory(for kind: String) -> Factory? { factories[kind] }

    /// The checks every suite can use: the deterministic ones and the `judge`.
    package static let standard: CheckRegistry = {
        var registry = CheckRegistry()
        registry.register("contains") { arguments throws(CheckArgumentError) in
            try ContainsCheck(arguments, negated: false)
        }
        registry.register("not_contains") { arguments throws(CheckArgumentError) in
            try ContainsCheck(arguments, negated: true)
        }
        registry.register("equals") { arguments throws(CheckArgumentError) in try EqualsCheck(arguments) }
        registry.register("regex") { arguments throws(CheckArgumentError) in try RegexCheck(arguments) }
        registry.register("json_schema") { arguments throws(CheckArgumentError) in try JSONSchemaCheck(arguments) }
        registry.register("refusal") { arguments throws(CheckArgumentError) in try RefusalCheck(arguments) }
        registry.register("length") { arguments throws(CheckArgumentError) in try LengthCheck(arguments) }
        registry.register("ifeval") { arguments throws(CheckArgumentError) in try IFEvalCheck(arguments) }
        registry.register("judge") { arguments throws(CheckArgumentError) in try JudgeCheck(arguments) }
        return registry
    }()
}
