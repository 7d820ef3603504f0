import Foundation
import ShortlistTestSupport
import Testing

/// `shortlist ifeval` as a user runs it: output files, accuracies, explanations and exit codes.
@Suite struct IFEvalCLITests {
    static let responses = RepositoryPaths.file("data/ifeval/input_response_data_gpt4_20231107_145030.jsonl").path

    @Test func scoreWritesBothReferenceFilesAndPrintsAccuracies() async throws {
        let directory = try RepositoryPaths.temporaryDirectory("ifeval-cli")
        let result = try await CommandLineTool.run(
            ["ifeval", "score", "--responses", Self.responses, "--output-dir", directory.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let prompt = try #require(object["prompt_strict"] as? [String: Any])
        #expect(prompt["total"] as? Int == 541)
        let instruction = try #require(object["instruction_loose"] as? [String: Any])
        #expect(instruction["total"] as? Int == 834)
        #expect((object["by_instruction"] as? [Any])?.count == 25)
        for name in ["eval_results_strict.jsonl", "eval_results_loose.jsonl"] {
            let written = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(written.split(separator: "\n").count == 541)
        }
    }

    @Test func scoreTextShowsFractionsAndTables() async throws {
        let directory = try RepositoryPaths.temporaryDirectory("ifeval-cli")
        let result = try await CommandLineTool.run(
            ["ifeval", "score", "--responses", Self.responses, "--output-dir", directory.path, "--jobs", "1"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("prompt-level"))
        #expect(result.stdout.contains("/541)"))
        #expect(result.stdout.contains("detectable_format:json_format"))
    }

    @Test func missingResponseIsADataErrorNamingTheKey() async throws {
        let directory = try RepositoryPaths.temporaryDirectory("ifeval-cli")
        let file = directory.appendingPathComponent("responses.jsonl")
        try Data(#"{"prompt": "nothing like the input", "response": "x"}"#.utf8).write(to: file)
        let result = try await CommandLineTool.run(
            ["ifeval", "score", "--responses", file.path, "--output-dir", directory.path])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("shortlist: error: \(file.path): no response for prompt key 1000"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func badInputLineNamesFileLineAndField() async throws {
        let directory = try RepositoryPaths.temporaryDirectory("ifeval-cli")
        let input = directory.appendingPathComponent("input.jsonl")
        try Data(
            #"""
            {"key": 1, "prompt": "p", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}
            {"key": 2, "prompt": "q", "instruction_id_list": ["keywords:frequency"], "kwargs": [{"keyword": "a"}]}
            """#.utf8
        ).write(to: input)
        let result = try await CommandLineTool.run([
            "ifeval", "score", "--input", input.path, "--responses", Self.responses,
        ])
        #expect(result.status == 65)
        #expect(result.stderr == "shortlist: error: \(input.path):2: missing field 'kwargs[0].frequency'.\n")
    }

    @Test func explainShowsVariantsAndMeasuredWordCount() async throws {
        let result = try await CommandLineTool.run(["ifeval", "explain", "1000", "--responses", Self.responses])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("length_constraints:number_words"))
        #expect(result.stdout.contains("no first/last line, no '*'"))
        #expect(result.stdout.contains("288"))
    }

    @Test func explainUnknownKeyIsAUsageError() async throws {
        let result = try await CommandLineTool.run(["ifeval", "explain", "1", "--responses", Self.responses])
        #expect(result.status == 64)
        #expect(result.stderr == "shortlist: error: No prompt has key 1.\n")
    }

    @Test func benchmarkReportsBothMedians() async throws {
        let result = try await CommandLineTool.run(
            ["benchmark", "ifeval", "--responses", Self.responses, "--repeat", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["prompts"] as? Int == 541)
        #expect((object["single_threaded_median_ms"] as? Double ?? 0) > 0)
    }
}
