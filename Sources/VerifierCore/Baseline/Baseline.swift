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
        /// Answers judged against the case's call expectation (the model's own choice).
        public var choiceRuns = 0
        /// Of which broke it.
        public var choiceFailures = 0

        /// How often the reference broke the case's call expectation: a case it breaks at all is judged by rate.
        public var choiceSpread: ReferenceCaseSpread? {
            guard answers > 0 else { return nil }
            return ReferenceCaseSpread(
                runs: choiceRuns,
                failures: choiceFailures,
                callsVaried: (called > 0 && called < delivered) || callSets.count > 1
            )
        }

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
    /// Per suite, the pairwise spreads of the suite's own cases (each suite is gated on its own).
    public var suitePairwise: [String: [String: Spread]] = [:]
    /// Per suite, the leave-one-out spreads of the suite's own cases.
    public var suiteLeaveOneOut: [String: [String: Spread]] = [:]
    /// How much the reference's answers moved between runs and between transports.
    public var determinism = Determinism()
    /// The reference's call decisions run against run, pooled, by suite (`""`: every case).
    public var pairwiseTrigger: [String: ConfusionMatrix] = [:]
    /// The reference's call decisions run against the baseline of the other runs, pooled, by suite.
    public var leaveOneOutTrigger: [String: ConfusionMatrix] = [:]

    /// How much the reference's answers moved: between its runs (sampling, batch noise) and between the
    /// streamed and non-streamed answer to one temperature-0 request within a run.
    public struct Determinism: Sendable, Hashable {
        /// Per run, the share of temperature-0 cases whose streamed and non-streamed answers differed in
        /// structure (call or not, tool names, parsed arguments, stop reason).
        public var twinStructure = Spread(values: [])
        /// Twin pairs compared, pooled over the runs.
        public var twinPairs = 0
        /// Of which differed in structure.
        public var twinStructureDiffering = 0
        /// Pairs that differed, by kind of difference (a pair may count under several kinds).
        public var twinKinds: [ParityDifference: Int] = [:]
        /// The share of cases and modes whose calls differed between runs.
        public var callsVaried = 0.0
        /// The share of cases and modes whose text differed between runs.
        public var textVaried = 0.0
        /// Whether the calibration requests sampled (a temperature above 0 or none).
        public var sampled = false

        /// Creates the record of a reference that never moved.
        public init() {}

        /// Whether the reference answered anything differently: between runs or between transports.
        public var showedSpread: Bool {
            callsVaried > 0 || textVaried > 0 || twinKinds.values.contains { $0 > 0 }
        }

        /// The parity rule the reference's behaviour calls for: text compared tolerantly once the reference's text
        /// moved, and the structural kinds its twins showed judged by rate.
        public var parityRule: ParityRule {
            ParityRule(
                text: textVaried > 0 || (twinKinds[.text] ?? 0) > 0 ? .tolerant : .exact,
                referenceKinds: Set(twinKinds.filter { $0.key != .text && $0.value > 0 }.keys),
                referencePairs: twinPairs,
                referenceDiffering: twinStructureDiffering
            )
        }
    }

    /// The metrics whose gates a baseline sets, and whether it may only lower a gate (deterministic layers:
    /// a reference below 100 % makes its own noise tolerable, but a perfect reference does not loosen them).
    public static let gatedMetrics: [(key: String, lowerOnly: Bool)] = [
        ("trigger_f1", false), ("call_count_agreement", false), ("tool_name_agreement", false),
        ("argument_agreement", false), ("schema_accuracy", true), ("choice_pass_rate", true),
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
        let runWide = Self.gateValues(asReference ? leaveOneOut : pairwise, gates)
        for (key, value) in runWide {
            result.set(key, value, source: .baseline)
        }
        for (suite, spreads) in asReference ? suiteLeaveOneOut : suitePairwise {
            let values = Self.gateValues(spreads, gates, keepStrict: runWide)
            if !values.isEmpty { result.suiteGates[suite] = values }
        }
        result.parityRule = determinism.parityRule
        result.referenceTrigger = asReference ? leaveOneOutTrigger : pairwiseTrigger
        result.calibration = ReferenceCalibration(
            runs: runs,
            sampled: determinism.sampled,
            showedSpread: determinism.showedSpread
        )
        result.baselineMargin = gates.baselineMargin
        return result
    }

    /// The gate values spreads set: for each gated metric not set in `verifier.yaml`, the reference's lowest value
    /// minus the margin; a deterministic layer is only ever lowered, and only below the reference's own value.
    /// - Parameters:
    ///   - spreads: The spreads.
    ///   - gates: The configured gates.
    ///   - keepStrict: For a suite's gates (which replace the run-wide ones): the run-wide values. A layer the
    ///     reference met every time in this suite keeps the run-wide value, lowered only if the reference showed
    ///     spread elsewhere (a suite with few such cases may simply not have caught it wavering), else the
    ///     configured value.
    /// - Returns: Values by key.
    static func gateValues(_ spreads: [String: Spread], _ gates: GateConfiguration, keepStrict: [String: Double]? = nil)
        -> [String: Double]
    {
        var values: [String: Double] = [:]
        for (key, lowerOnly) in gatedMetrics where gates.sources[key] != .config {
            guard let lowest = spreads[key]?.min else { continue }
            let gate = Swift.max(0, lowest - gates.baselineMargin)
            if lowerOnly {
                guard let current = gates.value(key) else { continue }
                if lowest < current {
                    values[key] = Swift.min(current, gate)
                } else if let runWide = keepStrict {
                    values[key] = runWide[key] ?? current
                }
            } else {
                values[key] = gate
            }
        }
        return values
    }

    static func mode<Key: Comparable>(_ counts: [Key: Int]) -> Key? {
        counts.max { lhs, rhs in lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key > rhs.key }?.key
    }
}
