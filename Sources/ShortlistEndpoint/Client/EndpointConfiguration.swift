package import Foundation

/// Where and how to reach an OpenAI-compatible endpoint.
///
/// The API key itself is never part of the configuration: only the name of the environment
/// variable that holds it, so a configuration can be logged, stored and exported safely.
package struct EndpointConfiguration: Sendable, Hashable, Codable {
    /// The API root, ending in `/v1` (added when the URL has no path).
    package var baseURL: String
    /// The environment variable holding the API key, sent as `Authorization: Bearer …`.
    package var apiKeyEnvironmentVariable: String?
    /// Extra request headers, such as an organisation id; their values are never logged or stored.
    package var headers: [String: String]
    package var timeouts: Timeouts
    package var retry: RetryPolicy
    /// Consecutive transport failures (after retries) that abort a run.
    package var circuitBreakerThreshold: Int

    package init(
        baseURL: String,
        apiKeyEnvironmentVariable: String? = nil,
        headers: [String: String] = [:],
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
        circuitBreakerThreshold: Int = 5
    ) {
        self.baseURL = Self.normalized(baseURL)
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.headers = headers
        self.timeouts = timeouts
        self.retry = retry
        self.circuitBreakerThreshold = circuitBreakerThreshold
    }

    /// `http://host:8000` and `http://host:8000/` become `http://host:8000/v1`; other paths are kept.
    package static func normalized(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        if let components = URLComponents(string: url), components.path.isEmpty { url += "/v1" }
        return url
    }

    /// The URL of an API path below the root, such as `chat/completions`.
    package func url(_ path: String) -> String { baseURL + "/" + path }

    /// The server root without the API version, for paths such as `/tokenize` or `/health`.
    package var serverRoot: String {
        guard var components = URLComponents(string: baseURL) else { return baseURL }
        components.path = ""
        return components.string ?? baseURL
    }

    /// A copy that is safe to store: extra header values are replaced by `<redacted>`.
    package var redacted: EndpointConfiguration {
        var copy = self
        copy.headers = headers.mapValues { _ in "<redacted>" }
        return copy
    }
}

/// Per-request time limits.
package struct Timeouts: Sendable, Hashable, Codable {
    /// Establishing the TCP connection.
    package var connect: Duration
    /// From sending the request to the first byte of the response.
    package var firstByte: Duration
    /// Between two chunks of a streamed response.
    package var idle: Duration
    /// The whole request, including every retry's own time but not the waits between retries.
    package var total: Duration

    package init(
        connect: Duration = .seconds(10),
        firstByte: Duration = .seconds(120),
        idle: Duration = .seconds(60),
        total: Duration = .seconds(600)
    ) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }
}

/// When and how long to wait before retrying a failed request.
package struct RetryPolicy: Sendable, Hashable, Codable {
    /// Attempts in all, the first one included.
    package var maxAttempts: Int
    package var baseDelay: Duration
    package var maxDelay: Duration
    /// The longest `Retry-After` honoured; a server asking for more fails the request instead.
    package var maxRetryAfter: Duration
    /// Random spread of each backoff delay, as a fraction (0.2 = ±20%).
    package var jitter: Double

    package init(
        maxAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(300),
        jitter: Double = 0.2
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    /// The exponential backoff before attempt `attempt + 1` (attempt counts from 1), before jitter.
    package func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let delay = baseDelay * (1 << exponent)
        return min(delay, maxDelay)
    }

    /// `backoff` spread by `jitter`, with `unit` a uniform random number in [0, 1).
    package func delay(afterAttempt attempt: Int, unit: Double) -> Duration {
        let base = backoff(afterAttempt: attempt)
        let factor = 1 + jitter * (2 * unit - 1)
        return base * factor
    }

    /// A `Retry-After` header value as a wait: delta-seconds, or an HTTP-date relative to `now`.
    package static func retryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        if let seconds = Double(trimmed), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) {
                let seconds = max(0, date.timeIntervalSince(now))
                return .milliseconds(Int64(seconds * 1000))
            }
        }
        return nil
    }
}
