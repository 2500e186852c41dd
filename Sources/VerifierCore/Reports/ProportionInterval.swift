import Foundation
import JSONSchema
import VerifierJudging

/// Confidence intervals for proportions and for the difference of two independent proportions, as
/// `verifier compare` uses them to tell a change between two runs from sampling noise.
///
/// ```swift
/// // Newcombe (1998), example (a): 56/70 − 48/80 → 0.0524 … 0.3339
/// let interval = ProportionInterval.newcombe(56, of: 70, minus: 48, of: 80)
/// ```
public struct ProportionInterval: Sendable, Hashable {
    /// The lower limit.
    public var low: Double
    /// The upper limit.
    public var high: Double
    /// The confidence level, e.g. 0.95.
    public var confidence: Double

    /// The standard normal quantile for a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    /// Creates an interval.
    /// - Parameters:
    ///   - low: The lower limit.
    ///   - high: The upper limit.
    ///   - confidence: The confidence level.
    public init(low: Double, high: Double, confidence: Double = 0.95) {
        self.low = low
        self.high = high
        self.confidence = confidence
    }

    /// Whether the interval leaves out zero: a difference beyond sampling noise at this confidence.
    public var excludesZero: Bool { low > 0 || high < 0 }

    /// The Wilson score interval (without continuity correction) for `successes` out of `trials`.
    /// - Parameters:
    ///   - successes: The count of successes, 0…`trials`.
    ///   - trials: The count of trials.
    ///   - z: The normal quantile (default: 95 %).
    /// - Returns: The interval, or `nil` when `trials` is zero or the counts are impossible.
    public static func wilson(_ successes: Int, of trials: Int, z: Double = z95) -> ProportionInterval? {
        guard let (low, high) = WilsonInterval.bounds(successes: successes, trials: trials, z: z) else { return nil }
        return ProportionInterval(low: low, high: high, confidence: confidence(for: z))
    }

    /// Newcombe's hybrid score interval (1998, method 10) for the difference `a/m − b/n` of two independent
    /// proportions: it combines the two Wilson intervals, keeps within [−1, 1], and behaves at 0 % and 100 %
    /// where the Wald interval collapses.
    /// - Parameters:
    ///   - a: Successes of the first proportion.
    ///   - m: Trials of the first proportion.
    ///   - b: Successes of the second proportion.
    ///   - n: Trials of the second proportion.
    ///   - z: The normal quantile (default: 95 %).
    /// - Returns: The interval for `a/m − b/n`, or `nil` when either denominator is zero.
    public static func newcombe(_ a: Int, of m: Int, minus b: Int, of n: Int, z: Double = z95) -> ProportionInterval? {
        guard let first = wilson(a, of: m, z: z), let second = wilson(b, of: n, z: z) else { return nil }
        let p1 = Double(a) / Double(m)
        let p2 = Double(b) / Double(n)
        let difference = p1 - p2
        let below = ((p1 - first.low) * (p1 - first.low) + (second.high - p2) * (second.high - p2)).squareRoot()
        let above = ((first.high - p1) * (first.high - p1) + (p2 - second.low) * (p2 - second.low)).squareRoot()
        return ProportionInterval(
            low: max(-1, difference - below),
            high: min(1, difference + above),
            confidence: confidence(for: z)
        )
    }

    /// The two-sided confidence level of a normal quantile (0.95 for ``z95``).
    static func confidence(for z: Double) -> Double {
        abs(z - z95) < 1e-9 ? 0.95 : (erf(z / 2.0.squareRoot()) * 1_000_000).rounded() / 1_000_000
    }
}
