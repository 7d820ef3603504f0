import ArgumentParser
import Foundation
import ShortlistEndpoint

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Find out what an OpenAI-compatible endpoint really supports, before any run.",
        discussion: """
            Tries each feature with a small real request and judges it from the answer: models listed, \
            streaming, usage in streams, whether a long prompt really reaches the model (a needle early in a \
            --context-token prompt; catches silent truncation such as Ollama's default context), max_tokens, \
            min_tokens/ignore_eos, seed, logprobs, JSON mode, guided/grammar output, /tokenize, server identity \
            and a chat-template fingerprint. 'shortlist eval' records a quick probe with every run.

            EXAMPLES
              shortlist probe http://127.0.0.1:8000/v1
              shortlist probe http://127.0.0.1:11434/v1 --model llama3.2 --context 8k --json
            """
    )

    @Argument(help: "The endpoint's API root, such as http://127.0.0.1:8000/v1 (/v1 is added to a bare host).")
    var url: String

    @Option(help: "The model to probe (default: the first one the endpoint lists).")
    var model: String?

    @Option(help: "Prompt tokens for the context test: 2048, 8k, 32k.")
    var context = TokenCount(2048)

    @Flag(help: "Only models, server identity, streaming and usage (what 'eval' records).")
    var quick = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        let report = try await withChatClient(try endpoint.configuration(url: url)) { client in
            await EndpointProbe(client: client, contextTokens: context.value).run(
                model: model,
                depth: quick ? .light : .full
            )
        }
        if json {
            try JSONOutput.print(report)
        } else {
            print(ProbeText.render(report))
        }
        if report.feature("chat")?.status != .yes && report.feature("models")?.status != .yes {
            throw ExitCode.failure
        }
    }
}

enum ProbeText {
    static func render(_ report: ProbeReport) -> String {
        var lines = ["Endpoint  \(report.endpoint)"]
        lines.append("Model     \(report.model ?? "(none listed)")")
        var server = report.server.kind
        if let version = report.server.version { server += " \(version)" }
        if let header = report.server.header { server += " (Server: \(header))" }
        lines.append("Server    \(server)")
        lines.append("")
        var table = TextTable([("feature", .left), ("status", .left), ("evidence", .left)])
        for feature in report.features {
            table.add([feature.label, feature.status.rawValue, feature.detail])
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}
