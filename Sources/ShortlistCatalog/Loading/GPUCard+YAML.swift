extension GPUCard {
    /// Reads one GPU from its YAML mapping.
    init(yaml map: YAMLMap, sources: SourceIndex) throws(CatalogError) {
        try map.allowOnly([
            "id", "name", "vendor", "kind", "memory_type", "aliases", "memory_gib", "cuda_total_bytes",
            "bandwidth_gbps", "bf16_tflops", "fp8_tflops",
            "int8_tops", "fp16_acc_tflops", "usd_per_hour", "note",
        ])
        id = try map.required("id")
        guard ModelCard.isValidID(id) else {
            throw .invalidField(
                map.location(of: "id"),
                field: map.field("id"),
                value: id,
                expected: "a lowercase id of letters, digits, '.', '_' and '-'"
            )
        }
        name = try map.optional("name") ?? id
        vendor = try map.optional("vendor") ?? "unknown"
        kind = try map.optional("kind") ?? .datacenter
        aliases = try map.optional("aliases") ?? []
        memoryType = try map.optional("memory_type") ?? (kind == .apple ? .unified : .gddr)
        memoryGiB = try Self.positive(map, "memory_gib", sources, required: true) ?? Fact(nil, source: "")
        cudaTotalBytes = try Self.positive(map, "cuda_total_bytes", sources)
        bandwidthGBps = try Self.positive(map, "bandwidth_gbps", sources, required: true) ?? Fact(nil, source: "")
        bf16TFLOPS = try Self.positive(map, "bf16_tflops", sources)
        fp8TFLOPS = try Self.positive(map, "fp8_tflops", sources)
        int8TOPS = try Self.positive(map, "int8_tops", sources)
        fp16AccumulateTFLOPS = try Self.positive(map, "fp16_acc_tflops", sources)
        usdPerHour = try Self.positive(map, "usd_per_hour", sources)
        note = try map.optional("note")
        origin = map.location
        if memoryGiB.value == nil {
            throw .invalidField(
                map.location(of: "memory_gib"),
                field: map.field("memory_gib"),
                value: "null",
                expected: "a memory size in GiB"
            )
        }
    }

    private static func positive(
        _ map: YAMLMap,
        _ key: String,
        _ sources: SourceIndex,
        required: Bool = false
    ) throws(CatalogError) -> Fact<Double>? {
        guard let (fact, entry) = try map.fact(key, as: Double.self, sources: sources) else {
            if required { throw .missingField(map.location, field: map.field(key)) }
            return nil
        }
        if let value = fact.value, !(value > 0) || !value.isFinite {
            throw .invalidField(
                entry.location(of: "value"),
                field: map.field(key),
                value: "\(value)",
                expected: "a positive number"
            )
        }
        return fact
    }
}
