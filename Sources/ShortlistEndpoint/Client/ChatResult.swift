package import Foundation
internal import ShortlistSupport

/// When each part of a response arrived, in milliseconds after the request was sent.
///
/// Offsets come from a monotonic clock (`ContinuousClock`), so they are immune to wall-clock
/// changes; `startedAt` anchors them in wall-clock time.
package struct RequestTimings: Sendable, Hashable, Codable {
    /// Wall-clock time the (final) attempt was sent.
    package var startedAt: Date
    /// The response head arrived.
    package var firstByteMs: Double?
    /// The first non-empty content (or reasoning) token arrived: time to first token.
    package var firstContentMs: Double?
    /// Each content-bearing chunk's arrival.
    package var chunkMs: [Double]
    /// The response was complete.
    package var endMs: Double

    package init(
        startedAt: Date,
        firstByteMs: Double? = nil,
        firstContentMs: Double? = nil,
        chunkMs: [Double] = [],
        endMs: Double = 0
    ) {
        self.startedAt = startedAt
        self.firstByteMs = firstByteMs
        self.firstContentMs = firstContentMs
        self.chunkMs = chunkMs
        self.endMs = endMs
    }

    /// The timings as compact JSON (what the store keeps), written without Foundation's encoder.
    package var jsonText: String {
        var fields: [String: JSONValue] = [
            "startedAt": .string(startedAt.formatted(.iso8601)),
            "chunkMs": .array(chunkMs.map { .number(($0 * 1000).rounded() / 1000) }),
            "endMs": .number((endMs * 1000).rounded() / 1000),
        ]
        if let firstByteMs { fields["firstByteMs"] = .number((firstByteMs * 1000).rounded() / 1000) }
        if let firstContentMs { fields["firstContentMs"] = .number((firstContentMs * 1000).rounded() / 1000) }
        return JSONValue.object(fields).canonicalText
    }

    /// Gaps between consecutive content chunks (inter-token latency samples).
    package var interChunkMs: [Double] {
        guard chunkMs.count > 1 else { return [] }
        return (1..<chunkMs.count).map { chunkMs[$0] - chunkMs[$0 - 1] }
    }
}

/// A completed chat request.
package struct ChatResult: Sendable, Equatable {
    package var text: String
    package var reasoning: String
    package var finishReason: String?
    /// Token counts as the server reported them; `nil` when it sent none.
    package var usage: Usage?
    /// The model the server says answered.
    package var model: String?
    package var timings: RequestTimings
    /// Attempts made, the successful one included.
    package var attempts: Int
    package var streamed: Bool
    /// Content-bearing chunks received (1 for a non-streamed response).
    package var contentChunks: Int
}
