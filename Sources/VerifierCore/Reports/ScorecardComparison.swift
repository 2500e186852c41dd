import Foundation
import JSONSchema
import VerifierJudging

/// What changed between two scorecards (`verifier compare OLD.json NEW.json`): per section (overall and
/// each suite) the verdict, the gates crossed, every metric's delta with a 95 % interval, the labels that
/// appeared, went or changed count; and the latency percentiles.
///
/// Both scorecards may be of the same provider on two nights or of two providers on the same fixtures.
/// Scorecards of format 0.2.0 and 0.3.0 are both read: a member one of them lacks (`decision`, `interval`)
/// counts as absent. A rate's delta is `new − old` with Newcombe's hybrid score interval from the
/// numerators and denominators, and is *beyond noise* when that interval leaves out zero.
///
/// ```swift
/// let comparison = try ScorecardComparison.load(old: "a/scorecard.json", new: "b/scorecard.json")
/// print(comparison.text)
/// exit(comparison.regressed ? 1 : 0)
/// ```
public struct ScorecardComparison: Sendable {
    /// The identity of one compared scorecard.
    public struct Side: Sendable, Hashable {
        /// Where it was read from (or a label).
        public var source: String
        /// The provider's name.
        public var provider: String
        /// The run id.
        public var runID: String
        /// The scorecard format version.
        public var schemaVersion: String
        /// The fixtures hash.
        public var fixturesHash: String
        /// The model label.
        public var model: String
        /// The overall verdict.
        public var verdict: String?
    }

    /// A gate's decision: `pass`, `fail` or `inconclusive`; `nil` when the metric is ungated or absent.
    public typealias Decision = String

    /// How a gate's decision changed.
    public enum GateChangeKind: String, Sendable, Hashable {
        /// It passed and now fails.
        case regression
        /// It failed and now passes.
        case fix
        /// Any other change: to or from `inconclusive`, or a gate that appeared or went.
        case decision
    }

    /// One gate whose decision changed.
    public struct GateChange: Sendable, Hashable {
        /// The layer (`schema`, `agreement`, …).
        public var layer: String
        /// The metric (`schema_accuracy`, …).
        public var metric: String
        /// The old decision.
        public var old: Decision?
        /// The new decision.
        public var new: Decision?
        /// The old gate.
        public var oldGate: Double?
        /// The new gate.
        public var newGate: Double?
        /// The kind of change.
        public var kind: GateChangeKind
    }

    /// One metric on both sides.
    public struct MetricDelta: Sendable, Hashable {
        /// The layer.
        public var layer: String
        /// The metric.
        public var metric: String
        /// The old value (`nil`: absent or a zero denominator).
        public var old: Double?
        /// The new value.
        public var new: Double?
        /// The old numerator, when recorded.
        public var oldNumerator: Int?
        /// The old denominator, when recorded.
        public var oldDenominator: Int?
        /// The new numerator, when recorded.
        public var newNumerator: Int?
        /// The new denominator, when recorded.
        public var newDenominator: Int?
        /// `new − old`, when both have a value.
        public var delta: Double? {
            guard let old, let new else { return nil }
            return new - old
        }
        /// Newcombe's 95 % interval for `new − old`; `nil` on a zero denominator or without counts.
        public var interval: ProportionInterval?

        /// Whether the change is beyond noise (the interval leaves out zero); `nil` without an interval.
        public var beyondNoise: Bool? { interval?.excludesZero }

        /// Whether anything differs: the value, or whether there is one.
        public var changed: Bool {
            if (old == nil) != (new == nil) { return true }
            guard let delta else { return false }
            return abs(delta) > 1e-12
        }
    }

    /// A label whose count differs.
    public struct LabelChange: Sendable, Hashable {
        /// The label.
        public var label: String
        /// Its severity (the new side's, else the old).
        public var severity: String
        /// The old count (0: absent).
        public var old: Int
        /// The new count (0: absent).
        public var new: Int
        /// `new`, `gone` or `changed`.
        public var status: String { old == 0 ? "new" : new == 0 ? "gone" : "changed" }
    }

    /// One section's changes.
    public struct Section: Sendable, Hashable {
        /// `overall` or the suite's name.
        public var name: String
        /// The old verdict (`nil`: the section is new).
        public var oldVerdict: String?
        /// The new verdict (`nil`: the section is gone).
        public var newVerdict: String?
        /// Gates whose decision changed.
        public var gates: [GateChange]
        /// Every metric on either side, in layer order.
        public var metrics: [MetricDelta]
        /// Labels that appeared, went or changed count.
        public var labels: [LabelChange]

        /// Whether anything in the section changed.
        public var changed: Bool {
            oldVerdict != newVerdict || !gates.isEmpty || metrics.contains(where: \.changed) || !labels.isEmpty
        }
    }

    /// The latency percentiles of one series on both sides (milliseconds, or tokens per second).
    public struct LatencyChange: Sendable, Hashable {
        /// The series (`total_ms`, `first_event_ms`, …).
        public var series: String
        /// Old p50.
        public var oldP50: Double?
        /// New p50.
        public var newP50: Double?
        /// Old p90.
        public var oldP90: Double?
        /// New p90.
        public var newP90: Double?
    }

    /// The old scorecard.
    public var old: Side
    /// The new scorecard.
    public var new: Side
    /// Overall first, then every suite (the new side's order, then suites only the old side has).
    public var sections: [Section]
    /// The latency series present on either side.
    public var latency: [LatencyChange]
    /// What makes the comparison less meaningful: different fixtures or models.
    public var warnings: [String]

    /// Whether some gate went from pass to fail: a regression (`verifier compare` exits 1).
    public var regressed: Bool { sections.contains { $0.gates.contains { $0.kind == .regression } } }

    /// Compares two parsed scorecards.
    /// - Parameters:
    ///   - old: The old scorecard.
    ///   - new: The new scorecard.
    ///   - oldSource: A label for the old one (its path).
    ///   - newSource: A label for the new one.
    /// - Throws: ``VerifierError`` `.invalidFixture` when either is not a scorecard.
    public init(old: JSONValue, new: JSONValue, oldSource: String = "old", newSource: String = "new")
        throws(VerifierError)
    {
        for (value, source) in [(old, oldSource), (new, newSource)] where value["overall"]?.objectValue == nil {
            throw VerifierError(
                .invalidFixture,
                "\(source): not a vendor-verifier scorecard (no `overall` section)."
            )
        }
        self.old = Self.side(old, source: oldSource)
        self.new = Self.side(new, source: newSource)
        var sections = [Self.section("overall", old["overall"], new["overall"])]
        let oldSuites = old["suites"]?.objectValue ?? JSONObject()
        let newSuites = new["suites"]?.objectValue ?? JSONObject()
        var names = newSuites.keys
        names += oldSuites.keys.filter { !names.contains($0) }
        for name in names { sections.append(Self.section(name, oldSuites[name], newSuites[name])) }
        self.sections = sections
        latency = Self.latency(old["latency"], new["latency"])
        var warnings: [String] = []
        if self.old.fixturesHash != self.new.fixturesHash {
            warnings.append(
                "the fixtures differ (fixtures hash \(self.old.fixturesHash.prefix(12)) vs "
                    + "\(self.new.fixturesHash.prefix(12))): the runs did not send the same cases, so deltas "
                    + "compare different sets."
            )
        }
        if self.old.model != self.new.model {
            warnings.append("the model labels differ (\(self.old.model) vs \(self.new.model)).")
        }
        self.warnings = warnings
    }

    /// Reads and compares two `scorecard.json` files.
    /// - Parameters:
    ///   - old: The old file (or a run folder holding `scorecard.json`).
    ///   - new: The new file (or a run folder).
    /// - Returns: The comparison.
    /// - Throws: ``VerifierError`` `.io` for an unreadable file, `.invalidFixture` for one that is not a
    ///   scorecard.
    public static func load(old: String, new: String) throws(VerifierError) -> ScorecardComparison {
        try ScorecardComparison(old: read(old), new: read(new), oldSource: old, newSource: new)
    }

    static func read(_ path: String) throws(VerifierError) -> JSONValue {
        var isDirectory: ObjCBool = false
        let file =
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? path + "/scorecard.json" : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw VerifierError(.io, "\(file): cannot read the scorecard.")
        }
        do {
            return try JSONValue.parse(bytes: [UInt8](data))
        } catch {
            throw VerifierError(.invalidFixture, "\(file): not JSON: \(error.message) at byte \(error.offset).")
        }
    }

    static func side(_ root: JSONValue, source: String) -> Side {
        Side(
            source: source,
            provider: root["provider"]?["name"]?.stringValue ?? "",
            runID: root["run"]?["id"]?.stringValue ?? "",
            schemaVersion: root["schema_version"]?.stringValue ?? "",
            fixturesHash: root["run"]?["fixtures_manifest_hash"]?.stringValue ?? "",
            model: root["run"]?["model"]?.stringValue ?? "",
            verdict: root["verdict"]?.stringValue
        )
    }

    /// A metric's gate decision: 0.3.0's `decision`, else 0.2.0's `passed`.
    static func decision(_ metric: JSONValue?) -> Decision? {
        guard let metric else { return nil }
        if let decision = metric["decision"]?.stringValue { return decision }
        if let passed = metric["passed"]?.boolValue { return passed ? "pass" : "fail" }
        return nil
    }

    static func section(_ name: String, _ old: JSONValue?, _ new: JSONValue?) -> Section {
        var gates: [GateChange] = []
        var metrics: [MetricDelta] = []
        let oldLayers = old?["layers"]?.objectValue ?? JSONObject()
        let newLayers = new?["layers"]?.objectValue ?? JSONObject()
        var layerNames = newLayers.keys
        layerNames += oldLayers.keys.filter { !layerNames.contains($0) }
        for layer in layerNames {
            let oldMetrics = oldLayers[layer]?["metrics"]?.objectValue ?? JSONObject()
            let newMetrics = newLayers[layer]?["metrics"]?.objectValue ?? JSONObject()
            var metricNames = newMetrics.keys
            metricNames += oldMetrics.keys.filter { !metricNames.contains($0) }
            for metric in metricNames {
                let before = oldMetrics[metric]
                let after = newMetrics[metric]
                var delta = MetricDelta(
                    layer: layer,
                    metric: metric,
                    old: before?["value"]?.numberValue?.doubleValue,
                    new: after?["value"]?.numberValue?.doubleValue
                )
                delta.oldNumerator = before?["numerator"]?.intValue
                delta.oldDenominator = before?["denominator"]?.intValue
                delta.newNumerator = after?["numerator"]?.intValue
                delta.newDenominator = after?["denominator"]?.intValue
                if let a = delta.newNumerator, let m = delta.newDenominator, let b = delta.oldNumerator,
                    let n = delta.oldDenominator
                {
                    delta.interval = ProportionInterval.newcombe(a, of: m, minus: b, of: n)
                }
                metrics.append(delta)
                let was = decision(before)
                let now = decision(after)
                guard was != now else { continue }
                let kind: GateChangeKind =
                    was == "pass" && now == "fail" ? .regression : was == "fail" && now == "pass" ? .fix : .decision
                gates.append(
                    GateChange(
                        layer: layer,
                        metric: metric,
                        old: was,
                        new: now,
                        oldGate: before?["gate"]?.numberValue?.doubleValue,
                        newGate: after?["gate"]?.numberValue?.doubleValue,
                        kind: kind
                    )
                )
            }
        }
        return Section(
            name: name,
            oldVerdict: old?["verdict"]?.stringValue,
            newVerdict: new?["verdict"]?.stringValue,
            gates: gates,
            metrics: metrics,
            labels: labels(old, new)
        )
    }

    /// Labels by count: every label of the section's `labels` list (all findings, warnings included).
    static func labels(_ old: JSONValue?, _ new: JSONValue?) -> [LabelChange] {
        func counts(_ section: JSONValue?) -> [(label: String, severity: String, count: Int)] {
            (section?["labels"]?.arrayValue ?? []).compactMap { entry in
                guard let label = entry["label"]?.stringValue else { return nil }
                return (label, entry["severity"]?.stringValue ?? "", entry["count"]?.intValue ?? 0)
            }
        }
        let before = counts(old)
        let after = counts(new)
        var names = after.map(\.label)
        names += before.map(\.label).filter { !names.contains($0) }
        var changes: [LabelChange] = []
        for name in names {
            let was = before.first { $0.label == name }
            let now = after.first { $0.label == name }
            let change = LabelChange(
                label: name,
                severity: now?.severity ?? was?.severity ?? "",
                old: was?.count ?? 0,
                new: now?.count ?? 0
            )
            if change.old != change.new { changes.append(change) }
        }
        // New labels first, then changed, then gone; by label within each.
        let rank = ["new": 0, "changed": 1, "gone": 2]
        return changes.sorted { (rank[$0.status] ?? 3, $0.label) < (rank[$1.status] ?? 3, $1.label) }
    }

    static func latency(_ old: JSONValue?, _ new: JSONValue?) -> [LatencyChange] {
        let before = old?.objectValue ?? JSONObject()
        let after = new?.objectValue ?? JSONObject()
        var names = after.keys
        names += before.keys.filter { !names.contains($0) }
        return names.map { name in
            LatencyChange(
                series: name,
                oldP50: before[name]?["p50"]?.numberValue?.doubleValue,
                newP50: after[name]?["p50"]?.numberValue?.doubleValue,
                oldP90: before[name]?["p90"]?.numberValue?.doubleValue,
                newP90: after[name]?["p90"]?.numberValue?.doubleValue
            )
        }
    }
}
