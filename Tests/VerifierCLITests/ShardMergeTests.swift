import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// `check --shard i/n` and `merge`, through the built binary against in-process mock hosts: three shards
/// merged give the scorecard of the unsharded run (timing, run id and evidence line numbers aside), with
/// every case exactly once and the chain intact; inputs that are not the shards of one run are refused.
@Suite("Shards and merge", .serialized, .timeLimit(.minutes(8)))
struct ShardMergeTests {
    static let fixtures = ResumeTests.fixtures

    /// Every shipped suite, six cases each (replay files included).
    static func arguments(output: String, extra: [String] = []) -> [String] {
        ["check", "--provider", "candidate", "--fixtures", fixtures, "--cases-per-suite", "6", "--output", output]
            + extra
    }

    /// One profile run unsharded and as three shards, then merged.
    struct Runs: Sendable {
        var folder: String
        var whole: CommandRunner.Result
        var wholeRun: String
        var shardRuns: [String]
        var merge: CommandRunner.Result
        var merged: String
    }

    static func runs(profile: String) async throws -> Runs {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://\(profile)"))
        let whole = try await CommandRunner.verifier(arguments(output: folder + "/whole"), directory: folder)
        var shardRuns: [String] = []
        for index in 1...3 {
            let output = folder + "/shard\(index)"
            let result = try await CommandRunner.verifier(
                arguments(output: output, extra: ["--shard", "\(index)/3"]),
                directory: folder
            )
            #expect(result.status != 2, "\(result.stderr)")
            let run = try ResumeTests.runFolder(output)
            #expect(run.hasSuffix("-candidate-shard-\(index)-of-3"))
            shardRuns.append(run)
        }
        // Any order; folders holding run folders are accepted as well as the run folders themselves.
        let merge = try await CommandRunner.verifier(
            ["merge", folder + "/shard3", shardRuns[0], shardRuns[1] + "/scorecard.json", "--out", folder + "/merged"],
            directory: folder
        )
        return Runs(
            folder: folder,
            whole: whole,
            wholeRun: try ResumeTests.runFolder(folder + "/whole"),
            shardRuns: shardRuns,
            merge: merge,
            merged: folder + "/merged"
        )
    }

    static let faithful = Task { try await runs(profile: "faithful") }
    static let failing = Task { try await runs(profile: "drop-calls") }

    static func scorecard(_ folder: String) throws -> JSONValue {
        try JSONValue.parse(try String(contentsOfFile: folder + "/scorecard.json", encoding: .utf8))
    }

    @Test(arguments: ["faithful", "drop-calls"])
    func mergedShardsEqualTheUnshardedRun(_ profile: String) async throws {
        let runs = try await (profile == "faithful" ? Self.faithful : Self.failing).value
        #expect(runs.whole.status == (profile == "faithful" ? 0 : 1), "\(runs.whole.stderr)")
        #expect(runs.merge.status == runs.whole.status, "\(runs.merge.stdout)\n\(runs.merge.stderr)")
        #expect(runs.merge.stdout.contains("merged 3 shards"))
        #expect(try ResumeTests.comparable(runs.merged) == ResumeTests.comparable(runs.wholeRun))
        for file in ["evidence.jsonl", "scorecard.json", "summary.json", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: runs.merged + "/" + file), "\(file)")
        }
        // Each shard records its shard; the merge records none, and names its shards.
        for (index, run) in runs.shardRuns.enumerated() {
            #expect(try Self.scorecard(run)["run"]?["shard"] == .string("\(index + 1)/3"))
        }
        let merged = try Self.scorecard(runs.merged)
        #expect(merged["run"]?["shard"] == .null)
        #expect(merged["run"]?["id"] == "merged")
        #expect(try Self.scorecard(runs.wholeRun)["run"]?["shard"] == .null)
        let manifest = try JSONValue.parse(
            String(try String(contentsOfFile: runs.merged + "/evidence.jsonl", encoding: .utf8).prefix { $0 != "\n" })
        )
        #expect(manifest["shard"] == .null)
        let from = try #require(manifest["merged_from"]?.arrayValue)
        #expect(from.compactMap { $0["shard"]?.stringValue } == ["1/3", "2/3", "3/3"])
        for (entry, run) in zip(from, runs.shardRuns) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: run + "/evidence.jsonl"))
            #expect(entry["evidence_sha256"]?.stringValue == EvidenceRecord.sha256Hex(bytes))
            #expect(entry["run_id"]?.stringValue == URL(fileURLWithPath: run).lastPathComponent)
        }
        // Offline scoring of the merged evidence gives the merged scorecard byte for byte.
        let rescored = try await CommandRunner.verifier(
            ["score", runs.merged, "--output", runs.folder + "/rescored"],
            directory: runs.folder
        )
        #expect(rescored.status == runs.whole.status)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: runs.folder + "/rescored/scorecard.json"))
                == Data(contentsOf: URL(fileURLWithPath: runs.merged + "/scorecard.json"))
        )
    }

    @Test(arguments: ["faithful", "drop-calls"])
    func everyCaseOnceAndTheChainVerifies(_ profile: String) async throws {
        let runs = try await (profile == "faithful" ? Self.faithful : Self.failing).value
        let whole = try ResumeTests.markers(runs.wholeRun)
        var shardCases: [String] = []
        for (index, run) in runs.shardRuns.enumerated() {
            let cases = try ResumeTests.markers(run)
            #expect(!cases.isEmpty)
            let shard = try #require(Shard(index: index + 1, count: 3))
            #expect(cases.allSatisfy { shard.contains(caseID: $0) })
            shardCases += cases
        }
        #expect(shardCases.count == whole.count && Set(shardCases) == Set(whole))
        let merged = try ResumeTests.markers(runs.merged)
        #expect(merged.count == Set(merged).count)
        #expect(merged == shardCases)
        let verified = try await CommandRunner.verifier(["verify-evidence", runs.merged], directory: runs.folder)
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("intact") && verified.stdout.contains("finished"))
        // Every case marker points at records of its own case.
        let text = try String(contentsOfFile: runs.merged + "/evidence.jsonl", encoding: .utf8)
        let records = text.split(separator: "\n").map { try? JSONValue.parse(String($0)) }
        for record in records where record?["kind"] == "case" {
            for line in record?["lines"]?.arrayValue?.compactMap(\.intValue) ?? [] {
                #expect(records[line - 1]?["case"] == record?["case"])
            }
        }
    }

    @Test func refusesWhatIsNotTheShardsOfOneRun() async throws {
        let runs = try await Self.faithful.value
        let folder = runs.folder
        func merge(_ inputs: [String], _ out: String) async throws -> CommandRunner.Result {
            try await CommandRunner.verifier(["merge"] + inputs + ["--out", folder + "/" + out], directory: folder)
        }
        // A shard missing.
        let missing = try await merge([runs.shardRuns[0], runs.shardRuns[2]], "m1")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("shard 2/3 missing"), "\(missing.stderr)")
        // A shard twice.
        let twice = try await merge(runs.shardRuns + [runs.shardRuns[1]], "m2")
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("shard 2/3 is given 2 times"), "\(twice.stderr)")
        // An unsharded run.
        let unsharded = try await merge([runs.wholeRun] + runs.shardRuns, "m3")
        #expect(unsharded.status == 2)
        #expect(unsharded.stderr.contains("not a shard"), "\(unsharded.stderr)")
        // A shard of another run: other options (fewer cases per suite).
        let other = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", Self.fixtures, "--suite", "tool-choice",
                "--cases-per-suite", "4", "--shard", "2/3", "--output", folder + "/other",
            ],
            directory: folder
        )
        #expect(other.status == 0, "\(other.stderr)")
        let mixed = try await merge(
            [runs.shardRuns[0], try ResumeTests.runFolder(folder + "/other"), runs.shardRuns[2]],
            "m4"
        )
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("differ in"), "\(mixed.stderr)")
        #expect(mixed.stderr.contains("options") && mixed.stderr.contains("suites"), "\(mixed.stderr)")
        // Evidence is never overwritten.
        let again = try await merge(runs.shardRuns, "merged")
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        for out in ["m1", "m2", "m3", "m4"] {
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + out + "/evidence.jsonl"))
        }
    }

    /// A shard cut short mid-case (as a kill leaves it: exchange records of an unfinished case after the last
    /// marker) and resumed merges like one that ran through: its orphan and `resume` records are carried
    /// over and ignored by the scoring, as they are in the shard itself.
    @Test func aResumedShardMergesLikeAnUninterruptedOne() async throws {
        let runs = try await Self.failing.value
        let folder = runs.folder
        let copy = folder + "/resumed/" + URL(fileURLWithPath: runs.shardRuns[1]).lastPathComponent
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        let lines = try String(contentsOfFile: runs.shardRuns[1] + "/evidence.jsonl", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let markers = lines.indices.filter { lines[$0].contains(#""kind":"case""#) }
        // Cut after a case marker and one exchange record of a case still in flight (cases run concurrently,
        // so a marker may follow a marker: take the first marker past the middle that an exchange follows).
        let marker = try #require(
            markers[(markers.count / 2)...].first { $0 + 1 < lines.count && !lines[$0 + 1].contains(#""kind":"#) }
        )
        let cut = marker + 2
        try Data((lines.prefix(cut).joined(separator: "\n") + "\n").utf8)
            .write(to: URL(fileURLWithPath: copy + "/evidence.jsonl"))
        let resumed = try await CommandRunner.verifier(
            Self.arguments(output: folder + "/unused", extra: ["--shard", "2/3", "--resume", copy]),
            directory: folder
        )
        #expect(resumed.status != 2, "\(resumed.stderr)")
        let merge = try await CommandRunner.verifier(
            ["merge", runs.shardRuns[0], copy, runs.shardRuns[2], "--out", folder + "/merged-resumed"],
            directory: folder
        )
        #expect(merge.status == runs.whole.status, "\(merge.stderr)")
        #expect(try ResumeTests.comparable(folder + "/merged-resumed") == ResumeTests.comparable(runs.wholeRun))
        let text = try String(contentsOfFile: folder + "/merged-resumed/evidence.jsonl", encoding: .utf8)
        #expect(text.contains(#""kind":"resume""#) && text.contains(#""orphan_records":1"#))
        #expect(try ResumeTests.markers(folder + "/merged-resumed").count == ResumeTests.markers(runs.wholeRun).count)
        let report = try EvidenceVerifier.verify(path: folder + "/merged-resumed/evidence.jsonl")
        #expect(report.intact && report.finished)
    }

    @Test func refusesABrokenChain() async throws {
        let runs = try await Self.faithful.value
        let copy = runs.folder + "/tampered"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        let path = copy + "/evidence.jsonl"
        var lines = try String(contentsOfFile: runs.shardRuns[1] + "/evidence.jsonl", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // One byte more in record 4: still JSON, but record 5's `prev` no longer matches it.
        lines[3] += " "
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let result = try await CommandRunner.verifier(
            ["merge", runs.shardRuns[0], copy, runs.shardRuns[2], "--out", runs.folder + "/m5"],
            directory: runs.folder
        )
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("chain is broken") && result.stderr.contains("evidence.jsonl:5"),
            "\(result.stderr)"
        )
    }

    @Test func anIncompleteShardIsRefusedUnlessAllowed() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        let base = ["check", "--provider", "candidate", "--fixtures", Self.fixtures, "--suite", "tool-choice"]
        for index in 1...2 {
            // The second shard stops at a request ceiling: incomplete.
            let ceiling = index == 2 ? ["--max-requests", "20"] : []
            let result = try await CommandRunner.verifier(
                base + ["--shard", "\(index)/2", "--output", folder + "/shards"] + ceiling,
                directory: folder
            )
            #expect(result.status == (index == 2 ? 2 : 0), "\(result.stderr)")
        }
        let refused = try await CommandRunner.verifier(
            ["merge", folder + "/shards", "--out", folder + "/merged"],
            directory: folder
        )
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("shard 2/2"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-incomplete"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/merged/evidence.jsonl"))
        let allowed = try await CommandRunner.verifier(
            ["merge", folder + "/shards", "--out", folder + "/merged", "--allow-incomplete"],
            directory: folder
        )
        #expect(allowed.status == 2, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("INCOMPLETE"), "\(allowed.stdout)")
        #expect(try Self.scorecard(folder + "/merged")["verdict"] == "incomplete")
        let report = try EvidenceVerifier.verify(path: folder + "/merged/evidence.jsonl")
        #expect(report.intact && !report.finished)
    }

    @Test(arguments: ["0/3", "4/3", "a/b"])
    func badShardValuesExitTwo(_ value: String) async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        for command in ["check", "plan"] {
            let result = try await CommandRunner.verifier(
                [
                    command, "--provider", "candidate", "--fixtures", Self.fixtures, "--shard", value, "--output",
                    folder + "/runs",
                ],
                directory: folder
            )
            #expect(result.status == 2, "\(command) \(value)")
            #expect(result.stderr.contains("--shard \(value)"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/runs"))
    }

    @Test func planCountsOnlyTheShard() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        func cases(_ extra: [String]) async throws -> Int {
            let result = try await CommandRunner.verifier(
                ["plan", "--provider", "candidate", "--fixtures", Self.fixtures, "--suite", "tool-choice"] + extra,
                directory: folder
            )
            #expect(result.status == 0, "\(result.stderr)")
            let total = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("total") })
            return try #require(Int(total.split(separator: " ")[1]))
        }
        let whole = try await cases([])
        var sum = 0
        for index in 1...3 { sum += try await cases(["--shard", "\(index)/3"]) }
        #expect(sum == whole && whole > 0)
    }

    @Test func resumeRefusesAnotherShard() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        let base = ["check", "--provider", "candidate", "--fixtures", Self.fixtures, "--suite", "tool-choice"]
        let first = try await CommandRunner.verifier(
            base + ["--shard", "1/2", "--output", folder + "/runs"],
            directory: folder
        )
        #expect(first.status == 0, "\(first.stderr)")
        let run = try ResumeTests.runFolder(folder + "/runs")
        for other in [["--shard", "2/2"], []] {
            let resumed = try await CommandRunner.verifier(base + other + ["--resume", run], directory: folder)
            #expect(resumed.status == 2)
            #expect(resumed.stderr.contains("cannot resume") && resumed.stderr.contains("shard"), "\(resumed.stderr)")
        }
        let same = try await CommandRunner.verifier(base + ["--shard", "1/2", "--resume", run], directory: folder)
        #expect(same.status == 0, "\(same.stderr)")
    }
}
