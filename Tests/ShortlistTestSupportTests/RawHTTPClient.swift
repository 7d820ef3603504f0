import Foundation
import NIOCore
import NIOPosix

/// A response as read off the wire, with the chunk boundaries of a chunked body kept.
struct RawResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// The chunks of a chunked body, one per server write; empty for a `Content-Length` body.
    var chunks: [[UInt8]]
    /// Whether the response ended as HTTP says (full `Content-Length`, or the `0` chunk); `false` when cut off.
    var complete: Bool

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The `data:` payloads of an SSE body, in order (LF or CRLF line ends; comments skipped).
    var dataPayloads: [String] {
        bodyText.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .filter { $0.hasPrefix("data: ") }
            .map { String($0.dropFirst(6)) }
    }
}

/// One raw TCP connection speaking HTTP/1.1 by hand, so tests see exactly what the server wrote.
///
/// Used only inside ``withConnection(port:_:)``, from one task.
final class RawConnection {
    private let channel: any Channel
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var pending: [UInt8] = []
    /// Whether the server closed the connection (or a deadline closed it).
    private(set) var closed = false

    private init(
        channel: any Channel,
        iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.channel = channel
        self.iterator = iterator
        self.outbound = outbound
    }

    /// Connects to the loopback `port`, runs `body`, and closes the connection.
    static func withConnection<Result: Sendable>(
        port: Int,
        _ body: (RawConnection) async throws -> Result
    ) async throws -> Result {
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await client.executeThenClose { inbound, outbound in
            let connection = RawConnection(
                channel: client.channel,
                iterator: inbound.makeAsyncIterator(),
                outbound: outbound
            )
            return try await body(connection)
        }
    }

    /// Sends raw request text.
    func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Sends a request built from its parts; `keepAlive: false` adds `Connection: close`.
    func send(
        _ method: String,
        _ path: String,
        body: String? = nil,
        headers: [(String, String)] = [],
        keepAlive: Bool = true
    ) async throws {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        if !keepAlive { text += "Connection: close\r\n" }
        text += "\r\n" + (body ?? "")
        try await send(text)
    }

    /// Reads one response; `nil` when the connection ended (or `timeout` passed) before any byte of it came.
    func readResponse(timeout: Duration = .seconds(10)) async throws -> RawResponse? {
        try await withDeadline(timeout) { () async throws -> RawResponse? in
            while true {
                if let (response, used) = RawResponseParser.parse(pending, atEOF: closed) {
                    pending.removeFirst(used)
                    return response
                }
                if closed { return nil }
                try await readMore()
            }
        }.result
    }

    /// Reads until the connection closes or `timeout` passes, and says which happened with what came.
    func readUntilClose(timeout: Duration = .seconds(10)) async throws -> (bytes: [UInt8], timedOut: Bool) {
        try await read(until: { _ in false }, timeout: timeout)
    }

    /// Reads until the bytes so far satisfy `done`, the connection closes, or `timeout` passes (which closes it).
    func read(
        until done: ([UInt8]) -> Bool,
        timeout: Duration = .seconds(10)
    ) async throws -> (bytes: [UInt8], timedOut: Bool) {
        let timedOut = try await withDeadline(timeout) {
            while !closed, !done(pending) { try await readMore() }
        }.timedOut
        defer { pending.removeAll() }
        return (pending, timedOut)
    }

    private func readMore() async throws {
        do {
            if let buffer = try await iterator.next() {
                pending += buffer.readableBytesView
            } else {
                closed = true
            }
        } catch {
            closed = true  // a reset or our own deadline closing the channel
        }
    }

    /// Runs `body`, closing the connection if it takes longer than `timeout` (which ends any pending read).
    private func withDeadline<Result>(
        _ timeout: Duration,
        _ body: () async throws -> Result
    ) async throws -> (result: Result, timedOut: Bool) {
        let channel = self.channel
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return false  // cancelled: the body finished in time
                }
                try? await channel.close()
                return true
            }
            let result = try await body()
            group.cancelAll()
            let timedOut = try await group.next() ?? false
            return (result, timedOut)
        }
    }
}

/// Parses one HTTP/1.1 response out of raw bytes.
enum RawResponseParser {
    private static let crlf: [UInt8] = [13, 10]

    /// The first response in `bytes` and how many bytes it used; `nil` when more bytes are needed.
    ///
    /// At EOF a partial response comes back with `complete == false` (and `nil` only when there is no head).
    static func parse(_ bytes: [UInt8], atEOF: Bool) -> (RawResponse, Int)? {
        guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let headText = String(decoding: bytes[0..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = RawResponse(status: status, headers: headers, body: [], chunks: [], complete: false)
        var index = headEnd + 4
        if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            let available = bytes.count - index
            guard available >= length || atEOF else { return nil }
            response.body = Array(bytes[index..<(index + Swift.min(length, available))])
            response.complete = available >= length
            return (response, index + response.body.count)
        }
        guard response.header("Transfer-Encoding")?.lowercased() == "chunked" else {
            guard atEOF else { return nil }
            response.body = Array(bytes[index...])
            response.complete = true
            return (response, bytes.count)
        }
        while true {
            guard let lineEnd = find(crlf, in: bytes, from: index),
                let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self), radix: 16)
            else { return atEOF ? (response, bytes.count) : nil }
            let dataStart = lineEnd + 2
            if size == 0 {
                guard bytes.count >= dataStart + 2 else { return atEOF ? (response, bytes.count) : nil }
                response.complete = true
                return (response, dataStart + 2)
            }
            guard bytes.count >= dataStart + size + 2 else { return atEOF ? (response, bytes.count) : nil }
            let chunk = Array(bytes[dataStart..<(dataStart + size)])
            response.chunks.append(chunk)
            response.body += chunk
            index = dataStart + size + 2
        }
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count)
        where bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
