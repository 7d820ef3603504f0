import ArgumentParser
import Foundation
import ShortlistEndpoint
import ShortlistEvaluation
import ShortlistStore

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run an evaluation suite against an OpenAI-compatible endpoint and store every answer.",
        discussion: EvalHelp.discussion
    )

    @Option(help: "The endpoint's API root, such as http://127.0.0.1:8000/v1.") var endpoint: String?
    @Option(help: "The model name the endpoint serves.") var model: String?
    @Option(help: "A built-in suite name or a suite file (.yaml, .jsonl).") var suite: String?
    @Option(help: "The catalog model the run measures (default: matched from the served model name).")
    var catalogModel: String?
    @Option(help: "Requests in flight at once.") var concurrency = 4
    @Option(help: "Times each item is sent (for variance).") var repeats = 1
    @Option(help: "Send only the suite's first N items (a quick sample).") var limit: Int?
    @Option(help: "Continue the run with this id (or unique prefix) where it stopped.") var resume: String?
    @Option(help: "Grade the stored responses of this run again, sending nothing to the model.") var regrade: String?
    @Flag(help: "With --regrade: ask the judge again instead of re-using its stored answers.") var rejudge = false
    @Option(help: "The SQLite store (default: $SHORTLIST_STORE or ~/.shortlist/shortlist.db).") var store: String?
    @Option(help: "Override every item's max_tokens.") var maxTokens: Int?
    @Option(help: "Override every item's temperature.") var temperature: Double?
    @Option(help: "Override every item's seed.") var seed: Int?
    @Flag(help: "Ask for whole answers instead of streams (no time-to-first-token).") var noStream = false
    @Option(help: "Endpoint probe recorded with the run: light, full or none.") var probe = "light"
    @Flag(help: "Print the results as JSON.") var json = false
    @OptionGroup var endpointOptions: EndpointOptions
    @OptionGroup var judgeOptions: JudgeOptions
    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        if resume != nil && regrade != nil { throw ValidationError("give --resume or --regrade, not both") }
        if resume == nil && regrade == nil, endpoint == nil || model == nil || suite == nil {
            throw ValidationError("a new run needs --endpoint, --model and --suite")
        }
        guard concurrency >= 1, repeats >= 1, (limit ?? 1) >= 1 else {
            throw ValidationError("--concurrency, --repeats and --limit must be at least 1")
        }
        guard ["light", "full", "none"].contains(probe) else {
            throw ValidationError("--probe must be light, full or none, not '\(probe)'")
        }
    }

    func run() async throws {
        let store = try Store(path: self.store ?? Store.defaultPath)
        if let regrade {
            let session = try RunSession.regrade(store: store, runID: regrade, suite: suite)
            let outcome = try await judgeOptions.withJudge(session.configuration.judge, endpointOptions) { judge in
                if judge == nil && session.suite.needsJudge {
                    throw EvaluationError.judgeRequired(suite: session.suite.name)
                }
                return try await session.regrade(judge: judge, policy: rejudge ? .callAgain : .reuse)
            }
            return try RunText.show(outcome, json: json)
        }
        let url = try resume.map { try endpoint ?? store.run(id: $0).endpoint } ?? endpoint ?? ""
        let endpointConfiguration = try endpointOptions.configuration(url: url)
        let outcome = try await withChatClient(endpointConfiguration) { client in
            let session =
                if let resume {
                    try RunSession.resume(store: store, runID: resume, endpoint: endpointConfiguration, suite: suite)
                } else {
                    try await newSession(store: store, endpoint: endpointConfiguration, client: client)
                }
            return try await judgeOptions.withJudge(session.configuration.judge, endpointOptions) { judge in
                try await RunDisplay.drive(session) { try await session.run(client: client, judge: judge) }
            }
        }
        try RunText.show(outcome, json: json)
        try RunDisplay.exit(for: outcome)
    }

    private func newSession(
        store: Store,
        endpoint: EndpointConfiguration,
        client: ChatClient
    ) async throws
        -> RunSession
    {
        var configuration = EvaluationConfiguration(
            endpoint: endpoint,
            model: model ?? "",
            concurrency: concurrency,
            repeats: repeats,
            stream: !noStream,
            sampling: SamplingParameters(maxTokens: maxTokens, temperature: temperature, seed: seed)
        )
        let suite = try SuiteSource.load(self.suite ?? "", limit: limit)
        configuration.itemLimit = limit
        if suite.source != "built-in" { configuration.suitePath = URL(fileURLWithPath: suite.source).standardized.path }
        configuration.judge = try judgeOptions.configuration(for: configuration, endpointOptions)
        if suite.needsJudge && configuration.judge == nil { throw EvaluationError.judgeRequired(suite: suite.name) }
        return try await RunSession.create(
            store: store,
            suite: suite,
            configuration: configuration,
            catalogModel: try CatalogLink.resolve(catalogModel, served: configuration.model, catalog: catalog),
            probe: probe == "none" ? nil : probe == "full" ? .full : .light,
            client: client,
            shortlistVersion: Shortlist.configuration.version
        )
    }
}
