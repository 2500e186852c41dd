import JSONSchema

/// A two-sided confidence interval for a rate or a difference of rates.
public struct ConfidenceInterval: Sendable, Hashable {
    /// How the interval was computed.
    public struct Method: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The name written in scorecards (`wilson`, `bootstrap`, `paired_bootstrap`, `newcombe`).
        public let rawValue: String
        /// Creates a method from its name.
        /// - Parameter rawValue: The name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The name.
        public var description: String { rawValue }

        /// Wilson's score interval for a binomial proportion.
        public static let wilson = Method(rawValue: "wilson")
        /// Percentile bootstrap over case ids (for statistics that are not proportions, such as F1).
        public static let bootstrap = Method(rawValue: "bootstrap")
        /// Percentile bootstrap of a difference, resampling case ids with both sides of each case together.
        public static let pairedBootstrap = Method(rawValue: "paired_bootstrap")
        /// Newcombe's hybrid score interval for the difference of two independent proportions.
        public static let newcombe = Method(rawValue: "newcombe")
    }

    /// The lower bound.
    public var low: Double
    /// The upper bound.
    public var high: Double
    /// The confidence level, such as 0.95.
    public var confidence: Double
    /// How it was computed.
    public var method: Method

    /// Creates an interval.
    /// - Parameters:
    ///   - low: The lower bound.
    ///   - high: The upper bound.
    ///   - confidence: The confidence level.
    ///   - method: How it was computed.
    public init(low: Double, high: Double, confidence: Double, method: Method) {
        self.low = low
        self.high = high
        self.confidence = confidence
        self.method = method
    }

    /// Whether `value` lies inside the interval, bounds included.
    /// - Parameter value: The value.
    /// - Returns: `true` when `low ≤ value ≤ high`.
    public func contains(_ value: Double) -> Bool { low - 1e-12 <= value && value <= high + 1e-12 }

    /// The interval as JSON: `{"low", "high", "confidence", "method"}`, bounds rounded to six decimals.
    public var json: JSONValue {
        [
            "low": .number(JSONNumber(rounded6: low)), "high": .number(JSONNumber(rounded6: high)),
            "confidence": .number(JSONNumber(rounded6: confidence)), "method": .string(method.rawValue),
        ]
    }

    /// Reads ``json`` back.
    /// - Parameter value: The JSON.
    /// - Returns: The interval, or `nil` when `value` is not one.
    public init?(json value: JSONValue?) {
        guard let value, let low = value["low"]?.numberValue?.doubleValue,
            let high = value["high"]?.numberValue?.doubleValue
        else { return nil }
        self.init(
            low: low,
            high: high,
            confidence: value["confidence"]?.numberValue?.doubleValue ?? 0.95,
            method: Method(rawValue: value["method"]?.stringValue ?? "unknown")
        )
    }

    /// `[low, high]` as percentages with one decimal, for reports.
    public var percentText: String {
        "[\(Self.percent1(low)), \(Self.percent1(high))]"
    }

    static func percent1(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return "\(sign)\(magnitude / 10).\(magnitude % 10)%"
    }
}
