// JSON shapes of catalog values, for `--json` output and reports. Keys are converted to snake_case by the encoder.

extension Fact: Encodable where Value: Encodable {
    private enum CodingKeys: String, CodingKey { case value, source, note, also }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(note, forKey: .note)
        if !also.isEmpty { try container.encode(also, forKey: .also) }
    }
}

extension Framework: CodingKeyRepresentable {}

extension ArchitectureShape.ParameterCounts {
    private enum CodingKeys: String, CodingKey {
        case total, active, text, nonEmbedding, embedding, lmHead, attention, feedForward, norms, vision
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(active, forKey: .active)
        try container.encode(text, forKey: .text)
        try container.encode(nonEmbedding, forKey: .nonEmbedding)
        try container.encode(embedding, forKey: .embedding)
        try container.encode(lmHead, forKey: .lmHead)
        try container.encode(attention, forKey: .attention)
        try container.encode(feedForward, forKey: .feedForward)
        try container.encode(norms, forKey: .norms)
        try container.encode(vision, forKey: .vision)
    }
}
