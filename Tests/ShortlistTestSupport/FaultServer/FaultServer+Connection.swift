import NIOCore
import NIOHTTP1
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FaultServer {
    /// Answers the requests of one connection in order until the client leaves or a response closes the connection.
    static func serve(_ connection: Connection, handler: Handler, box: SharedState) async {
        let channel = connection.channel
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.removeAll(keepingCapacity: true)
                case .body(let buffer):
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let requestHead = head else { continue }
                    head = nil
                    let request = RecordedRequest(
                        method: requestHead.method.rawValue,
                        path: requestHead.uri,
                        headers: requestHead.headers.map { (name: $0.name, value: $0.value) },
                        body: body
                    )
                    box.value.withLock { $0.requests.append(request) }
                    let response = await handler(request)
                    let keepOpen = try await play(
                        response,
                        keepAlive: requestHead.isKeepAlive,
                        outbound: outbound,
                        channel: channel
                    )
                    if !keepOpen { return }
                }
            }
        }
    }

    /// Plays the response's steps on the connection and says whether it may carry another request.
    private static func play(
        _ response: FaultResponse,
        keepAlive: Bool,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        channel: any Channel
    ) async throws -> Bool {
        var pending: [HTTPServerResponsePart] = []
        func flush() async throws {
            guard !pending.isEmpty else { return }
            try await outbound.write(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
        }
        var headSent = false
        func sendHead(_ status: Int, _ headers: [(String, String)]) async throws {
            guard !headSent else { return }
            headSent = true
            var fields = HTTPHeaders(headers)
            if !keepAlive { fields.replaceOrAdd(name: "Connection", value: "close") }
            let head = HTTPResponseHead(
                version: .http1_1,
                status: HTTPResponseStatus(statusCode: status),
                headers: fields
            )
            pending.append(.head(head))
            if !response.coalescesWrites { try await flush() }
        }
        func sendBody(_ buffer: ByteBuffer) async throws {
            if !headSent { try await sendHead(200, []) }
            // An empty chunk would read as the end of a chunked body, so nothing is written for it.
            guard buffer.readableBytes > 0 else { return }
            guard response.coalescesWrites else {
                pending.append(.body(.byteBuffer(buffer)))
                return try await flush()
            }
            // Coalesced bodies become one chunk: the bytes on the wire are the same, the encoder works once.
            if case .body(.byteBuffer(var last)) = pending.last {
                pending.removeLast()
                last.writeImmutableBuffer(buffer)
                pending.append(.body(.byteBuffer(last)))
            } else {
                pending.append(.body(.byteBuffer(buffer)))
            }
        }

        steps: for step in response.steps {
            switch step {
            case .status(let status, let headers):
                try await sendHead(status, headers)
            case .body(let text):
                try await sendBody(ByteBuffer(string: text))
            case .bytes(let bytes):
                try await sendBody(ByteBuffer(bytes: bytes))
            case .delay(let duration):
                try await flush()
                try await Task.sleep(for: duration)
            case .stall:
                try await flush()
                // Closed by the client hanging up or by shutdown().
                try? await channel.closeFuture.get()
                return false
            case .closeConnection:
                try await flush()
                return false
            case .resetConnection:
                try await flush()
                if let options = channel as? any SocketOptionProvider {
                    try? await options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
                }
                return false
            case .end:
                break steps
            }
        }
        if !headSent { try await sendHead(200, [("Content-Length", "0")]) }
        pending.append(.end(nil))
        try await flush()
        return keepAlive
    }
}
