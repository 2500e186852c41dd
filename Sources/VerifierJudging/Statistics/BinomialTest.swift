import Foundation

/// Whether a host has an event (a missed call, a spurious call, twins that differ) significantly more often than
/// the reference had it in its own calibration: a one-sided exact binomial test at p < 0.001 of the host's count
/// against the upper end of the 95 % Wilson interval of the reference's pooled rate, so the uncertainty of the
/// reference's own rate counts in the host's favour.
///
/// With the reference's rate taken from hundreds of calibration answers, this finds a host that drops or adds 15 %
/// of its calls in a suite of fifty answers, where a gate on the host's own interval would straddle.
public enum BinomialTest {
    /// The significance level.
    public static let alpha = 0.001

    /// Whether `events` of `trials` is significantly more than the reference's `referenceEvents` of `referenceTrials`.
    /// - Parameters:
    ///   - events: The host's events.
    ///   - trials: The host's trials.
    ///   - referenceEvents: The reference's events in calibration.
    ///   - referenceTrials: The reference's trials in calibration.
    ///   - margin: Added to the reference's rate: how much more often the host may have the event (0: none).
    /// - Returns: Whether the host's rate is significantly higher.
    public static func exceeds(
        events: Int,
        trials: Int,
        referenceEvents: Int,
        referenceTrials: Int,
        margin: Double = 0
    ) -> Bool {
        guard trials > 0, events > 0, referenceTrials > 0 else { return false }
        let upper = WilsonInterval.bounds(successes: referenceEvents, trials: referenceTrials, z: 1.959964)?.high ?? 1
        return upperTail(atLeast: events, of: trials, probability: Swift.min(1, upper + margin)) < alpha
    }

    /// P(X ≥ k) for X ~ Binomial(n, p).
    /// - Parameters:
    ///   - k: The count.
    ///   - n: The trials.
    ///   - p: The event probability.
    /// - Returns: The tail probability.
    public static func upperTail(atLeast k: Int, of n: Int, probability p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n, p > 0 else { return 0 }
        guard p < 1 else { return 1 }
        var total = 0.0
        for i in k...n {
            let logTerm =
                lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) + Double(i) * log(p)
                + Double(n - i) * log1p(-p)
            total += exp(logTerm)
        }
        return min(total, 1)
    }
}
