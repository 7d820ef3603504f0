package import ShortlistEndpoint

/// A grader for one response.
///
/// Checks are pluggable: each kind registers a factory in `CheckRegistry` that builds it from the
/// arguments written in a suite. Deterministic checks grade locally; judge checks (which call a
/// model) come later and conform to the same protocol.
package protocol Check: Sendable {
    func grade(_ response: String, item: SuiteItem) -> CheckResult
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

    package init(verdict: Verdict, score: Double? = nil, detail: String) {
        self.verdict = verdict
        self.score = score ?? (verdict == .pass ? 1 : verdict == .fail ? 0 : nil)
        self.detail = detail
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

    /// The deterministic checks every suite can use.
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
        return registry
    }()
}
