import Foundation
import JSONSchema
import VerifierJudging

/// The figures of one run that the leaderboard, the trend charts and the history table show, read from
/// its `scorecard.json` (schema 0.2.0 or 0.3.0).
///
/// Only these figures are kept for every run; the whole scorecard is read again for each provider's newest
/// run, so that 30 nights × 20 providers never sit in memory as JSON trees.
public struct SiteRun: Sendable, Hashable {
    /// Percentiles of one latency series.
    public struct Percentiles: Sendable, Hashable {
        /// Samples.
        public var count: Int?
        /// Median.
        public var p50: Double?
        /// 90th percentile.
        public var p90: Double?
        /// 99th percentile.
        public var p99: Double?
        /// Largest sample.
        public var max: Double?

        init?(_ json: JSONValue?) {
            guard let json, json.objectValue != nil else { return nil }
            count = json["count"]?.intValue
            p50 = json["p50"]?.numberValue?.doubleValue
            p90 = json["p90"]?.numberValue?.doubleValue
            p99 = json["p99"]?.numberValue?.doubleValue
            max = json["max"]?.numberValue?.doubleValue
        }
    }

    /// A failure label with its count.
    public struct LabelCount: Sendable, Hashable {
        /// The label, prefixed `warning: ` when it is a warning shown because nothing failed.
        public var label: String
        /// How many items.
        public var count: Int
        /// The first example's evidence pointer, relative to the run folder.
        public var evidence: String?
    }

    /// The scorecard's path as found (under a folder given on the command line).
    public var scorecardPath: String
    /// The folder holding the scorecard, as found.
    public var folder: String
    /// The folder holding the scorecard, absolute and standardised (for relative links).
    public var absoluteFolder: String
    /// Whether `summary.md` sits next to the scorecard.
    public var hasSummary: Bool
    /// `schema_version`.
    public var schemaVersion: String
    /// `provider.name`.
    public var provider: String
    /// `run.id`.
    public var runID: String
    /// `run.started_at` (ISO 8601, UTC).
    public var startedAt: String
    /// `run.model`.
    public var model: String?
    /// `run.shard`, when the run was one shard of several.
    public var shard: String?
    /// The overall verdict.
    public var verdict: String
    /// Trigger F1 of the whole run.
    public var triggerF1: MetricReading?
    /// Schema accuracy of the whole run.
    public var schemaAccuracy: MetricReading?
    /// Contract pass rate of the whole run.
    public var contractPassRate: MetricReading?
    /// `latency.total_ms`.
    public var totalMilliseconds: Percentiles?
    /// `latency.first_event_ms`.
    public var firstEventMilliseconds: Percentiles?
    /// `latency.tokens_per_second`.
    public var tokensPerSecond: Percentiles?
    /// `usage.cost_usd` (0.3.0).
    public var costUSD: Double?
    /// `usage.total_tokens`.
    public var totalTokens: Int?
    /// The most frequent failure labels (at most three).
    public var topFailures: [LabelCount]

    /// Reads a run from a scorecard, or says why it cannot be used.
    /// - Parameters:
    ///   - json: The parsed scorecard.
    ///   - path: Its path as found.
    ///   - absoluteFolder: Its folder, absolute.
    ///   - hasSummary: Whether `summary.md` is next to it.
    /// - Returns: The run, or the reason it is skipped.
    public static func read(
        _ json: JSONValue,
        path: String,
        absoluteFolder: String,
        hasSummary: Bool
    ) -> Result<SiteRun, SiteRun.Unusable> {
        guard json.objectValue != nil else { return .failure(Unusable("the top level is not a JSON object")) }
        guard let version = json["schema_version"]?.stringValue else {
            return .failure(Unusable("no schema_version: not a verifier scorecard"))
        }
        guard version.hasPrefix("0.") else {
            return .failure(Unusable("schema_version \(version) is not one this verifier reads (0.x)"))
        }
        guard let provider = json["provider"]?["name"]?.stringValue, !provider.isEmpty else {
            return .failure(Unusable("no provider.name"))
        }
        guard let startedAt = json["run"]?["started_at"]?.stringValue, !startedAt.isEmpty else {
            return .failure(Unusable("no run.started_at"))
        }
        if json["run"]?["purpose"]?.stringValue == RunPurpose.calibration.rawValue {
            return .failure(
                Unusable("a calibration run of the reference (input to a baseline, not a host under test)")
            )
        }
        let overall = SectionReading(name: "overall", json: json["overall"] ?? .null)
        let latency = json["latency"]
        var top = overall.failures.filter { $0.severity != "warning" }.prefix(3).map {
            LabelCount(label: $0.label, count: $0.count, evidence: $0.examples.first?.evidence)
        }
        if top.isEmpty {
            top = overall.failures.filter { $0.severity == "warning" }.prefix(3).map {
                LabelCount(label: "warning: " + $0.label, count: $0.count, evidence: $0.examples.first?.evidence)
            }
        }
        if top.isEmpty {
            // 0.2.0 tallies warnings in `labels` only.
            top = (overall.json["labels"]?.arrayValue ?? []).filter { $0["severity"]?.stringValue == "warning" }
                .prefix(3).compactMap { entry in
                    guard let label = entry["label"]?.stringValue else { return nil }
                    return LabelCount(label: "warning: " + label, count: entry["count"]?.intValue ?? 0, evidence: nil)
                }
        }
        let run = SiteRun(
            scorecardPath: path,
            folder: (path as NSString).deletingLastPathComponent.isEmpty
                ? "." : (path as NSString).deletingLastPathComponent,
            absoluteFolder: absoluteFolder,
            hasSummary: hasSummary,
            schemaVersion: version,
            provider: provider,
            runID: json["run"]?["id"]?.stringValue ?? "",
            startedAt: startedAt,
            model: json["run"]?["model"]?.stringValue,
            shard: json["run"]?["shard"]?.stringValue,
            verdict: json["verdict"]?.stringValue ?? overall.verdict ?? "unknown",
            triggerF1: overall.metric("agreement", "trigger_f1"),
            schemaAccuracy: overall.metric("schema", "schema_accuracy"),
            contractPassRate: overall.metric("contract", "pass_rate"),
            totalMilliseconds: Percentiles(latency?["total_ms"]),
            firstEventMilliseconds: Percentiles(latency?["first_event_ms"]),
            tokensPerSecond: Percentiles(latency?["tokens_per_second"]),
            costUSD: json["usage"]?["cost_usd"]?.numberValue?.doubleValue,
            totalTokens: json["usage"]?["total_tokens"]?.intValue,
            topFailures: top
        )
        return .success(run)
    }

    /// Why a scorecard cannot be used.
    public struct Unusable: Error, Sendable, Hashable {
        /// The reason, in words.
        public var reason: String

        /// Creates a reason.
        /// - Parameter reason: The reason.
        public init(_ reason: String) { self.reason = reason }
    }

    /// Orders runs by start time, then by path (so equal times still give one order).
    func precedes(_ other: SiteRun) -> Bool {
        (startedAt, scorecardPath) < (other.startedAt, other.scorecardPath)
    }
}
