import Testing

@testable import ShortlistSupport

/// Percentiles, Wilson and bootstrap intervals against textbook and reference-implementation values.
struct StatisticsTests {
    @Test func wilsonIntervalMatchesTheTextbook() throws {
        // Newcombe (1998), Statistics in Medicine 17:857, Table I: 81/263 → 0.2553 to 0.3662 (method 3, Wilson).
        let interval = try #require(Proportion(successes: 81, trials: 263).wilson())
        #expect(abs(interval.lowerBound - 0.2553) < 0.00005)
        #expect(abs(interval.upperBound - 0.3662) < 0.00005)
        // 15/148 → 0.0624 to 0.1605, and 0/20 → 0 to 0.1611 (same table).
        let small = try #require(Proportion(successes: 15, trials: 148).wilson())
        #expect(abs(small.lowerBound - 0.0624) < 0.00005 && abs(small.upperBound - 0.1605) < 0.00005)
        let none = try #require(Proportion(successes: 0, trials: 20).wilson())
        #expect(abs(none.lowerBound) < 1e-12 && abs(none.upperBound - 0.1611) < 0.00005)
        #expect(Proportion(successes: 0, trials: 0).wilson() == nil)
    }

    @Test(arguments: [(0.975, 1.959963984540054), (0.5, 0.0), (0.995, 2.5758293035489004), (0.001, -3.090232306167813)])
    func normalQuantileIsExact(p: Double, z: Double) {
        #expect(abs(NormalDistribution.quantile(p) - z) < 1e-12)
    }

    @Test func linearPercentilesMatchNumPy() {
        // numpy.percentile([1, 2, 3, 4, 10], [0, 25, 50, 90, 99, 100]) → 1, 2, 3, 7.6, 9.76, 10.
        let sample = Percentiles([10, 3, 1, 4, 2])
        #expect(sample.percentile(0) == 1)
        #expect(sample.percentile(25) == 2)
        #expect(sample.median == 3)
        #expect(abs((sample.percentile(90) ?? 0) - 7.6) < 1e-12)
        #expect(abs((sample.percentile(99) ?? 0) - 9.76) < 1e-12)
        #expect(sample.percentile(100) == 10)
        #expect(Percentiles([Double]()).median == nil)
    }

    @Test func nearestRankPercentiles() {
        // Nearest rank of 1...10: p50 → 5th value, p90 → 9th, p91 → 10th.
        let sample = Percentiles((1...10).map(Double.init), method: .nearestRank)
        #expect(sample.percentile(50) == 5)
        #expect(sample.percentile(90) == 9)
        #expect(sample.percentile(91) == 10)
        #expect(Percentiles.minimumCount(forPercentile: 99) == 100)
    }

    @Test func bootstrapIntervalsCoverTheMeanAsOftenAsPromised() {
        // 200 samples of 40 draws from a uniform distribution on 0...1 (mean 0.5): a 95 % interval should
        // cover 0.5 in about 95 % of them; a percentile bootstrap with n = 40 runs slightly below nominal.
        var generator = SplitMix64(seed: 7)
        var covered = 0
        for round in 0..<200 {
            let values = (0..<40).map { _ in Double(generator.next() >> 11) / Double(1 << 53) }
            let interval = Bootstrap(resamples: 400, seed: UInt64(round)).interval(values)
            if let interval, interval.contains(0.5) { covered += 1 }
        }
        #expect((176...198).contains(covered), "covered \(covered) of 200")
        #expect(Bootstrap().interval([]) == nil)
        #expect(Bootstrap().interval([2, 2, 2]) == 2...2)
    }
}
