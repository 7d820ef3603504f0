/// Percentile bootstrap confidence intervals (Efron 1979) with a seeded generator, so the same data always
/// gives the same interval.
package struct Bootstrap: Sendable {
    /// Resamples drawn.
    package var resamples: Int
    package var seed: UInt64

    package init(resamples: Int = 2000, seed: UInt64 = 0x5EED) {
        self.resamples = Swift.max(1, resamples)
        self.seed = seed
    }

    /// The interval for `statistic` over resamples of `values`, at `confidence`; `nil` for an empty sample.
    package func interval(
        _ values: [Double],
        confidence: Double = 0.95,
        statistic: ([Double]) -> Double = { $0.reduce(0, +) / Double($0.count) }
    ) -> ClosedRange<Double>? {
        guard !values.isEmpty else { return nil }
        var generator = SplitMix64(seed: seed)
        var estimates: [Double] = []
        estimates.reserveCapacity(resamples)
        var sample = [Double](repeating: 0, count: values.count)
        for _ in 0..<resamples {
            for index in sample.indices {
                sample[index] = values[Int(generator.next() % UInt64(values.count))]
            }
            estimates.append(statistic(sample))
        }
        let tail = (1 - confidence) / 2 * 100
        let quantiles = Percentiles(estimates)
        guard let lower = quantiles.percentile(tail), let upper = quantiles.percentile(100 - tail) else {
            return nil
        }
        return lower...upper
    }
}
