import Foundation
import ShortlistCatalog
import ShortlistFit
internal import ShortlistSupport

/// Requirements made concrete: decision rules applied, defaults filled in, hardware resolved.
struct Setup {
    var requirements: Requirements
    var effective: EffectiveRequirements
    var fired: [FiredRule]
    var weights: [Criterion: Double]
    var gpu: GPUCard
    var hardwareKnown: Bool
    var warnings: [String]
    var rules: SelectionRules

    struct Failure: Sendable {
        var kind: ConstraintKind
        var reason: String
    }

    init(requirements: Requirements, rules: SelectionRules, catalog: Catalog) throws(SelectionError) {
        self.requirements = requirements
        self.rules = rules
        warnings = []
        var hardware = requirements.hardware
        if hardware == .unspecified, requirements.priority == .consumerHardware {
            hardware = .gpu(id: rules.consumerGPU, count: 1)
        }
        if hardware == .unspecified, let deployment = requirements.deployment,
            let memory = rules.deployments[deployment]?.defaultMemoryGiB
        {
            hardware = .memory(gib: memory)
            warnings.append(
                "No hardware given: assumed \(Int(memory)) GB of accelerator memory for \(deployment.rawValue) deployment."
            )
        }
        let count: Int
        switch hardware {
        case .gpu(let id, let gpuCount):
            do {
                gpu = try catalog.gpu(named: id)
            } catch {
                let suggestions = if case .unknownGPU(_, let list) = error { list } else { [String]() }
                throw .unknownGPU(requirements.hardwareLocation, name: id, suggestions: suggestions)
            }
            count = gpuCount
            hardwareKnown = true
        case .memory(let gib):
            gpu = Self.syntheticGPU(
                id: "accelerator-\(Self.format(gib))gb",
                name: "\(Self.format(gib)) GB accelerator",
                memoryGiB: gib
            )
            count = 1
            hardwareKnown = true
        case .cpuOnly(let gib):
            gpu = Self.syntheticGPU(
                id: "cpu-\(Self.format(gib))gb",
                name: "CPU with \(Self.format(gib)) GB",
                memoryGiB: gib
            )
            count = 1
            hardwareKnown = true
        case .unspecified:
            gpu =
                (try? catalog.gpu(named: rules.referenceGPU))
                ?? Self.syntheticGPU(id: "reference", name: "reference GPU", memoryGiB: 80)
            count = 1
            hardwareKnown = false
            warnings.append("No hardware given: fit and speed are estimated on \(gpu.name) and do not exclude models.")
        }
        let memory = gpu.memoryGiB.value

        // Decision rules, in file order; later rules override earlier weights, users override rules. A rule can
        // change the licence policy another rule's condition reads, so evaluation repeats until the set of fired
        // rules is stable (it only grows through the licence, so a few passes suffice).
        var licensePolicy = requirements.license ?? rules.defaultLicensePolicy
        var architecture = requirements.architecture
        var modality: Modality? = requirements.modality == .vision ? .image : nil
        var minLanguages: Int? = if case .atLeast(let count) = requirements.languages { count } else { nil }
        var maxBillions = rules.sizeLimitBillions
        var weights = rules.weights
        var fired: [FiredRule] = []
        for _ in 0..<4 {
            var policy = requirements.license ?? rules.defaultLicensePolicy
            var passArchitecture = requirements.architecture
            var passModality: Modality? = requirements.modality == .vision ? .image : nil
            var passLanguages: Int? = if case .atLeast(let count) = requirements.languages { count } else { nil }
            var passLimit = rules.sizeLimitBillions
            var passWeights = rules.weights
            var passFired: [FiredRule] = []
            for rule in rules.decisionRules
            where rule.applies(to: requirements, memoryGiB: memory, licensePolicy: licensePolicy) {
                passFired.append(FiredRule(id: rule.id, seed: rule.seed, note: rule.then.note, origin: rule.origin))
                let effects = rule.then
                if let license = effects.license { policy = license }
                if let needed = effects.minLanguages { passLanguages = Swift.max(passLanguages ?? 0, needed) }
                if let needed = effects.modality { passModality = needed }
                if let newPolicy = effects.architecture, requirements.architecture == .denseOnly {
                    passArchitecture = newPolicy
                }
                if let limit = effects.maxBillions { passLimit = Swift.min(passLimit, limit) }
                if let ruleWeights = effects.weights { passWeights.merge(ruleWeights) { _, new in new } }
            }
            let stable = passFired == fired && policy == licensePolicy
            (licensePolicy, architecture, modality, minLanguages, maxBillions, weights, fired) =
                (policy, passArchitecture, passModality, passLanguages, passLimit, passWeights, passFired)
            if stable { break }
        }
        weights.merge(requirements.weights) { _, new in new }
        guard weights.values.contains(where: { $0 > 0 }) else {
            throw .invalid(
                field: "weights",
                value: "all zero",
                expected: "at least one criterion with a positive weight"
            )
        }
        if let deployment = requirements.deployment, let limit = rules.deployments[deployment]?.maxBillions {
            maxBillions = Swift.min(maxBillions, limit)
        }
        let formats: [WeightFormat]
        if case .cpuOnly = hardware {
            formats = rules.cpuOnlyWeights
        } else if let deployment = requirements.deployment, let profile = rules.deployments[deployment],
            !profile.weights.isEmpty
        {
            formats = profile.weights
        } else {
            formats = rules.deployments[.cloud]?.weights ?? [.bf16, .fp8, .int8, .int4AWQ]
        }
        let ttft = requirements.ttftMilliseconds ?? requirements.latency.flatMap { rules.latencyMilliseconds[$0] }
        let codes: [String] = if case .codes(let list) = requirements.languages { list } else { [] }
        self.fired = fired
        self.weights = weights
        effective = EffectiveRequirements(
            category: requirements.category,
            useCase: requirements.useCase,
            context: requirements.context,
            promptTokens: Swift.min(requirements.promptTokens ?? rules.defaultPromptTokens, requirements.context),
            concurrency: requirements.concurrency,
            hardware: count > 1 ? "\(count) × \(gpu.name)" : gpu.name,
            gpuID: gpu.id,
            gpuCount: count,
            memoryGiBPerGPU: memory,
            licensePolicy: licensePolicy,
            architecture: architecture,
            modality: modality,
            minLanguages: minLanguages,
            languageCodes: codes,
            maxBillions: maxBillions,
            sizeBasis: architecture == .denseOnly ? "total parameters" : "active parameters for MoE, total for dense",
            weightFormats: WeightFormat.byFidelity.filter { formats.contains($0) },
            ttftMilliseconds: ttft,
            tokensPerSecond: requirements.tokensPerSecond,
            multilingualCritical: requirements.multilingualCritical,
            portfolioSize: requirements.portfolioSize ?? rules.defaultPortfolioSize,
            missingBenchmarks: requirements.missingBenchmarks
        )
        if effective.weightFormats.isEmpty {
            throw .invalid(
                field: "deployment",
                value: requirements.deployment?.rawValue ?? "cloud",
                expected: "a profile with weight formats"
            )
        }
    }

    static func syntheticGPU(id: String, name: String, memoryGiB: Double) -> GPUCard {
        GPUCard(
            id: id,
            name: name,
            vendor: "unknown",
            kind: .consumer,
            aliases: [],
            memoryGiB: Fact(memoryGiB, source: "requirements"),
            bandwidthGBps: Fact(nil, source: "requirements"),
            origin: SourceLocation(file: "requirements", line: nil)
        )
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }

    /// Parameters that count against the size limit.
    func sizeParameters(_ shape: ArchitectureShape) -> Int {
        shape.moe != nil && effective.architecture != .denseOnly ? shape.parameters.active : shape.parameters.total
    }

    // MARK: - Hard constraints

    /// Every constraint the model fails (all of them, not just the first), or the candidate.
    func check(_ models: [ModelCard], _ index: Int) -> (failures: [Failure], candidate: Candidate?) {
        check(models[index]) { shape, fit, notes in
            Candidate(models: models, index: index, shape: shape, fit: fit, gpu: gpu, warnings: notes)
        }
    }

    private func check(
        _ model: ModelCard,
        candidate makeCandidate: (ArchitectureShape, FitResult, [String]) -> Candidate
    ) -> (failures: [Failure], candidate: Candidate?) {
        guard let shape = model.shape else {
            return ([Failure(kind: .size, reason: "architecture numbers not published: memory and size unknown")], nil)
        }
        var failures: [Failure] = []
        var notes: [String] = []
        let billions = Double(sizeParameters(shape)) / 1e9
        if billions > effective.maxBillions {
            failures.append(
                Failure(
                    kind: .size,
                    reason:
                        "\(Self.billions(billions)) parameters, above the \(Self.billions(effective.maxBillions)) limit for \(limitName)"
                )
            )
        }
        let isMoE = model.architecture.kind.value == .moe
        switch effective.architecture {
        case .denseOnly where isMoE:
            failures.append(Failure(kind: .architecture, reason: "MoE excluded by 'dense only'"))
        case .moeOnly where !isMoE:
            failures.append(Failure(kind: .architecture, reason: "dense model excluded by 'MoE only'"))
        default: break
        }
        if let failure = licenseFailure(model) { failures.append(failure) }
        if let modality = effective.modality, !(model.modalities.value ?? []).contains(modality) {
            failures.append(
                Failure(
                    kind: .modality,
                    reason:
                        "no \(modality.rawValue) input (inputs: \((model.modalities.value ?? []).map(\.rawValue).joined(separator: ", ")))"
                )
            )
        }
        let (contextFailure, contextNote) = contextCheck(model)
        if let contextFailure { failures.append(contextFailure) }
        if let contextNote { notes.append(contextNote) }
        let (languageFailure, languageNote) = languageCheck(model)
        if let languageFailure { failures.append(languageFailure) }
        if let languageNote { notes.append(languageNote) }
        guard let fit = bestFit(model, shape: shape) else {
            failures.append(Failure(kind: .memory, reason: memoryReason(model, shape: shape)))
            return (failures, nil)
        }
        if hardwareKnown { failures += latencyFailures(fit) }
        return (failures, failures.isEmpty ? makeCandidate(shape, fit, notes) : nil)
    }

    private var limitName: String {
        if let deployment = requirements.deployment, rules.deployments[deployment]?.maxBillions == effective.maxBillions
        {
            return "\(deployment.rawValue) deployment"
        }
        return "small language models"
    }

    private func licenseFailure(_ model: ModelCard) -> Failure? {
        let accepted = rules.licensePolicies[effective.licensePolicy] ?? []
        guard let id = model.license.id.value else {
            return Failure(
                kind: .license,
                reason: "licence not stated in the catalog; '\(effective.licensePolicy)' needs a known licence"
            )
        }
        let licenseClass = rules.licenseClasses[id] ?? "unclassified"
        guard accepted.contains(licenseClass) else {
            let name = model.license.name.value ?? id
            return Failure(
                kind: .license,
                reason: "\(name) (\(licenseClass)): not in the '\(effective.licensePolicy)' licence policy"
            )
        }
        return nil
    }

    private func contextCheck(_ model: ModelCard) -> (Failure?, String?) {
        let needed = effective.context
        let native = model.context.native.value ?? model.context.maxPositionEmbeddings?.value ?? 0
        if native >= needed { return (nil, nil) }
        if let extended = model.context.extended?.value, extended >= needed {
            let method = model.context.extensionMethod.map { " (\($0))" } ?? ""
            return (
                nil,
                "native context \(Self.tokens(native)) < \(Self.tokens(needed)) needed: requires the extended context\(method)"
            )
        }
        let extendedText = model.context.extended?.value.map { ", extended \(Self.tokens($0))" } ?? ""
        return (
            Failure(
                kind: .context,
                reason: "native context \(Self.tokens(native))\(extendedText) < \(Self.tokens(needed)) required"
            ), nil
        )
    }

    private func languageCheck(_ model: ModelCard) -> (Failure?, String?) {
        let languages = model.languages
        let count = languages.count ?? (languages.codes.isEmpty ? nil : languages.codes.count)
        if let minimum = effective.minLanguages {
            guard let count else {
                return (Failure(kind: .languages, reason: "languages not stated; \(minimum)+ required"), nil)
            }
            if count < minimum {
                return (Failure(kind: .languages, reason: "claims \(count) languages; \(minimum)+ required"), nil)
            }
        }
        let codes = effective.languageCodes
        guard !codes.isEmpty else { return (nil, nil) }
        if let count, count >= rules.broadLanguageCount, languages.codes.isEmpty {
            return (nil, "claims \(count) languages without listing them: verify \(codes.joined(separator: ", "))")
        }
        if languages.codes.isEmpty {
            return (
                nil, "languages not stated by the vendor: verify \(codes.joined(separator: ", ")) with an evaluation"
            )
        }
        let missing = codes.filter { !languages.codes.contains($0) }
        if !missing.isEmpty {
            return (
                Failure(
                    kind: .languages,
                    reason:
                        "does not list \(missing.joined(separator: ", ")) among its \(languages.codes.count) languages"
                ), nil
            )
        }
        return (nil, nil)
    }

    func request(_ format: WeightFormat) -> FitRequest {
        FitRequest(
            weights: format,
            context: effective.context,
            concurrency: effective.concurrency,
            gpuCount: effective.gpuCount,
            tensorParallel: effective.gpuCount,
            promptTokens: effective.promptTokens
        )
    }

    /// The highest-fidelity allowed format that fits (on the reference GPU when no hardware was given: always).
    func bestFit(_ model: ModelCard, shape: ArchitectureShape) -> FitResult? {
        guard let bytes = gpu.engineMemoryBytes else { return nil }
        var fallback: FitResult?
        for format in effective.weightFormats {
            var attempt = request(format)
            if shape.attentionHeads % attempt.tensorParallel != 0 {
                attempt.tensorParallel = 1
            }
            let result = FitCalculator.fit(
                shape: shape,
                modelID: model.id,
                gpu: gpu,
                gpuBytes: bytes,
                request: attempt,
                positions: model.context.maxPositionEmbeddings?.value
            )
            if result.verdict.fits { return result }
            fallback = fallback ?? result
        }
        return hardwareKnown ? nil : fallback
    }

    private func memoryReason(_ model: ModelCard, shape: ArchitectureShape) -> String {
        guard let bytes = gpu.engineMemoryBytes, let format = effective.weightFormats.last else {
            return "memory unknown"
        }
        let smallest = FitCalculator.fit(
            shape: shape,
            modelID: model.id,
            gpu: gpu,
            gpuBytes: bytes,
            request: request(format),
            positions: model.context.maxPositionEmbeddings?.value
        )
        let needed = smallest.memory.total / 1e9
        let available = smallest.memory.gpuMemory / 1e9
        let sequences = effective.concurrency == 1 ? "1 sequence" : "\(effective.concurrency) sequences"
        return String(
            format: "needs %.1f GB at %@ with %@ context × %@; %.1f GB available%@",
            needed,
            format.displayName,
            Self.tokens(effective.context),
            sequences,
            available,
            effective.gpuCount > 1 ? " per GPU" : ""
        )
    }

    private func latencyFailures(_ fit: FitResult) -> [Failure] {
        var failures: [Failure] = []
        if let target = effective.ttftMilliseconds, let prefill = fit.prefill {
            let milliseconds = prefill.seconds * 1000
            if milliseconds > target {
                failures.append(
                    Failure(
                        kind: .latency,
                        reason: String(
                            format: "estimated TTFT %.0f ms for a %@-token prompt > %.0f ms target (estimate)",
                            milliseconds,
                            Self.tokens(effective.promptTokens),
                            target
                        )
                    )
                )
            }
        }
        if let target = effective.tokensPerSecond {
            let rate = fit.decode.perSequenceTokensPerSecond
            if rate > 0, rate < target {
                failures.append(
                    Failure(
                        kind: .latency,
                        reason: String(
                            format: "estimated %.0f tokens/s per sequence < %.0f target (estimate)",
                            rate,
                            target
                        )
                    )
                )
            }
        }
        return failures
    }

    static func tokens(_ count: Int) -> String {
        count >= 1024 && count % 1024 == 0 ? "\(count / 1024)k" : String(count)
    }

    static func billions(_ value: Double) -> String {
        FixedPoint.format(value, value >= 10 ? 1 : 2) + "B"
    }
}
