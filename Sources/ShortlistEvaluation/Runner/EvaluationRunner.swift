package import Foundation
package import ShortlistEndpoint
package import ShortlistStore
internal import ShortlistSupport

/// Why a run's generation phase ended.
package enum GenerationEnd: Sendable, Equatable {
    /// Every item has a response.
    case completed
    /// A stop was requested (Ctrl-C); in-flight requests finished and were stored.
    case interrupted
    /// The endpoint looked down (the circuit breaker opened); resume once it is back.
    case aborted(String)
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

    /// Creates and stores a new run, with its probe and versions as typed values and its configuration
    /// redacted (header values replaced, the API key only named).
    package func createRun(
        probe: ProbeReport?,
        versions: RunVersions,
        catalogModel: String? = nil,
        now: Date = Date()
    ) throws(EvaluationError) -> RunRecord {
        var stored = configuration
        stored.endpoint = configuration.endpoint.redacted
        if let judge = configuration.judge { stored.judge?.endpoint = judge.endpoint.redacted }
        let run = RunRecord(
            id: RunRecord.makeID(date: now),
            kind: "eval",
            status: .running,
            createdAt: now,
            updatedAt: now,
            finishedAt: nil,
            endpoint: configuration.endpoint.baseURL,
            model: configuration.model,
            catalogModel: catalogModel,
            suite: suite.name,
            suiteVersion: suite.version,
            itemCount: slots.count,
            config: StoredJSON.text(stored),
            probe: probe.map(StoredJSON.text),
            versions: StoredJSON.text(versions)
        )
        do {
            try store.createRun(run)
        } catch {
            throw .store(error)
        }
        return run
    }

    /// Checks that `run` is this suite and configuration, and marks it running again.
    package func prepareResume(_ run: RunRecord) throws(EvaluationError) {
        guard run.suiteVersion == suite.version else {
            throw .resumeMismatch(
                runID: run.id,
                reason: "the suite changed (stored version \(run.suiteVersion ?? "none"), now \(suite.version))"
            )
        }
        guard run.model == configuration.model else {
            throw .resumeMismatch(runID: run.id, reason: "it ran model '\(run.model)', not '\(configuration.model)'")
        }
        guard run.itemCount == slots.count else {
            throw .resumeMismatch(
                runID: run.id,
                reason: "it planned \(run.itemCount ?? 0) responses, this configuration \(slots.count)"
            )
        }
        let fingerprints = Dictionary(
            suite.items.map { ($0.id, configuration.fingerprint(for: $0, suiteVersion: suite.version)) },
            uniquingKeysWith: { first, _ in first }
        )
        do {
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
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .unreadableRun(runID: run.id, field: "responses", reason: "\(error)")
        }
    }

    /// Sends every slot without a successful stored response through a ``ClosedLoopScheduler``, storing each
    /// response as it arrives.
    ///
    /// The run is `completed` only when every slot got an answer or a lasting error (an HTTP 400, say, which
    /// `--resume` retries); a stop, a cancellation (a second Ctrl-C) or an abandoned request leaves it
    /// `interrupted`, and an open circuit breaker `aborted`.
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
            throw .store(error)
        }
        let pending = slots.filter { !completed.contains($0) }
        let items = Dictionary(suite.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var tracker = ProgressTracker(total: slots.count, done: slots.count - pending.count)
        var abort: String?
        var storeFailure: StoreError?
        var stored = 0
        let scheduler = ClosedLoopScheduler(concurrency: configuration.concurrency)
        let summary = await scheduler.run(
            pending,
            shouldDispatch: { !stop.isRequested },
            work: { key in
                let scheduled = ContinuousClock.now
                guard let item = items[key.itemID] else { return SlotOutcome.notStored(.cancelled) }
                let outcome = await self.send(item, key: key, runID: runID, client: client)
                if case .stored(let record) = outcome, let observe {
                    observe(SlotTiming(total: ContinuousClock.now - scheduled, serverMs: record.latencyMs))
                }
                return outcome
            },
            onOutcome: { key, outcome in
                switch outcome {
                case .stored(let record):
                    stored += 1
                    let passed =
                        record.error == nil ? await Self.passesLocalChecks(items[key.itemID], record.text ?? "") : nil
                    progress(tracker.finished(error: record.error != nil, passed: passed))
                    return .proceed
                case .notStored(let error):
                    if case .circuitOpen = error {
                        abort = abort ?? error.description
                        return .stop
                    }
                    return .proceed
                case .storeFailed(let error):
                    storeFailure = error
                    return .stop
                }
            }
        )
        if let storeFailure { throw .store(storeFailure) }
        if let abort { return .aborted(abort) }
        return summary.isComplete && stored == pending.count ? .completed : .interrupted
    }

    private enum SlotOutcome: Sendable {
        case stored(ResponseRecord)
        case notStored(EndpointError)
        case storeFailed(StoreError)
    }

    private func send(_ item: SuiteItem, key: ResponseKey, runID: String, client: ChatClient) async -> SlotOutcome {
        let request = configuration.request(for: item)
        let fingerprint = configuration.fingerprint(for: item, suiteVersion: suite.version)
        var record = ResponseRecord(
            runID: runID,
            itemID: key.itemID,
            repeatIndex: key.repeatIndex,
            fingerprint: fingerprint,
            request: request.body.canonicalText,
            text: nil,
            createdAt: Date(),
            category: item.category,
            tags: item.tags
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
                if Task.isCancelled { return .notStored(.cancelled) }
                record.error = error.description
            }
        }
        record.createdAt = Date()
        do {
            try await store.insertResponse(record)
            return .stored(record)
        } catch {
            return .storeFailed(error)
        }
    }

    /// Whether the answer passes the item's local checks: the live pass rate never waits for a judge.
    static func passesLocalChecks(_ item: SuiteItem?, _ text: String) async -> Bool? {
        guard let item else { return nil }
        let local = item.checks.filter { $0.check.locality == .local }
        guard !local.isEmpty else { return nil }
        let context = CheckContext(item: item)
        for spec in local {
            guard let result = try? await spec.check.grade(text, context: context), result.verdict == .pass else {
                return false
            }
        }
        return true
    }

    // MARK: Grading

    /// Grades `responses` (every stored response when `nil`) with the suite's checks and replaces the run's
    /// grades atomically.
    ///
    /// Remote checks ask `judge` through `calls`, which re-uses stored answers according to its policy; a
    /// check whose call is not made (``CheckError/notAnswered``) is left ungraded. Responses are graded
    /// ``EvaluationConfiguration/concurrency`` at a time, so judge calls overlap. When `shouldContinue` turns
    /// false, no further response is graded, nothing is written and ``EvaluationError/gradingInterrupted(runID:)``
    /// is thrown: a partial batch would replace complete grades.
    @discardableResult
    package func grade(
        runID: String,
        responses: [ResponseRecord]? = nil,
        judge: JudgeEndpoint? = nil,
        calls: RemoteCalls? = nil,
        shouldContinue: () -> Bool = { true },
        now: Date = Date()
    ) async throws(EvaluationError) -> [GradeRecord] {
        let items = Dictionary(suite.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var records = responses ?? []
        if responses == nil {
            do {
                records = try store.responses(runID: runID)
            } catch {
                throw .store(error)
            }
        }
        if let stray = records.first(where: { items[$0.itemID] == nil }) {
            throw .resumeMismatch(runID: runID, reason: "stored item '\(stray.itemID)' is not in suite '\(suite.name)'")
        }
        let calls = calls ?? RemoteCalls(store: store, runID: runID, policy: .reuse)
        var grades: [GradeRecord] = []
        let summary = await ClosedLoopScheduler(concurrency: configuration.concurrency).run(
            records,
            shouldDispatch: shouldContinue,
            work: { response in
                guard let item = items[response.itemID] else { return [GradeRecord]() }
                return await Self.grades(of: response, item: item, judge: judge, calls: calls, now: now)
            },
            onOutcome: { _, outcome in
                grades += outcome
                return .proceed
            }
        )
        guard summary.isComplete else { throw .gradingInterrupted(runID: runID) }
        do {
            try store.replaceGrades(runID: runID, grades: grades)
        } catch {
            throw .store(error)
        }
        return grades
    }

    private static func grades(
        of response: ResponseRecord,
        item: SuiteItem,
        judge: JudgeEndpoint?,
        calls: RemoteCalls,
        now: Date
    ) async -> [GradeRecord] {
        let context = CheckContext(item: item, judge: judge, calls: calls)
        var grades: [GradeRecord] = []
        for (index, spec) in item.checks.enumerated() {
            let result: CheckResult
            if let error = response.error {
                result = CheckResult(verdict: .error, detail: "No response: \(error)")
            } else {
                do {
                    result = try await spec.check.grade(response.text ?? "", context: context)
                } catch .notAnswered {
                    continue
                } catch {
                    result = CheckResult(verdict: .error, detail: error.description)
                }
            }
            grades.append(
                GradeRecord(
                    runID: response.runID,
                    itemID: response.itemID,
                    repeatIndex: response.repeatIndex,
                    checkID: CheckID(kind: spec.kind, index: index),
                    subject: spec.check.subject,
                    locality: spec.check.locality.rawValue,
                    verdict: Verdict(rawValue: result.verdict.rawValue) ?? .error,
                    score: result.score,
                    detail: result.detail,
                    data: result.data,
                    gradedAt: now
                )
            )
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
            throw .store(error)
        }
    }
}

/// How long one slot took from being scheduled to being stored, and how much of it the server took.
package struct SlotTiming: Sendable {
    package var total: Duration
    /// From sending the (final) request to the end of the response, as the client measured it.
    package var serverMs: Double?

    /// Client-side time: scheduling, encoding, parsing, storing.
    package var overheadMs: Double { total.milliseconds - (serverMs ?? 0) }
}

/// Counts progress; lives on the scheduling task, so it needs no lock.
struct ProgressTracker {
    private var progress: RunProgress
    private let start = ContinuousClock.now

    init(total: Int, done: Int) {
        progress = RunProgress(
            total: total,
            done: done,
            doneThisSession: 0,
            errors: 0,
            passed: 0,
            graded: 0,
            elapsedSeconds: 0
        )
    }

    mutating func finished(error: Bool, passed: Bool?) -> RunProgress {
        progress.done += 1
        progress.doneThisSession += 1
        if error { progress.errors += 1 }
        if let passed {
            progress.graded += 1
            if passed { progress.passed += 1 }
        }
        progress.elapsedSeconds = (ContinuousClock.now - start).seconds
        return progress
    }
}
