import Foundation
import JSONSchema

/// Wilson's score interval for a binomial proportion (Wilson 1927).
///
/// Unlike the normal ("Wald") interval it stays inside [0, 1] and keeps its coverage near 0 % and 100 %, where
/// gates such as "no schema violation" live: 50 of 50 answers valid gives [92.9 %, 100 %], not [100 %, 100 %].
public enum WilsonInterval {
    /// The interval for `successes` out of `trials`.
    /// - Parameters:
    ///   - successes: The count of successes (0…trials).
    ///   - trials: The count of trials.
    ///   - confidence: The confidence level (default 0.95).
    /// - Returns: The interval, or `nil` for zero trials (there is no rate to bound).
    public static func interval(successes: Int, trials: Int, confidence: Double = 0.95) -> ConfidenceInterval? {
        let z = NormalDistribution.quantile(0.5 + confidence / 2)
        guard let (low, high) = bounds(successes: successes, trials: trials, z: z) else { return nil }
        return ConfidenceInterval(low: low, high: high, confidence: confidence, method: .wilson)
    }

    /// The interval's ends for a normal quantile (1.96 for 95 %).
    /// - Parameters:
    ///   - successes: The count of successes (0…trials).
    ///   - trials: The count of trials.
    ///   - z: The two-sided normal quantile.
    /// - Returns: The lower and upper ends, or `nil` for zero trials or impossible counts.
    public static func bounds(successes: Int, trials: Int, z: Double) -> (low: Double, high: Double)? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // The exact ends: 0 successes has lower bound 0 and all successes upper bound 1.
        let low = successes == 0 ? 0 : max(0, center - half)
        let high = successes == trials ? 1 : min(1, center + half)
        return (low, high)
    }
}

/// The standard normal distribution's quantile function, for interval widths.
public enum NormalDistribution {
    /// The quantile (inverse CDF) of the standard normal distribution.
    ///
    /// Acklam's rational approximation refined by one Halley step: accurate to about 1e-15 over (0, 1).
    /// - Parameter p: A probability in (0, 1).
    /// - Returns: `z` with `Φ(z) = p` (±infinity at the ends).
    public static func quantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // One Halley step on Φ(x) − p.
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    /// The standard normal CDF.
    /// - Parameter x: The value.
    /// - Returns: `Φ(x)`.
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
