package import ShortlistSupport

/// Why a request to an endpoint failed.
package enum EndpointError: ShortlistError, Sendable, Equatable {
    /// The server answered with an error status.
    case http(status: Int, message: String, retryAfter: Duration?)
    /// The connection could not be made or broke (refused, reset, closed mid-response).
    case transport(String)
    /// A time limit ran out.
    case timeout(TimeoutKind)
    /// The server sent an error object in the middle of a stream.
    case streamError(ServerError)
    /// The response could not be read as a chat completion.
    case malformed(String)
    /// The stream ended without `[DONE]` or a finish reason.
    case truncated(receivedText: String)
    /// Too many consecutive transport failures: the endpoint looks down, so the run stops.
    case circuitOpen(failures: Int, last: String)
    /// The API key variable named in the configuration is not set.
    case missingAPIKey(variable: String)
    case invalidURL(String)
    case cancelled

    package enum TimeoutKind: String, Sendable, Equatable, Codable {
        case connect
        case firstByte = "first byte"
        case idle = "idle between chunks"
        case total
    }

    /// Whether trying again may help: 408, 409, 425, 429, 5xx, transport failures and timeouts.
    package var isRetryable: Bool {
        switch self {
        case .http(let status, _, _): [408, 409, 425, 429].contains(status) || (500...599).contains(status)
        case .transport, .timeout, .truncated: true
        case .streamError, .malformed, .circuitOpen, .missingAPIKey, .invalidURL, .cancelled: false
        }
    }

    /// Whether the failure says the endpoint is unreachable or unwell, for the circuit breaker.
    package var isTransportFailure: Bool {
        switch self {
        case .transport, .timeout, .truncated: true
        case .http(let status, _, _): (500...599).contains(status)
        default: false
        }
    }

    /// A bad URL or a missing API key variable is the user's to fix; the rest are failed runs.
    package var exitStatus: ExitStatus {
        switch self {
        case .invalidURL, .missingAPIKey: .usage
        default: .failure
        }
    }

    package var description: String {
        switch self {
        case .http(let status, let message, _):
            message.isEmpty
                ? "The server answered HTTP \(status)." : "The server answered HTTP \(status): \(message.prefix(300))"
        case .transport(let reason): "The connection failed: \(reason)."
        case .timeout(let kind): "The request timed out (\(kind.rawValue))."
        case .streamError(let error): "The server reported an error mid-stream: \(error.description)"
        case .malformed(let reason): "The response is malformed: \(reason)."
        case .truncated(let text): "The stream ended early, after \(text.count) characters."
        case .circuitOpen(let failures, let last):
            "\(failures) requests in a row could not reach the endpoint; it looks down. The last: \(last)"
        case .missingAPIKey(let variable): "The API key variable '\(variable)' is not set."
        case .invalidURL(let url): "The endpoint URL '\(url)' is invalid."
        case .cancelled: "The request was cancelled."
        }
    }
}
