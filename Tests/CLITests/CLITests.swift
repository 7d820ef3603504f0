import Foundation
import ShortlistTestSupport
import Testing

/// Runs the built `shortlist` binary as a user would: output, JSON and exit codes.
struct CLITests {
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandLineTool.Result {
        try await CommandLineTool.run(arguments, environment: environment)
    }

    func json(_ arguments: [String]) async throws -> Any {
        let result = try await run(arguments + ["--json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func helpReadsLikeAManualWithExitCodes() async throws {
        let result = try await run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("EXIT CODES"))
        #expect(result.stdout.contains("65  bad input data"))
        #expect(result.stdout.contains("SHORTLIST_CATALOG"))
        let fit = try await run(["fit", "--help"])
        #expect(fit.stdout.contains("--gpu-memory-utilization"))
        #expect(fit.stdout.contains("EXAMPLES"))
    }

    @Test func catalogListAsJSONHasComputedNumbers() async throws {
        let models = try #require(try await json(["catalog", "list"]) as? [[String: Any]])
        #expect(models.count == 23)
        let llama = try #require(models.first { $0["id"] as? String == "llama-3.1-8b-instruct" })
        let parameters = try #require(llama["parameters"] as? [String: Any])
        #expect(parameters["total"] as? Int == 8_030_261_248)
        #expect(llama["kv_bytes_per_token"] as? Int == 131_072)
    }

    @Test func catalogShowPrintsFactsWithSources() async throws {
        let result = try await run(["catalog", "show", "Qwen/Qwen3-8B"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[QWEN3_8B_CFG]"))
        #expect(result.stdout.contains("147,456 B at 16 bits"))
        #expect(result.stdout.contains("QWEN3_TR:"))
        let detail = try #require(try await json(["catalog", "show", "qwen3-8b"]) as? [String: Any])
        let card = try #require(detail["card"] as? [String: Any])
        #expect(card["hf_repo"] as? String == "Qwen/Qwen3-8B")
        #expect((detail["draft_model"] as? [String: Any])?["model_id"] as? String == "qwen3-0.6b")
    }

    @Test func fitAsJSONCarriesTheBreakdown() async throws {
        let result = try #require(
            try await json(["fit", "llama-3.1-8b-instruct", "--gpu", "a100", "--context", "128k"]) as? [String: Any]
        )
        #expect(result["verdict"] as? String == "fits")
        #expect(result["max_concurrency"] as? Int == 3)
        let memory = try #require(result["memory"] as? [String: Any])
        #expect(memory["kv_cache_per_sequence"] as? Double == 17_179_869_184)
        // The KV layout is the engine's own: Gemma 3's vLLM groups of 5 layers with one padding layer.
        let gemma = try #require(try await json(["fit", "gemma-3-4b-it", "--gpu", "l4"]) as? [String: Any])
        let layout = try #require(gemma["kv_layout"] as? [String: Any])
        #expect(layout["group_size"] as? Int == 5 && layout["padding_layers"] as? Int == 1)
    }

    @Test func fitExplainShowsTheFormulas() async throws {
        let result = try await run([
            "fit", "qwen3-8b", "--gpu", "a100-80gb", "--gpus", "2", "--context", "32k", "--concurrency", "64",
            "--weights", "int4", "--kv-dtype", "fp8", "--explain",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("INT4 AWQ weights, FP8 KV cache"))
        #expect(result.stdout.contains("page per layer = 16 tokens × 4 KV heads per GPU"))
        #expect(result.stdout.contains("Estimates, not measurements"))
    }

    @Test func compareLogPutsThePredictionBesideEachLoggedFigure() async throws {
        let log = RepositoryPaths.file("Tests/ShortlistFitTests/Fixtures/vllm-0.15.1-a100-40gb-llama-3.1-8b.log").path
        let result = try await run(["fit", "--compare-log", log, "--gpu", "a100-40gb"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "Llama 3.1 8B Instruct on 1 × NVIDIA A100 40GB (SXM4), vLLM 0.15.1 (--enforce-eager)"
            )
        )
        for figure in [
            "Model loading took (6)", "Available KV cache memory (7)", "GPU KV cache size (8)",
            "Maximum concurrency (9)",
        ] {
            #expect(result.stdout.contains(figure), "\(figure)")
        }
        #expect(result.stdout.contains("157,936"))
        let rows = try #require(
            (try await json(["fit", "--compare-log", log, "--gpu", "a100-40gb"]) as? [String: Any])?["rows"]
                as? [[String: Any]]
        )
        #expect(rows.count == 4)
        for row in rows { #expect(abs(row["relative_difference"] as? Double ?? 1) < 0.02, "\(row)") }
    }

    @Test func aKeptComparisonIsAStoredRunWithItsFigures() async throws {
        let log = RepositoryPaths.file("Tests/ShortlistFitTests/Fixtures/vllm-0.15.1-a100-40gb-llama-3.1-8b.log").path
        let store = try RepositoryPaths.temporaryDirectory("engine-log").appendingPathComponent("s.db").path
        let kept = try await run(["fit", "--compare-log", log, "--gpu", "a100-40gb", "--store", store])
        #expect(kept.status == 0, "\(kept.stderr)")
        let id = try #require(kept.stdout.firstMatch(of: #/Kept as run (\S+) /#).map { String($0.1) })
        let list = try await run(["runs", "list", "--store", store])
        #expect(list.stdout.contains("\(id)  completed  engine-log"))
        let shown = try await run(["runs", "show", id, "--store", store])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Available KV cache memory (7)   19.28"))
        let storedJSON = try await run(["runs", "show", id, "--store", store, "--json"]).stdout
        let stored = try #require(
            try JSONSerialization.jsonObject(
                with: Data(storedJSON.utf8)
            )
                as? [String: Any]
        )
        #expect((stored["rows"] as? [Any])?.count == 4)
        #expect((stored["log"] as? [String: Any])?["max_model_length"] != nil)
    }

    @Test func compareLogOnAFileThatIsNotAVLLMLogExitsWith65NamingIt() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("server.log")
        try "llama_model_loader: loaded meta data\nsrv  listening on http://127.0.0.1:8080\n".write(
            to: file,
            atomically: true,
            encoding: .utf8
        )
        let result = try await run(["fit", "llama-3.1-8b-instruct", "--compare-log", file.path, "--gpu", "l4"])
        #expect(result.status == 65)
        #expect(
            result.stderr
                == "shortlist: error: \(file.path): no vLLM start-up figures found (looked for 'Model loading took', 'Available KV cache memory', 'GPU KV cache size' and 'Maximum concurrency').\n"
        )
        let missing = try await run([
            "fit", "--compare-log", directory.appendingPathComponent("none.log").path, "--gpu", "l4",
        ])
        #expect(missing.stderr.contains("none.log: cannot read the file: no such file."))
        #expect(missing.status != 0)
    }

    @Test func aGGUFFormatFitsOnLlamaCppAndSaysHowToStartIt() async throws {
        let result = try await run([
            "fit", "gemma-3-4b-it", "--gpu", "rtx-4090", "--weights", "q4_k_m", "--concurrency", "4", "--context",
            "16k",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("on 1 × NVIDIA GeForce RTX 4090 24GB, llama.cpp"))
        #expect(result.stdout.contains("llama-server --ctx-size 65536 --parallel 4"))
        #expect(result.stdout.contains("compute buffer"))
    }

    @Test func fitAllListsEveryModel() async throws {
        let result = try await run(["fit", "--all", "--gpu", "rtx-4090", "--context", "8k"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("BEST FORMAT"))
        #expect(result.stdout.contains("olmo-2-1124-7b-instruct: Context 8192 exceeds"))
        let rows = try #require(
            try await json(["fit", "--all", "--gpu", "rtx-4090", "--context", "8k"]) as? [[String: Any]]
        )
        #expect(rows.count == 23)
    }

    @Test(arguments: [
        (["fit", "qwen3-8", "--gpu", "a100"], "Unknown model 'qwen3-8'. Did you mean 'qwen3-8b' or 'qwen3-4b'?"),
        (["fit", "qwen3-8b", "--gpu", "a100-80"], "Unknown GPU 'a100-80'. Did you mean 'a100-80gb' or 'a100-40gb'?"),
        (["fit", "qwen3-8b", "--gpu", "a100", "--context", "64k"], "pass '--allow-extended'"),
        (["fit", "qwen3-8b", "--gpu", "a100", "--gpus", "0"], "'gpus' is '0'; expected at least 1."),
        (["fit", "qwen3-8b", "--gpu", "a100", "--concurrency=-3"], "'concurrency' is '-3'"),
        (["fit", "qwen3-8b", "--gpu", "a100", "--weights", "int3"], "Unknown weight format 'int3'"),
        (["fit", "qwen3-8b", "--gpu", "a100", "--context", "lots"], "--context"),
        (["fit", "--gpu", "a100"], "Missing MODEL"),
        (
            ["fit", "qwen3-8b", "--gpu", "a100", "--weights", "q4_k_m", "--engine", "vllm"],
            "GGUF runs on --engine llama.cpp"
        ),
        (["fit", "qwen3-8b", "--gpu", "a100", "--engine", "tgi"], "Unknown engine 'tgi'"),
        (["fit", "qwen3-8b", "--gpu", "a100", "--vllm-version", "latest"], "'--vllm-version' is 'latest'"),
        (["fit", "--all", "--gpu", "a100", "--compare-log", "x.log"], "drop '--all'"),
        (["fit", "qwen3-8b", "--gpu", "a100", "--store", "x.db"], "add '--compare-log'"),
        (["catalog", "show", "gemma-4b"], "Did you mean"),
    ])
    func usageErrorsExitWith64AndOneClearLine(arguments: [String], message: String) async throws {
        let result = try await run(arguments)
        #expect(result.status == 64, "\(arguments) → \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aMalformedCatalogFileExitsWith65NamingFileAndLine() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.yaml")
        try "models:\n  - id: x\n    hf_repo: [oops\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try await run(["catalog", "list", "--catalog", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("shortlist: error: \(file.path):"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        // The same through the environment variable.
        let viaEnvironment = try await run(["catalog", "list"], environment: ["SHORTLIST_CATALOG": file.path])
        #expect(viaEnvironment.status == 65)
    }

    @Test func aMissingCatalogFileExitsWith65() async throws {
        let result = try await run(["catalog", "list", "--catalog", "/nonexistent.yaml"])
        #expect(result.status == 65)
        #expect(result.stderr == "shortlist: error: /nonexistent.yaml: cannot read the file: no such file.\n")
    }

    @Test func importWritesAnEntryThatLoadsAsAUserCatalog() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let config = directory.appendingPathComponent("config.json")
        try """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "num_hidden_layers": 16, "hidden_size": 2048,
         "intermediate_size": 8192, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 64,
         "vocab_size": 128256, "tie_word_embeddings": true, "max_position_embeddings": 131072}
        """.write(to: config, atomically: true, encoding: .utf8)
        let entry = directory.appendingPathComponent("mine.yaml")
        let imported = try await run(["catalog", "import", config.path, "--id", "my-llama", "--out", entry.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1,235,814,400 total"))
        let written = try String(contentsOf: entry, encoding: .utf8)
        #expect(written.contains("# Computed by Shortlist (not stored): 1235814400 parameters"))
        // It never overwrites without --force.
        let again = try await run(["catalog", "import", config.path, "--id", "my-llama", "--out", entry.path])
        #expect(again.status == 64)
        let fit = try await json(["fit", "my-llama", "--gpu", "l4", "--catalog", entry.path])
        #expect((fit as? [String: Any])?["model_id"] as? String == "my-llama")
        let summary = try #require(
            try await json(["catalog", "import", config.path, "--id", "my-llama"]) as? [String: Any]
        )
        #expect(summary["kv_bytes_per_token"] as? Int == 32_768)
    }

    @Test func importOfBrokenJSONExitsWith65() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let config = directory.appendingPathComponent("config.json")
        try "{\n  \"hidden_size\": 64,\n  \"num_hidden_layers\": [2\n}\n".write(
            to: config,
            atomically: true,
            encoding: .utf8
        )
        let result = try await run(["catalog", "import", config.path, "--id", "x"])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("shortlist: error: \(config.path):4:"))
    }

    @Test func theBinaryWorksWhenCopiedElsewhere() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let copy = directory.appendingPathComponent("shortlist")
        try FileManager.default.copyItem(at: CommandLineTool.executable, to: copy)
        let result = try await CommandLineTool.run(
            ["catalog", "list"],
            environment: ["SHORTLIST_BIN": copy.path],
            currentDirectory: directory
        )
        #expect(result.status == 0)
        #expect(result.stdout.contains("qwen3-30b-a3b"))
    }
}

/// `shortlist recommend` as a user runs it.
struct RecommendCLITests {
    @Test func thePhase5ExampleRecommendsTheSeedsPortfolio() async throws {
        let example = RepositoryPaths.file("examples/enterprise-chat.yaml").path
        let result = try await CommandLineTool.run(["recommend", example])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Tier 1  Highest quality                  qwen3-8b"))
        #expect(
            result.stdout.contains(
                "Alternative: if multilingual is critical, replace mistral-7b-instruct-v0.3 with qwen3-4b."
            )
        )
        #expect(result.stdout.contains("Excluded ("))
        let json = try await CommandLineTool.run(["recommend", example, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let slots = try #require(object["portfolio"] as? [[String: Any]])
        #expect(
            slots.compactMap { $0["model_id"] as? String } == [
                "qwen3-8b", "llama-3.1-8b-instruct", "mistral-7b-instruct-v0.3", "phi-4-mini-instruct",
            ]
        )
        let markdown = try await CommandLineTool.run(["recommend", example, "--markdown"])
        #expect(markdown.stdout.contains("| 1 | 1 | Highest quality | **qwen3-8b** |"))
    }

    @Test func flagsOverrideTheFile() async throws {
        let example = RepositoryPaths.file("examples/enterprise-chat.yaml").path
        let result = try await CommandLineTool.run(["recommend", example, "--multilingual-critical", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let slots = try #require(object["portfolio"] as? [[String: Any]])
        #expect(slots.compactMap { $0["model_id"] as? String }.contains("qwen3-4b"))
    }

    @Test func badRequirementsExitWithTheDocumentedCodes() async throws {
        let directory = try RepositoryPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("req.yaml")
        try "task:\n  category: chatbot\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try await CommandLineTool.run(["recommend", file.path])
        #expect(bad.status == 65)
        #expect(
            bad.stderr.hasPrefix("shortlist: error: \(file.path):2: field 'task.category' has invalid value 'chatbot'")
        )
        let flag = try await CommandLineTool.run(["recommend", "--category", "chatbto"])
        #expect(flag.status == 64)
        #expect(flag.stderr.contains("Unknown value 'chatbto' for '--category'."))
        let impossible = try await CommandLineTool.run([
            "recommend", RepositoryPaths.file("examples/impossible-edge-vision.yaml").path,
        ])
        #expect(impossible.status == 1)
        #expect(impossible.stdout.contains("Nothing fits. No model satisfies every constraint"))
    }
}
