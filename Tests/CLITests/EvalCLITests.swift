import Foundation
import ShortlistTestSupport
import Testing

/// `eval`, `probe` and `runs` as a user meets them when the input is wrong.
@Suite(.timeLimit(.minutes(3))) struct EvalCLITests {
    @Test func newRunNeedsEndpointModelAndSuite() async throws {
        let result = try await CommandLineTool.run(["eval", "--suite", "smoke"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("a new run needs --endpoint, --model and --suite"))
    }

    @Test func badSuiteFileIsNamedWithLineAndField() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let suite = directory.appendingPathComponent("bad.yaml")
        try "name: bad\nitems:\n  - id: a\n    promt: hi\n".write(to: suite, atomically: true, encoding: .utf8)
        let result = try await CommandLineTool.run([
            "eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--suite", suite.path,
            "--store", directory.appendingPathComponent("s.db").path,
        ])
        #expect(result.status == 65)
        #expect(
            result.stderr
                == "shortlist: error: \(suite.path):4: field 'items[0].promt': unknown key. Did you mean 'prompt'? Expected one of id, prompt, messages, system, sampling, checks, tags, category, reference.\n"
        )
    }

    @Test func unknownSuiteNameListsTheBuiltIns() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let result = try await CommandLineTool.run([
            "eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--suite", "smoek",
            "--store", directory.appendingPathComponent("s.db").path,
        ])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "shortlist: error: No suite 'smoek': it is neither a built-in suite (ifeval, smoke) nor a file.\n"
        )
    }

    @Test func missingAPIKeyVariableIsAUsageError() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let result = try await CommandLineTool.run([
            "eval", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--suite", "smoke",
            "--api-key-env", "SHORTLIST_NO_SUCH_KEY", "--store", directory.appendingPathComponent("s.db").path,
        ])
        #expect(result.status == 64)
        #expect(result.stderr == "shortlist: error: The API key variable 'SHORTLIST_NO_SUCH_KEY' is not set.\n")
    }

    @Test func unknownRunIDsAreUsageErrors() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let store = directory.appendingPathComponent("s.db").path
        let show = try await CommandLineTool.run(["runs", "show", "20991231", "--store", store])
        #expect(show.status == 64)
        #expect(show.stderr.hasPrefix("shortlist: error: "))
        let resume = try await CommandLineTool.run(["eval", "--resume", "nope", "--store", store])
        #expect(resume.status == 64)
        let empty = try await CommandLineTool.run(["runs", "list", "--store", store])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("No runs yet"))
    }

    @Test func unreachableEndpointFailsTheProbeWithExitOne() async throws {
        let result = try await CommandLineTool.run(["probe", "http://127.0.0.1:9/v1", "--quick", "--max-attempts", "1"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("GET /models"))
    }
}
