import ArgumentParser
import Foundation
import VerifierCore

struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shards of a sharded run (check --shard i/n) into one evidence file and scorecard.",
        discussion: """
            Examples:
              verifier merge shards/*-fireworks-shard-* --out merged/fireworks
              verifier merge shards/ --out merged/ --allow-incomplete
            Each argument is a shard's run folder, its scorecard.json or its evidence.jsonl, or a folder whose \
            subfolders are shard run folders. The shards must be 1…n of one n, with manifests equal apart from \
            the shard (fixtures, configuration, candidate, reference, gates, options), and each evidence chain \
            intact and finished. The merged evidence.jsonl (a new manifest with `merged_from`, every shard's \
            records renumbered, an end record) is scored as `verifier score` scores it: the scorecard equals \
            the unsharded run's apart from timing, run id and evidence line numbers.
            Exit codes: the merged verdict's (0 pass, 1 fail, 2 incomplete); 2 when the inputs cannot be merged.
            """
    )

    @Argument(help: "Shard run folders (or their scorecard.json / evidence.jsonl), or folders holding them.")
    var shards: [String]

    @Option(name: .long, help: "The folder to write the merged evidence and reports into (must not hold evidence).")
    var out: String

    @Flag(
        name: .long,
        help: "Merge shards that did not finish (stopped or interrupted); the merged verdict is then incomplete."
    )
    var allowIncomplete = false

    func run() async throws {
        try await reportingErrors {
            var files: [String] = []
            for argument in shards { files += try Self.evidence(for: argument) }
            let outcome = try EvidenceMerger.merge(evidence: files, into: out, allowIncomplete: allowIncomplete)
            let cases = outcome.shards.reduce(0) { $0 + $1.cases }
            print("merged \(outcome.shards.count) shards (\(cases) cases) into \(outcome.evidencePath)")
            for shard in outcome.shards {
                let state = shard.unfinished.map { "did not finish: \($0)" } ?? "finished"
                print(
                    "  shard \(shard.shard): \(shard.cases) cases, \(shard.records) records, \(state) — \(shard.path)"
                )
            }
            print(CheckCommand.describe(outcome.scorecard, folder: out))
            return outcome.scorecard.verdict.exitCode
        }
    }

    /// The evidence files an argument names.
    static func evidence(for argument: String) throws(VerifierError) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            throw VerifierError(.invalidFixture, "\(argument): no such file or folder.")
        }
        if isDirectory.boolValue { return try evidenceFiles(in: argument) }
        if argument.hasSuffix(".jsonl") { return [argument] }
        let beside = URL(fileURLWithPath: argument).deletingLastPathComponent().path + "/evidence.jsonl"
        guard manager.fileExists(atPath: beside) else {
            throw VerifierError(
                .invalidFixture,
                "\(argument): no evidence.jsonl beside it; merge needs each shard's evidence, not only its scorecard."
            )
        }
        return [beside]
    }
}
