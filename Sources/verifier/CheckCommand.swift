import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MockVendor
import VerifierCore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Replay requests against a provider and the reference; write evidence and a scorecard.",
        discussion: """
            Examples:
              verifier check --provider fireworks
              verifier check --provider fireworks --suite tool-choice --suite streaming
              verifier check --provider fireworks --replay samples.jsonl --mode both
              verifier check --provider fireworks --shard 2/4
            Every suite of Fixtures/suites and Fixtures/replay that applies to the model runs unless --suite narrows it.
            Reports go to Reports/<time>-<provider>/: evidence.jsonl, scorecard.json, summary.json, summary.md, junit.xml.
            """
    )

    @Option(name: .long, help: "The provider to check, as named in the configuration.")
    var provider: String

    @Option(name: .long, help: "The configuration file.")
    var config: String = "verifier.yaml"

    @OptionGroup var run: RunOptions

    @OptionGroup var referenceOptions: ReferenceOptions

    @Option(
        name: .long,
        help:
            "Continue an interrupted run in this folder (Reports/<run>): recorded cases are not sent again; a changed manifest is refused."
    )
    var resume: String?

    @Option(
        name: .long,
        help:
            "Run only shard i of n (i/n, e.g. 2/4): the cases whose fixture id hashes to it, repeats together. `verifier merge` joins the shards."
    )
    var shard: String?

    func run() async throws {
        let logger = bootstrapLogging(run.level)
        try await reportingErrors {
            let shard = try shard.map { text throws(VerifierError) in try Shard.parse(text) }
            let setup = try referenceOptions.setup(provider: provider, config: config, run: run)
            let (configuration, candidate, sources, resolved) =
                (setup.configuration, setup.candidate, setup.sources, setup.resolved)
            if let note = resolved.note { logger.notice("baseline not used", metadata: ["why": "\(note)"]) }
            let reference = resolved.reference
            let stamp = Self.stamp(Date())
            let suffix = shard.map { "-shard-\($0.index)-of-\($0.count)" } ?? ""
            var settings = run.configuration(
                directory: resume ?? run.output + "/" + stamp + "-" + candidate.name + suffix,
                model: configuration.model ?? candidate.model,
                configHash: configuration.contentHash,
                reference: reference,
                gates: resolved.gates,
                baseline: resolved.baseline,
                shard: shard
            )
            settings.output.resume = resume != nil
            var verification = VerificationRun(candidates: [candidate], sources: sources, configuration: settings)
            verification.progress = { ProgressPrinter.shared($0) }
            let interrupt = InterruptHandler(stop: verification.stop)
            defer { withExtendedLifetime(interrupt) {} }
            let prepared = verification
            let providers = [candidate] + (reference.map { [$0] } ?? [])
            let scorecards = try await MockHosting.withEndpoints(for: providers) { overrides in
                var configured = prepared
                configured.configuration.transport.endpointOverrides = overrides
                return try await HTTPClient.withVerifierClient { client in
                    try await configured.execute(httpClient: client, logger: logger)
                }
            }
            guard let scorecard = scorecards.first else { return Verdict.incomplete.exitCode }
            print(Self.describe(scorecard, folder: prepared.directory(for: candidate.name)))
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
                + (scorecard.triggerF1.map { ", trigger F1 \($0.percentWithIntervalText)" } ?? "")
        )
        for suite in scorecard.suites {
            let card = suite.scorecard
            var figures = ["\(card.requests + card.probes) requests"]
            if card.contract.denominator > 0 { figures.append("contract \(card.contract.percentText)") }
            if card.schemaAccuracy.denominator > 0 { figures.append("schema \(card.schemaAccuracy.percentText)") }
            if let f1 = card.triggerF1, f1.denominator > 0 { figures.append("trigger F1 \(f1.percentText)") }
            let top = card.topFailure.map { ", top failure \($0.label) ×\($0.count)" } ?? ""
            lines.append(
                "  suite \(suite.name): \(card.verdict.rawValue) (\(figures.joined(separator: ", "))\(top))"
            )
        }
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
