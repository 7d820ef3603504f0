package import ShortlistEndpoint
package import ShortlistSupport

/// An evaluation suite: items to send to a model, each with the checks that grade its answer.
package struct Suite: Sendable {
    package var name: String
    package var description: String?
    package var items: [SuiteItem]
    /// Where the suite came from: a file path or `built-in`.
    package var source: String
    /// The first 16 hex digits of the SHA-256 of the suite's canonical content; changes with any
    /// prompt, parameter or check, so a resumed run can refuse a different suite.
    package var version: String

    package init(name: String, description: String?, items: [SuiteItem], source: String) {
        self.name = name
        self.description = description
        self.items = items
        self.source = source
        let canonical = JSONValue.array(items.map(\.canonical)).canonicalText
        self.version = String(SHA256.hex("\(name)\n\(canonical)").prefix(16))
    }

    package func item(id: String) -> SuiteItem? { items.first { $0.id == id } }

    /// Whether any check calls a model, so grading needs a judge.
    package var needsJudge: Bool { items.contains { item in item.checks.contains { $0.check.locality == .remote } } }
}

/// One prompt (single- or multi-turn) and how to grade the answer.
package struct SuiteItem: Sendable {
    package var id: String
    /// The conversation sent to the model; it ends with a user message.
    package var messages: [ChatMessage]
    package var sampling: SamplingParameters
    package var checks: [CheckSpec]
    package var tags: [String]
    package var category: String?
    /// An optional reference answer, shown in reports and available to checks.
    package var reference: String?

    package init(
        id: String,
        messages: [ChatMessage],
        sampling: SamplingParameters = SamplingParameters(),
        checks: [CheckSpec] = [],
        tags: [String] = [],
        category: String? = nil,
        reference: String? = nil
    ) {
        self.id = id
        self.messages = messages
        self.sampling = sampling
        self.checks = checks
        self.tags = tags
        self.category = category
        self.reference = reference
    }

    /// Everything that defines the item, as JSON with sorted keys.
    var canonical: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id),
            "messages": .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
            "sampling": ChatRequest(model: "", messages: [], sampling: sampling, stream: false).body,
            "checks": .array(checks.map { .object(["kind": .string($0.kind), "arguments": $0.arguments]) }),
            "tags": .array(tags.map { .string($0) }),
        ]
        if let category { fields["category"] = .string(category) }
        if let reference { fields["reference"] = .string(reference) }
        return .object(fields)
    }
}

/// A check as written in a suite (its kind and arguments) and the grader built from it.
package struct CheckSpec: Sendable {
    package var kind: String
    package var arguments: JSONValue
    package var check: any Check

    /// The name grades are stored under, unique within an item: `kind#index`.
    package func name(index: Int) -> String { "\(kind)#\(index)" }
}
