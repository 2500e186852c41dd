import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MockVendor
import VerifierCore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline against the built-in mock hosts on loopback and print a leaderboard.",
        discussion: """
            Starts one mock host serving every profile, takes the faithful profile as the reference, calibrates it \
            (two runs; its spread sets the statistical gates, as `verifier calibrate` does), checks every profile \
            against it with every shipped suite (labelled suites and replay sets) — on Chat Completions, then on \
            Anthropic Messages (`<profile>@messages`) and OpenAI Responses (`<profile>@responses`), every profile whose \
            defect exists there, against the reference on Chat: across surfaces — and writes Reports/demo/. No key, no \
            network. \
            Exits 0 when every profile got the verdict it should (faithful passes, each fault fails with its label, \
            each transient fault passes with its retries counted).
            """
    )

    @OptionGroup var run: RunOptions

    @Option(
        name: .long,
        help: "Trigger-F1 gate. Default: from the calibration (the reference's lowest F1 minus 0.03)."
    )
    var triggerF1Gate: Double?

    @Option(
        name: .long,
        help: "Calibration runs of the reference before the check (0: none; gates as configured). Default: 2, or 5 with --sampling."
    )
    var calibrationRuns: Int?

    @Flag(
        name: .long,
        help: """
            Every mock host samples, as an official API does: each answer flips a share of its tool_choice:auto \
            decisions and rewords its text, at temperature 0 too (batch noise). The verdicts must not change.
            """
    )
    var sampling = false

    @Option(name: .long, help: "With --sampling: the percent of auto decisions each answer flips.")
    var samplingFlips: Double = 3

    @Option(name: .long, help: "With --sampling: the seed the draws are reproducible from.")
    var samplingSeed: UInt64 = 1

    func validate() throws {
        guard (0...100).contains(samplingFlips) else {
            throw ValidationError("--sampling-flips must be a percentage between 0 and 100.")
        }
        if let calibrationRuns, !(0...100).contains(calibrationRuns) {
            throw ValidationError("--calibration-runs must be between 0 and 100.")
        }
    }

    func run() async throws {
        let logger = bootstrapLogging(run.level)
        try await reportingErrors {
            let sources = try run.sources(model: "mock-model")
            let folder = run.output + "/demo"
            try? FileManager.default.removeItem(atPath: folder)
            let clock = ContinuousClock()
            let start = clock.now
            // Every profile on Chat, then every profile whose defect exists on Messages (and on Responses), asked there.
            let lineup = APISurface.allCases.flatMap { api in MockProfile.profiles(on: api).map { ($0, api) } }
            // 64 cases of each suite by default, so the demo ends within a minute; 0 runs everything.
            let perSuite = run.casesPerSuite ?? 64
            var configuredGates = GateConfiguration()
            if let triggerF1Gate { configuredGates.set("trigger_f1", triggerF1Gate, source: .config) }
            let initialGates = configuredGates
            let calibrationRuns = self.calibrationRuns ?? (sampling ? 5 : 2)
            let run = self.run
            let mode =
                sampling ? MockSampling(seed: samplingSeed, flipPercent: samplingFlips, atTemperatureZero: true) : nil
            let result: ([Scorecard], Baseline?) = try await MockServer.withRunning(sampling: mode) { port in
                var gates = initialGates
                func mock(_ profile: String, as name: String? = nil, api: APISurface = .chat) -> ProviderConfiguration {
                    var provider = ProviderConfiguration(
                        name: name ?? (api == .chat ? profile : "\(profile)@\(api)"),
                        baseURL: MockServer.baseURL(profile: profile, port: port),
                        model: "mock-model",
                        apiKeyEnvironmentVariable: nil,
                        concurrency: 16
                    )
                    provider.api = api
                    return provider
                }
                let candidates = lineup.map { mock($0.0.name, api: $0.1) }
                let reference = mock("faithful", as: "reference")
                let runs = DemoRuns(run: run, sources: sources, casesPerSuite: perSuite > 0 ? perSuite : nil)
                // Calibrate the reference first, as a lab would: its spread over its own runs sets the gates.
                var baseline: Baseline?
                if calibrationRuns > 0 {
                    let built = try await runs.calibrate(
                        reference,
                        runs: calibrationRuns,
                        folder: folder,
                        gates: gates,
                        logger: logger
                    )
                    gates = built.gates(applyingTo: gates, asReference: false)
                    baseline = built
                }
                // Chat first; then Messages and Responses, each against the same reference on Chat (across surfaces),
                // with a quarter of the cases per suite (at least 8): enough for every defect of theirs to show.
                let chat = candidates.filter { $0.api == .chat }
                var cards = try await HTTPClient.withVerifierClient { client in
                    try await runs.verification(chat, reference: reference, folder: folder, gates: gates)
                        .execute(httpClient: client, logger: logger)
                }
                var otherRuns = runs
                otherRuns.casesPerSuite = runs.casesPerSuite.map { max(8, $0 / 4) }
                for api in APISurface.allCases where api != .chat {
                    let asked = candidates.filter { $0.api == api }
                    guard !asked.isEmpty else { continue }
                    cards += try await HTTPClient.withVerifierClient { client in
                        try await otherRuns.verification(asked, reference: reference, folder: folder, gates: gates)
                            .execute(httpClient: client, logger: logger)
                    }
                }
                return (cards, baseline)
            }
            let (scorecards, baseline) = result
            let elapsed = clock.now - start
            let rows = Leaderboard.rows(scorecards) { "\(folder)/\($0.provider.name)/" }
            try ReportWriter.write(
                "# Demo leaderboard\n\n" + Leaderboard.markdown(rows),
                to: folder + "/leaderboard.md"
            )
            let requests = scorecards.reduce(0) { $0 + $1.requests } + (scorecards.first?.requests ?? 0)
            if let baseline { print(Self.calibrationLine(baseline, scorecards: scorecards, folder: folder) + "\n") }
            print(Leaderboard.text(rows))
            print("")
            print(
                "\(scorecards.count) mock hosts, \(requests) requests in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))); reports in \(folder)/"
            )
            let surprises = Self.surprises(lineup: lineup, scorecards: scorecards)
            if surprises.isEmpty {
                print(
                    "Every profile got the verdict it should: faithful passes, each fault fails with its own label, "
                        + "each tolerated variant passes with its warning."
                )
                return 0
            }
            print("Unexpected verdicts:\n  " + surprises.joined(separator: "\n  "))
            return 1
        }
    }

    /// The line that says what calibration found and which gate it set.
    static func calibrationLine(_ baseline: Baseline, scorecards: [Scorecard], folder: String) -> String {
        let f1 = baseline.pairwise["trigger_f1"]
        let gate = scorecards.first?.triggerF1?.gate.map { Metric.percent($0) } ?? "n/a"
        let moved = baseline.determinism
        let spread =
            moved.showedSpread
            ? " The reference sampled: its calls differed between runs in \(Metric.percent(moved.callsVaried)) of cases, "
                + "its text in \(Metric.percent(moved.textVaried)); stream/non-stream twins differed in structure in up "
                + "to \(Metric.percent(moved.twinStructure.max ?? 0)) (parity rule: \(moved.parityRule.name))."
            : " The reference answered every case alike in every run."
        return "Reference calibrated over \(baseline.runs) runs (\(folder)/calibration/baseline.json): trigger F1 run "
            + "against run min \(f1?.min.map { Metric.percent($0) } ?? "n/a"), max "
            + "\(f1?.max.map { Metric.percent($0) } ?? "n/a") → trigger-F1 gate \(gate)." + spread
    }

    /// Every profile whose verdict, label, warning or retries are not what the profile promises.
    static func surprises(lineup: [(MockProfile, APISurface)], scorecards: [Scorecard]) -> [String] {
        var surprises: [String] = []
        for ((profile, api), card) in zip(lineup, scorecards) {
            let name = card.provider.name
            if let expected = profile.expectedLabel(on: api) {
                // The fault's label must be found; a fault can explain other labels too (dropping calls
                // breaks a forced tool_choice), so it need not be the most frequent one in every run.
                let found = card.failures.sorted.contains { $0.label.rawValue == expected }
                if card.verdict != .fail || !found {
                    surprises.append(
                        "\(name): expected fail with \(expected), got \(card.verdict.rawValue) with \(card.failures.sorted.map(\.label.rawValue).prefix(4).joined(separator: ", "))"
                    )
                }
            } else if card.verdict != .pass {
                surprises.append("\(name): expected pass, got \(card.verdict.rawValue)")
            } else if let warning = profile.expectedWarnings(on: api).first(where: { warning in
                !card.labels.sorted.contains(where: { $0.label.rawValue == warning })
            }) {
                surprises.append("\(name): expected the warning \(warning)")
            } else if let retry = profile.expectedRetry,
                (card.deliveryStats.retries[RetryCause(rawValue: retry)] ?? 0) == 0
            {
                surprises.append("\(name): expected \(retry) retries in the delivery section")
            }
        }
        return surprises
    }
}

/// The demo's runs: its checks and the reference's calibration, configured the one way `RunOptions` does.
struct DemoRuns {
    var run: RunOptions
    var sources: [CaseSource]
    var casesPerSuite: Int?

    /// A run of the demo's cases.
    func verification(
        _ candidates: [ProviderConfiguration],
        reference: ProviderConfiguration?,
        folder: String,
        gates: GateConfiguration,
        purpose: RunPurpose = .check
    ) -> VerificationRun {
        let settings = run.configuration(
            directory: folder,
            model: "mock-model",
            configHash: "demo",
            reference: reference,
            gates: gates,
            purpose: purpose,
            casesPerSuite: .some(casesPerSuite)
        )
        return VerificationRun(candidates: candidates, sources: sources, configuration: settings)
    }

    /// Runs the reference against itself `runs` times and writes the baseline its spread gives.
    func calibrate(
        _ reference: ProviderConfiguration,
        runs: Int,
        folder: String,
        gates: GateConfiguration,
        logger: Logger
    ) async throws -> Baseline {
        var evidence: [String] = []
        for index in 1...runs {
            let prepared = verification(
                [reference],
                reference: nil,
                folder: folder + "/calibration/run-\(index)",
                gates: gates,
                purpose: .calibration
            )
            _ = try await HTTPClient.withVerifierClient { client in
                try await prepared.execute(httpClient: client, logger: logger)
            }
            evidence.append(prepared.configuration.output.directory + "/evidence.jsonl")
        }
        let built = try BaselineBuilder.build(
            evidence: evidence,
            model: "mock-model",
            margin: gates.baselineMargin,
            createdAt: ISO8601DateFormatter().string(from: Date())
        )
        try ReportWriter.write(
            built.json.serialized(options: JSONWriter.Options(pretty: true)) + "\n",
            to: folder + "/calibration/baseline.json"
        )
        return built
    }
}
