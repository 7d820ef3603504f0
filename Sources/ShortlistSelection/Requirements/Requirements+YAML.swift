package import ShortlistCatalog
internal import ShortlistSupport

extension TaskCategory: YAMLEnum {}
extension LatencyClass: YAMLEnum {}
extension Deployment: YAMLEnum {}
extension ArchitecturePolicy: YAMLEnum {}
extension ModalityNeed: YAMLEnum {}
extension Priority: YAMLEnum {}
extension MissingBenchmarkPolicy: YAMLEnum {}
extension Criterion: YAMLEnum {}

extension Requirements {
    static let keys = [
        "use_case", "task", "context", "prompt_tokens", "latency", "hardware", "concurrency", "license", "deployment",
        "architecture", "languages", "multilingual_critical", "modality", "portfolio_size", "weights", "priority",
        "missing_benchmarks",
    ]

    /// Reads a requirements file (format in `docs/selection.md`); every problem names the file, line and field.
    package static func parse(
        _ text: String,
        path: String,
        licensePolicies: [String]
    ) throws(CatalogError) -> Requirements {
        let map = try YAMLDocument.root(text, path: path)
        try map.allowOnly(keys)
        guard let task = try map.map("task") else { throw .missingField(map.location, field: "task") }
        try task.allowOnly(["category", "subtasks"])
        var requirements = Requirements(category: try task.required("category"))
        requirements.origin = path
        requirements.subtasks = try task.optional("subtasks") ?? []
        requirements.useCase = try map.optional("use_case")
        if let context = try tokens(map, "context") { requirements.context = context }
        requirements.promptTokens = try tokens(map, "prompt_tokens")
        try readLatency(map, into: &requirements)
        try readHardware(map, into: &requirements)
        if let concurrency: Int = try map.optional("concurrency") {
            guard concurrency >= 1 else {
                throw .invalidField(
                    map.location(of: "concurrency"),
                    field: "concurrency",
                    value: "\(concurrency)",
                    expected: "at least 1"
                )
            }
            requirements.concurrency = concurrency
        }
        if let license: String = try map.optional("license") {
            guard licensePolicies.contains(license) else {
                throw .invalidField(
                    map.location(of: "license"),
                    field: "license",
                    value: license,
                    expected: "one of " + licensePolicies.joined(separator: ", ")
                        + (Suggestions.closest(to: license, in: licensePolicies, limit: 1).first.map {
                            " (did you mean '\($0)'?)"
                        } ?? "")
                )
            }
            requirements.license = license
        }
        requirements.deployment = try map.optional("deployment")
        if let architecture: ArchitecturePolicy = try map.optional("architecture") {
            requirements.architecture = architecture
        }
        try readLanguages(map, into: &requirements)
        requirements.multilingualCritical = try map.optional("multilingual_critical") ?? false
        if let modality: ModalityNeed = try map.optional("modality") { requirements.modality = modality }
        if let size: Int = try map.optional("portfolio_size") {
            guard (1...10).contains(size) else {
                throw .invalidField(
                    map.location(of: "portfolio_size"),
                    field: "portfolio_size",
                    value: "\(size)",
                    expected: "1 to 10"
                )
            }
            requirements.portfolioSize = size
        }
        requirements.priority = try map.optional("priority")
        if let policy: MissingBenchmarkPolicy = try map.optional("missing_benchmarks") {
            requirements.missingBenchmarks = policy
        }
        if let weights = try map.map("weights") {
            try weights.allowOnly(Criterion.allCases.map(\.rawValue))
            for criterion in Criterion.allCases {
                guard let weight: Double = try weights.optional(criterion.rawValue) else { continue }
                guard weight >= 0 else {
                    throw .invalidField(
                        weights.location(of: criterion.rawValue),
                        field: weights.field(criterion.rawValue),
                        value: "\(weight)",
                        expected: "a weight of 0 or more"
                    )
                }
                requirements.weights[criterion] = weight
            }
        }
        return requirements
    }

    private static func tokens(_ map: YAMLMap, _ key: String) throws(CatalogError) -> Int? {
        guard let text: String = try map.optional(key) else { return nil }
        guard let value = TokenCountParser.parse(text), value > 0 else {
            throw .invalidField(
                map.location(of: key),
                field: map.field(key),
                value: text,
                expected: "a token count such as 8192, 8k or 128k"
            )
        }
        return value
    }

    private static func readLatency(_ map: YAMLMap, into requirements: inout Requirements) throws(CatalogError) {
        guard map.has("latency") else { return }
        if !map.holdsMapping("latency") {
            requirements.latency = try map.optional("latency")
            return
        }
        guard let latency = try map.map("latency") else { return }
        try latency.allowOnly(["class", "ttft_ms", "tokens_per_second"])
        requirements.latency = try latency.optional("class")
        requirements.ttftMilliseconds = try latency.optional("ttft_ms")
        requirements.tokensPerSecond = try latency.optional("tokens_per_second")
        for (key, value) in [
            ("ttft_ms", requirements.ttftMilliseconds), ("tokens_per_second", requirements.tokensPerSecond),
        ] {
            if let value, value <= 0 {
                throw .invalidField(
                    latency.location(of: key),
                    field: latency.field(key),
                    value: "\(value)",
                    expected: "a positive number"
                )
            }
        }
    }

    private static func readHardware(_ map: YAMLMap, into requirements: inout Requirements) throws(CatalogError) {
        guard let hardware = try map.map("hardware") else { return }
        try hardware.allowOnly(["gpu", "count", "memory_gb", "cpu_only"])
        let count: Int = try hardware.optional("count") ?? 1
        guard count >= 1 else {
            throw .invalidField(
                hardware.location(of: "count"),
                field: hardware.field("count"),
                value: "\(count)",
                expected: "at least 1 GPU"
            )
        }
        let memory: Double? = try hardware.optional("memory_gb")
        if let memory, memory <= 0 {
            throw .invalidField(
                hardware.location(of: "memory_gb"),
                field: hardware.field("memory_gb"),
                value: "\(memory)",
                expected: "a positive size in GB"
            )
        }
        if try hardware.optional("cpu_only") == true {
            guard let memory else { throw .missingField(hardware.location, field: hardware.field("memory_gb")) }
            requirements.hardware = .cpuOnly(memoryGiB: memory)
        } else if let gpu: String = try hardware.optional("gpu") {
            if memory != nil {
                throw .invalidField(
                    hardware.location(of: "memory_gb"),
                    field: hardware.field("memory_gb"),
                    value: "\(memory ?? 0)",
                    expected: "either 'gpu' or 'memory_gb', not both"
                )
            }
            requirements.hardware = .gpu(id: gpu, count: count)
            requirements.hardwareLocation = hardware.location(of: "gpu")
        } else if let memory {
            requirements.hardware = .memory(gib: memory)
        }
    }

    private static func readLanguages(_ map: YAMLMap, into requirements: inout Requirements) throws(CatalogError) {
        guard map.has("languages") else { return }
        if map.holdsList("languages") {
            let codes: [String] = try map.required("languages")
            requirements.languages = .codes(codes.map { $0.lowercased() })
            return
        }
        let text: String = try map.required("languages")
        let digits = text.hasSuffix("+") ? String(text.dropLast()) : text
        guard let count = Int(digits), count > 0 else {
            throw .invalidField(
                map.location(of: "languages"),
                field: "languages",
                value: text,
                expected: "a list of language codes such as [en, de] or a count such as \"100+\""
            )
        }
        requirements.languages = .atLeast(count)
    }
}
