import JSONSchema
import VerifierJudging

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

extension ReferenceOrigin {
    /// The origin of a run's reference: live, or a loaded baseline.
    /// - Parameters:
    ///   - live: Whether a live reference answers.
    ///   - baseline: The baseline, if any.
    package init(live: Bool, baseline: BaselineReference?) {
        self.init(
            live: live,
            baselineSHA256: baseline?.sha256,
            baselineRuns: baseline?.baseline.runs,
            baselinePath: baseline?.path
        )
    }
}
