package import ShortlistCatalog

/// One row of the seed's decision tree or quick reference, as data: conditions on the requirements and the
/// constraints, weights and explanation it contributes when they hold.
package struct DecisionRule: Sendable, Equatable {
    /// Conditions that must all hold; an absent condition always holds.
    package struct Conditions: Sendable, Equatable {
        package var categories: [TaskCategory]?
        package var priorities: [Priority]?
        package var memoryBelowGiB: Double?
        package var memoryAtLeastGiB: Double?
        package var languagesAtLeast: Int?
        package var languagesListed: Bool?
        package var deployments: [Deployment]?
        package var modality: ModalityNeed?
        package var licenses: [String]?
    }

    /// What a fired rule adds.
    package struct Effects: Sendable, Equatable {
        package var license: String?
        package var minLanguages: Int?
        package var modality: Modality?
        package var architecture: ArchitecturePolicy?
        package var maxBillions: Double?
        package var weights: [Criterion: Double]?
        package var note: String?
    }

    package var id: String
    /// The row of the seed this rule encodes.
    package var seed: String?
    package var when: Conditions
    package var then: Effects
    package var origin: String

    /// Whether the rule fires for these requirements, given the accelerator memory they imply.
    package func applies(to requirements: Requirements, memoryGiB: Double?, licensePolicy: String) -> Bool {
        let c = when
        if let categories = c.categories, !categories.contains(requirements.category) { return false }
        if let priorities = c.priorities {
            guard let priority = requirements.priority, priorities.contains(priority) else { return false }
        }
        if let below = c.memoryBelowGiB {
            guard let memoryGiB, memoryGiB < below else { return false }
        }
        if let atLeast = c.memoryAtLeastGiB {
            guard let memoryGiB, memoryGiB >= atLeast else { return false }
        }
        if let count = c.languagesAtLeast {
            switch requirements.languages {
            case .atLeast(let needed) where needed >= count: break
            case .codes(let codes) where codes.count >= count: break
            default: return false
            }
        }
        if let listed = c.languagesListed {
            let isListed = if case .codes = requirements.languages { true } else { false }
            if listed != isListed { return false }
        }
        if let deployments = c.deployments {
            guard let deployment = requirements.deployment, deployments.contains(deployment) else { return false }
        }
        if let modality = c.modality, modality != requirements.modality { return false }
        if let licenses = c.licenses, !licenses.contains(licensePolicy) { return false }
        return true
    }

    static func parseFile(_ text: String, path: String, rules: SelectionRules) throws(CatalogError) -> [DecisionRule] {
        let root = try YAMLDocument.root(text, path: path)
        try root.allowOnly(["rules"])
        var result: [DecisionRule] = []
        for entry in try root.maps("rules") ?? [] {
            try entry.allowOnly(["id", "seed", "when", "then"])
            var rule = DecisionRule(
                id: try entry.required("id"),
                seed: try entry.optional("seed"),
                when: Conditions(),
                then: Effects(),
                origin: path
            )
            if let when = try entry.map("when") {
                try when.allowOnly([
                    "category", "priority", "memory_below_gib", "memory_at_least_gib", "languages_at_least",
                    "languages_listed", "deployment", "modality", "license",
                ])
                rule.when = Conditions(
                    categories: try when.optional("category"),
                    priorities: try when.optional("priority"),
                    memoryBelowGiB: try when.optional("memory_below_gib"),
                    memoryAtLeastGiB: try when.optional("memory_at_least_gib"),
                    languagesAtLeast: try when.optional("languages_at_least"),
                    languagesListed: try when.optional("languages_listed"),
                    deployments: try when.optional("deployment"),
                    modality: try when.optional("modality"),
                    licenses: try when.optional("license")
                )
            }
            guard let then = try entry.map("then") else {
                throw .missingField(entry.location, field: entry.field("then"))
            }
            try then.allowOnly(["require", "weights", "note"])
            rule.then.note = try then.optional("note")
            if let require = try then.map("require") {
                try require.allowOnly(["license", "min_languages", "modality", "architecture", "max_billions"])
                if let license: String = try require.optional("license") {
                    guard rules.licensePolicies[license] != nil else {
                        throw .invalidField(
                            require.location(of: "license"),
                            field: require.field("license"),
                            value: license,
                            expected: "one of " + rules.licensePolicyNames.joined(separator: ", ")
                        )
                    }
                    rule.then.license = license
                }
                rule.then.minLanguages = try require.optional("min_languages")
                rule.then.modality = try require.optional("modality")
                rule.then.architecture = try require.optional("architecture")
                rule.then.maxBillions = try require.optional("max_billions")
            }
            if let weightMap = try then.map("weights") {
                try weightMap.allowOnly(Criterion.allCases.map(\.rawValue))
                var weights: [Criterion: Double] = [:]
                for criterion in Criterion.allCases {
                    if let weight: Double = try weightMap.optional(criterion.rawValue) { weights[criterion] = weight }
                }
                rule.then.weights = weights
            }
            result.append(rule)
        }
        return result
    }
}
