import Foundation
package import ShortlistCatalog
import ShortlistFit
package import ShortlistSupport

/// From requirements to an explained shortlist and portfolio (phases 1–5 of the selection framework).
///
/// The pipeline: decision rules add constraints and weights; hard constraints exclude models with reasons;
/// the rubric scores the rest per criterion; the portfolio fills its slots from the ranking. Nothing here names a
/// model: every outcome follows from the catalog, the rules data and the requirements.
package struct Recommender: Sendable {
    package var catalog: Catalog
    package var rules: SelectionRules

    package init(catalog: Catalog, rules: SelectionRules) {
        self.catalog = catalog
        self.rules = rules
    }

    /// Ranks the catalog for these requirements.
    package func recommend(_ requirements: Requirements) throws(SelectionError) -> Recommendation {
        guard !catalog.models.isEmpty else { throw .emptyCatalog }
        let setup = try Setup(requirements: requirements, rules: rules, catalog: catalog)
        var candidates: [Candidate] = []
        var excluded: [Exclusion] = []
        // Indexed access: iterating `for model in` would copy every card, which dominated large catalogs.
        let models = catalog.models
        for index in models.indices {
            let check = setup.check(models, index)
            if check.failures.isEmpty, let candidate = check.candidate {
                candidates.append(candidate)
            } else {
                excluded.append(
                    Exclusion(
                        modelID: models[index].id,
                        reasons: check.failures.map(\.reason),
                        failed: check.failures.map(\.kind)
                    )
                )
            }
        }
        let ranked = Scoring(setup: setup, rules: rules, catalog: catalog.models).rank(candidates)
        let portfolio = PortfolioBuilder(setup: setup, rules: rules).build(ranked)
        var warnings = setup.warnings
        for slot in portfolio.slots {
            if let model = ranked.first(where: { $0.modelID == slot.modelID }) {
                warnings += model.warnings.map { "\(model.modelID): \($0)" }
            }
            if let card = try? catalog.model(named: slot.modelID), card.license.commercial.value != .yes {
                let name = card.license.name.value ?? card.license.id.value ?? "unknown licence"
                let conditions = card.license.conditions?.value ?? "read the licence before deploying"
                warnings.append("\(slot.modelID): licence \(name): \(conditions)")
            }
        }
        return Recommendation(
            requirements: setup.effective,
            firedRules: setup.fired,
            weights: setup.weights,
            ranked: ranked,
            excluded: excluded,
            portfolio: portfolio.slots,
            alternatives: portfolio.alternatives,
            whyThisSelection: WhyTable.rows(for: portfolio.slots, ranked: ranked),
            warnings: warnings,
            infeasible: ranked.isEmpty ? Relaxations(setup: setup, catalog: catalog).analyse(excluded) : nil
        )
    }
}

/// Problems with requirements that only the catalog or rules can detect.
package enum SelectionError: ShortlistError, Equatable {
    /// Problems found in a requirements file are data errors; the rest are usage errors.
    package var exitStatus: ExitStatus {
        switch self {
        case .unknownGPU(let location, _, _): location != nil ? .dataError : .usage
        case .emptyCatalog: .dataError
        case .invalid: .usage
        }
    }

    case emptyCatalog
    case unknownGPU(SourceLocation?, name: String, suggestions: [String])
    case invalid(field: String, value: String, expected: String)

    package var description: String {
        switch self {
        case .emptyCatalog:
            "The catalog holds no models: nothing to recommend. Check the --catalog files."
        case .unknownGPU(let location, let name, let suggestions):
            (location.map { "\($0): " } ?? "") + "field 'hardware.gpu' names unknown GPU '\(name)'."
                + (suggestions.isEmpty ? " Run 'shortlist catalog gpus'." : " Did you mean '\(suggestions[0])'?")
        case .invalid(let field, let value, let expected):
            "'\(field)' is '\(value)'; expected \(expected)."
        }
    }
}

/// A model that passed the hard constraints, with what scoring needs.
///
/// A class, not a struct: scoring passes thousands of these through several stages, and copying the card and fit
/// result each time dominated `recommend` on large catalogs.
final class Candidate: Sendable {
    /// The catalog's models and this one's position: the card is borrowed, never copied.
    private let models: [ModelCard]
    private let index: Int
    let shape: ArchitectureShape
    let fit: FitResult
    let gpu: GPUCard
    let warnings: [String]
    /// The Hugging Face organisation: models of one vendor share training lineage.
    let vendor: String
    let languageCount: Int?

    var card: ModelCard {
        _read { yield models[index] }
    }

    init(models: [ModelCard], index: Int, shape: ArchitectureShape, fit: FitResult, gpu: GPUCard, warnings: [String]) {
        self.models = models
        self.index = index
        let card = models[index]
        self.shape = shape
        self.fit = fit
        self.gpu = gpu
        self.warnings = warnings
        vendor = String(card.hfRepo.split(separator: "/").first ?? Substring(card.hfRepo))
        languageCount = card.languages.count ?? (card.languages.codes.isEmpty ? nil : card.languages.codes.count)
    }
}
