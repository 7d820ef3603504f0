internal import Foundation
package import ShortlistEndpoint
package import ShortlistStore
internal import ShortlistSupport
internal import Synchronization

/// Whether a check decides on its own or asks a model.
package enum CheckLocality: String, Sendable, Codable {
    /// Deterministic and free: a pattern, a schema, an IFEval instruction. Graded live during a run.
    case local
    /// Calls a model (a judge). Its calls are stored, so grading again re-uses them.
    case remote
}

/// The model a remote check asks: its client and served model name.
package struct JudgeEndpoint: Sendable {
    package var client: ChatClient
    package var model: String

    package init(client: ChatClient, model: String) {
        self.client = client
        self.model = model
    }
}

/// Everything a check may use besides the response: the item (with its reference answer), the judge, and the
/// run's stored remote calls.
package struct CheckContext: Sendable {
    package var item: SuiteItem
    package var judge: JudgeEndpoint?
    package var calls: RemoteCalls

    package init(item: SuiteItem, judge: JudgeEndpoint? = nil, calls: RemoteCalls = .none) {
        self.item = item
        self.judge = judge
        self.calls = calls
    }

    /// The item's reference answer, if the suite gives one.
    package var reference: String? { item.reference }

    /// Sends `request` to the judge, or returns the answer stored for the same request earlier in this run.
    package func askJudge(_ request: ChatRequest, kind: String) async throws(CheckError) -> String {
        guard let judge else { throw .noJudge }
        return try await calls.answer(to: request, kind: kind, via: judge)
    }
}

/// Why a check could not grade a response; the response gets an `error` grade with this text, except for
/// ``notAnswered``, which leaves the check ungraded until its call is made.
package enum CheckError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The check needs a judge and the run has none.
    case noJudge
    /// Grading was asked to use stored answers only and this call has none yet.
    case notAnswered
    /// The judge endpoint failed.
    case judgeFailed(EndpointError)
    /// The judge answered, but not in a form the check can read.
    case unreadableAnswer(String)

    package var description: String {
        switch self {
        case .noJudge: "The check needs a judge; pass '--judge-model' (and '--judge-endpoint' for another server)."
        case .notAnswered: "The judge has not answered yet."
        case .judgeFailed(let error): "The judge failed: \(error)"
        case .unreadableAnswer(let reason): "The judge's answer could not be read: \(reason)"
        }
    }
}

/// A run's remote calls (judge requests and answers), stored by request fingerprint like responses.
///
/// The first time a request is made its answer is stored; grading again finds it by fingerprint and sends
/// nothing, unless the policy asks to call again.
package final class RemoteCalls: Sendable {
    /// When a stored answer stands in for a call.
    package enum Policy: String, Sendable {
        /// Re-use a stored answer; call only when there is none.
        case reuse
        /// Call again and replace what is stored (`--rejudge`).
        case callAgain
        /// Never call: use stored answers, leave the rest ungraded (grading an interrupted run).
        case storedOnly
    }

    /// Calls made and answers re-used, for the summary and the tests.
    package struct Counts: Sendable, Equatable {
        package var sent = 0
        package var reused = 0
    }

    private let store: Store?
    private let runID: String
    private let policy: Policy
    private let counts = Mutex(Counts())

    /// No store: every call is made and nothing is kept (for checks used outside a run).
    package static var none: RemoteCalls { RemoteCalls(store: nil, runID: "", policy: .reuse) }

    package init(store: Store?, runID: String, policy: Policy) {
        self.store = store
        self.runID = runID
        self.policy = policy
    }

    package var current: Counts { counts.withLock { $0 } }

    /// The answer to `request` from `judge`: stored, or fetched and stored.
    package func answer(
        to request: ChatRequest,
        kind: String,
        via judge: JudgeEndpoint
    ) async throws(CheckError)
        -> String
    {
        let fingerprint = Self.fingerprint(request, endpoint: judge.client.configuration.baseURL)
        if policy != .callAgain, let store, let stored = try? store.remoteCall(runID: runID, fingerprint: fingerprint),
            let text = stored.text
        {
            counts.withLock { $0.reused += 1 }
            return text
        }
        if policy == .storedOnly { throw .notAnswered }
        counts.withLock { $0.sent += 1 }
        let result: ChatResult
        do {
            result = try await judge.client.complete(request)
        } catch {
            throw .judgeFailed(error)
        }
        if let store {
            let record = RemoteCallRecord(
                runID: runID,
                fingerprint: fingerprint,
                kind: kind,
                endpoint: judge.client.configuration.baseURL,
                request: request.body.canonicalText,
                text: result.text,
                promptTokens: result.usage?.promptTokens,
                completionTokens: result.usage?.completionTokens,
                latencyMs: result.timings.endMs,
                createdAt: .now
            )
            try? await store.saveRemoteCall(record)
        }
        return result.text
    }

    /// SHA-256 of the endpoint and the request (streaming flags aside): the same question to the same judge
    /// always has the same fingerprint.
    package static func fingerprint(_ request: ChatRequest, endpoint: String) -> String {
        var body = request.body
        if case .object(var fields) = body {
            fields["stream"] = nil
            fields["stream_options"] = nil
            fields["endpoint"] = .string(endpoint)
            body = .object(fields)
        }
        return SHA256.hex(body.canonicalText)
    }
}
