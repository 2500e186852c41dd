import JSONSchema
import VerifierJudging

extension VerificationRun {
    /// Everything a run is told besides its candidates and cases, grouped by concern, in the style of
    /// AsyncHTTPClient's `HTTPClient.Configuration`.
    ///
    /// ```swift
    /// var configuration = VerificationRun.Configuration(output: .init(directory: "Reports/run"))
    /// configuration.reference.provider = official
    /// configuration.limits.maxRequests = 2_000
    /// configuration.transport.modes = .both
    /// ```
    public struct Configuration: Sendable {
        /// What the candidates are compared with, and the gates they must meet.
        public struct Reference: Sendable {
            /// The live reference, or `nil` to judge the deterministic layers only (or to use ``baseline``).
            public var provider: ProviderConfiguration?
            /// A calibrated baseline of the reference. With no live ``provider`` it stands in for one (its
            /// answers are synthesised per case and recorded in the evidence); either way its spread has set
            /// ``gates`` already (``Baseline/gates(applyingTo:asReference:)``), and the scorecard names it.
            public var baseline: BaselineReference?
            /// Gate thresholds.
            public var gates: GateConfiguration

            /// Creates the reference settings.
            /// - Parameters:
            ///   - provider: The live reference.
            ///   - baseline: A calibrated baseline.
            ///   - gates: Gate thresholds.
            public init(
                provider: ProviderConfiguration? = nil,
                baseline: BaselineReference? = nil,
                gates: GateConfiguration = GateConfiguration()
            ) {
                self.provider = provider
                self.baseline = baseline
                self.gates = gates
            }
        }

        /// How much is sent, and when the run stops early.
        public struct Limits: Sendable {
            /// Send at most this many cases (each with its modes and repeats) from the sources.
            public var cases: Int?
            /// At most this many cases of each suite or replay file, spread evenly over it (`nil`: all).
            public var casesPerSuite: Int?
            /// Each suite case is sent this many times its own `repeat` (ids `suite/case#2`, …), to narrow
            /// the intervals of a small suite; replayed requests are sent once.
            public var repeats = 1
            /// Run only this shard's cases (`--shard i/n`; `nil`: every case). Sampling and ``cases`` apply
            /// first, so the shards of a run together send exactly the cases the unsharded run sends.
            public var shard: Shard?
            /// Send at most this many requests in all (candidates, reference, twins).
            public var maxRequests: Int?
            /// Stop scheduling once the answers' usage, at the configured prices, costs this many dollars.
            public var maxCost: Double?
            /// Stop scheduling cases after this many seconds (cases in flight are cancelled).
            public var deadlineSeconds: Double?
            /// Cases in flight at once (each fans out to every provider, each capped by its own concurrency);
            /// default four times the largest `concurrency`, so that cases waiting to retry do not stall the run.
            public var width: Int?

            /// Creates limits; every one is off by default.
            public init() {}
        }

        /// How requests are sent.
        public struct Transport: Sendable {
            /// Transport modes.
            public var modes: ModeSelection = .recorded
            /// Whether a streamed answer to a deterministic request (temperature 0) is also requested
            /// non-streamed and compared (`stream.parity`).
            public var checkParity = true
            /// Chat-completions URLs that replace a provider's configured one (for in-process mock hosts).
            public var endpointOverrides: [String: String] = [:]

            /// Creates the default transport: recorded modes, parity twins on.
            public init() {}
        }

        /// Where and under which name the run is written.
        public struct Output: Sendable {
            /// The run folder. With one candidate its files go straight in; with several, into a subfolder each.
            public var directory: String
            /// The run id; defaults to the output folder's name.
            public var runID: String?
            /// The model label for reports.
            public var model: String
            /// A hash of the configuration used, for the scorecard.
            public var configHash: String
            /// What the run is for: a check of its candidates, or a calibration run of the reference (recorded
            /// in the manifest and the scorecard, so `verifier report` keeps it off the leaderboard).
            public var purpose: RunPurpose
            /// Continue the run in ``directory``: cases its evidence already holds are scored from the evidence
            /// and not sent again; a changed manifest is refused.
            public var resume: Bool

            /// Creates the output settings.
            /// - Parameters:
            ///   - directory: The run folder.
            ///   - model: The model label.
            ///   - configHash: The configuration's hash.
            ///   - purpose: A check or a calibration run.
            ///   - resume: Whether to continue the run in the folder.
            public init(
                directory: String,
                model: String = "unknown",
                configHash: String = "",
                purpose: RunPurpose = .check,
                resume: Bool = false
            ) {
                self.directory = directory
                self.model = model
                self.configHash = configHash
                self.purpose = purpose
                self.resume = resume
            }
        }

        /// The reference, its baseline and the gates.
        public var reference: Reference
        /// Ceilings and case selection.
        public var limits: Limits
        /// Modes, parity twins, endpoint overrides.
        public var transport: Transport
        /// Folder, names, hashes, resume.
        public var output: Output

        /// Creates a configuration.
        /// - Parameters:
        ///   - reference: The reference settings.
        ///   - limits: Ceilings and case selection.
        ///   - transport: Modes and parity.
        ///   - output: Where the run is written.
        public init(
            reference: Reference = Reference(),
            limits: Limits = Limits(),
            transport: Transport = Transport(),
            output: Output
        ) {
            self.reference = reference
            self.limits = limits
            self.transport = transport
            self.output = output
        }

        /// The run options that change what is sent, recorded in the manifest.
        var optionsJSON: JSONValue {
            [
                "modes": .string(transport.modes.description), "parity": .bool(transport.checkParity),
                "cases_per_suite": limits.casesPerSuite.map { .number(JSONNumber($0)) } ?? .null,
                "limit": limits.cases.map { .number(JSONNumber($0)) } ?? .null,
                "repeats": limits.repeats == 1 ? .null : .number(JSONNumber(limits.repeats)),
            ]
        }
    }
}

/// Which provider of a run an exchange belongs to.
enum Slot: Hashable, Sendable {
    /// The candidate at this position of ``VerificationRun/candidates``.
    case candidate(Int)
    /// The reference.
    case reference
}
