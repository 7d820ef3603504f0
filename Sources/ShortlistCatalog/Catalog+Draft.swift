extension Catalog {
    /// A draft model for speculative decoding, and why it was chosen.
    package struct DraftChoice: Sendable, Equatable, Encodable {
        package var modelID: String
        package var reason: String
    }

    /// The model's draft for speculative decoding: the catalog's explicit choice if it names one, otherwise the
    /// smallest model of the same family with the same vocabulary and at most a quarter of the parameters.
    package func draftModel(for model: ModelCard) -> DraftChoice? {
        if let explicit = model.draftModel?.value {
            return DraftChoice(
                modelID: explicit,
                reason: "named in the catalog (source \(model.draftModel?.source ?? "?"))"
            )
        }
        guard let shape = model.shape else { return nil }
        let target = shape.parameters.total
        let candidates = models.compactMap { candidate -> (ModelCard, Int)? in
            guard candidate.id != model.id, candidate.family == model.family, let other = candidate.shape,
                other.vocabSize == shape.vocabSize, other.parameters.total * 4 <= target
            else { return nil }
            return (candidate, other.parameters.total)
        }
        guard let (draft, _) = candidates.min(by: { $0.1 < $1.1 }) else { return nil }
        return DraftChoice(
            modelID: draft.id,
            reason:
                "derived: same family '\(model.family)', same vocabulary (\(shape.vocabSize) tokens), smallest member"
        )
    }
}
