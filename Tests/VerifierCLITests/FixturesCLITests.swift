import Foundation
import Testing
import VerifierTestSupport

/// `verifier fixtures list|validate` and `check --suite` through the built binary.
@Suite("verifier fixtures and suites", .timeLimit(.minutes(3)))
struct FixturesCLITests {
    @Test func listShowsEverySuiteWithCounts() async throws {
        let result = try await CommandRunner.verifier(["fixtures", "list"], directory: TestPaths.repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
        for name in [
            "tool-choice", "parallel", "multi-turn", "irrelevance", "requests", "schema", "edge", "usage", "usage-kimi",
            "bfcl",
        ] {
            #expect(result.stdout.contains(name + " "), "\(name) missing from:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("kimi only"))
    }

    @Test func validateReportsFileAndLineWithExitTwo() async throws {
        let folder = TestPaths.temporaryDirectory("fixtures-cli")
        let path = folder + "/broken.json"
        let text = """
            {
              "suite": "broken",
              "cases": [
                {"id": "a", "request": {"messages": [{"role": "user", "content": "hi"}], "tools": []}, "expect": {"calls": "none"}}
              ]
            }
            """
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        let result = try await CommandRunner.verifier(["fixtures", "validate", path], directory: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("broken.json:4: case `a`: the request is invalid for the API"),
            "\(result.stderr)"
        )
        let good = try await CommandRunner.verifier(["fixtures", "validate"], directory: TestPaths.repositoryRoot)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("tool-choice.json: 51 cases"))
    }

    @Test func checkRunsOneSuiteAndRefusesAnUnknownOne() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://ignores-tool-choice-none"))
        let fixtures = TestPaths.repositoryRoot + "/Fixtures"
        let result = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", fixtures, "--suite", "tool-choice", "--output",
                folder + "/Reports",
            ],
            directory: folder
        )
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("suite tool-choice: fail"))
        #expect(result.stdout.contains("contract.tool_choice_none"))
        let unknown = try await CommandRunner.verifier(
            ["check", "--provider", "candidate", "--fixtures", fixtures, "--suite", "tool-chioce"],
            directory: folder
        )
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown suite `tool-chioce`"))
    }
}
