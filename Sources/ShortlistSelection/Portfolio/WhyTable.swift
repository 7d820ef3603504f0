import Foundation
import ShortlistCatalog
import ShortlistFit

/// The seed's "why this selection" table from catalog and fit data; published and estimated values marked.
enum WhyTable {
    static func rows(for slots: [PortfolioSlot], ranked: [RankedModel]) -> [WhyRow] {
        let models = slots.compactMap { slot in ranked.first { $0.modelID == slot.modelID } }
        let cheapest = models.map(\.fit.bytesPerToken).min() ?? 1
        let cheapestPrice = models.compactMap(\.fit.usdPerMillionTokens).min()
        let speeds = models.map(\.fit.bytesPerToken).sorted()
        return models.map { model in
            let task = model.breakdown.first { $0.criterion == .taskPerformance }
            let strongest = (task?.evidence ?? []).filter { $0.value != nil }.max { $0.normalized < $1.normalized }
            let quality =
                String(format: "%.0f/100", 100 * (task?.score ?? 0))
                + (strongest.map {
                    "; \($0.benchmark ?? $0.family) \(String(format: "%g", $0.value ?? 0)) (published, \($0.source ?? "?"))"
                } ?? "; no published scores")
            let ifeval = (task?.evidence ?? []).first { $0.family.contains("IFEval") }
            let instruction: String
            if let value = ifeval?.value {
                instruction = String(
                    format: "IFEval %g (published, %@%@)",
                    value,
                    ifeval?.source ?? "?",
                    ifeval?.status == .otherSource ? ", other harness" : ""
                )
            } else {
                instruction = "IFEval not published: measure it with 'shortlist eval --suite ifeval'"
            }
            let rank = speeds.firstIndex(of: model.fit.bytesPerToken) ?? 0
            let classes = ["Highest", "Very high", "High", "Medium", "Lower", "Lower"]
            let throughput =
                classes[Swift.min(rank, classes.count - 1)]
                + (model.fit.decodeTokensPerSecond.map { String(format: " (≈%.0f tokens/s, estimate)", $0) }
                    ?? " (estimate)")
            let cost: String
            if let usd = model.fit.usdPerMillionTokens, let cheapestPrice, cheapestPrice > 0 {
                let relative = usd / cheapestPrice
                cost = String(format: "$%.2f per 1M tokens at this load (estimate); %.1f× the cheapest", usd, relative)
            } else {
                let relative = model.fit.bytesPerToken / cheapest
                cost =
                    relative < 1.05
                    ? "Lowest (1.0×, estimate)" : String(format: "%.1f× the cheapest (estimate)", relative)
            }
            return WhyRow(
                modelID: model.modelID,
                qualitySignal: quality,
                instructionFollowing: instruction,
                throughputClass: throughput,
                relativeCost: cost
            )
        }
    }
}
