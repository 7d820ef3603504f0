internal import Foundation

/// Runs `body` with a client for `configuration` and shuts the client down however `body` ends, in the manner
/// of async-http-client's `withHTTPClient`: no error path can leave a connection pool running.
///
/// ```swift
/// let models = try await withChatClient(configuration) { client in try await client.listModels() }
/// ```
package func withChatClient<Result: Sendable>(
    _ configuration: EndpointConfiguration,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    _ body: (ChatClient) async throws -> Result
) async throws -> Result {
    let client = try ChatClient(configuration: configuration, environment: environment)
    let result: Result
    do {
        result = try await body(client)
    } catch {
        await client.shutdown()
        throw error
    }
    await client.shutdown()
    return result
}
