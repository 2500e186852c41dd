import JSONSchema
import VerifierJudging

/// One section of a `scorecard.json` — the top-level `overall` or one of `suites.<name>` — read leniently.
///
/// Works on scorecards of schema 0.2.0 and 0.3.0: a member that is absent, `null` or of the wrong type
/// reads as `nil` or empty.
public struct SectionReading: Sendable {
    /// One failure label of the section with its examples.
    public struct Failure: Sendable, Hashable {
        /// The label (`call.schema`).
        public var label: String
        /// The verdict layer (`schema`): the scorecard's `layer`, else derived from the label.
        public var layer: String
        /// `error` or `warning`.
        public var severity: String
        /// How many failing items.
        public var count: Int
        /// A few examples.
        public var examples: [Example]
    }

    /// One example of a failure label.
    public struct Example: Sendable, Hashable {
        /// The case id.
        public var caseID: String
        /// `evidence.jsonl:<line>`, relative to the scorecard's folder.
        public var evidence: String
        /// The finding's message.
        public var message: String
        /// The JSON pointer into the response, when given.
        public var location: String?
    }

    /// A metric with the layer it belongs to.
    public struct LayerMetric: Sendable, Hashable {
        /// The layer (`agreement`).
        public var layer: String
        /// The metric's name (`trigger_f1`).
        public var name: String
        /// The metric.
        public var metric: MetricReading
    }

    /// The section's name (`overall` or the suite's name).
    public var name: String
    /// The section's JSON.
    public var json: JSONValue

    /// Wraps a section.
    /// - Parameters:
    ///   - name: The section's name.
    ///   - json: Its JSON object.
    public init(name: String, json: JSONValue) {
        self.name = name
        self.json = json
    }

    /// The suites of a scorecard in file order, or its `overall` section when it has no suites.
    /// - Parameter scorecard: The scorecard's JSON.
    /// - Returns: The sections.
    public static func suites(of scorecard: JSONValue) -> [SectionReading] {
        if let suites = scorecard["suites"]?.objectValue, !suites.isEmpty {
            return suites.members.filter { $0.value.objectValue != nil }.map {
                SectionReading(name: $0.key, json: $0.value)
            }
        }
        if let overall = scorecard["overall"], overall.objectValue != nil {
            return [SectionReading(name: "overall", json: overall)]
        }
        return []
    }

    /// `pass`, `fail` or `incomplete`, when given.
    public var verdict: String? { json["verdict"]?.stringValue }

    /// Why, when given.
    public var verdictReason: String? { json["verdict_reason"]?.stringValue }

    /// The layers in file order with their JSON.
    public var layers: [(name: String, json: JSONValue)] {
        (json["layers"]?.objectValue?.members ?? []).filter { $0.value.objectValue != nil }.map {
            (name: $0.key, json: $0.value)
        }
    }

    /// Every metric of every layer, in file order.
    public var metrics: [LayerMetric] {
        layers.flatMap { layer in
            (layer.json["metrics"]?.objectValue?.members ?? []).compactMap { member in
                MetricReading(member.value).map { LayerMetric(layer: layer.name, name: member.key, metric: $0) }
            }
        }
    }

    /// One metric, if present.
    /// - Parameters:
    ///   - layer: The layer (`schema`).
    ///   - name: The metric (`schema_accuracy`).
    /// - Returns: The metric, or `nil`.
    public func metric(_ layer: String, _ name: String) -> MetricReading? {
        MetricReading(json["layers"]?[layer]?["metrics"]?[name])
    }

    /// The failure labels, in file order (most frequent first as written).
    public var failures: [Failure] {
        (json["failures"]?.arrayValue ?? []).compactMap { entry in
            guard let label = entry["label"]?.stringValue else { return nil }
            let examples = (entry["examples"]?.arrayValue ?? []).map { example in
                Example(
                    caseID: example["case"]?.stringValue ?? "",
                    evidence: example["evidence"]?.stringValue ?? "",
                    message: example["message"]?.stringValue ?? "",
                    location: example["location"]?.stringValue
                )
            }
            return Failure(
                label: label,
                layer: entry["layer"]?.stringValue ?? FailureLabel(rawValue: label).layer.rawValue,
                severity: entry["severity"]?.stringValue ?? "error",
                count: entry["count"]?.intValue ?? 0,
                examples: examples
            )
        }
    }
}
