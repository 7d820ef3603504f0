import ArgumentParser
import Foundation
import ShortlistEndpoint
import ShortlistEvaluation
import ShortlistStore
import ShortlistSupport
import Synchronization

/// Measures the evaluation harness's own cost per request against a zero-delay server.
///
/// Run against `shortlist-fault-server --mode fake` (see Benchmarks/harness-overhead.sh): the server
/// runs in another process, so this process's CPU time is the client's alone.
struct HarnessBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harness",
        abstract: "Client overhead per request: scheduling, streaming parse, storing (server excluded)."
    )

    @Option(help: "The zero-delay server's API root.")
    var endpoint: String

    @Option(help: "Requests to send.")
    var requests = 2000

    @Option(help: "Concurrent streams.")
    var concurrency = 64

    @Option(help: "max_tokens per request (content chunks per stream).")
    var maxTokens = 16

    @Flag(help: "Print JSON.")
    var json = false

    struct Result: Encodable {
        var requests: Int
        var concurrency: Int
        var wallSeconds: Double
        var requestsPerSecond: Double
        /// Process CPU (user + system) per request: everything the client spent, nothing the server did.
        var cpuMsPerRequest: Double
        /// Per request: scheduled-to-stored time minus the request/response exchange.
        var medianOverheadMs: Double
        var p90OverheadMs: Double
        var medianExchangeMs: Double
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "shortlist-harness-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appendingPathComponent("bench.db").path)
        let items = (0..<requests).map { index in
            SuiteItem(id: "item-\(index)", messages: [.user("Repeat the words of item \(index) back to me, please.")])
        }
        let suite = Suite(name: "harness-benchmark", description: nil, items: items, source: "generated")
        let configuration = EvaluationConfiguration(
            endpoint: EndpointConfiguration(baseURL: endpoint, circuitBreakerThreshold: 1),
            model: "fake",
            concurrency: concurrency,
            sampling: SamplingParameters(maxTokens: maxTokens, temperature: 0)
        )
        let runner = EvaluationRunner(store: store, suite: suite, configuration: configuration)
        let run = try runner.createRun(probe: nil, versions: RunVersions(shortlist: Shortlist.configuration.version))
        let timings = Mutex<[SlotTiming]>([])
        let cpuBefore = Self.cpuSeconds()
        let start = ContinuousClock.now
        let end = try await withChatClient(configuration.endpoint) { client in
            try await runner.generate(
                runID: run.id,
                client: client,
                stop: StopSignal(),
                observe: { timing in timings.withLock { $0.append(timing) } },
                progress: { _ in }
            )
        }
        let wall = ContinuousClock.now - start
        let cpu = Self.cpuSeconds() - cpuBefore
        guard end == .completed else { throw ValidationError("the benchmark run did not complete: \(end)") }
        let collected = timings.withLock { $0 }
        let overheads = collected.map(\.overheadMs).sorted()
        let exchanges = collected.compactMap(\.serverMs).sorted()
        let wallSeconds = wall.seconds
        let result = Result(
            requests: collected.count,
            concurrency: concurrency,
            wallSeconds: wallSeconds,
            requestsPerSecond: Double(collected.count) / wallSeconds,
            cpuMsPerRequest: cpu * 1000 / Double(collected.count),
            medianOverheadMs: overheads[overheads.count / 2],
            p90OverheadMs: overheads[overheads.count * 9 / 10],
            medianExchangeMs: exchanges[exchanges.count / 2]
        )
        if json { return try JSONOutput.print(result) }
        print(
            String(
                format:
                    "%d requests at %d concurrent streams in %.2f s (%.0f req/s): client CPU %.3f ms/request; "
                    + "overhead outside the exchange median %.3f ms (p90 %.3f); exchange median %.2f ms",
                result.requests,
                concurrency,
                wallSeconds,
                result.requestsPerSecond,
                result.cpuMsPerRequest,
                result.medianOverheadMs,
                result.p90OverheadMs,
                result.medianExchangeMs
            )
        )
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
