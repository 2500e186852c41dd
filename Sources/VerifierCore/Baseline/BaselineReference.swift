/// A loaded baseline as a run uses it.
public struct BaselineReference: Sendable {
    /// The baseline.
    public var baseline: Baseline
    /// SHA-256 of the baseline file's bytes (recorded in the evidence and the scorecard).
    public var sha256: String
    /// Where it was read from.
    public var path: String

    /// Creates a baseline reference.
    /// - Parameters:
    ///   - baseline: The baseline.
    ///   - sha256: The file's SHA-256.
    ///   - path: The file.
    public init(baseline: Baseline, sha256: String, path: String) {
        self.baseline = baseline
        self.sha256 = sha256
        self.path = path
    }

    /// Loads a baseline file and checks that it was calibrated on these fixtures.
    /// - Parameters:
    ///   - path: The baseline file.
    ///   - sources: The run's suites and replay files.
    /// - Returns: The baseline reference.
    /// - Throws: ``VerifierError`` `.invalidFixture` for an unreadable file or one calibrated on other fixtures.
    public static func load(path: String, for sources: [CaseSource]) throws(VerifierError) -> BaselineReference {
        let (baseline, sha256) = try Baseline.load(path: path)
        let problems = baseline.mismatches(sources)
        guard problems.isEmpty else {
            throw VerifierError(
                .invalidFixture,
                "\(path): the baseline does not match this run's fixtures (\(problems.prefix(3).joined(separator: "; "))"
                    + "\(problems.count > 3 ? "; …" : "")); calibrate again with `verifier calibrate`."
            )
        }
        return BaselineReference(baseline: baseline, sha256: sha256, path: path)
    }
}

/// Where a run's reference behaviour comes from, as recorded in the manifest and shown in the scorecard.
struct ReferenceOrigin: Sendable {
    /// A live reference answered the run's requests.
    var live: Bool
    /// The baseline's SHA-256 and calibration runs, when one set gates or stood in for the reference.
    var baselineSHA256: String?
    var baselineRuns: Int?
    var baselinePath: String?

    init(live: Bool, baseline: BaselineReference?) {
        self.live = live
        baselineSHA256 = baseline?.sha256
        baselineRuns = baseline?.baseline.runs
        baselinePath = baseline?.path
    }

    /// `live` or `baseline`.
    var source: String { live || baselineSHA256 == nil ? "live" : "baseline" }

    /// The manifest's `baseline` member (`null` without one).
    var json: JSONValue {
        guard let baselineSHA256 else { return .null }
        return [
            "sha256": .string(baselineSHA256), "runs": .number(JSONNumber(baselineRuns ?? 1)),
            "path": .string(baselinePath ?? ""), "as_reference": .bool(!live),
        ]
    }

    /// Reads the manifest's `baseline` member back.
    init(manifest: JSONValue) {
        let value = manifest["baseline"]
        baselineSHA256 = value?["sha256"]?.stringValue
        baselineRuns = value?["runs"]?.intValue
        baselinePath = value?["path"]?.stringValue
        live = !(value?["as_reference"]?.boolValue ?? false)
    }
}
