import JSONSchema

/// Percentile bootstrap over clusters of observations (case ids), for statistics that are not simple
/// proportions (F1) and for paired differences between a provider and the reference.
///
/// Every case id is one cluster: its modes and repeats — which share one prompt and so are not independent —
/// are resampled together, and a paired difference keeps the provider's and the reference's answers to the
/// same case together. Each cluster contributes a fixed-length vector of counts; a resample sums the vectors of
/// the clusters drawn, and the statistic is a function of that sum. Resampling is seeded, so a scorecard is
/// reproducible byte for byte.
///
/// ```swift
/// // F1 = 2TP / (2TP + FP + FN) from per-case (tp, fp, fn) counts:
/// let interval = ClusterBootstrap(clusters: counts).interval(seed: "trigger_f1") { sum in
///     let denominator = 2 * sum[0] + sum[1] + sum[2]
///     return denominator == 0 ? nil : 2 * sum[0] / denominator
/// }
/// ```
public struct ClusterBootstrap: Sendable {
    /// The per-cluster count vectors, all of one length.
    public var clusters: [[Double]]
    /// Resamples drawn.
    public var resamples: Int
    /// The confidence level of the interval.
    public var confidence: Double

    /// Creates a bootstrap.
    /// - Parameters:
    ///   - clusters: One count vector per cluster (case id).
    ///   - resamples: Resamples to draw (default 2,000).
    ///   - confidence: The confidence level (default 0.95).
    public init(clusters: [[Double]], resamples: Int = 2000, confidence: Double = 0.95) {
        self.clusters = clusters
        self.resamples = resamples
        self.confidence = confidence
    }

    /// The percentile interval of `statistic` over the resamples.
    /// - Parameters:
    ///   - seed: Names the statistic; the resampling sequence is derived from it.
    ///   - method: The method recorded with the interval (`bootstrap`, or `paired_bootstrap` for differences).
    ///   - statistic: The statistic of a summed count vector, or `nil` when undefined for that resample.
    /// - Returns: The interval, or `nil` with fewer than two clusters or when the statistic is undefined in more
    ///   than half of the resamples.
    public func interval(
        seed: String,
        method: ConfidenceInterval.Method = .bootstrap,
        statistic: ([Double]) -> Double?
    ) -> ConfidenceInterval? {
        guard clusters.count >= 2, let width = clusters.first?.count, resamples > 0 else { return nil }
        let alpha = (1 - confidence) / 2
        // Every case alike: every resample is the whole sample again.
        if clusters.allSatisfy({ $0 == clusters[0] }) {
            guard let value = pointEstimate(statistic), value.isFinite else { return nil }
            return ConfidenceInterval(low: value, high: value, confidence: confidence, method: method)
        }
        var generator = SplitMix64(seed: SplitMix64.seed(seed))
        var values: [Double] = []
        values.reserveCapacity(resamples)
        let flat = clusters.flatMap { $0 }
        let count = clusters.count
        var sum = [Double](repeating: 0, count: width)
        flat.withUnsafeBufferPointer { counts in
            for _ in 0..<resamples {
                sum.withUnsafeMutableBufferPointer { total in
                    for index in 0..<width { total[index] = 0 }
                    for _ in 0..<count {
                        let base = Int(generator.next(upperBound: UInt64(count))) * width
                        for index in 0..<width { total[index] += counts[base + index] }
                    }
                }
                if let value = statistic(sum), value.isFinite { values.append(value) }
            }
        }
        guard values.count * 2 > resamples else { return nil }
        values.sort()
        return ConfidenceInterval(
            low: Self.quantile(values, alpha),
            high: Self.quantile(values, 1 - alpha),
            confidence: confidence,
            method: method
        )
    }

    /// The statistic of the whole sample (every cluster once).
    /// - Parameter statistic: The statistic of a summed count vector.
    /// - Returns: Its value, or `nil` when undefined or when there are no clusters.
    public func pointEstimate(_ statistic: ([Double]) -> Double?) -> Double? {
        guard let width = clusters.first?.count else { return nil }
        var sum = [Double](repeating: 0, count: width)
        for cluster in clusters { for index in 0..<width { sum[index] += cluster[index] } }
        return statistic(sum)
    }

    /// The `p`-quantile of sorted values, interpolating linearly between order statistics.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first, let last = sorted.last else { return .nan }
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        if lower < 0 { return first }
        if lower >= sorted.count - 1 { return last }
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
