import Foundation
import ShortlistCatalog
import ShortlistFit
import ShortlistSelection

/// The terminal report of `shortlist recommend`.
enum RecommendationText {
    static func render(_ r: Recommendation) -> String {
        var lines: [String] = []
        let q = r.requirements
        lines.append("Shortlist for \(q.useCase ?? q.category.rawValue)")
        lines.append(
            "  \(q.category.rawValue), \(Formatting.tokens(q.context)) context, \(q.concurrency) concurrent, \(q.hardware); "
                + "licence '\(q.licensePolicy)', \(q.architecture.rawValue)"
                + (q.minLanguages.map { ", \($0)+ languages" } ?? "")
                + (q.languageCodes.isEmpty ? "" : ", languages \(q.languageCodes.joined(separator: ","))")
                + (q.modality.map { ", \($0.rawValue) input" } ?? "")
                + (q.multilingualCritical ? ", multilingual critical" : "")
        )
        if !r.firedRules.isEmpty {
            lines.append("")
            lines.append("Decision rules that fired:")
            for rule in r.firedRules {
                lines.append("  \(rule.id): \(rule.note ?? "")" + (rule.seed.map { "  [\($0)]" } ?? ""))
            }
        }
        if let infeasible = r.infeasible {
            lines.append("")
            lines.append("Nothing fits. \(infeasible.explanation)")
            for relaxation in infeasible.relaxations.prefix(5) {
                lines.append("  - \(relaxation.change): admits \(relaxation.models.joined(separator: ", "))")
            }
        }
        if !r.portfolio.isEmpty {
            lines.append("")
            lines.append("Portfolio")
            var table = TextTable([("SLOT", .left), ("TIER", .left), ("ROLE", .left), ("MODEL", .left)])
            for slot in r.portfolio {
                table.add(["\(slot.slot)", "Tier \(slot.tier)", slot.role.displayName, slot.modelID])
            }
            lines.append(indent(table.render()))
            for slot in r.portfolio {
                lines.append("  \(slot.slot). \(slot.modelID): \(slot.rationale)")
            }
            lines.append("")
            lines.append("Why this selection (published values marked; speed and cost are estimates)")
            var why = TextTable([
                ("MODEL", .left), ("QUALITY SIGNAL", .left), ("INSTRUCTION FOLLOWING", .left), ("THROUGHPUT", .left),
                ("COST / 1M TOKENS", .left),
            ])
            for row in r.whyThisSelection {
                why.add([
                    row.modelID, row.qualitySignal, row.instructionFollowing, row.throughputClass, row.relativeCost,
                ])
            }
            lines.append(indent(why.render()))
        }
        for alternative in r.alternatives {
            lines.append("")
            lines.append(
                "Alternative: if \(alternative.condition), replace \(alternative.replace) with \(alternative.with). \(alternative.reason)"
            )
        }
        if !r.ranked.isEmpty {
            lines.append("")
            let weights = Criterion.allCases.map { "\(short($0)) \(Formatting.rate(r.weights[$0] ?? 0))" }.joined(
                separator: ", "
            )
            lines.append("Ranking (0–100; weights: \(weights))")
            var table = TextTable(
                [("#", .right), ("MODEL", .left), ("TOTAL", .right)]
                    + Criterion.allCases.map { (short($0).uppercased(), .right) }
                    + [("FORMAT", .left), ("GiB", .right)]
            )
            for (index, model) in r.ranked.enumerated() {
                table.add(
                    ["\(index + 1)", model.modelID, String(format: "%.1f", model.total)]
                        + Criterion.allCases.map { String(format: "%.0f", 100 * model.score($0)) }
                        + [model.fit.weights.rawValue, String(format: "%.1f", model.fit.memoryGiB)]
                )
            }
            lines.append(indent(table.render()))
            if let top = r.ranked.first {
                lines.append("  How \(top.modelID) scored:")
                for score in top.breakdown {
                    lines.append(
                        "    \(score.criterion.displayName): \(String(format: "%.0f", 100 * score.score)) × weight \(Formatting.rate(score.weight)) — \(score.explanation)"
                    )
                }
                lines.append("  ('--json' has every model's breakdown and evidence.)")
            }
        }
        if !r.excluded.isEmpty {
            lines.append("")
            lines.append("Excluded (\(r.excluded.count))")
            for exclusion in r.excluded {
                lines.append("  \(exclusion.modelID): \(exclusion.reasons.joined(separator: "; "))")
            }
        }
        if !r.warnings.isEmpty {
            lines.append("")
            lines.append("Warnings")
            lines += r.warnings.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    static func short(_ criterion: Criterion) -> String {
        switch criterion {
        case .taskPerformance: "task"
        case .efficiency: "eff"
        case .contextHandling: "ctx"
        case .fineTuning: "tune"
        case .frameworkCompatibility: "fw"
        case .ecosystemMaturity: "eco"
        }
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}

/// `shortlist recommend --markdown`: the same content for a design document.
enum RecommendationMarkdown {
    static func render(_ r: Recommendation) -> String {
        let q = r.requirements
        var lines = ["## Model shortlist: \(q.useCase ?? q.category.rawValue)", ""]
        lines.append(
            "Requirements: \(q.category.rawValue); \(Formatting.tokens(q.context)) context; \(q.concurrency) concurrent sequences on \(q.hardware); "
                + "licence policy `\(q.licensePolicy)`; `\(q.architecture.rawValue)`"
                + (q.multilingualCritical ? "; multilingual critical" : "") + "."
        )
        if !r.firedRules.isEmpty {
            lines += ["", "Decision rules applied: " + r.firedRules.map { "`\($0.id)`" }.joined(separator: ", ") + "."]
        }
        if let infeasible = r.infeasible {
            lines += ["", "**Nothing fits.** \(infeasible.explanation)"]
        }
        if !r.portfolio.isEmpty {
            lines += ["", "### Portfolio", "", "| Slot | Tier | Role | Model | Rationale |", "|---|---|---|---|---|"]
            for slot in r.portfolio {
                lines.append(
                    "| \(slot.slot) | \(slot.tier) | \(slot.role.displayName) | **\(slot.modelID)** | \(escape(slot.rationale)) |"
                )
            }
            lines += [
                "", "### Why this selection", "",
                "| Model | Quality signal | Instruction following | Throughput | Cost per 1M tokens |",
                "|---|---|---|---|---|",
            ]
            for row in r.whyThisSelection {
                lines.append(
                    "| \(row.modelID) | \(escape(row.qualitySignal)) | \(escape(row.instructionFollowing)) | \(escape(row.throughputClass)) | \(escape(row.relativeCost)) |"
                )
            }
            lines += [
                "",
                "Throughput and cost are estimates from the fit model; quality values are published scores (source keys refer to the catalog).",
            ]
        }
        for alternative in r.alternatives {
            lines += [
                "",
                "*Alternative:* if \(alternative.condition), replace **\(alternative.replace)** with **\(alternative.with)**. \(escape(alternative.reason))",
            ]
        }
        if !r.ranked.isEmpty {
            lines += [
                "", "### Ranking", "",
                "| # | Model | Total | " + Criterion.allCases.map(\.displayName).joined(separator: " | ") + " |",
            ]
            lines.append("|---|---|---|" + String(repeating: "---|", count: Criterion.allCases.count))
            for (index, model) in r.ranked.enumerated() {
                lines.append(
                    "| \(index + 1) | \(model.modelID) | \(String(format: "%.1f", model.total)) | "
                        + Criterion.allCases.map { String(format: "%.0f", 100 * model.score($0)) }.joined(
                            separator: " | "
                        ) + " |"
                )
            }
            lines.append("")
            lines.append(
                "Weights: "
                    + Criterion.allCases.map { "\($0.displayName) \(Formatting.rate(r.weights[$0] ?? 0))" }.joined(
                        separator: ", "
                    ) + "."
            )
        }
        if !r.excluded.isEmpty {
            lines += ["", "### Excluded", ""]
            lines += r.excluded.map { "- **\($0.modelID)**: \(escape($0.reasons.joined(separator: "; ")))" }
        }
        if !r.warnings.isEmpty {
            lines += ["", "### Warnings", ""] + r.warnings.map { "- \(escape($0))" }
        }
        return lines.joined(separator: "\n")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
