import Foundation
import ShortlistFit
import ShortlistSupport
import ShortlistTestSupport
import Testing

@testable import ShortlistCatalog
@testable import ShortlistSelection

/// Requirements files, bad input, the rubric's visibility and the infeasible case.
struct RequirementsAndRubricTests {
    let catalog: Catalog
    let rules: SelectionRules

    init() throws {
        catalog = try CatalogLoader.bundled()
        rules = try SelectionRules.bundled()
    }

    func parse(_ text: String) throws(CatalogError) -> Requirements {
        try Requirements.parse(text, path: "req.yaml", licensePolicies: rules.licensePolicyNames)
    }

    func parseError(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func everyExampleFileParses() throws {
        let directory = RepositoryPaths.file("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 8)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(throws: Never.self) {
                try Requirements.parse(text, path: file, licensePolicies: rules.licensePolicyNames)
            }
        }
    }

    @Test func aFullFileReadsEveryField() throws {
        let requirements = try parse(
            """
            use_case: Support
            task: {category: conversational, subtasks: [faq]}
            context: 32k
            latency: {class: real-time, ttft_ms: 80, tokens_per_second: 30}
            hardware: {gpu: a100-80gb, count: 2}
            concurrency: 64
            license: permissive-only
            languages: "100+"
            weights: {task_performance: 50}
            missing_benchmarks: skip
            """
        )
        #expect(requirements.context == 32_768)
        #expect(requirements.latency == .realTime)
        #expect(requirements.ttftMilliseconds == 80)
        #expect(requirements.hardware == .gpu(id: "a100-80gb", count: 2))
        #expect(requirements.languages == .atLeast(100))
        #expect(requirements.weights[.taskPerformance] == 50)
        #expect(requirements.missingBenchmarks == .skip)
    }

    @Test func anUnknownCategoryListsTheSevenCategories() {
        #expect(
            parseError("task: {category: chatbot}")
                == "req.yaml:1: field 'task.category' has invalid value 'chatbot'; expected one of conversational, code, reasoning, creative, multilingual, multimodal, domain-specific."
        )
    }

    @Test func aMisspelledKeyGetsDidYouMean() {
        #expect(
            parseError("task: {category: code}\ncontxt: 8k")
                == "req.yaml:2: unknown field 'contxt'. Did you mean 'context'?"
        )
        #expect(
            parseError("task: {category: code}\nlicense: permisive-only")?.contains("did you mean 'permissive-only'?")
                == true
        )
    }

    @Test func impossibleNumbersAreRejectedWithTheirLine() {
        #expect(
            parseError("task: {category: code}\nconcurrency: 0")?.hasPrefix("req.yaml:2: field 'concurrency'") == true
        )
        #expect(
            parseError("task: {category: code}\nhardware: {gpu: l4, count: 0}")?.contains("expected at least 1 GPU")
                == true
        )
        #expect(parseError("task: {category: code}\ncontext: lots")?.contains("expected a token count") == true)
        #expect(
            parseError("task: {category: code}\nhardware: {gpu: l4, memory_gb: 16}")?.contains(
                "either 'gpu' or 'memory_gb'"
            ) == true
        )
    }

    @Test func anUnknownGPUNamesTheFileLineAndASuggestion() throws {
        let requirements = try parse("task: {category: code}\nhardware:\n  gpu: a100-80\n")
        #expect(
            throws: SelectionError.unknownGPU(
                SourceLocation(file: "req.yaml", line: 3),
                name: "a100-80",
                suggestions: ["a100-80gb", "a100-40gb"]
            )
        ) {
            try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        }
    }

    @Test func contradictoryConstraintsExplainWhyNothingFitsAndTheNearestRelaxation() throws {
        let path = RepositoryPaths.file("examples/impossible-edge-vision.yaml").path
        let requirements = try Requirements.parse(
            try String(contentsOfFile: path, encoding: .utf8),
            path: path,
            licensePolicies: rules.licensePolicyNames
        )
        let result = try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        #expect(result.portfolio.isEmpty)
        let infeasible = try #require(result.infeasible)
        #expect(infeasible.explanation.hasPrefix("No model satisfies every constraint"))
        #expect(infeasible.explanation.contains("by modality"))
        // The nearest relaxation: more memory lets the one vision model small enough for the edge through.
        let nearest = try #require(infeasible.relaxations.first)
        #expect(nearest.constraint == .memory)
        #expect(nearest.models == ["gemma-3-4b-it"])
    }

    @Test func aTimeToFirstTokenTargetExcludesSlowModelsWithTheEstimate() throws {
        var requirements = Requirements(category: .conversational)
        requirements.hardware = .gpu(id: "l4", count: 1)
        requirements.promptTokens = 4096
        requirements.ttftMilliseconds = 100
        let result = try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        let llama = try #require(result.excluded.first { $0.modelID == "llama-3.1-8b-instruct" })
        #expect(llama.failed.contains(.latency))
        #expect(llama.reasons.contains { $0.hasPrefix("estimated TTFT") && $0.hasSuffix("> 100 ms target (estimate)") })
        // Every model that passed has an estimate within the target.
        #expect(result.ranked.allSatisfy { ($0.fit.ttftMilliseconds ?? 0) <= 100 })
    }

    @Test func cpuOnlyHardwareUsesGGUFFormats() throws {
        var requirements = Requirements(category: .conversational)
        requirements.hardware = .cpuOnly(memoryGiB: 16)
        let result = try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        #expect(!result.ranked.isEmpty)
        #expect(result.ranked.allSatisfy { $0.fit.weights.isGGUF })
    }

    @Test func aContextOnlyTheExtensionReachesIsAllowedWithAWarning() throws {
        var requirements = Requirements(category: .conversational)
        requirements.hardware = .gpu(id: "h100-80gb", count: 1)
        requirements.context = 65_536
        let result = try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        let qwen = try #require(result.ranked.first { $0.modelID == "qwen3-8b" })
        #expect(qwen.warnings.contains { $0.contains("requires the extended context (YaRN factor 4") })
        #expect(result.excluded.first { $0.modelID == "mistral-7b-instruct-v0.3" }?.failed == [.context])
    }

    @Test func anEmptyCatalogIsAnError() {
        #expect(throws: SelectionError.emptyCatalog) {
            try Recommender(catalog: Catalog(models: [], gpus: catalog.gpus), rules: rules).recommend(
                Requirements(category: .code)
            )
        }
    }

    @Test func everyRankedModelShowsItsBreakdownAndTheWeightsAddUp() throws {
        var requirements = Requirements(category: .conversational)
        requirements.hardware = .gpu(id: "a100-80gb", count: 1)
        let result = try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        #expect(result.weights == rules.weights)  // no rule changed them
        for model in result.ranked {
            #expect(model.breakdown.map(\.criterion) == Criterion.allCases)
            #expect(abs(model.breakdown.reduce(0) { $0 + $1.contribution } - model.total) < 1e-9)
            #expect(model.breakdown.allSatisfy { (0...1).contains($0.score) && !$0.explanation.isEmpty })
        }
        #expect(result.ranked.map(\.total) == result.ranked.map(\.total).sorted(by: >))
    }

    @Test func missingBenchmarksAreVisibleUnderBothPolicies() throws {
        var requirements = Requirements(category: .conversational)
        requirements.hardware = .gpu(id: "a100-80gb", count: 1)
        let penalized = try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        let mistral = try #require(penalized.ranked.first { $0.modelID == "mistral-7b-instruct-v0.3" })
        let evidence = try #require(mistral.breakdown.first { $0.criterion == .taskPerformance }).evidence
        #expect(evidence.contains { $0.status == .imputed })
        #expect(mistral.warnings.contains { $0.contains("quality unverified") })
        requirements.missingBenchmarks = .skip
        let skipped = try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        let skippedMistral = try #require(skipped.ranked.first { $0.modelID == "mistral-7b-instruct-v0.3" })
        #expect(skippedMistral.breakdown[0].evidence.allSatisfy { $0.status == .skipped })
    }

    @Test func userWeightsOverrideRulesAndDefaults() throws {
        var requirements = Requirements(category: .conversational)
        requirements.hardware = .gpu(id: "a100-80gb", count: 1)
        requirements.weights = [.efficiency: 100, .taskPerformance: 0]
        let result = try Recommender(catalog: catalog, rules: rules).recommend(requirements)
        #expect(result.weights[.efficiency] == 100)
        // Efficiency alone ranks the smallest model first.
        #expect(result.ranked.first?.modelID == "smollm2-135m-instruct")
    }

    @Test func aUserRulesFileAddsARuleThatFires() throws {
        let extra = """
            rules:
              - id: team-policy
                when: {category: [code]}
                then:
                  require: {license: permissive-only}
                  note: "Our legal team allows Apache and MIT only."
            """
        let bundled = Dictionary(uniqueKeysWithValues: BundledRulesData.files.map { ($0.path, $0.contents) })
        let custom = try SelectionRules.load(
            selection: ("rules/selection.yaml", bundled["rules/selection.yaml"] ?? ""),
            decisionRules: [
                ("rules/decision-rules.yaml", bundled["rules/decision-rules.yaml"] ?? ""), ("team.yaml", extra),
            ]
        )
        var requirements = Requirements(category: .code)
        requirements.hardware = .gpu(id: "a100-80gb", count: 1)
        let result = try Recommender(catalog: catalog, rules: custom).recommend(requirements)
        #expect(result.firedRules.contains { $0.id == "team-policy" && $0.origin == "team.yaml" })
        #expect(result.requirements.licensePolicy == "permissive-only")
    }

    @Test func aRuleThatChangesTheLicencePolicyLetsRulesThatReadItFire() throws {
        let extra =
            "rules:\n  - id: legal\n    when: {category: [conversational]}\n    then: {require: {license: permissive-only}}\n"
        let bundled = Dictionary(uniqueKeysWithValues: BundledRulesData.files.map { ($0.path, $0.contents) })
        let custom = try SelectionRules.load(
            selection: ("rules/selection.yaml", bundled["rules/selection.yaml"] ?? ""),
            decisionRules: [
                ("rules/decision-rules.yaml", bundled["rules/decision-rules.yaml"] ?? ""), ("legal.yaml", extra),
            ]
        )
        var requirements = Requirements(category: .conversational)
        requirements.hardware = .gpu(id: "a100-80gb", count: 1)
        let fired = try Recommender(catalog: catalog, rules: custom).recommend(requirements).firedRules.map(\.id)
        // chat-apache-required comes earlier in the file but reads the policy that 'legal' sets.
        #expect(fired.contains("legal"))
        #expect(fired.contains("chat-apache-required"))
    }

    @Test func aBadRulesFileNamesItsLine() {
        let bad = "rules:\n  - id: x\n    when: {categroy: [code]}\n    then: {note: hi}\n"
        #expect {
            try SelectionRules.load(
                selection: ("rules/selection.yaml", BundledRulesData.files[0].contents),
                decisionRules: [("bad.yaml", bad)]
            )
        } throws: { error in
            (error as? CatalogError)?.description
                == "bad.yaml:3: unknown field 'rules[0].when.categroy'. Did you mean 'category'?"
        }
    }
}
