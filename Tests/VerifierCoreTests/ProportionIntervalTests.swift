import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Proportion intervals: Wilson and Newcombe's hybrid score")
struct ProportionIntervalTests {
    /// Newcombe (1998), "Interval estimation for the difference between independent proportions",
    /// Statistics in Medicine 17:873–890, Table II, method 10 (score, no continuity correction), to 4 decimals.
    @Test(arguments: [
        (56, 70, 48, 80, 0.0524, 0.3339),  // (a) 0.8 − 0.6
        (9, 10, 3, 10, 0.1705, 0.8090),  // (b) 0.9 − 0.3
        (6, 7, 2, 7, 0.0582, 0.8062),  // (c) small samples
        (5, 56, 0, 29, -0.0381, 0.1926),  // (d) one proportion zero
        (0, 10, 0, 20, -0.1611, 0.2775),  // (e) both zero
        (10, 10, 0, 20, 0.6791, 1.0000),  // (f) 100 % against 0 %
    ])
    func newcombeWorkedExamples(_ a: Int, _ m: Int, _ b: Int, _ n: Int, _ low: Double, _ high: Double) throws {
        let interval = try #require(ProportionInterval.newcombe(a, of: m, minus: b, of: n))
        #expect(abs(interval.low - low) < 0.00005, "low \(interval.low)")
        #expect(abs(interval.high - high) < 0.00005, "high \(interval.high)")
        #expect(interval.confidence == 0.95)
    }

    /// Wilson (1927) score limits; Newcombe (1998b) gives 81/263 → 0.2553 … 0.3662 and 0/20 → 0 … 0.1611.
    @Test(arguments: [
        (81, 263, 0.2553, 0.3662),  // a middling proportion
        (0, 20, 0.0, 0.1611),  // none
        (20, 20, 0.8389, 1.0),  // all
        (15, 148, 0.0624, 0.1605),  // a small proportion
    ])
    func wilsonLimits(_ successes: Int, _ trials: Int, _ low: Double, _ high: Double) throws {
        let interval = try #require(ProportionInterval.wilson(successes, of: trials))
        #expect(abs(interval.low - low) < 0.00005, "low \(interval.low)")
        #expect(abs(interval.high - high) < 0.00005, "high \(interval.high)")
    }

    @Test func zeroDenominatorsHaveNoInterval() {
        #expect(ProportionInterval.newcombe(0, of: 0, minus: 3, of: 4) == nil)
        #expect(ProportionInterval.newcombe(3, of: 4, minus: 0, of: 0) == nil)
        #expect(ProportionInterval.wilson(0, of: 0) == nil)
        #expect(ProportionInterval.wilson(5, of: 4) == nil)
    }

    @Test func intervalsAreAntisymmetricAndWithinBounds() throws {
        let forward = try #require(ProportionInterval.newcombe(56, of: 70, minus: 48, of: 80))
        let backward = try #require(ProportionInterval.newcombe(48, of: 80, minus: 56, of: 70))
        #expect(abs(forward.low + backward.high) < 1e-12 && abs(forward.high + backward.low) < 1e-12)
        let extreme = try #require(ProportionInterval.newcombe(0, of: 5, minus: 5, of: 5))
        #expect(extreme.low >= -1 && extreme.high <= 0)
    }

    @Test func beyondNoiseMeansTheIntervalLeavesOutZero() throws {
        #expect(try #require(ProportionInterval.newcombe(56, of: 70, minus: 48, of: 80)).excludesZero)
        #expect(!(try #require(ProportionInterval.newcombe(5, of: 56, minus: 0, of: 29)).excludesZero))
        // The same rate on both sides is never beyond noise, however large the samples.
        #expect(!(try #require(ProportionInterval.newcombe(900, of: 1000, minus: 900, of: 1000)).excludesZero))
    }
}
