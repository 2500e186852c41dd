import Foundation

/// How many answers a run needs: to decide a gate its interval straddles, or to reach an interval of a wanted
/// width (`verifier plan --interval-width`).
///
/// Both assume the observed rate holds as the run grows and use Wilson's interval at 95 %, the interval gates
/// are judged on; for a ratio such as F1, whose interval comes from a bootstrap, the width is scaled as
/// 1/√n from the width the run saw.
public enum SampleSize {
    /// The fewest trials at which a rate `rate` has a Wilson interval that excludes `gate`.
    /// - Parameters:
    ///   - rate: The observed rate.
    ///   - gate: The gate.
    ///   - limit: The largest answer the search gives.
    /// - Returns: The trials, or `nil` when the rate sits on the gate (no run size decides it) or more than
    ///   `limit` would be needed.
    public static func toDecide(rate: Double, gate: Double, limit: Int = 10_000_000) -> Int? {
        guard abs(rate - gate) > 1e-9 else { return nil }
        func decided(_ n: Int) -> Bool {
            let successes = Int((rate * Double(n)).rounded())
            guard let (low, high) = WilsonInterval.bounds(successes: successes, trials: n, z: 1.959964) else {
                return false
            }
            return low + 1e-12 >= gate || high + 1e-12 < gate
        }
        var high = 1
        while !decided(high) {
            guard high < limit else { return nil }
            high *= 2
        }
        var low = high / 2
        while low + 1 < high {
            let middle = (low + high) / 2
            if decided(middle) { high = middle } else { low = middle }
        }
        return high
    }

    /// The trials that give a Wilson interval no wider than `width` at the rate `rate`.
    /// - Parameters:
    ///   - width: The wanted width (high − low), above 0.
    ///   - rate: The expected rate (0.5 when unknown: the widest case).
    /// - Returns: The trials.
    public static func forWidth(_ width: Double, rate: Double = 0.5) -> Int {
        guard width > 0 else { return Int.max }
        var n = 1
        while n < 100_000_000 {
            let successes = Int((rate * Double(n)).rounded())
            if let (low, high) = WilsonInterval.bounds(successes: successes, trials: n, z: 1.959964), high - low <= width {
                break
            }
            n = n < 64 ? n + 1 : Int((Double(n) * 1.05).rounded(.up))
        }
        return n
    }
}

extension Metric {
    /// For a gate whose interval straddles it: about how many answers would decide it, if the observed value
    /// held (`nil` when the decision is not inconclusive, or no run size would decide it).
    public var answersToDecide: Int? {
        guard decision == .inconclusive, let gate, let value, denominator > 0 else { return nil }
        if isBelowMinimumSupport, let minimumSupport {
            // Scale the whole run until the support reaches the minimum.
            let support = max(self.support ?? denominator, 1)
            return Int((Double(denominator) * Double(minimumSupport) / Double(support)).rounded(.up))
        }
        if estimator == .proportion, explicitInterval == nil {
            return SampleSize.toDecide(rate: value, gate: gate)
        }
        guard let interval, abs(value - gate) > 1e-9 else { return nil }
        // A bootstrap interval narrows as 1/√n: scale the run until the half-width below or above the value
        // no longer reaches the gate.
        let reach = value > gate ? value - interval.low : interval.high - value
        let scale = reach / abs(value - gate)
        return Int((Double(denominator) * scale * scale).rounded(.up)) + 1
    }

    /// How to get `needed` answers from a run that has `have`: the repeats of every case.
    /// - Parameters:
    ///   - needed: Answers needed.
    ///   - have: Answers the run has.
    /// - Returns: Such as `--repeats 4, or 3.2 times the cases`.
    public static func repeatsText(needed: Int, have: Int) -> String {
        guard have > 0 else { return "no answers yet" }
        let factor = Double(needed) / Double(have)
        let repeats = Int(factor.rounded(.up))
        return "--repeats \(repeats), or \((factor * 10).rounded() / 10)× as many cases"
    }
}
