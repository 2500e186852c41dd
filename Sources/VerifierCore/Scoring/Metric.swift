/// A rate with its numerator and denominator; a zero denominator gives no value, never 100 %.
public struct Metric: Sendable, Hashable {
    /// The count of successes.
    public var numerator: Int
    /// The count of trials.
    public var denominator: Int
    /// The gate this metric must reach, if gated.
    public var gate: Double?
    /// A pass/fail decided by a statistical test rather than a threshold (`nil`: use ``gate``).
    public var gateOverride: Bool?

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

    /// Whether the gate is met: `nil` when ungated or when there is no value to judge.
    public var passed: Bool? {
        if let gateOverride { return gateOverride }
        guard let gate, let value else { return nil }
        return value + 1e-12 >= gate
    }

    /// A copy gated at `gate`.
    /// - Parameter gate: The lowest acceptable value.
    /// - Returns: The gated metric.
    public func gated(_ gate: Double) -> Metric {
        var copy = self
        copy.gate = gate
        return copy
    }

    /// The value as a percentage with two decimals, or `n/a`.
    public var percentText: String {
        guard let value else { return "n/a" }
        return Metric.percent(value)
    }

    static func percent(_ value: Double) -> String {
        let hundredths = Int((value * 10_000).rounded())
        let whole = hundredths / 100
        let fraction = hundredths % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// The metric as JSON: value, numerator, denominator, gate, passed.
    public var json: JSONValue {
        var object = JSONObject()
        object["value"] = value.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        object["numerator"] = .number(JSONNumber(numerator))
        object["denominator"] = .number(JSONNumber(denominator))
        object["interval"] = .null
        object["gate"] = gate.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        object["passed"] = passed.map(JSONValue.bool) ?? .null
        return .object(object)
    }
}

extension JSONNumber {
    /// A number rounded to six decimals (rates).
    /// - Parameter value: The value.
    public init(rounded6 value: Double) {
        self.init((value * 1_000_000).rounded() / 1_000_000)
    }
}
