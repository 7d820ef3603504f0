import ArgumentParser
import Foundation
import Logging
import ShortlistCatalog
import ShortlistEndpoint
import ShortlistEvaluation
import ShortlistFit
import ShortlistIFEval
import ShortlistSelection
import ShortlistStore
import ShortlistSupport

@main
struct Shortlist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Pick, prove and deploy small language models for a real use case.",
        discussion: """
            Shortlist joins the stages of choosing a small language model (under ~8B parameters) into one \
            evidence-backed decision: a sourced model catalog, exact memory fit on your GPUs, selection against \
            your requirements with a tiered portfolio, and (in later commands) evaluation, load tests and \
            deployment plans.

            Every catalog fact carries its source; numbers nobody published stay empty. Parameter counts and \
            KV-cache sizes are computed from each model's architecture numbers, not stored.

            EXIT CODES
              0   success
              1   the run failed, or 'recommend' found no model that fits (the report says why)
              64  usage error: a bad flag, an unknown model or GPU, an impossible number
              65  bad input data: a malformed catalog file, requirements file, config.json or suite file
              130 'eval' was interrupted (Ctrl-C or SIGTERM); continue it with 'shortlist eval --resume RUN'

            ENVIRONMENT
              SHORTLIST_CATALOG   extra catalog files, separated by ':', loaded before --catalog files
              SHORTLIST_STORE     the SQLite store of evaluation runs (default ~/.shortlist/shortlist.db)
              SHORTLIST_LOG_LEVEL log level on stderr: trace, debug, info, notice (shows retries), warning
            """,
        version: "0.1.0",
        subcommands: [
            RecommendCommand.self, CatalogCommand.self, FitCommand.self, ProbeCommand.self, EvalCommand.self,
            RunsCommand.self, IFEvalCommand.self, BenchmarkCommand.self,
        ]
    )

    /// Runs the command line and maps library errors to one stderr line and a documented exit code.
    static func main() async {
        // Library logs (retries, for instance) go to stderr, so stdout stays clean for --json.
        let level =
            ProcessInfo.processInfo.environment["SHORTLIST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
            ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any ShortlistError {
            fail(error.description, code: error.exitStatus)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)  // the command already reported what went wrong
        } catch {
            // Help and version requests exit 0 with ArgumentParser's own output; every other error is one line.
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            var trimmed = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
            if let last = trimmed.last, !".?!".contains(last) { trimmed += "." }
            FileHandle.standardError.write(Data("shortlist: error: \(trimmed) See 'shortlist --help'.\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }

    private static func fail(_ message: String, code: ExitStatus) -> Never {
        FileHandle.standardError.write(Data("shortlist: error: \(message)\n".utf8))
        Foundation.exit(code.rawValue)
    }
}

/// A failure to write an output file.
struct OutputError: ShortlistError {
    var description: String
    var exitStatus: ExitStatus { .failure }
}
