import JSONSchema

/// How often the reference broke one case's model-choice expectation over its calibration runs, in one mode.
///
/// A case the reference always meets is a hard test: a host that misses it is wrong. A case the reference
/// itself misses in some runs tests the model's sampling as much as the host, so a host's miss there is judged
/// by rate (``ScoreAccumulator`` counts it in `contract.wavering_pass_rate`) rather than as a defect.
public struct ReferenceCaseSpread: Sendable, Hashable {
    /// Calibration answers judged against the case's call expectation.
    public var runs: Int
    /// Of which broke it (a missing, unexpected or different call).
    public var failures: Int
    /// Whether the reference's calls differed between its runs (it called in some and not others, or made
    /// other calls): disagreeing with one of its answers on this case is then no defect in itself.
    public var callsVaried: Bool

    /// Creates a spread.
    /// - Parameters:
    ///   - runs: Answers judged.
    ///   - failures: Answers that broke the expectation.
    ///   - callsVaried: Whether the reference's calls differed between runs.
    public init(runs: Int, failures: Int, callsVaried: Bool = false) {
        self.runs = runs
        self.failures = failures
        self.callsVaried = callsVaried
    }

    /// Whether the reference broke the expectation in some runs but not all: the case is judged by rate.
    public var wavers: Bool { failures > 0 && failures < runs }

    /// Whether the reference broke the expectation in every run: the case tests the model, not the host, and a
    /// host that breaks it too is reported (`info`), never counted.
    public var alwaysFails: Bool { runs > 0 && failures == runs }

    /// The reference's pass rate on the case (`nil` without runs).
    public var passRate: Double? { runs == 0 ? nil : Double(runs - failures) / Double(runs) }

    /// The spread as JSON (recorded in the case marker of the evidence, so offline scoring judges alike).
    public var json: JSONValue {
        [
            "runs": .number(JSONNumber(runs)), "failures": .number(JSONNumber(failures)),
            "calls_varied": .bool(callsVaried),
        ]
    }

    /// Reads ``json`` back.
    /// - Parameter value: The JSON.
    public init?(json value: JSONValue?) {
        guard let runs = value?["runs"]?.intValue, let failures = value?["failures"]?.intValue else { return nil }
        self.init(runs: runs, failures: failures, callsVaried: value?["calls_varied"]?.boolValue ?? false)
    }
}

/// One answer on a case the reference wavers on: whether it met the case, against the reference's rate.
public struct WaveringObservation: Sendable, Hashable {
    /// Whether the answer met the case's call expectation.
    public var met: Bool
    /// The reference's pass rate on the case over its calibration runs.
    public var referencePassRate: Double

    /// Creates an observation.
    /// - Parameters:
    ///   - met: Whether the answer met the expectation.
    ///   - referencePassRate: The reference's pass rate on the case.
    public init(met: Bool, referencePassRate: Double) {
        self.met = met
        self.referencePassRate = referencePassRate
    }
}
