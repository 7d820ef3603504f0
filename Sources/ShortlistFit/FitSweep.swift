package import ShortlistCatalog

/// Fits many models on one GPU configuration, each in its best-fitting weight format.
package enum FitSweep {
    /// One model's outcome in a sweep.
    package struct Row: Sendable, Equatable, Encodable {
        package var modelID: String
        /// The highest-fidelity format that fits, with its result; `nil` when none fits.
        package var best: FitResult?
        /// Why nothing fits, or why the model was skipped.
        package var reason: String?
        package var totalParameters: Int?
    }

    /// Tries each model in every format from highest to lowest fidelity and keeps the first that fits.
    ///
    /// Rows come back with fitting models first, largest first; then the rest with their reasons.
    package static func run(
        models: [ModelCard],
        gpu: GPUCard,
        request: FitRequest,
        formats: [WeightFormat] = WeightFormat.byFidelity,
        allowExtendedContext: Bool = false
    ) -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(models.count)
        for model in models {
            rows.append(
                row(
                    for: model,
                    gpu: gpu,
                    request: request,
                    formats: formats,
                    allowExtendedContext: allowExtendedContext
                )
            )
        }
        return rows.sorted { lhs, rhs in
            switch (lhs.best != nil, rhs.best != nil) {
            case (true, false): return true
            case (false, true): return false
            default:
                let (l, r) = (lhs.totalParameters ?? 0, rhs.totalParameters ?? 0)
                return l != r ? l > r : lhs.modelID < rhs.modelID
            }
        }
    }

    private static func row(
        for model: ModelCard,
        gpu: GPUCard,
        request: FitRequest,
        formats: [WeightFormat],
        allowExtendedContext: Bool
    ) -> Row {
        guard let shape = model.shape else {
            return Row(modelID: model.id, reason: "architecture numbers not published")
        }
        let total = shape.parameters.total
        do {
            try FitCalculator.validate(request, model: model, shape: shape, allowExtendedContext: allowExtendedContext)
        } catch {
            return Row(modelID: model.id, reason: error.description, totalParameters: total)
        }
        guard let gpuBytes = gpu.engineMemoryBytes else {
            return Row(modelID: model.id, reason: "GPU memory unknown", totalParameters: total)
        }
        var smallest: FitResult?
        for format in formats {
            var attempt = request
            attempt.weights = format
            // Each format runs on the engine asked for, or the one it implies; skip what that engine can't run.
            let engine = attempt.resolvedEngine
            guard engine.loads(format), engine.stores(attempt.kvCache) else { continue }
            let result = FitCalculator.fit(
                shape: shape,
                modelID: model.id,
                gpu: gpu,
                gpuBytes: gpuBytes,
                request: attempt,
                positions: model.context.maxPositionEmbeddings?.value
            )
            if result.verdict.fits { return Row(modelID: model.id, best: result, totalParameters: total) }
            if smallest == nil || result.memory.total < smallest?.memory.total ?? 0 { smallest = result }
        }
        let reason: String
        if let smallest {
            let needed = gib(smallest.memory.total)
            let budget = gib(smallest.memory.budget)
            reason =
                "needs \(needed) GiB per GPU even at \(smallest.request.weights.displayName) "
                + "(\(smallest.request.concurrency) × \(smallest.request.context) tokens); budget \(budget) GiB"
        } else {
            reason = "no weight format to try"
        }
        return Row(modelID: model.id, reason: reason, totalParameters: total)
    }

    /// GiB with one decimal, for reasons.
    private static func gib(_ bytes: Double) -> String {
        "\((bytes / 1_073_741_824 * 10).rounded() / 10)"
    }
}
