/// One server-sent event: its type, data lines joined by newlines, and id.
package struct ServerSentEvent: Sendable, Equatable {
    package var event: String?
    package var data: String
    package var id: String?
    package var retryMilliseconds: Int?

    package init(event: String? = nil, data: String, id: String? = nil, retryMilliseconds: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retryMilliseconds = retryMilliseconds
    }
}

/// An incremental parser for `text/event-stream`, fed bytes as they arrive.
///
/// Follows the WHATWG event-stream rules: lines end in LF, CRLF or CR (a CR at the end of one chunk and an LF at
/// the start of the next are one line ending); a line starting with `:` is a comment; `field: value` loses one space
/// after the colon; `data` lines accumulate joined by `\n`; a blank line dispatches the event, and an event with no
/// data is dropped; a leading byte-order mark is ignored. Any split of a stream into chunks yields the same events.
/// A pure value type: it owns no I/O and is unit-tested on its own.
package struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var atStreamStart = true
    private var dataLines: [String] = []
    private var hasData = false
    private var eventType: String?
    private var lastID: String?
    private var retry: Int?

    package init() {}

    /// Consumes the next chunk and returns the events it completes, in order.
    package mutating func consume(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                if lastWasCR {
                    lastWasCR = false  // the LF of a CRLF split or not: the line already ended at the CR
                    continue
                }
                if let event = endLine() { events.append(event) }
            case UInt8(ascii: "\r"):
                lastWasCR = true
                if let event = endLine() { events.append(event) }
            default:
                lastWasCR = false
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: returns an event whose data arrived without its closing blank line.
    ///
    /// The standard drops such an event; servers that end with `data: [DONE]` and no blank line are common
    /// enough that the client asks for it explicitly.
    package mutating func finish() -> ServerSentEvent? {
        var pending: ServerSentEvent?
        if !line.isEmpty { pending = endLine() }
        if pending == nil, hasData { pending = dispatch() }
        return pending
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        var bytes = line[...]
        if atStreamStart {
            atStreamStart = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // a byte-order mark
        }
        if bytes.isEmpty { return dispatch() }
        if bytes.first == UInt8(ascii: ":") { return nil }  // comment
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            return apply(name: String(decoding: bytes, as: UTF8.self), value: "")
        }
        var value = bytes[(colon + 1)...]
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        return apply(
            name: String(decoding: bytes[..<colon], as: UTF8.self),
            value: String(decoding: value, as: UTF8.self)
        )
    }

    private mutating func apply(name: String, value: String) -> ServerSentEvent? {
        switch name {
        case "data":
            dataLines.append(value)
            hasData = true
        case "event":
            eventType = value
        case "id":
            if !value.contains("\u{0}") { lastID = value }
        case "retry":
            if let milliseconds = Int(value), value.allSatisfy(\.isASCII), milliseconds >= 0 { retry = milliseconds }
        default:
            break  // unknown fields are ignored
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            dataLines.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
            retry = nil
        }
        guard hasData else { return nil }
        return ServerSentEvent(
            event: eventType,
            data: dataLines.joined(separator: "\n"),
            id: lastID,
            retryMilliseconds: retry
        )
    }
}
