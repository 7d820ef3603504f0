package import ShortlistEndpoint
internal import ShortlistSupport
internal import Synchronization

/// How one evaluation run talks to its endpoint.
package struct EvaluationConfiguration: Sendable, Codable {
    /// Stored redacted: header values are replaced, and the API key is only ever named.
    package var endpoint: EndpointConfiguration
    package var model: String
    package var concurrency: Int
    package var repeats: Int
    package var stream: Bool
    /// Overrides applied on top of each item's sampling parameters.
    package var sampling: SamplingParameters
    /// The suite file's absolute path (`nil` for a built-in suite), so `--resume` finds it again.
    package var suitePath: String?
    /// Only the suite's first N items (a sample), or all when `nil`.
    package var itemLimit: Int?
    /// The model that grades remote checks, when the suite has any.
    package var judge: JudgeConfiguration?

    package init(
        endpoint: EndpointConfiguration,
        model: String,
        concurrency: Int = 4,
        repeats: Int = 1,
        stream: Bool = true,
        sampling: SamplingParameters = SamplingParameters()
    ) {
        self.endpoint = endpoint
        self.model = model
        self.concurrency = max(1, concurrency)
        self.repeats = max(1, repeats)
        self.stream = stream
        self.sampling = sampling
    }

    /// The request for one item.
    package func request(for item: SuiteItem) -> ChatRequest {
        ChatRequest(
            model: model,
            messages: item.messages,
            sampling: item.sampling.overridden(by: sampling),
            stream: stream,
            includeUsage: true
        )
    }

    /// A deterministic fingerprint of a request: endpoint, model, rendered messages, sampling and suite version.
    package func fingerprint(for item: SuiteItem, suiteVersion: String) -> String {
        var body = request(for: item).body
        if case .object(var fields) = body {
            fields["stream"] = nil
            fields["stream_options"] = nil
            fields["endpoint"] = .string(endpoint.baseURL)
            fields["suite_version"] = .string(suiteVersion)
            body = .object(fields)
        }
        return SHA256.hex(body.canonicalText)
    }
}

/// A request to stop a run: workers take no new items, in-flight requests finish and are stored.
package final class StopSignal: Sendable {
    private let requested = Mutex(false)

    package init() {}

    package var isRequested: Bool { requested.withLock { $0 } }

    package func request() { requested.withLock { $0 = true } }
}

/// Where a run stands, reported after every finished item.
package struct RunProgress: Sendable, Equatable {
    package var total: Int
    /// Items with a stored response, those from earlier sessions of a resumed run included.
    package var done: Int
    /// Items done in this session.
    package var doneThisSession: Int
    package var errors: Int
    /// Items whose every check passed, among `graded`.
    package var passed: Int
    package var graded: Int
    package var elapsedSeconds: Double

    /// Estimated seconds left, from this session's pace.
    package var etaSeconds: Double? {
        guard doneThisSession > 0 else { return nil }
        return elapsedSeconds / Double(doneThisSession) * Double(total - done)
    }

    package var passRate: Double? { graded > 0 ? Double(passed) / Double(graded) : nil }
}

/// Where the judge for remote checks runs: an endpoint (it may be another server than the one under test)
/// and its model.
package struct JudgeConfiguration: Sendable, Codable, Equatable {
    /// Stored redacted, like the run's endpoint.
    package var endpoint: EndpointConfiguration
    package var model: String

    package init(endpoint: EndpointConfiguration, model: String) {
        self.endpoint = endpoint
        self.model = model
    }
}
