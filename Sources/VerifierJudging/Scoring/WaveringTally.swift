import JSONSchema

/// Answers to the cases the reference itself breaks in some calibration runs, judged by rate: the host's pass
/// rate on them against the reference's own.
///
/// The gate is the reference's mean pass rate over the same answers minus the baseline margin, and the decision
/// rests on the host's interval, so a host is failed only when it is clearly worse than the reference on the
/// cases where the reference is unsure, never for one unlucky sample.
public struct WaveringTally: Sendable, Hashable {
    /// Answers judged.
    public private(set) var answers = 0
    /// Of which met their case's call expectation.
    public private(set) var met = 0
    /// The sum of the reference's pass rates on the answers' cases.
    public private(set) var referencePassRateSum = 0.0

    /// Creates an empty tally.
    public init() {}

    /// Counts one answer.
    /// - Parameter observation: The answer's outcome and the reference's rate on its case.
    public mutating func add(_ observation: WaveringObservation) {
        answers += 1
        if observation.met { met += 1 }
        referencePassRateSum += observation.referencePassRate
    }

    /// The reference's pass rate over the same answers (`nil` without answers).
    public var referencePassRate: Double? { answers == 0 ? nil : referencePassRateSum / Double(answers) }

    /// The host's pass rate, gated at the reference's rate minus `margin` on its interval (`nil` without answers).
    /// - Parameters:
    ///   - margin: What is subtracted from the reference's rate.
    ///   - inconclusiveFails: Whether an interval straddling the gate fails.
    /// - Returns: The gated metric.
    public func metric(margin: Double, inconclusiveFails: Bool) -> Metric? {
        guard let referencePassRate else { return nil }
        var metric = Metric(numerator: met, denominator: answers)
            .gated(Swift.max(0, referencePassRate - margin), source: .baseline)
            .onInterval
        metric.inconclusiveFails = inconclusiveFails
        return metric
    }
}
