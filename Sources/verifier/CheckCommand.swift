import ArgumentParser
import AsyncHTTPClient
import Foundation
import MockVendor
import VerifierCore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Replay requests against a provider and the reference; write evidence and a scorecard.",
        discussion: """
            Examples:
              verifier check --provider fireworks
              verifier check --provider fireworks --replay samples.jsonl --mode both
            Reports go to Reports/<time>-<provider>/: evidence.jsonl, scorecard.json, summary.json, summary.md.
            """
    )

    @Option(name: .long, help: "The provider to check, as named in the configuration.")
    var provider: String

    @Option(name: .long, help: "The configuration file.")
    var config: String = "verifier.yaml"

    @OptionGroup var run: RunOptions

    func run() async throws {
        let logger = bootstrapLogging(run.level)
        try await reportingErrors {
            let configuration = try VerifierConfiguration.load(path: config)
            guard let candidate = configuration.provider(named: provider) else {
                let known = configuration.providers.map(\.name).joined(separator: ", ")
                throw VerifierError(
                    .invalidConfiguration,
                    "\(config): no provider named `\(provider)`; known providers: \(known)."
                )
            }
            let reference = configuration.referenceProvider.flatMap { $0.name == candidate.name ? nil : $0 }
            let replay = try run.replayFiles()
            let stamp = Self.stamp(Date())
            let verification = VerificationRun(
                candidates: [candidate],
                reference: reference,
                replay: replay,
                outputDirectory: run.output + "/" + stamp + "-" + candidate.name,
                gates: configuration.gates,
                modes: run.modeSelection,
                limit: run.limit,
                model: configuration.model ?? candidate.model,
                configHash: configuration.contentHash
            )
            let providers = [candidate] + (reference.map { [$0] } ?? [])
            let scorecards = try await MockHosting.withEndpoints(for: providers) { overrides in
                var configured = verification
                configured.endpointOverrides = overrides
                configured.checkParity = run.parity
                return try await HTTPClient.withVerifierClient { client in
                    try await configured.execute(httpClient: client, logger: logger)
                }
            }
            guard let scorecard = scorecards.first else { return Verdict.incomplete.exitCode }
            print(Self.describe(scorecard, folder: verification.directory(for: candidate.name)))
            return scorecard.verdict.exitCode
        }
    }

    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }

    static func describe(_ scorecard: Scorecard, folder: String) -> String {
        var lines: [String] = []
        lines.append(
            "\(scorecard.provider.name): \(scorecard.verdict.rawValue.uppercased()) — \(scorecard.verdictReason)"
        )
        lines.append(
            "  requests \(scorecard.requests) (\(scorecard.streamedRequests) streamed), delivery \(scorecard.delivery.percentText), "
                + "wire clean \(scorecard.wireErrorFree.percentText), schema accuracy \(scorecard.schemaAccuracy.percentText)"
                + (scorecard.triggerF1.map { ", trigger F1 \($0.percentText)" } ?? "")
        )
        for entry in scorecard.failures.sorted.prefix(5) {
            let example = entry.examples.first
            lines.append(
                "  \(entry.label) ×\(entry.count): \((example?.message ?? "").clipped(140)) [\(folder)/\(example?.evidence ?? "")]"
            )
        }
        lines.append("  report: \(folder)/summary.md")
        return lines.joined(separator: "\n")
    }
}

extension String {
    func clipped(_ limit: Int) -> String {
        count <= limit ? self : String(prefix(limit)) + "…"
    }
}
