package import Foundation
package import ShortlistEndpoint
package import ShortlistStore
internal import Synchronization

/// Why a run's generation phase ended.
package enum GenerationEnd: Sendable, Equatable {
    /// Every item has a response.
    case completed
    /// A stop was requested (Ctrl-C); in-flight requests finished and were stored.
    case interrupted
    /// The endpoint looked down (the circuit breaker opened); resume once it is back.
    case aborted(String)
}

/// A problem starting or resuming a run.
package enum EvaluationError: Error, Sendable, CustomStringConvertible {
    case resumeMismatch(runID: String, reason: String)
    case runFinished(runID: String)
    case store(String)

    package var description: String {
        switch self {
        case .resumeMismatch(let id, let reason): "cannot resume run \(id): \(reason)"
        case .runFinished(let id): "run \(id) is already complete; use --regrade to grade it again"
        case .store(let message): message
        }
    }
}

/// Runs a suite against an endpoint: generation (bounded concurrency, every response stored as
/// it arrives), then grading from the stored responses.
///
/// Generation and grading are separate, so a run can be graded again without generating again.
/// A run resumes exactly where it stopped: items with a stored successful response are never sent
/// again, and items that failed are retried.
package struct EvaluationRunner: Sendable {
    package let store: Store
    package let suite: Suite
    package let configuration: EvaluationConfiguration

    package init(store: Store, suite: Suite, configuration: EvaluationConfiguration) {
        self.store = store
        self.suite = suite
        self.configuration = configuration
    }

    /// Every (item, repeat) slot of the run, in suite order.
    package var slots: [ResponseKey] {
        suite.items.flatMap { item in (0..<configuration.repeats).map { ResponseKey(itemID: item.id, repeatIndex: $0) }
        }
    }

    /// Creates and stores a new run.
    package func createRun(
        probe: JSONValue?,
        versions: JSONValue,
        now: Date = Date()
    ) throws(EvaluationError) -> RunRecord {
        var stored = configuration
        stored.endpoint = configuration.endpoint.redacted
        let run = RunRecord(
            id: RunRecord.makeID(date: now),
            kind: "eval",
            status: .running,
            createdAt: now,
            updatedAt: now,
            finishedAt: nil,
            endpoint: configuration.endpoint.baseURL,
            model: configuration.model,
            suite: suite.name,
            suiteVersion: suite.version,
            itemCount: slots.count,
            config: Self.json(stored),
            probe: probe?.canonicalText,
            versions: versions.canonicalText
        )
        do {
            try store.createRun(run)
        } catch {
            throw .store(error.description)
        }
        return run
    }

    /// Checks that `run` is this suite and configuration, and marks it running again.
    package func prepareResume(_ run: RunRecord) throws(EvaluationError) {
        guard run.suiteVersion == suite.version else {
            throw .resumeMismatch(
                runID: run.id,
                reason: "the suite changed (stored version \(run.suiteVersion), now \(suite.version))"
            )
        }
        guard run.model == configuration.model else {
            throw .resumeMismatch(runID: run.id, reason: "it ran model '\(run.model)', not '\(configuration.model)'")
        }
        guard run.itemCount == slots.count else {
            throw .resumeMismatch(
                runID: run.id,
                reason: "it planned \(run.itemCount) responses, this configuration \(slots.count)"
            )
        }
        do {
            let fingerprints = Dictionary(
                suite.items.map { ($0.id, configuration.fingerprint(for: $0, suiteVersion: suite.version)) },
                uniquingKeysWith: { first, _ in first }
            )
            for response in try store.responses(runID: run.id)
            where fingerprints[response.itemID] != response.fingerprint {
                throw EvaluationError.resumeMismatch(
                    runID: run.id,
                    reason: "item '\(response.itemID)' was sent with different parameters; start a new run"
                )
            }
            try store.updateRun(id: run.id, status: .running, finishedAt: nil)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .store("\(error)")
        }
    }

    /// Sends every slot without a successful stored response, storing each response as it arrives.
    package func generate(
        runID: String,
        client: ChatClient,
        stop: StopSignal,
        observe: (@Sendable (SlotTiming) -> Void)? = nil,
        progress: @escaping @Sendable (RunProgress) -> Void
    ) async throws(EvaluationError) -> GenerationEnd {
        let completed: Set<ResponseKey>
        do {
            completed = try store.completedKeys(runID: runID)
        } catch {
            throw .store(error.description)
        }
        let pending = slots.filter { !completed.contains($0) }
        let items = Dictionary(suite.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let tracker = ProgressTracker(total: slots.count, done: slots.count - pending.count)
        let queue = Locked(pending.makeIterator())
        let abort = Locked<String?>(nil)
        let storeFailure = Locked<String?>(nil)
        let workers = min(configuration.concurrency, pending.count)

        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    while !stop.isRequested, abort.withLock({ $0 == nil }), !Task.isCancelled {
                        guard let key = queue.withLock({ $0.next() }), let item = items[key.itemID] else { return }
                        tracker.started()
                        let scheduled = ContinuousClock.now
                        let outcome = await send(item, key: key, runID: runID, client: client)
                        switch outcome {
                        case .stored(let record):
                            if let observe {
                                observe(SlotTiming(total: ContinuousClock.now - scheduled, serverMs: record.latencyMs))
                            }
                            let passed = record.error == nil ? Self.passesAll(item, record.text ?? "") : nil
                            progress(tracker.finished(error: record.error != nil, passed: passed))
                        case .notStored(let error):
                            tracker.abandoned()
                            if case .circuitOpen = error { abort.withLock { $0 = $0 ?? error.description } }
                        case .storeFailed(let message):
                            tracker.abandoned()
                            storeFailure.withLock { $0 = message }
                            abort.withLock { $0 = $0 ?? message }
                        }
                    }
                }
            }
        }
        if let message = storeFailure.withLock({ $0 }) { throw .store(message) }
        if let reason = abort.withLock({ $0 }) { return .aborted(reason) }
        // Every slot was sent unless a stop came first; answers that failed for good (an HTTP 400, say) are
        // stored as errors and do not make the run incomplete. `--resume` retries them.
        let drained = queue.withLock { iterator in
            var copy = iterator
            return copy.next() == nil
        }
        if (stop.isRequested || Task.isCancelled) && !drained { return .interrupted }
        return drained ? .completed : .interrupted
    }

    private enum SendOutcome {
        case stored(ResponseRecord)
        case notStored(EndpointError)
        case storeFailed(String)
    }

    private func send(_ item: SuiteItem, key: ResponseKey, runID: String, client: ChatClient) async -> SendOutcome {
        let request = configuration.request(for: item)
        let fingerprint = configuration.fingerprint(for: item, suiteVersion: suite.version)
        var record = ResponseRecord(
            runID: runID,
            itemID: key.itemID,
            repeatIndex: key.repeatIndex,
            fingerprint: fingerprint,
            request: request.body.canonicalText,
            text: nil,
            finishReason: nil,
            promptTokens: nil,
            completionTokens: nil,
            timings: "{}",
            error: nil,
            attempts: 1,
            latencyMs: nil,
            ttftMs: nil,
            createdAt: Date()
        )
        do {
            let result = try await client.complete(request)
            record.text = result.text
            record.finishReason = result.finishReason
            record.promptTokens = result.usage?.promptTokens
            record.completionTokens = result.usage?.completionTokens
            record.timings = result.timings.jsonText
            record.attempts = result.attempts
            record.latencyMs = result.timings.endMs
            record.ttftMs = result.timings.firstContentMs
        } catch {
            switch error {
            case .circuitOpen, .cancelled:
                return .notStored(error)  // not the item's fault: resume sends it again
            default:
                record.error = error.description
            }
        }
        record.createdAt = Date()
        do {
            try await store.insertResponse(record)
            return .stored(record)
        } catch {
            return .storeFailed(error.description)
        }
    }

    static func passesAll(_ item: SuiteItem, _ text: String) -> Bool? {
        guard !item.checks.isEmpty else { return nil }
        return item.checks.allSatisfy { $0.check.grade(text, item: item).verdict == .pass }
    }

    // MARK: Grading

    /// Grades every stored response with the suite's checks and replaces the run's grades atomically.
    @discardableResult
    package func grade(runID: String, now: Date = Date()) throws(EvaluationError) -> [GradeRecord] {
        let items = Dictionary(suite.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var grades: [GradeRecord] = []
        do {
            for response in try store.responses(runID: runID) {
                guard let item = items[response.itemID] else {
                    throw EvaluationError.resumeMismatch(
                        runID: runID,
                        reason: "stored item '\(response.itemID)' is not in suite \(suite.name)"
                    )
                }
                for (index, spec) in item.checks.enumerated() {
                    let result: CheckResult
                    if let error = response.error {
                        result = CheckResult(verdict: .error, detail: "no response: \(error)")
                    } else {
                        result = spec.check.grade(response.text ?? "", item: item)
                    }
                    grades.append(
                        GradeRecord(
                            runID: runID,
                            itemID: response.itemID,
                            repeatIndex: response.repeatIndex,
                            check: spec.name(index: index),
                            verdict: Verdict(rawValue: result.verdict.rawValue) ?? .error,
                            score: result.score,
                            detail: result.detail,
                            gradedAt: now
                        )
                    )
                }
            }
            try store.replaceGrades(runID: runID, grades: grades)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .store("\(error)")
        }
        return grades
    }

    /// Records how generation ended.
    package func finish(runID: String, end: GenerationEnd, now: Date = Date()) throws(EvaluationError) {
        let status: RunStatus
        switch end {
        case .completed: status = .completed
        case .interrupted: status = .interrupted
        case .aborted: status = .failed
        }
        do {
            try store.updateRun(id: runID, status: status, finishedAt: end == .completed ? now : nil)
        } catch {
            throw .store(error.description)
        }
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// How long one slot took from being scheduled to being stored, and how much of it the server took.
package struct SlotTiming: Sendable {
    package var total: Duration
    /// From sending the (final) request to the end of the response, as the client measured it.
    package var serverMs: Double?

    /// Client-side time: scheduling, encoding, parsing, storing.
    package var overheadMs: Double {
        let (seconds, attoseconds) = total.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15 - (serverMs ?? 0)
    }
}

/// A value shared by the worker tasks, behind a lock.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}

/// Counts progress across the worker tasks.
final class ProgressTracker: Sendable {
    private struct State {
        var progress: RunProgress
    }

    private let state: Mutex<State>
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init(total: Int, done: Int) {
        start = clock.now
        state = Mutex(
            State(
                progress: RunProgress(
                    total: total,
                    done: done,
                    doneThisSession: 0,
                    errors: 0,
                    passed: 0,
                    graded: 0,
                    inFlight: 0,
                    elapsedSeconds: 0
                )
            )
        )
    }

    func started() { state.withLock { $0.progress.inFlight += 1 } }

    func abandoned() { state.withLock { $0.progress.inFlight -= 1 } }

    func finished(error: Bool, passed: Bool?) -> RunProgress {
        let elapsed = clock.now - start
        return state.withLock { state in
            state.progress.inFlight -= 1
            state.progress.done += 1
            state.progress.doneThisSession += 1
            if error { state.progress.errors += 1 }
            if let passed {
                state.progress.graded += 1
                if passed { state.progress.passed += 1 }
            }
            let (seconds, attoseconds) = elapsed.components
            state.progress.elapsedSeconds = Double(seconds) + Double(attoseconds) / 1e18
            return state.progress
        }
    }
}
