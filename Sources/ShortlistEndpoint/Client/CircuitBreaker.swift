internal import Synchronization

/// Counts consecutive transport failures and opens after a threshold, so a run against a dead
/// endpoint stops instead of marking every remaining item failed.
package final class CircuitBreaker: Sendable {
    private struct State {
        var consecutiveFailures = 0
        var lastFailure = ""
        var isOpen = false
    }

    package let threshold: Int
    private let state = Mutex(State())

    package init(threshold: Int) {
        self.threshold = max(1, threshold)
    }

    package var isOpen: Bool { state.withLock { $0.isOpen } }

    /// The error to fail new requests with while the breaker is open.
    package var openError: EndpointError? {
        state.withLock { $0.isOpen ? .circuitOpen(failures: $0.consecutiveFailures, last: $0.lastFailure) : nil }
    }

    package func recordSuccess() {
        state.withLock { state in
            if !state.isOpen { state.consecutiveFailures = 0 }
        }
    }

    /// Records a request that failed for good; returns whether the breaker is now open.
    @discardableResult
    package func recordFailure(_ error: EndpointError) -> Bool {
        guard error.isTransportFailure else {
            recordSuccess()
            return isOpen
        }
        return state.withLock { state in
            state.consecutiveFailures += 1
            state.lastFailure = error.description
            if state.consecutiveFailures >= threshold { state.isOpen = true }
            return state.isOpen
        }
    }
}
