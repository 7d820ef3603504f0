import Foundation
import ShortlistCatalog
import ShortlistFit

/// Fills the portfolio's slots from the ranking (Phase 5).
///
/// Slot 1, highest quality (Tier 1): the best task performance. Slot 2, ecosystem and fallback (Tier 1): the most
/// mature ecosystem in the same size class. Slot 3, throughput (Tier 2): the fastest decoding in the same size
/// class. Slot 4, lowest cost (Tier 3): the best task performance among smaller models. Further slots: the next
/// best totals. Each slot prefers a vendor not yet in the portfolio, so a fallback doesn't share its primary's
/// training lineage. With "multilingual critical", the model with the weakest language coverage is replaced by the
/// broadest-coverage model at least as efficient; otherwise that swap is offered as an alternative.
struct PortfolioBuilder {
    var setup: Setup
    var rules: SelectionRules

    func build(_ ranked: [RankedModel]) -> (slots: [PortfolioSlot], alternatives: [Alternative]) {
        guard let first = best(ranked, by: { $0.score(.taskPerformance) }) else { return ([], []) }
        var chosen: [(SlotRole, RankedModel, String)] = [(.quality, first, qualityRationale(first))]
        let size = setup.effective.portfolioSize
        let tierClass = sizeClass(first)
        let plan: [SlotRole] = [.ecosystem, .throughput, .cost]
        for role in plan.prefix(Swift.max(0, size - 1)) {
            let taken = Set(chosen.map(\.1.modelID))
            let usedVendors = Set(chosen.map(\.1.vendor))
            let pick: RankedModel?
            switch role {
            case .ecosystem:
                pick = select(
                    ranked,
                    taken: taken,
                    vendors: usedVendors,
                    preferring: { sizeClass($0) == tierClass },
                    by: { $0.score(.ecosystemMaturity) }
                )
            case .throughput:
                pick = select(
                    ranked,
                    taken: taken,
                    vendors: usedVendors,
                    preferring: { sizeClass($0) == tierClass },
                    by: { -$0.fit.bytesPerToken }
                )
            case .cost:
                pick = select(
                    ranked,
                    taken: taken,
                    vendors: usedVendors,
                    preferring: { sizeClass($0) < tierClass },
                    by: { $0.score(.taskPerformance) }
                )
            default:
                pick = nil
            }
            if let pick { chosen.append((role, pick, rationale(role, pick, tierClass: tierClass))) }
        }
        while chosen.count < size {
            let taken = Set(chosen.map(\.1.modelID))
            guard
                let pick = select(
                    ranked,
                    taken: taken,
                    vendors: Set(chosen.map(\.1.vendor)),
                    preferring: { _ in true },
                    by: { $0.total }
                )
            else { break }
            chosen.append((.additional, pick, "Next best weighted total (\(FixedPoint.format(pick.total, 1)))."))
        }

        var alternatives: [Alternative] = []
        if let swap = multilingualSwap(chosen.map(\.1), ranked: ranked) {
            if setup.effective.multilingualCritical,
                let index = chosen.firstIndex(where: { $0.1.modelID == swap.replace }),
                let replacement = ranked.first(where: { $0.modelID == swap.with })
            {
                chosen[index].1 = replacement
                chosen[index].2 = String(
                    format: "Replaces %@ because multilingual quality is critical: %@ Reads %.1f GB per token at %@.",
                    swap.replace,
                    swap.reason,
                    replacement.fit.bytesPerToken / 1e9,
                    replacement.fit.weights.displayName
                )
            } else if !setup.effective.multilingualCritical {
                alternatives.append(swap)
            }
        }
        let slots = chosen.enumerated().map { index, entry in
            PortfolioSlot(
                slot: index + 1,
                role: entry.0,
                tier: tier(entry.0, entry.1, tierClass: tierClass),
                modelID: entry.1.modelID,
                rationale: entry.2
            )
        }
        return (slots, alternatives)
    }

    private func sizeClass(_ model: RankedModel) -> Int {
        rules.sizeClass(billions: Double(model.activeParameters) / 1e9)
    }

    private func tier(_ role: SlotRole, _ model: RankedModel, tierClass: Int) -> Int {
        switch role {
        case .quality, .ecosystem: 1
        case .throughput: 2
        case .cost: 3
        case .additional: sizeClass(model) < tierClass ? 3 : 2
        }
    }

    /// The best untaken model by `key`, in one pass without copying the ranking.
    ///
    /// Models matching `preferring` come first if there are any; within that pool, an unused vendor wins where
    /// possible. Ties go to the higher total, then the id.
    private func select(
        _ ranked: [RankedModel],
        taken: Set<String>,
        vendors: Set<String>,
        preferring: (RankedModel) -> Bool,
        by key: (RankedModel) -> Double
    ) -> RankedModel? {
        func better(_ index: Int, than other: Int?) -> Bool {
            guard let other else { return true }
            let (l, r) = (key(ranked[index]), key(ranked[other]))
            if l != r { return l > r }
            if ranked[index].total != ranked[other].total { return ranked[index].total > ranked[other].total }
            return ranked[index].modelID < ranked[other].modelID
        }
        // Best in: preferred ∧ new vendor, preferred, new vendor, any.
        var bests: [Int?] = [nil, nil, nil, nil]
        for index in ranked.indices where !taken.contains(ranked[index].modelID) {
            let preferred = preferring(ranked[index])
            let fresh = !vendors.contains(ranked[index].vendor)
            for (tier, applies) in [preferred && fresh, preferred, fresh, true].enumerated() where applies {
                if better(index, than: bests[tier]) { bests[tier] = index }
            }
        }
        let chosen = bests[1] != nil ? (bests[0] ?? bests[1]) : (bests[2] ?? bests[3])
        return chosen.map { ranked[$0] }
    }

    /// The best model by `key` (ties: higher total), from an unused vendor where possible.
    private func best(
        _ models: [RankedModel],
        vendors: Set<String> = [],
        by key: (RankedModel) -> Double
    ) -> RankedModel? {
        let fresh = models.filter { !vendors.contains($0.vendor) }
        let pool = fresh.isEmpty ? models : fresh
        return pool.max { lhs, rhs in
            let (l, r) = (key(lhs), key(rhs))
            return l != r ? l < r : (lhs.total != rhs.total ? lhs.total < rhs.total : lhs.modelID > rhs.modelID)
        }
    }

    /// The model with the weakest language coverage, replaced by the broadest-coverage model at least as efficient.
    private func multilingualSwap(_ portfolio: [RankedModel], ranked: [RankedModel]) -> Alternative? {
        let broad = rules.broadLanguageCount
        guard let weakest = portfolio.min(by: { ($0.languageCount ?? 0) < ($1.languageCount ?? 0) }),
            (weakest.languageCount ?? 0) < broad
        else { return nil }
        let others = ranked.filter { model in !portfolio.contains { $0.modelID == model.modelID } }
        let coverage = others.compactMap(\.languageCount).max() ?? 0
        guard coverage > (weakest.languageCount ?? 0) else { return nil }
        let widest = others.filter { ($0.languageCount ?? 0) == coverage }
        let asEfficient = widest.filter { $0.fit.bytesPerToken <= weakest.fit.bytesPerToken }
        guard let replacement = best(asEfficient.isEmpty ? widest : asEfficient, by: { $0.score(.taskPerformance) })
        else { return nil }
        let weakText = weakest.languageCount.map { "claims \($0) languages" } ?? "states no languages"
        return Alternative(
            condition: "multilingual is critical",
            replace: weakest.modelID,
            with: replacement.modelID,
            reason: "\(weakest.modelID) \(weakText); \(replacement.modelID) claims \(coverage)"
                + (asEfficient.isEmpty ? " (but reads more bytes per token)." : " at similar or better efficiency.")
        )
    }

    // MARK: - Explanations

    private func qualityRationale(_ model: RankedModel) -> String {
        let task = model.breakdown.first { $0.criterion == .taskPerformance }
        let published = (task?.evidence ?? []).filter { $0.value != nil }.prefix(3)
            .map { "\($0.benchmark ?? $0.family) \(String(format: "%g", $0.value ?? 0)) [\($0.source ?? "?")]" }
        let evidence = published.isEmpty ? "no published benchmarks" : published.joined(separator: ", ")
        return String(
            format: "Highest task performance for %@ (%.0f/100: %@). Tier 1 for complex queries and VIP traffic.",
            setup.requirements.category.rawValue,
            100 * (task?.score ?? 0),
            evidence
        )
    }

    private func rationale(_ role: SlotRole, _ model: RankedModel, tierClass: Int) -> String {
        switch role {
        case .quality:
            return qualityRationale(model)
        case .ecosystem:
            let detail = model.breakdown.first { $0.criterion == .ecosystemMaturity }?.explanation ?? ""
            return
                "Most mature ecosystem among the remaining models of its size (\(detail)); a Tier 1 alternative and the fallback, from a different vendor."
        case .throughput:
            let speed = model.fit.decodeTokensPerSecond.map { String(format: ", ≈%.0f tokens/s estimated", $0) } ?? ""
            return String(
                format:
                    "Fastest decoding in the Tier 1 size class: reads %.1f GB per token at %@%@. Tier 2 for standard traffic.",
                model.fit.bytesPerToken / 1e9,
                model.fit.weights.displayName,
                speed
            )
        case .cost:
            let task = model.score(.taskPerformance)
            return String(
                format:
                    "Best task performance (%.0f/100) among models smaller than Tier 1 (%@ parameters): Tier 3 for simple, high-volume queries at the lowest cost.",
                100 * task,
                Setup.billions(Double(model.totalParameters) / 1e9)
            )
        case .additional:
            return String(format: "Next best weighted total (%.1f).", model.total)
        }
    }
}
