import ArgumentParser
import Foundation
import ShortlistCatalog
import ShortlistSelection
import ShortlistSupport

struct RecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "From requirements to an explained shortlist and a tiered portfolio.",
        discussion: """
            Reads requirements from a YAML file (see examples/ and docs/selection.md) and/or flags; flags override \
            the file. Decision rules (rules/decision-rules.yaml, plus --rules files) add constraints and weights; \
            hard constraints exclude models with reasons; the six-criterion rubric ranks the rest; the portfolio \
            fills four roles: highest quality (Tier 1), ecosystem/fallback (Tier 1), throughput (Tier 2) and \
            lowest cost (Tier 3).

            EXAMPLES
              shortlist recommend examples/enterprise-chat.yaml
              shortlist recommend --category code --memory-gb 12 --license flexible
              shortlist recommend examples/enterprise-chat.yaml --multilingual-critical --markdown
            """
    )

    @Argument(help: "A requirements YAML file.")
    var requirementsFile: String?

    @Option(
        help: "Task category: conversational, code, reasoning, creative, multilingual, multimodal, domain-specific."
    )
    var category: String?

    @Option(help: "Context length needed: 8192, 8k, 128k.")
    var context: TokenCount?

    @Option(help: "Prompt tokens for the time-to-first-token estimate.")
    var promptTokens: TokenCount?

    @Option(help: "Latency class: real-time (<100 ms TTFT), interactive (<500 ms), batch.")
    var latency: String?

    @Option(help: "An explicit time-to-first-token target in milliseconds.")
    var ttftMs: Double?

    @Option(help: "A GPU from the catalog.")
    var gpu: String?

    @Option(help: "Number of GPUs.")
    var gpus: Int?

    @Option(help: "Accelerator memory in GB, when there is no catalog GPU.")
    var memoryGb: Double?

    @Flag(help: "No accelerator: GGUF formats in system memory (give --memory-gb).")
    var cpuOnly = false

    @Option(help: "Sequences served at once.")
    var concurrency: Int?

    @Option(help: "Licence policy: permissive-only, attribution-acceptable, flexible, research.")
    var license: String?

    @Option(help: "Deployment: edge, on-premise, cloud.")
    var deployment: String?

    @Option(help: "Architecture: dense-only, moe-allowed, moe-only.")
    var architecture: String?

    @Option(help: "Languages needed: codes such as en,de,ja or a count such as 100+.")
    var languages: String?

    @Flag(help: "Multilingual quality is critical: swap the weakest-coverage model for the broadest.")
    var multilingualCritical = false

    @Option(help: "Input modality: text or vision.")
    var modality: String?

    @Option(help: "Portfolio size (default 4).")
    var portfolioSize: Int?

    @Option(
        help: ArgumentHelp(
            "Top priority (quick reference): " + Priority.allCases.map(\.rawValue).joined(separator: ", ") + "."
        )
    )
    var priority: String?

    @Option(
        name: .customLong("weight"),
        help: ArgumentHelp("A rubric weight override, criterion=weight (repeatable).", valueName: "criterion=weight")
    )
    var weightOverrides: [String] = []

    @Option(help: "Missing benchmarks: penalize (impute the lowest published) or skip (leave out, show coverage).")
    var missingBenchmarks: String?

    @Option(help: "A decision-rules file that adds or replaces rules (repeatable).")
    var rules: [String] = []

    @Flag(help: "Print Markdown for a design document instead of the terminal report.")
    var markdown = false

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if requirementsFile == nil && category == nil {
            throw ValidationError("Give a requirements file or '--category'.")
        }
        if output.json && markdown { throw ValidationError("Choose one of '--json' and '--markdown'.") }
    }

    func run() async throws {
        let loadedCatalog = try catalog.load()
        var selectionRules = try SelectionRules.bundled()
        if !rules.isEmpty {
            let extra = try rules.map { path in (path: path, text: try InputFile.text(path)) }
            let bundled = Dictionary(uniqueKeysWithValues: BundledRulesData.files.map { ($0.path, $0.contents) })
            selectionRules = try SelectionRules.load(
                selection: ("rules/selection.yaml", bundled["rules/selection.yaml"] ?? ""),
                decisionRules: [("rules/decision-rules.yaml", bundled["rules/decision-rules.yaml"] ?? "")] + extra
            )
        }
        var requirements: Requirements
        if let requirementsFile {
            requirements = try Requirements.parse(
                try InputFile.text(requirementsFile),
                path: requirementsFile,
                licensePolicies: selectionRules.licensePolicyNames
            )
        } else {
            requirements = Requirements(category: try Self.enumValue(category ?? "", "--category"))
        }
        try applyFlags(to: &requirements, policies: selectionRules.licensePolicyNames)
        let recommendation = try Recommender(catalog: loadedCatalog, rules: selectionRules).recommend(requirements)
        if output.json { return try JSONOutput.print(recommendation) }
        print(markdown ? RecommendationMarkdown.render(recommendation) : RecommendationText.render(recommendation))
        if recommendation.infeasible != nil { throw ExitCode.failure }
    }

    private func applyFlags(to requirements: inout Requirements, policies: [String]) throws {
        if let category, requirementsFile != nil { requirements.category = try Self.enumValue(category, "--category") }
        if let context { requirements.context = context.value }
        if let promptTokens { requirements.promptTokens = promptTokens.value }
        if let latency { requirements.latency = try Self.enumValue(latency, "--latency") }
        if let ttftMs { requirements.ttftMilliseconds = ttftMs }
        if cpuOnly {
            guard let memoryGb else { throw ValidationError("'--cpu-only' needs '--memory-gb'.") }
            requirements.hardware = .cpuOnly(memoryGiB: memoryGb)
        } else if let gpu {
            requirements.hardware = .gpu(id: gpu, count: gpus ?? 1)
            requirements.hardwareLocation = nil
        } else if let memoryGb {
            requirements.hardware = .memory(gib: memoryGb)
        } else if let gpus, case .gpu(let id, _) = requirements.hardware {
            requirements.hardware = .gpu(id: id, count: gpus)
        }
        if let concurrency { requirements.concurrency = concurrency }
        if let license {
            guard policies.contains(license) else {
                throw ValidationError(
                    "Unknown licence policy '\(license)'. Use one of: \(policies.joined(separator: ", "))."
                )
            }
            requirements.license = license
        }
        if let deployment { requirements.deployment = try Self.enumValue(deployment, "--deployment") }
        if let architecture { requirements.architecture = try Self.enumValue(architecture, "--architecture") }
        if let languages {
            if languages.hasSuffix("+"), let count = Int(languages.dropLast()) {
                requirements.languages = .atLeast(count)
            } else {
                requirements.languages = .codes(
                    languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                )
            }
        }
        if multilingualCritical { requirements.multilingualCritical = true }
        if let modality { requirements.modality = try Self.enumValue(modality, "--modality") }
        if let portfolioSize { requirements.portfolioSize = portfolioSize }
        if let priority { requirements.priority = try Self.enumValue(priority, "--priority") }
        if let missingBenchmarks {
            requirements.missingBenchmarks = try Self.enumValue(missingBenchmarks, "--missing-benchmarks")
        }
        for override in weightOverrides {
            let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let weight = Double(parts[1]), weight >= 0 else {
                throw ValidationError(
                    "'--weight' takes criterion=weight, such as task_performance=40; got '\(override)'."
                )
            }
            requirements.weights[try Self.enumValue(parts[0], "--weight") as Criterion] = weight
        }
        if requirements.concurrency < 1 { throw ValidationError("'--concurrency' must be at least 1.") }
        if let size = requirements.portfolioSize, !(1...10).contains(size) {
            throw ValidationError("'--portfolio-size' must be 1 to 10.")
        }
        if case .gpu(_, let count) = requirements.hardware, count < 1 {
            throw ValidationError("'--gpus' must be at least 1.")
        }
        if requirements.context < 1 { throw ValidationError("'--context' must be at least 1 token.") }
    }

    private static func enumValue<T: RawRepresentable & CaseIterable>(_ text: String, _ flag: String) throws -> T
    where T.RawValue == String {
        if let value = T(rawValue: text.lowercased()) { return value }
        let names = T.allCases.map(\.rawValue)
        let suggestion = Suggestions.closest(to: text, in: names, limit: 1).first.map { " Did you mean '\($0)'?" } ?? ""
        throw ValidationError(
            "Unknown value '\(text)' for '\(flag)'.\(suggestion) Use one of: \(names.joined(separator: ", "))."
        )
    }
}
