import ArgumentParser
import Foundation
import VerifierCore

/// The evidence files of a run folder: its own, or one per candidate subfolder.
func evidenceFiles(in run: String) throws(VerifierError) -> [String] {
    let manager = FileManager.default
    if manager.fileExists(atPath: run + "/evidence.jsonl") { return [run + "/evidence.jsonl"] }
    let children = ((try? manager.contentsOfDirectory(atPath: run)) ?? []).sorted()
    let files = children.map { run + "/" + $0 + "/evidence.jsonl" }.filter { manager.fileExists(atPath: $0) }
    guard !files.isEmpty else {
        throw VerifierError(.invalidFixture, "\(run): no evidence.jsonl here or in its subfolders.")
    }
    return files
}

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract:
            "Score a run again from its evidence, with no network; the same evidence gives the same scorecard, byte for byte.",
        discussion: """
            Every exchange is judged anew from its recorded bytes and every completed case assembled as the live \
            run did, so a fixed check or a changed gate shows on old evidence. Writes scorecard.json, summary.json, \
            summary.md and junit.xml next to each evidence.jsonl (or into --output).
            """
    )

    @Argument(help: "A run folder (Reports/<run>) or an evidence.jsonl.")
    var run: String

    @Option(name: .long, help: "Write the reports here instead of beside the evidence.")
    var output: String?

    func run() async throws {
        try await reportingErrors {
            let files = run.hasSuffix(".jsonl") ? [run] : try evidenceFiles(in: run)
            var verdicts: [Verdict] = []
            for file in files {
                let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
                let scorecard = try EvidenceScorer.scorecard(path: file)
                let target = output.map { files.count == 1 ? $0 : $0 + "/" + scorecard.provider.name } ?? folder
                try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                try ReportWriter.write(scorecard, to: target)
                print(CheckCommand.describe(scorecard, folder: folder))
                verdicts.append(scorecard.verdict)
            }
            return Verdict.worst(verdicts).exitCode
        }
    }
}

struct VerifyEvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-evidence",
        abstract: "Check the hash chain of a run's evidence: exit 0 intact, 1 broken, 2 unreadable."
    )

    @Argument(help: "A run folder (Reports/<run>) or an evidence.jsonl.")
    var run: String

    func run() async throws {
        try await reportingErrors {
            let files = run.hasSuffix(".jsonl") ? [run] : try evidenceFiles(in: run)
            var broken = false
            for file in files {
                let report = try EvidenceVerifier.verify(path: file)
                if let problem = report.problem {
                    broken = true
                    print("\(file): BROKEN — \(problem)")
                    continue
                }
                let state =
                    report.finished
                    ? "finished"
                    : "interrupted (resumable with `verifier check … --resume \(URL(fileURLWithPath: file).deletingLastPathComponent().path)`)"
                let tail =
                    report.partialTailBytes > 0 ? "; a partial last record of \(report.partialTailBytes) bytes" : ""
                print("\(file): intact — \(report.records) records, \(report.completedCases) cases, \(state)\(tail)")
            }
            return broken ? 1 : 0
        }
    }
}
