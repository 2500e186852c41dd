import JSONSchema

/// Trigger agreement with the reference as a confusion matrix (K2VV's ToolCall-Trigger metrics).
///
/// Positive means "called a tool". TP: both called; FP: provider called, reference did not;
/// FN: reference called, provider did not; TN: neither.
public struct ConfusionMatrix: Sendable, Hashable {
    /// Both called.
    public var truePositives = 0
    /// Only the provider called.
    public var falsePositives = 0
    /// Only the reference called.
    public var falseNegatives = 0
    /// Neither called.
    public var trueNegatives = 0

    /// Creates an empty matrix.
    public init() {}

    /// Adds one paired case.
    /// - Parameters:
    ///   - provider: Whether the provider called.
    ///   - reference: Whether the reference called.
    public mutating func add(provider: Bool, reference: Bool) {
        switch (provider, reference) {
        case (true, true): truePositives += 1
        case (true, false): falsePositives += 1
        case (false, true): falseNegatives += 1
        case (false, false): trueNegatives += 1
        }
    }

    /// Number of paired cases.
    public var total: Int { truePositives + falsePositives + falseNegatives + trueNegatives }

    /// TP / (TP + FP), `nil` when the provider never called.
    public var precision: Metric { Metric(numerator: truePositives, denominator: truePositives + falsePositives) }

    /// TP / (TP + FN), `nil` when the reference never called.
    public var recall: Metric { Metric(numerator: truePositives, denominator: truePositives + falseNegatives) }

    /// The harmonic mean of precision and recall, which equals 2TP / (2TP + FP + FN).
    ///
    /// When nobody ever called (2TP + FP + FN = 0) the value is `nil`, never 100 %.
    public var f1: Metric {
        Metric(numerator: 2 * truePositives, denominator: 2 * truePositives + falsePositives + falseNegatives)
    }

    /// The matrix as JSON (`tp`, `fp`, `fn`, `tn`, precision, recall, f1).
    public var json: JSONValue {
        [
            "tp": .number(JSONNumber(truePositives)),
            "fp": .number(JSONNumber(falsePositives)),
            "fn": .number(JSONNumber(falseNegatives)),
            "tn": .number(JSONNumber(trueNegatives)),
            "precision": precision.json,
            "recall": recall.json,
            "f1": f1.json,
        ]
    }
}

extension ConfusionMatrix {
    /// The four counts as JSON (`tp`, `fp`, `fn`, `tn`), as baselines and gates record a reference's own.
    public var countsJSON: JSONValue {
        [
            "tp": .number(JSONNumber(truePositives)), "fp": .number(JSONNumber(falsePositives)),
            "fn": .number(JSONNumber(falseNegatives)), "tn": .number(JSONNumber(trueNegatives)),
        ]
    }

    /// Reads ``countsJSON`` back.
    /// - Parameter value: The JSON.
    public init?(counts value: JSONValue?) {
        guard let value, let tp = value["tp"]?.intValue, let fp = value["fp"]?.intValue,
            let fn = value["fn"]?.intValue, let tn = value["tn"]?.intValue
        else { return nil }
        self.init()
        truePositives = tp
        falsePositives = fp
        falseNegatives = fn
        trueNegatives = tn
    }

    /// Adds another matrix's counts.
    /// - Parameter other: The other matrix.
    public mutating func add(_ other: ConfusionMatrix) {
        truePositives += other.truePositives
        falsePositives += other.falsePositives
        falseNegatives += other.falseNegatives
        trueNegatives += other.trueNegatives
    }
}
