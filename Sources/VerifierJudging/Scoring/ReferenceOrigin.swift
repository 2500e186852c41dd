import JSONSchema

/// Where a run's reference behaviour comes from, as recorded in the manifest and shown in the scorecard.
package struct ReferenceOrigin: Sendable {
    /// A live reference answered the run's requests.
    package var live: Bool
    /// The baseline's SHA-256 and calibration runs, when one set gates or stood in for the reference.
    package var baselineSHA256: String?
    package var baselineRuns: Int?
    package var baselinePath: String?

    package init(live: Bool, baselineSHA256: String?, baselineRuns: Int?, baselinePath: String?) {
        self.live = live
        self.baselineSHA256 = baselineSHA256
        self.baselineRuns = baselineRuns
        self.baselinePath = baselinePath
    }

    /// `live` or `baseline`.
    package var source: String { live || baselineSHA256 == nil ? "live" : "baseline" }

    /// The manifest's `baseline` member (`null` without one).
    package var json: JSONValue {
        guard let baselineSHA256 else { return .null }
        return [
            "sha256": .string(baselineSHA256), "runs": .number(JSONNumber(baselineRuns ?? 1)),
            "path": .string(baselinePath ?? ""), "as_reference": .bool(!live),
        ]
    }

    /// Reads the manifest's `baseline` member back.
    package init(manifest: JSONValue) {
        let value = manifest["baseline"]
        baselineSHA256 = value?["sha256"]?.stringValue
        baselineRuns = value?["runs"]?.intValue
        baselinePath = value?["path"]?.stringValue
        live = !(value?["as_reference"]?.boolValue ?? false)
    }
}
