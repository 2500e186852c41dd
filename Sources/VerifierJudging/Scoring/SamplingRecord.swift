import JSONSchema

/// The sampling parameters a run actually sent, counted by value, and what they mean for its verdicts.
///
/// A request without `temperature` leaves it to the host, whose default samples (1.0 on OpenAI-compatible
/// APIs), so only an explicit 0 counts as deterministic.
public struct SamplingRecord: Sendable, Hashable {
    /// The parameters counted, in report order.
    public static let parameters = ["temperature", "top_p", "top_k", "seed"]

    /// Per parameter, per value as written (`absent` when the request left it out), the requests.
    public private(set) var values: [String: [String: Int]] = [:]
    /// Requests counted.
    public private(set) var requests = 0
    /// Of which sampled (temperature absent or above 0).
    public private(set) var sampled = 0

    /// Creates an empty record.
    public init() {}

    /// Counts the sampling parameters of `count` requests with this body.
    /// - Parameters:
    ///   - request: The request.
    ///   - count: How many times it was sent (one per transport mode).
    public mutating func add(_ request: ChatRequest, count: Int = 1) {
        guard count > 0 else { return }
        requests += count
        if !Parity.isDeterministic(request) { sampled += count }
        for parameter in Self.parameters {
            let text = request.body[parameter].map { $0.serialized() } ?? "absent"
            values[parameter, default: [:]][text, default: 0] += count
        }
    }

    /// Whether any request sampled.
    public var anySampled: Bool { sampled > 0 }

    /// The record as JSON: each parameter's values with their counts, and the sampled share.
    public var json: JSONValue {
        var object = JSONObject()
        object["requests"] = .number(JSONNumber(requests))
        object["sampled_requests"] = .number(JSONNumber(sampled))
        for parameter in Self.parameters {
            var counts = JSONObject()
            for (value, count) in (values[parameter] ?? [:]).sorted(by: { $0.key < $1.key }) {
                counts[value] = .number(JSONNumber(count))
            }
            object[parameter] = .object(counts)
        }
        return .object(object)
    }
}

/// What the reference showed in its calibration: whether it was asked to sample, and whether it answered the
/// same case differently between runs (recorded with the gates, so offline scoring can say the same).
public struct ReferenceCalibration: Sendable, Hashable {
    /// Calibration runs.
    public var runs: Int
    /// Whether the calibration requests sampled (a temperature above 0 or none).
    public var sampled: Bool
    /// Whether the reference's calls or text differed between runs on any case.
    public var showedSpread: Bool

    /// Creates the facts.
    /// - Parameters:
    ///   - runs: Calibration runs.
    ///   - sampled: Whether the calibration sampled.
    ///   - showedSpread: Whether the reference's answers varied between runs.
    public init(runs: Int, sampled: Bool, showedSpread: Bool) {
        self.runs = runs
        self.sampled = sampled
        self.showedSpread = showedSpread
    }

    /// The facts as JSON.
    public var json: JSONValue {
        ["runs": .number(JSONNumber(runs)), "sampled": .bool(sampled), "showed_spread": .bool(showedSpread)]
    }

    /// Reads ``json`` back.
    /// - Parameter value: The JSON.
    public init?(json value: JSONValue?) {
        guard let runs = value?["runs"]?.intValue else { return nil }
        self.init(
            runs: runs,
            sampled: value?["sampled"]?.boolValue ?? false,
            showedSpread: value?["showed_spread"]?.boolValue ?? false
        )
    }

    /// The warnings a run's sampling gives against this calibration (or against none).
    /// - Parameters:
    ///   - calibration: The reference's calibration, if any.
    ///   - sampling: What the run sent.
    ///   - referenceRun: Whether a reference (live or baseline) was compared.
    /// - Returns: One sentence per problem.
    public static func notices(
        _ calibration: ReferenceCalibration?,
        sampling: SamplingRecord,
        referenceRun: Bool
    ) -> [String] {
        guard referenceRun, sampling.requests > 0 else { return [] }
        let share = "\(sampling.sampled) of \(sampling.requests) requests"
        guard let calibration else {
            return sampling.anySampled
                ? [
                    "\(share) sampled (temperature above 0 or left to the host), but the reference was not calibrated: "
                        + "its own run-to-run spread is unknown, so model-judgement gates stay at their defaults and "
                        + "may fail a faithful host. Run `verifier calibrate --runs 5` with the same requests."
                ] : []
        }
        if sampling.anySampled, !calibration.sampled, !calibration.showedSpread {
            return [
                "\(share) sampled, but the reference was calibrated as deterministic (temperature 0, no spread over "
                    + "\(calibration.runs) runs): its gates assume answers that repeat. Calibrate with the same sampling."
            ]
        }
        if !sampling.anySampled, calibration.sampled {
            return [
                "Every request was sent at temperature 0, but the reference was calibrated with sampled requests: its "
                    + "gates allow the spread of sampling and are looser than this run needs. Calibrate at temperature 0."
            ]
        }
        return []
    }
}
