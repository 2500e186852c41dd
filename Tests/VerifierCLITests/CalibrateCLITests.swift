import Foundation
import Testing
import VerifierTestSupport

/// `verifier calibrate` and checks judged against its baseline, through the built binary.
@Suite("verifier calibrate", .timeLimit(.minutes(5)))
struct CalibrateCLITests {
    static let fixtures = TestPaths.repositoryRoot + "/Fixtures"

    static func folder(reference: Bool = true) -> String {
        let config = """
            model: mock-model
            \(reference ? "reference: official" : "")
            providers:
              official:
                base_url: mock://faithful
                api_key_env: none
              candidate:
                base_url: mock://drop-calls
                api_key_env: none
            """
        let folder = TestPaths.temporaryDirectory("calibrate-cli")
        _ = FileManager.default.createFile(atPath: folder + "/verifier.yaml", contents: Data(config.utf8))
        return folder
    }

    static func calibrate(_ folder: String, runs: Int = 2, suite: String = "tool-choice") async throws
        -> CommandRunner.Result
    {
        try await CommandRunner.verifier(
            [
                "calibrate", "--provider", "official", "--runs", String(runs), "--fixtures", fixtures, "--suite",
                suite, "--cases-per-suite", "12", "--output", folder + "/Reports", "--out", folder + "/baseline.json",
            ],
            directory: folder
        )
    }

    static func check(_ folder: String, source: String, suite: String = "tool-choice") async throws
        -> CommandRunner.Result
    {
        try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", fixtures, "--suite", suite, "--cases-per-suite", "12",
                "--output", folder + "/Reports", "--reference-source", source, "--baseline", folder + "/baseline.json",
            ],
            directory: folder
        )
    }

    @Test func calibrateWritesABaselineThatStandsInForTheReference() async throws {
        let folder = Self.folder()
        let calibration = try await Self.calibrate(folder)
        #expect(calibration.status == 0, "\(calibration.stderr)")
        #expect(calibration.stdout.contains("run 2/2:"))
        #expect(calibration.stdout.contains("run vs run: min / mean / max"))
        #expect(calibration.stdout.contains("trigger_f1: 100.00% / 100.00% / 100.00%"))
        let text = try String(contentsOfFile: folder + "/baseline.json", encoding: .utf8)
        #expect(text.contains("\"format\": \"vendor-verifier-baseline/1\""))
        // Each calibration run's scorecard and manifest say what the run was for.
        let calibrationFolder = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder + "/Reports").first {
                $0.hasSuffix("-calibrate-official")
            }
        )
        let runFolder = "\(folder)/Reports/\(calibrationFolder)/run-1"
        let runCard = try String(contentsOfFile: runFolder + "/scorecard.json", encoding: .utf8)
        #expect(runCard.contains("\"purpose\": \"calibration\""))
        let manifest = try String(contentsOfFile: runFolder + "/evidence.jsonl", encoding: .utf8).prefix { $0 != "\n" }
        #expect(manifest.contains("\"purpose\":\"calibration\""))
        #expect(text.contains("\"tool-choice.json\""))

        let result = try await Self.check(folder, source: "baseline")
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("candidate: FAIL"))
        let run = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder + "/Reports").first {
                $0.hasSuffix("-candidate")
            }
        )
        let scorecard = try String(contentsOfFile: "\(folder)/Reports/\(run)/scorecard.json", encoding: .utf8)
        #expect(scorecard.contains("\"source\": \"baseline\""))
        #expect(scorecard.contains("\"gate_source\": \"baseline\""))
        let evidence = try String(contentsOfFile: "\(folder)/Reports/\(run)/evidence.jsonl", encoding: .utf8)
        let references = evidence.split(separator: "\n").filter { $0.contains("\"role\":\"reference\"") }
        #expect(!references.isEmpty)
        // No request went to the reference: every reference answer was synthesised from the baseline.
        #expect(
            references.allSatisfy {
                $0.contains("\"provider\":\"baseline:official\"") && $0.contains("\"synthesized\"")
            }
        )
    }

    @Test func aBaselineForOtherFixturesIsRefusedWithExitTwo() async throws {
        let folder = Self.folder()
        #expect(try await Self.calibrate(folder, runs: 1).status == 0)
        let result = try await Self.check(folder, source: "baseline", suite: "parallel")
        #expect(result.status == 2)
        #expect(result.stderr.contains("parallel.json was not calibrated"), "\(result.stderr)")
        // Nothing was sent: the only report folder is the calibration's.
        let reports = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/Reports")) ?? []
        #expect(reports.allSatisfy { $0.contains("calibrate") }, "\(reports)")
    }

    @Test func unusableReferenceSourcesExitTwo() async throws {
        let folder = Self.folder(reference: false)
        let live = try await Self.check(folder, source: "live")
        #expect(live.status == 2)
        #expect(live.stderr.contains("needs a `reference:` provider"), "\(live.stderr)")
        let missing = try await Self.check(folder, source: "baseline")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such baseline"), "\(missing.stderr)")
        let runs = try await CommandRunner.verifier(
            ["calibrate", "--provider", "official", "--runs", "0"],
            directory: folder
        )
        #expect(runs.status == 64)
        #expect(runs.stderr.contains("--runs must be between 1 and 100"))
    }
}
