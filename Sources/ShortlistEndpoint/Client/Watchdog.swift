internal import AsyncHTTPClient
internal import Foundation
internal import NIOCore
internal import ShortlistSupport
internal import Synchronization

/// Times one attempt and enforces its first-byte, idle and total limits.
///
/// The operation runs beside a timer task; when a limit passes, the timer throws and the task
/// group cancels the operation, which cancels the HTTP request.
final class Watchdog: Sendable {
    private enum Phase {
        case waitingForHead, receiving
    }

    private struct State {
        var phase = Phase.waitingForHead
        var lastActivity: ContinuousClock.Instant
        var firstByteMs: Double?
    }

    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let startedAt = Date()
    private let timeouts: Timeouts
    private let state: Mutex<State>

    init(timeouts: Timeouts) {
        self.timeouts = timeouts
        let now = clock.now
        start = now
        state = Mutex(State(lastActivity: now))
    }

    /// The response head arrived.
    func firstByte() {
        let now = clock.now
        state.withLock { state in
            state.phase = .receiving
            state.lastActivity = now
            state.firstByteMs = (now - start).milliseconds
        }
    }

    /// Bytes arrived; restarts the idle limit.
    func activity() {
        let now = clock.now
        state.withLock { $0.lastActivity = now }
    }

    func elapsedMs() -> Double { (clock.now - start).milliseconds }

    var timings: RequestTimings {
        RequestTimings(startedAt: startedAt, firstByteMs: state.withLock { $0.firstByteMs })
    }

    func run<Value: Sendable>(
        _ operation: @escaping @Sendable (Watchdog) async throws -> Value
    ) async throws(EndpointError) -> Value {
        do {
            return try await withThrowingTaskGroup(of: Value?.self) { group in
                group.addTask { try await operation(self) }
                group.addTask {
                    try await self.watch()
                    return nil
                }
                defer { group.cancelAll() }
                while let next = try await group.next() {
                    if let value = next { return value }
                }
                throw EndpointError.cancelled
            }
        } catch let error as EndpointError {
            throw error
        } catch {
            throw Self.map(error)
        }
    }

    private func watch() async throws {
        while true {
            let (deadline, kind) = state.withLock { state -> (ContinuousClock.Instant, EndpointError.TimeoutKind) in
                let total = start + timeouts.total
                let phaseDeadline: ContinuousClock.Instant
                let kind: EndpointError.TimeoutKind
                switch state.phase {
                case .waitingForHead:
                    phaseDeadline = start + timeouts.firstByte
                    kind = .firstByte
                case .receiving:
                    phaseDeadline = state.lastActivity + timeouts.idle
                    kind = .idle
                }
                return phaseDeadline < total ? (phaseDeadline, kind) : (total, .total)
            }
            if clock.now >= deadline { throw EndpointError.timeout(kind) }
            try await Task.sleep(until: deadline, clock: clock)
        }
    }

    /// Maps async-http-client and NIO errors to the client's own.
    static func map(_ error: any Error) -> EndpointError {
        if error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return .timeout(.connect)
            case .deadlineExceeded, .readTimeout, .writeTimeout: return .timeout(.total)
            case .cancelled: return .cancelled
            case .remoteConnectionClosed: return .transport("the server closed the connection")
            default: return .transport(String(describing: error))
            }
        }
        return .transport(String(describing: error))
    }
}
