import ArgumentParser
import AsyncHTTPClient
import Foundation
import MockVendor
import VerifierCore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline against the built-in mock hosts on loopback and print a leaderboard.",
        discussion: """
            Starts one mock host serving every profile, takes the faithful profile as the reference, checks \
            every profile against it with every shipped suite (labelled suites and replay sets), and writes Reports/demo/. No key, no network. \
            Exits 0 when every profile got the verdict it should (faithful passes, each fault fails with its label, \
            each transient fault passes with its retries counted).
            """
    )

    @OptionGroup var run: RunOptions

    @Option(name: .long, help: "Trigger-F1 gate. The mock reference is deterministic, so its own spread is zero.")
    var triggerF1Gate: Double = 0.95

    func run() async throws {
        let logger = bootstrapLogging(run.level)
        try await reportingErrors {
            let sources = try run.sources(model: "mock-model")
            let folder = run.output + "/demo"
            try? FileManager.default.removeItem(atPath: folder)
            let clock = ContinuousClock()
            let start = clock.now
            let profiles = MockProfile.all
            let scorecards = try await MockServer.withRunning { port in
                let candidates = profiles.map { profile in
                    ProviderConfiguration(
                        name: profile.name,
                        baseURL: MockServer.baseURL(profile: profile.name, port: port),
                        model: "mock-model",
                        apiKeyEnvironmentVariable: nil,
                        concurrency: 16
                    )
                }
                let reference = ProviderConfiguration(
                    name: "reference",
                    baseURL: MockServer.baseURL(profile: "faithful", port: port),
                    model: "mock-model",
                    apiKeyEnvironmentVariable: nil,
                    concurrency: 16
                )
                var verification = VerificationRun(
                    candidates: candidates,
                    reference: reference,
                    suites: sources,
                    outputDirectory: folder,
                    gates: GateConfiguration(triggerF1: triggerF1Gate),
                    modes: run.modeSelection,
                    limit: run.limit,
                    model: "mock-model",
                    configHash: "demo"
                )
                run.apply(to: &verification)
                // 64 cases of each suite by default, so the demo ends within a minute; 0 runs everything.
                let perSuite = run.casesPerSuite ?? 64
                verification.casesPerSuite = perSuite > 0 ? perSuite : nil
                let configured = verification
                return try await HTTPClient.withVerifierClient { client in
                    try await configured.execute(httpClient: client, logger: logger)
                }
            }
            let elapsed = clock.now - start
            let rows = Leaderboard.rows(scorecards) { "\(folder)/\($0.provider.name)/" }
            try ReportWriter.write(
                "# Demo leaderboard\n\n" + Leaderboard.markdown(rows),
                to: folder + "/leaderboard.md"
            )
            let requests = scorecards.reduce(0) { $0 + $1.requests } + (scorecards.first?.requests ?? 0)
            print(Leaderboard.text(rows))
            print("")
            print(
                "\(scorecards.count) mock hosts, \(requests) requests in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))); reports in \(folder)/"
            )
            var surprises: [String] = []
            for (profile, card) in zip(profiles, scorecards) {
                if let expected = profile.expectedLabel {
                    // The fault's label must be found; a fault can explain other labels too (dropping calls
                    // breaks a forced tool_choice), so it need not be the most frequent one in every run.
                    let found = card.failures.sorted.contains { $0.label.rawValue == expected }
                    if card.verdict != .fail || !found {
                        surprises.append(
                            "\(profile.name): expected fail with \(expected), got \(card.verdict.rawValue) with \(card.failures.sorted.map(\.label.rawValue).prefix(4).joined(separator: ", "))"
                        )
                    }
                } else if card.verdict != .pass {
                    surprises.append("\(profile.name): expected pass, got \(card.verdict.rawValue)")
                } else if let warning = profile.expectedWarning,
                    !card.labels.sorted.contains(where: { $0.label.rawValue == warning })
                {
                    surprises.append("\(profile.name): expected the warning \(warning)")
                } else if let retry = profile.expectedRetry,
                    (card.deliveryStats.retries[RetryCause(rawValue: retry)] ?? 0) == 0
                {
                    surprises.append("\(profile.name): expected \(retry) retries in the delivery section")
                }
            }
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
}
