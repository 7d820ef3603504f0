import ArgumentParser
import Foundation
import ShortlistEndpoint

/// How to reach an endpoint: authentication, headers, time limits, retries.
struct EndpointOptions: ParsableArguments {
    @Option(
        name: .customLong("api-key-env"),
        help: "Environment variable holding the API key (sent as a Bearer token; never logged or stored)."
    )
    var apiKeyEnvironmentVariable: String?

    @Option(
        name: .customLong("header"),
        help: "Extra request header 'Name: value' (repeatable; values are never stored)."
    )
    var headers: [String] = []

    @Option(help: "Seconds to establish a connection.")
    var connectTimeout = 10.0

    @Option(help: "Seconds from sending a request to the first byte of the answer.")
    var firstByteTimeout = 120.0

    @Option(help: "Seconds allowed between two chunks of a streamed answer.")
    var idleTimeout = 60.0

    @Option(help: "Seconds for one whole request.")
    var totalTimeout = 600.0

    @Option(help: "Attempts per request, the first included; 429, 5xx, connection errors and timeouts are retried.")
    var maxAttempts = 4

    @Option(help: "Stop the run after this many consecutive requests fail to reach the endpoint.")
    var circuitBreaker = 5

    func configuration(url: String) throws -> EndpointConfiguration {
        var parsedHeaders: [String: String] = [:]
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else {
                throw ValidationError("--header '\(header)' must look like 'Name: value'")
            }
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            parsedHeaders[name] = value
        }
        for (name, value) in [
            ("--connect-timeout", connectTimeout), ("--first-byte-timeout", firstByteTimeout),
            ("--idle-timeout", idleTimeout), ("--total-timeout", totalTimeout),
        ] where !(value > 0) {
            throw ValidationError("\(name) must be more than 0 seconds, not \(value)")
        }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard circuitBreaker >= 1 else { throw ValidationError("--circuit-breaker must be at least 1") }
        return EndpointConfiguration(
            baseURL: url,
            apiKeyEnvironmentVariable: apiKeyEnvironmentVariable,
            headers: parsedHeaders,
            timeouts: Timeouts(
                connect: .milliseconds(Int64(connectTimeout * 1000)),
                firstByte: .milliseconds(Int64(firstByteTimeout * 1000)),
                idle: .milliseconds(Int64(idleTimeout * 1000)),
                total: .milliseconds(Int64(totalTimeout * 1000))
            ),
            retry: RetryPolicy(maxAttempts: maxAttempts),
            circuitBreakerThreshold: circuitBreaker
        )
    }
}
