import ArgumentParser
import AsyncHTTPClient
import Foundation
import MockVendor
import VerifierCore

struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Run the reference several times and record its behaviour and spread as a baseline.",
        discussion: """
            Examples:
              verifier calibrate --provider official --runs 5
              verifier calibrate --provider official --runs 3 --suite tool-choice --out Fixtures/baselines/k2.json
            Each run checks the provider on its own (no reference, no parity twins) into
            Reports/<time>-calibrate-<provider>/run-<k>/. The baseline records, per case and mode, the statuses,
            call rate, call counts, tool names, argument sets and prompt tokens over the runs, and per metric the
            reference's min/mean/max against itself: run against run (for nights with a live reference) and run
            against the baseline of the other runs (for nights judged against the baseline). Default gates are the
            lowest of these minus the margin (gates.baseline_margin, default 0.03; --margin overrides it).
            The baseline is tied to the fixtures' SHA-256s: change a suite and it must be calibrated again.
            """
    )

    @Option(name: .long, help: "The provider to calibrate (usually the configured reference).")
    var provider: String?

    @Option(name: .long, help: "Runs of the whole fixture selection (at least 2 for a spread).")
    var runs: Int = 5

    @Option(name: .long, help: "The baseline file to write. Default: Fixtures/baselines/<model>.json.")
    var out: String?

    @Option(name: .long, help: "Margin below the reference's lowest value for default gates (0…1).")
    var margin: Double?

    @Option(name: .long, help: "The configuration file.")
    var config: String = "verifier.yaml"

    @OptionGroup var run: RunOptions

    func validate() throws {
        guard runs >= 1, runs <= 100 else { throw ValidationError("--runs must be between 1 and 100.") }
        if let margin, !(0...1).contains(margin) { throw ValidationError("--margin must be between 0 and 1.") }
    }

    func run() async throws {
        let logger = bootstrapLogging(run.level)
        try await reportingErrors {
            let configuration = try VerifierConfiguration.load(path: config)
            guard let name = provider ?? configuration.reference else {
                throw VerifierError(
                    .invalidConfiguration,
                    "\(config): name the provider to calibrate with --provider (no `reference:` is configured)."
                )
            }
            guard var target = configuration.provider(named: name) else {
                let known = configuration.providers.map(\.name).joined(separator: ", ")
                throw VerifierError(.invalidConfiguration, "\(config): no provider named `\(name)`; known: \(known).")
            }
            if let api = run.api { target.api = api }
            let model = configuration.model ?? target.model
            let sources = try run.sources(model: model)
            let fixtures = try run.fixturesDirectory()
            let destination = out ?? Baseline.defaultPath(model: model, fixtures: fixtures)
            let folder = run.output + "/" + CheckCommand.stamp(Date()) + "-calibrate-" + target.name
            var evidence: [String] = []
            for index in 1...runs {
                let settings = run.configuration(
                    directory: folder + "/run-\(index)",
                    model: model,
                    configHash: configuration.contentHash,
                    reference: nil,
                    gates: configuration.gates,
                    purpose: .calibration
                )
                var verification = VerificationRun(candidates: [target], sources: sources, configuration: settings)
                verification.progress = { ProgressPrinter.shared($0) }
                let interrupt = InterruptHandler(stop: verification.stop)
                defer { withExtendedLifetime(interrupt) {} }
                let prepared = verification
                let scorecards = try await MockHosting.withEndpoints(for: [target]) { overrides in
                    var configured = prepared
                    configured.configuration.transport.endpointOverrides = overrides
                    return try await HTTPClient.withVerifierClient { client in
                        try await configured.execute(httpClient: client, logger: logger)
                    }
                }
                let stopped = scorecards.first.map { $0.verdict == .incomplete } ?? true
                if stopped {
                    let reason = scorecards.first?.verdictReason ?? "no scorecard"
                    throw VerifierError(
                        .incomplete,
                        "calibration run \(index) of \(runs) is incomplete (\(reason)); nothing was written to \(destination)."
                    )
                }
                print("run \(index)/\(runs): \(prepared.configuration.output.directory)")
                evidence.append(prepared.configuration.output.directory + "/evidence.jsonl")
            }
            let baseline = try BaselineBuilder.build(
                evidence: evidence,
                model: model,
                margin: margin ?? configuration.gates.baselineMargin,
                createdAt: ISO8601DateFormatter().string(from: Date())
            )
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: destination).deletingLastPathComponent().path,
                withIntermediateDirectories: true
            )
            try ReportWriter.write(
                baseline.json.serialized(options: JSONWriter.Options(pretty: true)) + "\n",
                to: destination
            )
            print(Self.describe(baseline, path: destination))
            return 0
        }
    }

    static func describe(_ baseline: Baseline, path: String) -> String {
        var lines = [
            "baseline: \(path) (\(baseline.runs) runs of \(baseline.provider.name), \(baseline.cases.count) cases)"
        ]
        func percent(_ value: Double?) -> String { value.map(format) ?? "n/a" }
        func format(_ value: Double) -> String {
            let hundredths = Int((value * 10_000).rounded())
            return "\(hundredths / 100).\(String(format: "%02d", abs(hundredths % 100)))%"
        }
        for (title, spreads) in [
            ("run vs run", baseline.pairwise), ("run vs baseline of the others", baseline.leaveOneOut),
        ] {
            guard !spreads.isEmpty else { continue }
            lines.append("  \(title): min / mean / max")
            for name in spreads.keys.sorted() {
                guard let spread = spreads[name], spread.min != nil else { continue }
                lines.append("    \(name): \(percent(spread.min)) / \(percent(spread.mean)) / \(percent(spread.max))")
            }
        }
        if baseline.runs < 2 {
            lines.append("  one run: no spread, so gates stay as configured; calibrate with --runs 2 or more")
        }
        let moved = baseline.determinism
        lines.append(
            moved.showedSpread
                ? "  the reference sampled: calls differed between runs in \(percent(moved.callsVaried)) of cases, text in "
                    + "\(percent(moved.textVaried)); its stream/non-stream twins differed in structure in "
                    + "\(moved.twinStructureDiffering) of \(moved.twinPairs); parity rule `\(moved.parityRule.name)`, "
                    + "model-judgement gates from its spread per suite, cases it wavers on judged by rate"
                : "  the reference answered every case alike in every run: parity rule `exact`, deterministic gates strict"
        )
        if moved.sampled {
            lines.append("  the calibration requests sampled (a temperature above 0, or none): check with the same sampling")
        }
        return lines.joined(separator: "\n")
    }
}
