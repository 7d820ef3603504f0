import Dispatch
import Foundation
import ShortlistTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a ``FakeModel`` behind a ``FaultServer`` until SIGTERM or SIGINT, for benchmark scripts.
///
/// The first line on stdout is `listening on http://HOST:PORT`, written as soon as the port is bound.
@main
struct FaultServerMain {
    static let usage = """
        USAGE: shortlist-fault-server [--port N] [--host H] [--mode fake] [options]

        Serves an OpenAI-compatible fake model (POST /v1/chat/completions, GET /v1/models) at zero delay.

        OPTIONS:
          --port N             Port to listen on; 0 picks a free one (default 0).
          --host H             Address to bind (default 127.0.0.1).
          --mode fake          The fake model (the only mode).
          --model NAME         Model id to report (default fake-model).
          --tokens K           Tokens per reply when max_tokens is larger (default 16).
          --no-usage           Never send a usage chunk in streams.
          --context-limit N    Silently keep only the last N characters of each prompt.
          --tokenize           Serve POST /tokenize.
          --server-header S    Send 'Server: S' on every response.
          --no-seed            Vary replies even when the seed is the same.
          --no-json-mode       Ignore response_format.
          --logprobs           Return logprobs when asked.
          --flush-each-chunk   Flush every stream event on its own (default: one write per stream).
          --ttft-ms MS         Wait MS milliseconds before the first content token of a stream (implies
                               --flush-each-chunk).
          --token-gap-ms MS    Wait MS milliseconds between content tokens of a stream (implies --flush-each-chunk).
          -h, --help           Show this help.
        """

    static func main() async {
        let options: Options
        do {
            options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n\n\(usage)\n".utf8))
            exit(64)  // EX_USAGE
        }
        if options.help {
            print(usage)
            return
        }
        let (signals, sources) = terminationSignals()
        do {
            let server = try await FaultServer.start(
                host: options.host,
                port: options.port,
                handler: FakeModel.handler(options.capabilities)
            )
            // Unbuffered, so a script reading the first line sees it at once.
            FileHandle.standardOutput.write(Data("listening on \(server.baseURL)\n".utf8))
            for await _ in signals { break }
            withExtendedLifetime(sources) {}
            try await server.shutdown()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }

    /// A stream that yields when SIGTERM or SIGINT arrives (their default action, ending the process, is turned off).
    ///
    /// The dispatch sources behind the stream come back too: they must be kept alive while the stream is awaited.
    private static func terminationSignals() -> (AsyncStream<Int32>, [any DispatchSourceSignal]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        return (stream, sources)
    }
}

/// The command line, parsed by hand (the tool has a handful of flags and no subcommands).
struct Options {
    var host = "127.0.0.1"
    var port = 0
    var help = false
    var capabilities = FakeModel.Capabilities()

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    init(arguments: [String]) throws {
        var remaining = arguments[...]
        func value(for flag: String) throws -> String {
            guard let value = remaining.popFirst() else {
                throw UsageError(description: "Missing value for '\(flag)'.")
            }
            return value
        }
        func integer(for flag: String) throws -> Int {
            let text = try value(for: flag)
            guard let number = Int(text), number >= 0 else {
                throw UsageError(description: "The value '\(text)' for '\(flag)' is not a non-negative integer.")
            }
            return number
        }
        func milliseconds(for flag: String) throws -> Double {
            let text = try value(for: flag)
            guard let number = Double(text), number >= 0, number.isFinite else {
                throw UsageError(description: "The value '\(text)' for '\(flag)' is not a non-negative number.")
            }
            return number
        }
        while let flag = remaining.popFirst() {
            switch flag {
            case "--port": port = try integer(for: flag)
            case "--host": host = try value(for: flag)
            case "--mode":
                let mode = try value(for: flag)
                guard mode == "fake" else { throw UsageError(description: "Unknown mode '\(mode)'. Use 'fake'.") }
            case "--model": capabilities.model = try value(for: flag)
            case "--tokens": capabilities.replyTokens = try integer(for: flag)
            case "--no-usage": capabilities.includeUsageInStream = false
            case "--context-limit": capabilities.contextLimitCharacters = try integer(for: flag)
            case "--tokenize": capabilities.supportsTokenize = true
            case "--server-header": capabilities.serverHeader = try value(for: flag)
            case "--no-seed": capabilities.seedHonoured = false
            case "--no-json-mode": capabilities.jsonMode = false
            case "--logprobs": capabilities.logprobs = true
            case "--flush-each-chunk": capabilities.flushesEachChunk = true
            case "--ttft-ms":
                capabilities.firstTokenDelay = .microseconds(Int64(try milliseconds(for: flag) * 1000))
                capabilities.flushesEachChunk = true
            case "--token-gap-ms":
                capabilities.tokenGap = .microseconds(Int64(try milliseconds(for: flag) * 1000))
                capabilities.flushesEachChunk = true
            case "-h", "--help": help = true
            default: throw UsageError(description: "Unknown option '\(flag)'.")
            }
        }
    }
}
