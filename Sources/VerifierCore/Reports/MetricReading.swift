import JSONSchema
import VerifierJudging

/// One metric object read back from a `scorecard.json`, of schema 0.2.0 or 0.3.0.
///
/// Readers of published scorecards (JUnit XML, the static site) go through this type so that every
/// member a version lacks — `interval`, `gate_source`, `basis`, `decision` in 0.2.0 — is simply `nil`,
/// and a member of the wrong type is treated as absent rather than trusted or crashed on.
public struct MetricReading: Sendable, Hashable {
    /// A confidence interval around the value.
    public struct Interval: Sendable, Hashable {
        /// The lower bound.
        public var low: Double
        /// The upper bound.
        public var high: Double
        /// The confidence level (`0.95`), when given.
        public var confidence: Double?
        /// How it was computed (`wilson`, `bootstrap`, `paired_bootstrap`), when given.
        public var method: String?
    }

    /// The value, `nil` when the scorecard says `null` (a zero denominator) or omits it.
    public var value: Double?
    /// Successes, when given.
    public var numerator: Int?
    /// Trials, when given.
    public var denominator: Int?
    /// The interval, when given.
    public var interval: Interval?
    /// The gate, when gated.
    public var gate: Double?
    /// Where the gate came from (`config`, `baseline`, `default`), when given.
    public var gateSource: String?
    /// What the decision rests on (`point`, `interval`), when given.
    public var basis: String?
    /// `pass`, `fail` or `inconclusive`: the scorecard's `decision`, else derived from `passed`; `nil` when ungated
    /// or not judged.
    public var decision: String?

    /// Reads a metric object; `nil` when the value is not an object.
    /// - Parameter json: The metric object.
    public init?(_ json: JSONValue?) {
        guard let json, case .object = json else { return nil }
        value = json["value"]?.numberValue?.doubleValue
        numerator = json["numerator"]?.intValue
        denominator = json["denominator"]?.intValue
        if let interval = json["interval"], let low = interval["low"]?.numberValue?.doubleValue,
            let high = interval["high"]?.numberValue?.doubleValue
        {
            self.interval = Interval(
                low: low,
                high: high,
                confidence: interval["confidence"]?.numberValue?.doubleValue,
                method: interval["method"]?.stringValue
            )
        }
        gate = json["gate"]?.numberValue?.doubleValue
        gateSource = json["gate_source"]?.stringValue
        basis = json["basis"]?.stringValue
        if let decision = json["decision"]?.stringValue {
            self.decision = decision
        } else if let passed = json["passed"]?.boolValue {
            self.decision = passed ? "pass" : "fail"
        }
    }

    /// Whether the metric takes part in the verdict: it has a gate or a decision.
    public var isGated: Bool { gate != nil || decision != nil }

    /// The value as a percentage (`95.00%`), or `n/a` for a zero denominator.
    public var percentText: String { value.map(Metric.percent) ?? "n/a" }

    /// `19/20`, or empty when the counts are not given.
    public var countText: String {
        guard let numerator, let denominator else { return "" }
        return "\(numerator)/\(denominator)"
    }

    /// `[90.12%, 98.00%]`, or `nil` without an interval.
    public var intervalText: String? {
        interval.map { "[\(Metric.percent($0.low)), \(Metric.percent($0.high))]" }
    }

    /// The interval with its level and method (`95% interval [90.12%, 98.00%] (wilson)`), or `nil`.
    public var intervalDescription: String? {
        guard let interval, let text = intervalText else { return nil }
        let level = interval.confidence.map { "\(Self.plain($0 * 100))% interval " } ?? "interval "
        return level + text + (interval.method.map { " (\($0))" } ?? "")
    }

    /// `≥ 73.00% (baseline)`, or `nil` when ungated.
    public var gateText: String? {
        gate.map { "≥ " + Metric.percent($0) + (gateSource.map { " (\($0))" } ?? "") }
    }

    /// A number without a trailing `.0` (`95`, `99.5`).
    static func plain(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
