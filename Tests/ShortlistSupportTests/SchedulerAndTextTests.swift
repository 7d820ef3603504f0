import Synchronization
import Testing

@testable import ShortlistSupport

struct SchedulerAndTextTests {
    @Test(arguments: [1, 3, 8])
    func theSchedulerNeverRunsMoreThanItsConcurrencyAndReportsEveryJob(concurrency: Int) async {
        let inFlight = Mutex((now: 0, peak: 0))
        var seen: [Int] = []
        let summary = await ClosedLoopScheduler(concurrency: concurrency).run(
            Array(0..<40),
            work: { job in
                inFlight.withLock {
                    $0.now += 1
                    $0.peak = max($0.peak, $0.now)
                }
                try? await Task.sleep(for: .milliseconds(job % 3))
                inFlight.withLock { $0.now -= 1 }
                return job * 2
            },
            onOutcome: { job, outcome in
                #expect(outcome == job * 2)
                seen.append(job)
                return .proceed
            }
        )
        #expect(summary == ScheduleSummary(total: 40, dispatched: 40, finished: 40))
        #expect(summary.isComplete)
        #expect(seen.sorted() == Array(0..<40))
        #expect(inFlight.withLock { $0.peak } == concurrency)
    }

    @Test func aStopDecisionLetsInFlightJobsFinishAndDispatchesNothingMore() async {
        var outcomes = 0
        let summary = await ClosedLoopScheduler(concurrency: 4).run(
            Array(0..<100),
            work: { $0 },
            onOutcome: { _, _ in
                outcomes += 1
                return outcomes == 10 ? .stop : .proceed
            }
        )
        #expect(summary.finished == summary.dispatched)
        #expect(summary.dispatched >= 10 && summary.dispatched < 14)
        #expect(!summary.isComplete)
        #expect(summary.undispatched == 100 - summary.dispatched)
    }

    @Test func naturalOrderComparesDigitRunsByValue() {
        let sorted = ["q10", "q2", "1000", "102", "q1", "a", "q02", "b1"].sortedNaturally { $0 }
        #expect(sorted == ["102", "1000", "a", "b1", "q1", "q02", "q2", "q10"])
    }

    @Test func oneJSONTypeKeepsIntegersAndFloatsApart() throws {
        #expect(
            try JSONParser.parse(#"{"a": 300, "b": 0.5, "c": 1.0, "d": 1e3}"#)
                == .object([
                    "a": .integer(300), "b": .double(0.5), "c": .double(1.0), "d": .double(1000),
                ])
        )
        #expect(JSONValue.integer(1).equalsAsJSON(.double(1.0)))
        #expect(JSONValue.integer(1) != .double(1.0))
        // Fingerprints hash the canonical text, which writes a whole double as before the integer case existed.
        #expect(
            JSONValue.object(["t": .double(0), "n": .integer(3), "x": .double(0.7)]).canonicalText
                == #"{"n":3,"t":0,"x":0.7}"#
        )
    }

    @Test func didYouMeanNamesTheClosestCandidates() {
        #expect(Suggestions.didYouMean("promt", in: ["prompt", "messages"]) == " Did you mean 'prompt'?")
        #expect(Suggestions.didYouMean("zzzz", in: ["prompt"]) == "")
        #expect(
            Suggestions.closest(to: "20261128", in: ["20261128-221800-a1b2", "20251128-000000-ffff"]) == [
                "20261128-221800-a1b2"
            ]
        )
    }
}
