/// One thing the fault server does while answering a request.
///
/// A ``FaultResponse`` is a list of these, played in order on the connection the request came in on.
/// Steps after ``end``, ``closeConnection`` or ``stall`` are ignored. A ``body(_:)`` before any ``status(_:headers:)``
/// sends a `200` head first; a list that runs out without ``end`` ends the response normally.
package enum FaultStep: Sendable {
    /// Sends the response head with this status code and these headers.
    ///
    /// Without a `Content-Length` header the body goes out with chunked transfer encoding, as streams do.
    case status(Int, headers: [(String, String)])
    /// Writes these bytes of the body and flushes them, so each step is its own write on the wire.
    case body(String)
    /// Writes these raw bytes of the body and flushes them; a split may fall inside a UTF-8 sequence.
    case bytes([UInt8])
    /// Waits this long before the next step (a slow first byte, an idle gap between chunks).
    case delay(Duration)
    /// Never answers again; the connection stays open until the client gives up or the server shuts down.
    case stall
    /// Closes the TCP connection at once, without ending the response (a truncated stream).
    case closeConnection
    /// Closes the TCP connection with a reset (`SO_LINGER` 0), as a crashed server or a proxy would.
    case resetConnection
    /// Ends the response normally; the connection stays open for the next request when the client asked for keep-alive.
    case end
}

/// A scripted answer to one request: the steps the fault server plays, in order.
///
/// Builders for OpenAI-compatible answers and faults live in `FaultResponse+OpenAI.swift`.
package struct FaultResponse: Sendable {
    /// The steps, played in order.
    package var steps: [FaultStep]
    /// Whether consecutive body steps go out together, in one flush and one HTTP chunk.
    ///
    /// Off by default, so every step is its own write on the wire and clients meet split reads. ``FakeModel``
    /// turns it on so the server stays cheap next to the client it benchmarks.
    package var coalescesWrites: Bool

    /// Makes a response from raw steps.
    package init(steps: [FaultStep], coalescesWrites: Bool = false) {
        self.steps = steps
        self.coalescesWrites = coalescesWrites
    }
}
