import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// `verifier compare` through the built binary, on scorecards of real runs against the mock hosts.
@Suite("verifier compare", .serialized, .timeLimit(.minutes(8)))
struct CompareCLITests {
    @Test func aRegressionExitsOneAndAFixZero() async throws {
        let good = try await ShardMergeTests.faithful.value
        let bad = try await ShardMergeTests.failing.value
        let worse = try await CommandRunner.verifier(["compare", good.wholeRun, bad.wholeRun + "/scorecard.json"])
        #expect(worse.status == 1, "\(worse.stderr)")
        #expect(worse.stdout.contains("result: REGRESSION"))
        #expect(worse.stdout.contains("overall: pass → fail"))
        #expect(worse.stdout.contains("+ agree.missed_call (error) 0 →"), "\(worse.stdout)")
        #expect(worse.stdout.contains("beyond noise"))
        let better = try await CommandRunner.verifier(["compare", bad.wholeRun, good.wholeRun, "--markdown"])
        #expect(better.status == 0, "\(better.stderr)")
        #expect(better.stdout.hasPrefix("# Scorecard comparison"))
        #expect(better.stdout.contains("| fix |"))
        let json = try await CommandRunner.verifier(["compare", good.wholeRun, bad.wholeRun, "--json"])
        #expect(json.status == 1)
        let value = try JSONValue.parse(json.stdout)
        #expect(value["regression"] == true)
        #expect(value["sections"]?[0]?["name"] == "overall")
        #expect(value["sections"]?[0]?["metrics"]?.arrayValue?.isEmpty == false)
    }

    @Test func aMergedRunComparesEqualToTheUnshardedOne() async throws {
        let runs = try await ShardMergeTests.failing.value
        let result = try await CommandRunner.verifier(["compare", runs.wholeRun, runs.merged])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("result: no gate went from pass to fail."))
        #expect(result.stdout.contains("overall: fail — no change"), "\(result.stdout)")
        #expect(!result.stdout.contains("warning"))
        #expect(!result.stdout.contains("gates crossed"))
    }

    @Test func differentFixturesAreWarnedAbout() async throws {
        let runs = try await ShardMergeTests.faithful.value
        let folder = runs.folder
        let small = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", ShardMergeTests.fixtures, "--suite", "tool-choice",
                "--output", folder + "/small",
            ],
            directory: folder
        )
        #expect(small.status == 0, "\(small.stderr)")
        let result = try await CommandRunner.verifier([
            "compare", runs.wholeRun, try ResumeTests.runFolder(folder + "/small"),
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning: the fixtures differ"), "\(result.stdout)")
    }

    @Test func unreadableInputExitsTwo() async throws {
        let runs = try await ShardMergeTests.faithful.value
        let bad = runs.folder + "/bad.json"
        try Data("{\"verdict\": ".utf8).write(to: URL(fileURLWithPath: bad))
        let notScorecard = runs.folder + "/other.json"
        try Data("{\"verdict\": \"pass\"}".utf8).write(to: URL(fileURLWithPath: notScorecard))
        for (old, expected) in [
            (bad, "not JSON"), (notScorecard, "not a vendor-verifier scorecard"),
            (runs.folder + "/none.json", "cannot read"),
        ] {
            let result = try await CommandRunner.verifier(["compare", old, runs.wholeRun])
            #expect(result.status == 2)
            #expect(result.stderr.contains(expected), "\(result.stderr)")
        }
    }
}
