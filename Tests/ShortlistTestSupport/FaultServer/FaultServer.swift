import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An in-process HTTP/1.1 server that answers each request with a scripted ``FaultResponse``.
///
/// It stands in for an OpenAI-compatible endpoint in tests (timeouts, retries, broken streams) and in the
/// harness's overhead benchmark, where ``FakeModel`` answers at zero delay. Connections are kept alive between
/// requests; responses without `Content-Length` are sent chunked. Every request is recorded in ``requests``.
///
/// ```swift
/// let busyThenFine = [FaultResponse.error(status: 503, message: "busy", retryAfter: "1"), .chatCompletion(content: "hi")]
/// let server = try await FaultServer.scripted(busyThenFine)
/// // … point the client at server.baseURL + "/v1", then check server.requests …
/// try await server.shutdown()
/// ```
package final class FaultServer: Sendable {
    /// A request handler: what to answer to one request.
    package typealias Handler = @Sendable (RecordedRequest) async -> FaultResponse

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// What the accept loop, the connections and the server object share.
    final class SharedState: Sendable {
        struct Value {
            var requests: [RecordedRequest] = []
            var connections: [ObjectIdentifier: any Channel] = [:]
            var isShutDown = false
        }

        let value = Mutex(Value())
    }

    private let serverChannel: any Channel
    private let acceptLoop: Task<Void, Never>
    private let box: SharedState
    /// The port the server listens on (the one picked by the system when started with port 0).
    package let port: Int
    /// The host the server listens on.
    package let host: String

    private init(serverChannel: any Channel, acceptLoop: Task<Void, Never>, box: SharedState, host: String, port: Int) {
        self.serverChannel = serverChannel
        self.acceptLoop = acceptLoop
        self.box = box
        self.host = host
        self.port = port
    }

    /// The server's address, like `http://127.0.0.1:54321` (no trailing slash, no `/v1`).
    package var baseURL: String {
        "http://\(host):\(port)"
    }

    /// Every request received so far, in arrival order.
    package var requests: [RecordedRequest] {
        box.value.withLock { $0.requests }
    }

    /// How many client connections are open now; a client that gave up on a stalled request no longer counts.
    package var openConnectionCount: Int {
        box.value.withLock { $0.connections.count }
    }

    /// Starts listening and answers each request with what `handler` returns.
    ///
    /// - Parameters:
    ///   - host: The address to bind; loopback by default.
    ///   - port: The port; 0 lets the system pick a free one (read it from ``port``).
    ///   - handler: Called once per request, concurrently for concurrent connections.
    /// - Returns: The running server; call ``shutdown()`` when done.
    /// - Throws: When the address cannot be bound.
    package static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        handler: @escaping Handler
    ) async throws -> FaultServer {
        let box = SharedState()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Without pipelining assistance the server keeps reading while it answers, so it sees a client
                    // hang up during a stall; requests on one connection are still answered one at a time.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false,
                        withErrorHandling: true
                    )
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        let boundPort = server.channel.localAddress?.port ?? port
        // Unstructured because start() hands back a running server; shutdown() ends and awaits this task, and
        // withServer(handler:_:) gives the scoped form.
        let acceptLoop = Task<Void, Never> {
            // Errors here only mean the listening socket went away; each connection handles its own.
            try? await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        let accepted = box.value.withLock { state in
                            guard !state.isShutDown else { return false }
                            state.connections[ObjectIdentifier(connection.channel)] = connection.channel
                            return true
                        }
                        guard accepted else {
                            connection.channel.close(promise: nil)
                            continue
                        }
                        group.addTask {
                            await FaultServer.serve(connection, handler: handler, box: box)
                            box.value.withLock {
                                _ = $0.connections.removeValue(forKey: ObjectIdentifier(connection.channel))
                            }
                        }
                    }
                }
            }
        }
        return FaultServer(serverChannel: server.channel, acceptLoop: acceptLoop, box: box, host: host, port: boundPort)
    }

    /// Starts a server that answers the n-th request with `responses[n]`; the last response repeats.
    ///
    /// Useful for retry tests: `[.error(status: 500, …), .error(status: 500, …), .chatCompletion(…)]`.
    package static func scripted(_ responses: [FaultResponse]) async throws -> FaultServer {
        precondition(!responses.isEmpty, "A scripted fault server needs at least one response.")
        let next = Mutex(0)
        return try await start { _ in
            let index = next.withLock { index in
                defer { index += 1 }
                return Swift.min(index, responses.count - 1)
            }
            return responses[index]
        }
    }

    /// Runs `body` with a server that gives every request the same `response`, then shuts it down.
    package static func withServer<Result: Sendable>(
        answering response: FaultResponse,
        _ body: (FaultServer) async throws -> Result
    ) async throws -> Result {
        try await withServer(handler: { _ in response }, body)
    }

    /// Runs `body` with a started server and shuts the server down afterwards, even when `body` throws.
    package static func withServer<Result: Sendable>(
        handler: @escaping Handler,
        _ body: (FaultServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(handler: handler)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// Stops listening, closes every open connection (stalled ones included) and waits for them to finish.
    package func shutdown() async throws {
        let open = box.value.withLock { state in
            state.isShutDown = true
            return Array(state.connections.values)
        }
        try? await serverChannel.close()
        for channel in open { try? await channel.close() }
        acceptLoop.cancel()
        await acceptLoop.value
    }
}
