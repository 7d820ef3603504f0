package import ShortlistCatalog
package import ShortlistFit
internal import ShortlistSupport

/// The selection data of `rules/selection.yaml` and `rules/decision-rules.yaml`: rubric weights, benchmark
/// groups per task, licence classes and policies, deployment profiles, and the decision rules.
package struct SelectionRules: Sendable {
    /// One benchmark group of Phase 2.2: families of interchangeable benchmarks, primary and secondary.
    package struct BenchmarkGroup: Sendable, Equatable {
        package var primary: [[String]]
        package var secondary: [[String]]
    }

    /// A size class by parameters (active for MoE).
    package struct SizeClass: Sendable, Equatable {
        package var name: String
        package var maxBillions: Double
    }

    /// What a deployment target implies.
    package struct DeploymentProfile: Sendable, Equatable {
        package var maxBillions: Double?
        package var weights: [WeightFormat]
        package var defaultMemoryGiB: Double?
    }

    package var weights: [Criterion: Double]
    package var sizeLimitBillions: Double
    package var sizeClasses: [SizeClass]
    package var tasks: [TaskCategory: [String]]
    package var groups: [String: BenchmarkGroup]
    package var preferredModes: [TaskCategory: ReasoningMode]
    package var defaultMode: ReasoningMode
    /// Licence id → class.
    package var licenseClasses: [String: String]
    /// Policy → the classes it accepts.
    package var licensePolicies: [String: [String]]
    package var defaultLicensePolicy: String
    package var deployments: [Deployment: DeploymentProfile]
    package var cpuOnlyWeights: [WeightFormat]
    package var latencyMilliseconds: [LatencyClass: Double]
    package var broadLanguageCount: Int
    package var defaultPromptTokens: Int
    package var defaultPortfolioSize: Int
    /// The GPU assumed when the priority is consumer hardware and no hardware is given.
    package var consumerGPU: String
    /// The GPU fit and speed are estimated on when no hardware is given at all.
    package var referenceGPU: String
    package var decisionRules: [DecisionRule]

    /// Policy names in a stable order, for messages.
    package var licensePolicyNames: [String] { licensePolicies.keys.sorted() }

    /// The size class of a parameter count.
    package func sizeClass(billions: Double) -> Int {
        sizeClasses.firstIndex { billions <= $0.maxBillions } ?? sizeClasses.count
    }

    /// The bundled rules.
    package static func bundled() throws(CatalogError) -> SelectionRules {
        let files = Dictionary(uniqueKeysWithValues: BundledRulesData.files.map { ($0.path, $0.contents) })
        return try load(
            selection: (path: "rules/selection.yaml", text: files["rules/selection.yaml"] ?? ""),
            decisionRules: [(path: "rules/decision-rules.yaml", text: files["rules/decision-rules.yaml"] ?? "")]
        )
    }

    /// Reads the selection file and decision-rule files; later rule files add rules (same id replaces).
    package static func load(
        selection: (path: String, text: String),
        decisionRules files: [(path: String, text: String)]
    ) throws(CatalogError) -> SelectionRules {
        var rules = try parseSelection(YAMLDocument.root(selection.text, path: selection.path))
        for file in files {
            for rule in try DecisionRule.parseFile(file.text, path: file.path, rules: rules) {
                if let index = rules.decisionRules.firstIndex(where: { $0.id == rule.id }) {
                    rules.decisionRules[index] = rule
                } else {
                    rules.decisionRules.append(rule)
                }
            }
        }
        return rules
    }

    private static func parseSelection(_ map: YAMLMap) throws(CatalogError) -> SelectionRules {
        try map.allowOnly([
            "rubric", "size_limit_billions", "size_classes", "tasks", "benchmark_groups", "preferred_mode", "licenses",
            "deployments", "cpu_only_weights", "latency_classes", "portfolio", "hardware_defaults",
        ])
        guard let rubric = try map.map("rubric"), let weightMap = try rubric.map("weights") else {
            throw .missingField(map.location, field: "rubric.weights")
        }
        var weights: [Criterion: Double] = [:]
        try weightMap.allowOnly(Criterion.allCases.map(\.rawValue))
        for criterion in Criterion.allCases {
            weights[criterion] = try weightMap.required(criterion.rawValue, as: Double.self)
        }
        var sizeClasses: [SizeClass] = []
        for entry in try map.maps("size_classes") ?? [] {
            sizeClasses.append(
                SizeClass(name: try entry.required("name"), maxBillions: try entry.required("max_billions"))
            )
        }
        var groups: [String: BenchmarkGroup] = [:]
        guard let groupMap = try map.map("benchmark_groups") else {
            throw .missingField(map.location, field: "benchmark_groups")
        }
        for name in groupMap.keys {
            guard let group = try groupMap.map(name) else { continue }
            try group.allowOnly(["primary", "secondary"])
            groups[name] = BenchmarkGroup(
                primary: try group.optional("primary", as: [[String]].self) ?? [],
                secondary: try group.optional("secondary", as: [[String]].self) ?? []
            )
        }
        var tasks: [TaskCategory: [String]] = [:]
        guard let taskMap = try map.map("tasks") else { throw .missingField(map.location, field: "tasks") }
        try taskMap.allowOnly(TaskCategory.allCases.map(\.rawValue))
        for category in TaskCategory.allCases {
            let names: [String] = try taskMap.required(category.rawValue)
            for name in names where groups[name] == nil {
                throw .invalidField(
                    taskMap.location(of: category.rawValue),
                    field: taskMap.field(category.rawValue),
                    value: name,
                    expected: "a group of benchmark_groups"
                )
            }
            tasks[category] = names
        }
        var preferredModes: [TaskCategory: ReasoningMode] = [:]
        var defaultMode = ReasoningMode.nonThinking
        if let modes = try map.map("preferred_mode") {
            for key in modes.keys {
                let mode: ReasoningMode = try modes.required(key)
                if key == "default" {
                    defaultMode = mode
                } else if let category = TaskCategory(rawValue: key) {
                    preferredModes[category] = mode
                } else {
                    throw .unknownField(
                        modes.location(of: key),
                        field: modes.field(key),
                        suggestion: Suggestions.closest(to: key, in: TaskCategory.allCases.map(\.rawValue), limit: 1)
                            .first
                    )
                }
            }
        }
        guard let licenses = try map.map("licenses"), let classMap = try licenses.map("classes"),
            let policyMap = try licenses.map("policies")
        else { throw .missingField(map.location, field: "licenses") }
        var licenseClasses: [String: String] = [:]
        for name in classMap.keys {
            for id in try classMap.required(name, as: [String].self) { licenseClasses[id] = name }
        }
        var policies: [String: [String]] = [:]
        for name in policyMap.keys {
            policies[name] = try policyMap.required(name, as: [String].self)
        }
        let defaultPolicy: String = try licenses.required("default_policy")
        var deployments: [Deployment: DeploymentProfile] = [:]
        if let deploymentMap = try map.map("deployments") {
            try deploymentMap.allowOnly(Deployment.allCases.map(\.rawValue))
            for deployment in Deployment.allCases {
                guard let profile = try deploymentMap.map(deployment.rawValue) else { continue }
                try profile.allowOnly(["max_billions", "weights", "default_memory_gib"])
                deployments[deployment] = DeploymentProfile(
                    maxBillions: try profile.optional("max_billions"),
                    weights: try formats(profile, "weights"),
                    defaultMemoryGiB: try profile.optional("default_memory_gib")
                )
            }
        }
        var latency: [LatencyClass: Double] = [:]
        if let latencyMap = try map.map("latency_classes") {
            for latencyClass in LatencyClass.allCases {
                if let value: Double = try latencyMap.optional(latencyClass.rawValue) { latency[latencyClass] = value }
            }
        }
        let portfolio = try map.map("portfolio")
        let hardware = try map.map("hardware_defaults")
        try hardware?.allowOnly(["consumer_gpu", "reference_gpu"])
        return SelectionRules(
            weights: weights,
            sizeLimitBillions: try map.required("size_limit_billions"),
            sizeClasses: sizeClasses,
            tasks: tasks,
            groups: groups,
            preferredModes: preferredModes,
            defaultMode: defaultMode,
            licenseClasses: licenseClasses,
            licensePolicies: policies,
            defaultLicensePolicy: defaultPolicy,
            deployments: deployments,
            cpuOnlyWeights: try formats(map, "cpu_only_weights"),
            latencyMilliseconds: latency,
            broadLanguageCount: try portfolio?.optional("broad_language_count") ?? 100,
            defaultPromptTokens: try portfolio?.optional("default_prompt_tokens") ?? 1024,
            defaultPortfolioSize: try portfolio?.optional("default_size") ?? 4,
            consumerGPU: try hardware?.required("consumer_gpu") ?? "",
            referenceGPU: try hardware?.required("reference_gpu") ?? "",
            decisionRules: []
        )
    }

    static func formats(_ map: YAMLMap, _ key: String) throws(CatalogError) -> [WeightFormat] {
        var result: [WeightFormat] = []
        for name in try map.optional(key, as: [String].self) ?? [] {
            guard let format = WeightFormat(argument: name) else {
                throw .invalidField(
                    map.location(of: key),
                    field: map.field(key),
                    value: name,
                    expected: "a weight format (" + WeightFormat.allCases.map(\.rawValue).joined(separator: ", ") + ")"
                )
            }
            result.append(format)
        }
        return result
    }
}
