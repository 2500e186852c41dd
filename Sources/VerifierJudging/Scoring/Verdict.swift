import JSONSchema

/// A provider's overall verdict, mapped to the CLI's exit code.
public enum Verdict: String, Sendable, Hashable {
    /// Every required gate passed (exit 0).
    case pass
    /// A required gate failed (exit 1).
    case fail
    /// The run could not be judged (exit 2).
    case incomplete

    /// The process exit code for this verdict.
    public var exitCode: Int32 {
        switch self {
        case .pass: 0
        case .fail: 1
        case .incomplete: 2
        }
    }

    /// The worst of several verdicts: incomplete over fail over pass.
    /// - Parameter verdicts: The verdicts.
    /// - Returns: The combined verdict (`pass` when empty).
    public static func worst(_ verdicts: some Sequence<Verdict>) -> Verdict {
        var result = Verdict.pass
        for verdict in verdicts {
            if verdict == .incomplete { return .incomplete }
            if verdict == .fail { result = .fail }
        }
        return result
    }
}

extension Verdict {
    /// The verdict reason of a run that stopped before every case was sent.
    /// - Parameters:
    ///   - reason: Why it stopped.
    ///   - folder: The run folder, to resume.
    /// - Returns: A sentence for the scorecard.
    public static func stoppedReason(_ reason: String, folder: String) -> String {
        "the run stopped before every case was sent: \(reason); what was done is kept — resume with "
            + "`verifier check … --resume \(folder)`"
    }
}

/// What a run was for.
public enum RunPurpose: String, Sendable, Hashable {
    /// Checking a host (the default).
    case check
    /// One of `verifier calibrate`'s runs of the reference against itself, input to a baseline: not a host under
    /// test, so `verifier report` keeps it off the leaderboard.
    case calibration
}

/// The identity and timing of a run.
public struct RunInfo: Sendable, Hashable {
    /// The run id (the report folder's name).
    public var id: String
    /// ISO 8601 start.
    public var startedAt: String
    /// ISO 8601 end.
    public var finishedAt: String
    /// Duration in milliseconds.
    public var durationMilliseconds: Int
    /// SHA-256 over the replay files' hashes.
    public var fixturesHash: String
    /// The replay files used.
    public var fixtures: [String]
    /// SHA-256 of the configuration (which holds no secret).
    public var configHash: String
    /// The model label.
    public var model: String
    /// The shard this run sent, `i/n` (`nil`: every case, or shards merged).
    public var shard: String?
    /// What the run was for.
    public var purpose: RunPurpose

    /// Creates run info.
    /// - Parameters:
    ///   - id: The run id.
    ///   - startedAt: ISO 8601 start.
    ///   - finishedAt: ISO 8601 end.
    ///   - durationMilliseconds: Duration.
    ///   - fixturesHash: Fixtures hash.
    ///   - fixtures: Replay file names.
    ///   - configHash: Configuration hash.
    ///   - model: Model label.
    ///   - shard: The shard, `i/n`, if the run was one.
    ///   - purpose: What the run was for.
    public init(
        id: String,
        startedAt: String,
        finishedAt: String,
        durationMilliseconds: Int,
        fixturesHash: String,
        fixtures: [String],
        configHash: String,
        model: String,
        shard: String? = nil,
        purpose: RunPurpose = .check
    ) {
        self.purpose = purpose
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.durationMilliseconds = durationMilliseconds
        self.fixturesHash = fixturesHash
        self.fixtures = fixtures
        self.configHash = configHash
        self.model = model
        self.shard = shard
    }
}
