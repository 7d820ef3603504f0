/// How a percentile is read off a finite sample, named as Hyndman and Fan (1996) and NumPy name them.
///
/// Tools disagree here without saying so: NumPy's default (and vLLM's `bench serve`) interpolates linearly,
/// HdrHistogram and many dashboards report the nearest rank. Every percentile Shortlist prints says which one
/// it used.
package enum PercentileMethod: String, Sendable, Codable, CaseIterable {
    /// Hyndman–Fan type 7, NumPy's `linear` (the default of `numpy.percentile` and R's `quantile`):
    /// position `(n − 1)·p` between the order statistics, interpolated.
    case linear
    /// Hyndman–Fan type 1, the nearest rank: the smallest value with at least `p·n` values at or below it.
    case nearestRank = "nearest-rank"
}

/// Order statistics of a sample: percentiles, median, mean.
///
/// Values are sorted once; every query is then O(1).
package struct Percentiles: Sendable, Equatable {
    /// The sample, sorted ascending.
    package let sorted: [Double]
    package let method: PercentileMethod

    /// A sample of `values`; non-finite values are dropped.
    package init(_ values: some Sequence<Double>, method: PercentileMethod = .linear) {
        self.sorted = values.filter(\.isFinite).sorted()
        self.method = method
    }

    package var count: Int { sorted.count }

    /// The `p`-th percentile (`p` in 0...100), or `nil` for an empty sample.
    package func percentile(_ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let fraction = Swift.min(1, Swift.max(0, p / 100))
        switch method {
        case .linear:
            let position = Double(sorted.count - 1) * fraction
            let lower = Int(position.rounded(.down))
            let upper = Swift.min(lower + 1, sorted.count - 1)
            let weight = position - Double(lower)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * weight
        case .nearestRank:
            let rank = Int((fraction * Double(sorted.count)).rounded(.up))
            return sorted[Swift.max(0, rank - 1)]
        }
    }

    package var median: Double? { percentile(50) }

    package var mean: Double? {
        guard !sorted.isEmpty else { return nil }
        return sorted.reduce(0, +) / Double(sorted.count)
    }

    package var minimum: Double? { sorted.first }
    package var maximum: Double? { sorted.last }

    /// The fewest samples for which the `p`-th percentile is more than the maximum: below it, "p99" is the
    /// largest value seen and says nothing about the tail.
    package static func minimumCount(forPercentile p: Double) -> Int {
        let tail = Swift.max(1e-9, 1 - p / 100)
        return Int((1 / tail).rounded(.up))
    }
}
