import Foundation
import JSONSchema
import VerifierJudging

/// A reference's calibrated behaviour (`verifier calibrate`): per case and mode, what it answered over several
/// runs, and per metric its own spread across runs — the noise floor that gates are set from.
///
/// Written to `Fixtures/baselines/<model>.json` and tied to the fixtures it was measured on (each source file's
/// SHA-256), so a nightly run can judge agreement against it without calling the reference, and a baseline for
/// other fixtures is refused rather than silently misapplied.
public struct Baseline: Sendable {
    /// The file format this tool writes.
    public static let format = "vendor-verifier-baseline/1"

    /// The spread of one metric over the reference's runs.
    public struct Spread: Sendable, Hashable {
        /// One value per run (or pair of runs); `nil` where undefined.
        public var values: [Double?]
        /// The lowest defined value.
        public var min: Double? { values.compactMap { $0 }.min() }
        /// The highest defined value.
        public var max: Double? { values.compactMap { $0 }.max() }
        /// The mean of the defined values.
        public var mean: Double? {
            let defined = values.compactMap { $0 }
            return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
        }

        /// Creates a spread.
        /// - Parameter values: The values.
        public init(values: [Double?]) { self.values = values }

        var json: JSONValue {
            func number(_ value: Double?) -> JSONValue { value.map { .number(JSONNumber(rounded6: $0)) } ?? .null }
            return ["min": number(min), "mean": number(mean), "max": number(max), "values": .array(values.map(number))]
        }

        init(json value: JSONValue?) {
            values = (value?["values"]?.arrayValue ?? []).map { $0.numberValue?.doubleValue }
        }
    }

    /// One call as the reference made it.
    public struct Call: Sendable, Hashable {
        /// The tool name.
        public var name: String
        /// The arguments as parsed JSON (or the raw value when they did not parse).
        public var arguments: JSONValue
    }

    /// One distinct set of calls and how often the reference made it.
    public struct CallSet: Sendable, Hashable {
        /// ``CallAgreement/argumentsKey(_:)`` of the calls.
        public var key: String
        /// Runs that made it.
        public var count: Int
        /// The calls.
        public var calls: [Call]
    }

    /// What the reference answered to one case in one mode over the runs.
    public struct CaseRecord: Sendable, Hashable {
        /// Answers recorded (one per run).
        public var answers = 0
        /// By HTTP status (`0`: failed in transport).
        public var statuses: [Int: Int] = [:]
        /// Answers delivered (a usable 2xx).
        public var delivered = 0
        /// Delivered answers with `finish_reason: tool_calls`.
        public var finishedWithToolCalls = 0
        /// Delivered answers with tool calls.
        public var called = 0
        /// Call counts of the answers that called.
        public var callCounts: [Int: Int] = [:]
        /// Tool-name lists (``CallAgreement/namesKey(_:)``) of the answers that called.
        public var toolNames: [String: Int] = [:]
        /// Distinct call sets, most frequent first.
        public var callSets: [CallSet] = []
        /// `usage.prompt_tokens` counts seen.
        public var promptTokens: [Int: Int] = [:]

        /// The most frequent status (ties: the lowest).
        public var modalStatus: Int? { Baseline.mode(statuses) }

        /// What a provider's answer may match: everything the reference produced in any run.
        public var support: ReferenceSupport {
            ReferenceSupport(
                answers: delivered,
                called: called,
                callCounts: Set(callCounts.keys),
                toolNames: Set(toolNames.keys),
                arguments: Set(callSets.map(\.key))
            )
        }
    }

    /// The model label.
    public var model: String
    /// The reference provider (its description, no secrets).
    public var provider: ProviderConfiguration
    /// When it was made (ISO 8601).
    public var createdAt: String
    /// The tool version that made it.
    public var toolVersion: String
    /// Calibration runs.
    public var runs: Int
    /// The margin gates are set below the reference's lowest value.
    public var margin: Double
    /// The fixtures measured: source file name → SHA-256.
    public var fixtures: [String: String]
    /// The fixtures manifest hash of the calibration runs.
    public var fixturesHash: String
    /// The calibration runs' report folders.
    public var runFolders: [String]
    /// Metric spreads of single runs against single runs (what a live reference run is compared with).
    public var pairwise: [String: Spread]
    /// Metric spreads of each run against the baseline of the other runs (what a baseline check is compared with).
    public var leaveOneOut: [String: Spread]
    /// Per case id, per mode (`stream`/`nonstream`).
    public var cases: [String: [String: CaseRecord]]

    /// The metrics whose gates a baseline sets, and whether it may only lower a gate (deterministic layers:
    /// a reference below 100 % makes its own noise tolerable, but a perfect reference does not loosen them).
    public static let gatedMetrics: [(key: String, lowerOnly: Bool)] = [
        ("trigger_f1", false), ("call_count_agreement", false), ("tool_name_agreement", false),
        ("argument_agreement", false), ("schema_accuracy", true),
    ]

    /// The record of one case and mode.
    /// - Parameters:
    ///   - caseID: The case id.
    ///   - mode: `stream` or `nonstream`.
    /// - Returns: The record, if the baseline has it.
    public func record(caseID: String, mode: String) -> CaseRecord? { cases[caseID]?[mode] }

    /// The problems that keep this baseline from judging a run of `sources` (empty: it applies).
    /// - Parameter sources: The run's suites and replay files.
    /// - Returns: One sentence per source that is missing or changed.
    public func mismatches(_ sources: [CaseSource]) -> [String] {
        sources.compactMap { source in
            guard let recorded = fixtures[source.fileName] else {
                return "\(source.fileName) was not calibrated"
            }
            return recorded == source.sha256 ? nil : "\(source.fileName) changed since calibration"
        }
    }

    /// The gates this baseline sets: for each gated metric, the reference's lowest value minus the margin, from
    /// the pairwise spread (a live reference) or the leave-one-out spread (the baseline as reference).
    /// - Parameters:
    ///   - gates: The configured gates; values set in `verifier.yaml` are kept.
    ///   - asReference: Whether the baseline stands in for the reference (else a live reference runs).
    /// - Returns: The gates with the baseline's values and sources.
    public func gates(applyingTo gates: GateConfiguration, asReference: Bool) -> GateConfiguration {
        var result = gates
        let spreads = asReference ? leaveOneOut : pairwise
        for (key, lowerOnly) in Self.gatedMetrics where gates.sources[key] != .config {
            guard let lowest = spreads[key]?.min else { continue }
            let gate = Swift.max(0, lowest - gates.baselineMargin)
            if lowerOnly {
                guard let current = gates.value(key), lowest < current else { continue }
                result.set(key, Swift.min(current, gate), source: .baseline)
            } else {
                result.set(key, gate, source: .baseline)
            }
        }
        result.baselineMargin = gates.baselineMargin
        return result
    }

    static func mode<Key: Comparable>(_ counts: [Key: Int]) -> Key? {
        counts.max { lhs, rhs in lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key > rhs.key }?.key
    }
}
