import Foundation
import ShortlistCatalog
import ShortlistFit

/// When nothing qualifies: which single relaxations would let models through.
struct Relaxations {
    var setup: Setup
    var catalog: Catalog

    func analyse(_ excluded: [Exclusion]) -> Infeasibility {
        var counts: [ConstraintKind: Int] = [:]
        for exclusion in excluded {
            for kind in Set(exclusion.failed) { counts[kind, default: 0] += 1 }
        }
        let summary = counts.sorted { $0.value > $1.value }.map { "\($0.value) by \($0.key.rawValue)" }.joined(
            separator: ", "
        )
        var relaxations: [Relaxation] = []
        for kind in ConstraintKind.allCases {
            let admitted = excluded.filter { Set($0.failed) == [kind] }
            guard !admitted.isEmpty else { continue }
            relaxations.append(
                Relaxation(constraint: kind, change: change(kind, admitted), models: admitted.map(\.modelID))
            )
        }
        if relaxations.isEmpty {
            // No single change suffices: try pairs.
            for (i, a) in ConstraintKind.allCases.enumerated() {
                for b in ConstraintKind.allCases.dropFirst(i + 1) {
                    let admitted = excluded.filter { !$0.failed.isEmpty && Set($0.failed).isSubset(of: [a, b]) }
                    guard !admitted.isEmpty else { continue }
                    relaxations.append(
                        Relaxation(
                            constraint: a,
                            change: change(a, admitted) + " and " + change(b, admitted),
                            models: admitted.map(\.modelID)
                        )
                    )
                }
            }
        }
        relaxations.sort { $0.models.count > $1.models.count }
        let nearest =
            relaxations.first.map {
                " Nearest feasible relaxation: \($0.change) (admits \($0.models.prefix(3).joined(separator: ", ")))."
            } ?? " No single or double relaxation admits a model."
        return Infeasibility(
            explanation: "No model satisfies every constraint: of \(excluded.count) models, \(summary).\(nearest)",
            relaxations: relaxations
        )
    }

    private func change(_ kind: ConstraintKind, _ admitted: [Exclusion]) -> String {
        let e = setup.effective
        switch kind {
        case .size: return "allow models above \(Setup.billions(e.maxBillions))"
        case .architecture: return e.architecture == .moeOnly ? "allow dense models" : "allow MoE models"
        case .license: return "widen the licence policy beyond '\(e.licensePolicy)'"
        case .modality: return "drop the \(e.modality?.rawValue ?? "modality") input requirement"
        case .context:
            let natives = admitted.compactMap { exclusion in
                (try? catalog.model(named: exclusion.modelID))?.context.maximum(allowExtended: true)
            }
            return "reduce the context to \(Setup.tokens(natives.max() ?? e.context)) (from \(Setup.tokens(e.context)))"
        case .languages: return "relax the language requirement"
        case .memory:
            let reasons = admitted.compactMap { $0.reasons.first { $0.hasPrefix("needs ") } }
            return "more accelerator memory (" + (reasons.first ?? "see exclusions") + ")"
        case .latency: return "relax the latency target"
        }
    }
}
