/// Whether a schedule goes on after an outcome.
package enum ScheduleDecision: Sendable, Equatable {
    /// Keep dispatching jobs.
    case proceed
    /// Dispatch nothing more; jobs already in flight finish and are reported.
    case stop
}

/// How a schedule ended.
package struct ScheduleSummary: Sendable, Equatable {
    /// Jobs given to the schedule.
    package var total: Int
    /// Jobs started.
    package var dispatched: Int
    /// Jobs whose outcome was reported.
    package var finished: Int

    /// Jobs never started (a stop, a `.stop` decision or cancellation came first).
    package var undispatched: Int { total - dispatched }
    /// Whether every job was started and reported.
    package var isComplete: Bool { finished == total }
}

/// Runs jobs with a fixed number in flight (a closed loop): a new job starts only when one finishes.
///
/// Built on one task group: each child runs one job and *returns* its outcome, and only the parent
/// dispatches, so nothing mutable is shared between tasks. Outcomes are handed to `onOutcome` one at a time,
/// in completion order, on the parent task: that is where a caller stores results, updates progress or
/// decides to stop. The evaluation runner sends suite items through it; the load benchmark drives the same
/// component at a fixed concurrency and adds open-loop arrivals beside it.
///
/// ```swift
/// let summary = await ClosedLoopScheduler(concurrency: 8).run(slots, work: { slot in await send(slot) }) {
///     slot, outcome in
///     store(outcome)
///     return outcome.endpointLooksDown ? .stop : .proceed
/// }
/// ```
package struct ClosedLoopScheduler: Sendable {
    /// Jobs in flight at once (at least 1).
    package var concurrency: Int

    package init(concurrency: Int) {
        self.concurrency = Swift.max(1, concurrency)
    }

    /// Runs `jobs` in order, at most ``concurrency`` at a time, until all are done, `shouldDispatch` says no,
    /// `onOutcome` returns `.stop`, or the calling task is cancelled (children see the cancellation; their
    /// outcomes are still reported).
    package func run<Job: Sendable, Outcome: Sendable>(
        _ jobs: [Job],
        shouldDispatch: () -> Bool = { true },
        work: @escaping @Sendable (Job) async -> Outcome,
        onOutcome: (Job, Outcome) async -> ScheduleDecision
    ) async -> ScheduleSummary {
        var summary = ScheduleSummary(total: jobs.count, dispatched: 0, finished: 0)
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var stopped = false
            while summary.dispatched < Swift.min(concurrency, jobs.count), shouldDispatch(), !Task.isCancelled {
                let index = summary.dispatched
                let job = jobs[index]
                group.addTask { (index, await work(job)) }
                summary.dispatched += 1
            }
            while let (index, outcome) = await group.next() {
                summary.finished += 1
                if await onOutcome(jobs[index], outcome) == .stop { stopped = true }
                guard !stopped, summary.dispatched < jobs.count, shouldDispatch(), !Task.isCancelled else { continue }
                let next = summary.dispatched
                let job = jobs[next]
                group.addTask { (next, await work(job)) }
                summary.dispatched += 1
            }
        }
        return summary
    }
}
