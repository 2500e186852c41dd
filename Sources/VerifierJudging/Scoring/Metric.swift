import JSONSchema

/// A rate with its numerator and denominator; a zero denominator gives no value, never 100 %.
///
/// A gated metric decides `pass`, `fail` or `inconclusive` on one of two bases:
/// - **point** (deterministic layers: wire, schema, contract): one defective answer is a real defect, so the
///   observed value is compared with the gate as it is;
/// - **interval** (statistical layers: agreement with a reference that is itself noisy): the metric passes when
///   its confidence interval lies at or above the gate, fails when it lies wholly below, and is `inconclusive`
///   when it straddles the gate — reported as such rather than flipped by noise; whether an inconclusive result
///   fails the verdict is ``GateConfiguration/inconclusiveFails``.
public struct Metric: Sendable, Hashable {
    /// What a gate decision rests on.
    public enum Basis: String, Sendable, Hashable {
        /// The observed value against the gate.
        case point
        /// The confidence interval against the gate.
        case interval
    }

    /// The outcome of a gate.
    public enum Decision: String, Sendable, Hashable {
        /// The gate is met (on the point, or with the whole interval at or above it).
        case pass
        /// The gate is missed (on the point, or with the whole interval below it).
        case fail
        /// The interval straddles the gate: the data cannot tell.
        case inconclusive
    }

    /// Where a gate's threshold came from.
    public enum GateSource: String, Sendable, Hashable {
        /// Set in `verifier.yaml`.
        case config
        /// The reference's calibrated baseline: its lowest value over its own runs minus the margin.
        case baseline
        /// The built-in default.
        case `default`
    }

    /// How a metric's interval is obtained.
    public enum Estimator: String, Sendable, Hashable {
        /// numerator/denominator is a binomial proportion: Wilson's interval.
        case proportion
        /// Not a proportion (F1): the interval is set from a bootstrap, or absent.
        case ratio
    }

    /// The count of successes.
    public var numerator: Int
    /// The count of trials.
    public var denominator: Int
    /// The gate this metric must reach, if gated.
    public var gate: Double?
    /// A pass/fail decided by a statistical test rather than a threshold (`nil`: use ``gate``).
    public var gateOverride: Bool?
    /// Where ``gate`` came from.
    public var gateSource: GateSource?
    /// What the decision rests on.
    public var basis: Basis = .point
    /// Whether an inconclusive decision fails the gate (default: it does not).
    public var inconclusiveFails = false
    /// How the interval is obtained.
    public var estimator: Estimator = .proportion
    /// An interval computed elsewhere (bootstrap); for a proportion without one, Wilson's is used.
    public var explicitInterval: ConfidenceInterval?
    /// The fewest observations the gate is decided on (`nil`: any): below it, against a sampling reference, the
    /// decision is `inconclusive` whatever the value, and ``answersToDecide`` names what is missing.
    public var minimumSupport: Int?
    /// The observations behind the value (the denominator; for F1, the reference's calls).
    public var support: Int?

    /// Creates a metric.
    /// - Parameters:
    ///   - numerator: Successes.
    ///   - denominator: Trials.
    ///   - gate: The lowest acceptable value, if gated.
    public init(numerator: Int, denominator: Int, gate: Double? = nil) {
        self.numerator = numerator
        self.denominator = denominator
        self.gate = gate
    }

    /// numerator / denominator, or `nil` when the denominator is zero.
    public var value: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    /// The 95 % confidence interval: the explicit one, else Wilson's for a proportion, else `nil`.
    public var interval: ConfidenceInterval? {
        if let explicitInterval { return explicitInterval }
        guard estimator == .proportion else { return nil }
        return WilsonInterval.interval(successes: numerator, trials: denominator)
    }

    /// The gate's outcome: `nil` when ungated or when there is no value to judge.
    public var decision: Decision? {
        if let gateOverride { return gateOverride ? .pass : .fail }
        guard let gate, let value else { return nil }
        if isBelowMinimumSupport { return .inconclusive }
        if basis == .interval, let interval {
            if interval.low + 1e-12 >= gate { return .pass }
            if interval.high + 1e-12 < gate { return .fail }
            return .inconclusive
        }
        return value + 1e-12 >= gate ? .pass : .fail
    }

    /// Whether too few observations stand behind the value for its gate to be decided.
    public var isBelowMinimumSupport: Bool {
        guard let minimumSupport else { return false }
        return (support ?? denominator) < minimumSupport
    }

    /// Whether the gate holds: `false` on a failed decision (or an inconclusive one when
    /// ``inconclusiveFails``), `nil` when ungated or when there is no value to judge.
    public var passed: Bool? {
        switch decision {
        case nil: nil
        case .pass: true
        case .fail: false
        case .inconclusive: !inconclusiveFails
        }
    }

    /// A copy gated at `gate`.
    /// - Parameters:
    ///   - gate: The lowest acceptable value.
    ///   - source: Where the threshold came from.
    /// - Returns: The gated metric.
    public func gated(_ gate: Double, source: GateSource? = nil) -> Metric {
        var copy = self
        copy.gate = gate
        copy.gateSource = source
        return copy
    }

    /// A copy gated by `threshold` (the gate, its source and the inconclusive policy).
    /// - Parameter threshold: The threshold.
    /// - Returns: The gated metric, or an ungated copy for a `nil` threshold.
    public func gated(_ threshold: GateThreshold?) -> Metric {
        guard let threshold else { return self }
        var copy = gated(threshold.value, source: threshold.source)
        copy.inconclusiveFails = threshold.inconclusiveFails
        return copy
    }

    /// A copy whose decision rests on its interval.
    public var onInterval: Metric {
        var copy = self
        copy.basis = .interval
        return copy
    }

    /// The value as a percentage with two decimals, or `n/a`.
    public var percentText: String {
        guard let value else { return "n/a" }
        return Metric.percent(value)
    }

    /// The value with its interval, such as `72.90% [70.1%, 75.8%]`, or `n/a`.
    public var percentWithIntervalText: String {
        guard value != nil else { return "n/a" }
        return percentText + (interval.map { " " + $0.percentText } ?? "")
    }

    /// A rate as a percentage with two decimals (`97.05%`).
    /// - Parameter value: The rate.
    /// - Returns: The text.
    public static func percent(_ value: Double) -> String {
        let hundredths = Int((value * 10_000).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100
        let fraction = magnitude % 100
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// The metric as JSON: value, numerator, denominator, interval, gate, gate source, basis, decision, passed.
    public var json: JSONValue {
        var object = JSONObject()
        object["value"] = value.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        object["numerator"] = .number(JSONNumber(numerator))
        object["denominator"] = .number(JSONNumber(denominator))
        object["interval"] = interval?.json ?? .null
        object["gate"] = gate.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        object["gate_source"] = gate == nil ? .null : gateSource.map { .string($0.rawValue) } ?? .null
        object["basis"] = decision == nil ? .null : .string(gateOverride == nil ? basis.rawValue : "test")
        object["decision"] = decision.map { .string($0.rawValue) } ?? .null
        object["passed"] = passed.map(JSONValue.bool) ?? .null
        return .object(object)
    }
}

/// A gate's threshold with where it came from.
public struct GateThreshold: Sendable, Hashable {
    /// The lowest acceptable value.
    public var value: Double
    /// Where it came from.
    public var source: Metric.GateSource
    /// Whether an inconclusive decision fails the gate.
    public var inconclusiveFails: Bool

    /// Creates a threshold.
    /// - Parameters:
    ///   - value: The lowest acceptable value.
    ///   - source: Where it came from.
    ///   - inconclusiveFails: Whether an inconclusive decision fails.
    public init(_ value: Double, source: Metric.GateSource, inconclusiveFails: Bool = false) {
        self.value = value
        self.source = source
        self.inconclusiveFails = inconclusiveFails
    }
}

extension JSONNumber {
    /// A number rounded to six decimals (rates).
    /// - Parameter value: The value.
    public init(rounded6 value: Double) {
        self.init((value * 1_000_000).rounded() / 1_000_000)
    }
}
