import Foundation
import Testing
import VerifierTestSupport

/// Runs the built binary's `report` over scorecard trees and checks exit codes, files and messages.
@Suite("verifier report", .timeLimit(.minutes(3)))
struct ReportCLITests {
    @Test func buildsTheSiteAndMarkdownAndListsSkippedScorecards() async throws {
        let folder = TestPaths.temporaryDirectory("report")
        try ScorecardFixtures.writeNightlyTree(at: folder + "/Reports")
        let result = try await CommandRunner.verifier(
            ["report", "Reports", "--html", "site", "--markdown", "board.md"],
            directory: folder
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 providers, 4 runs, 2 skipped"))
        #expect(result.stderr.contains("skipped Reports/night-3/broken/scorecard.json: line 3, column 3: not JSON"))
        #expect(result.stderr.contains("skipped Reports/night-3/anonymous/scorecard.json: no provider.name"))
        let index = try String(contentsOfFile: folder + "/site/index.html", encoding: .utf8)
        #expect(index.contains("providers/alpha.html"))
        #expect(FileManager.default.fileExists(atPath: folder + "/site/providers/alpha.html"))
        let board = try String(contentsOfFile: folder + "/board.md", encoding: .utf8)
        #expect(board.contains("| alpha |"))
        // The history links reach the run folders from site/providers/.
        let alpha = try String(contentsOfFile: folder + "/site/providers/alpha.html", encoding: .utf8)
        #expect(alpha.contains("href=\"../../Reports/night-1/alpha/scorecard.json\""))
    }

    @Test func nothingUsableExitsTwo() async throws {
        let folder = TestPaths.temporaryDirectory("report-empty")
        try FileManager.default.createDirectory(atPath: folder + "/Reports/x", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/Reports/x/scorecard.json", contents: Data("[1,".utf8))
        let result = try await CommandRunner.verifier(["report", "Reports", "--html", "site"], directory: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("skipped Reports/x/scorecard.json: line 1, column 4: not JSON"),
            "\(result.stderr)"
        )
        #expect(result.stderr.contains("No usable scorecard.json under Reports"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/site"))
        let missing = try await CommandRunner.verifier(["report", "nowhere"], directory: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("skipped nowhere: no such file or folder"))
    }

    @Test func checkWritesJUnitAndReportReadsItsRun() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        let check = try await CLITests.check(folder, limit: 8)
        #expect(check.status == 0, "\(check.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/Reports")
        let run = try #require(runs.first)
        let junit = try String(contentsOfFile: "\(folder)/Reports/\(run)/junit.xml", encoding: .utf8)
        #expect(
            junit.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vendor-verifier: candidate\""
            )
        )
        #expect(junit.contains("<testcase name=\"bfcl: agreement.trigger_f1\""))
        let report = try await CommandRunner.verifier(["report", "Reports"], directory: folder)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("| candidate | pass |"))
    }
}
