import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// SIGINT, ceilings, the run deadline and `plan`, through the built binary: each stops the run as
/// incomplete (exit 2) with what was done kept, consistent and resumable.
@Suite("Run bounds and ceilings", .serialized, .timeLimit(.minutes(5)))
struct RunBoundsTests {
    static func records(_ output: String) -> Int {
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        guard let run = runs.first,
            let data = FileManager.default.contents(atPath: output + "/" + run + "/evidence.jsonl")
        else { return 0 }
        return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    @Test func sigintStopsCleanlyAndTheRunResumes() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://drop-calls"))
        let whole = try await CommandRunner.verifier(
            ResumeTests.arguments(output: folder + "/whole"),
            directory: folder
        )
        let output = folder + "/interrupted"
        let result = try await CommandRunner.verifierKilled(
            ResumeTests.arguments(output: output),
            directory: folder,
            signal: SIGINT,
            output: folder + "/stdout.txt"
        ) { Self.records(output) >= 150 }
        #expect(result.killed, "the run ended before it could be interrupted")
        #expect(result.status == 2)
        let printed = try String(contentsOfFile: folder + "/stdout.txt", encoding: .utf8)
        #expect(printed.contains("INCOMPLETE"), "\(printed)")
        #expect(printed.contains("interrupted by SIGINT"))
        let run = try ResumeTests.runFolder(output)
        let report = try EvidenceVerifier.verify(path: run + "/evidence.jsonl")
        #expect(report.intact && !report.finished && report.partialTailBytes == 0)
        // Offline scoring of the stopped run says the same.
        let scored = try await CommandRunner.verifier(
            ["score", run, "--output", folder + "/scored"],
            directory: folder
        )
        #expect(scored.status == 2)
        let resumed = try await CommandRunner.verifier(
            ResumeTests.arguments(output: output) + ["--resume", run],
            directory: folder
        )
        #expect(resumed.status == whole.status, "\(resumed.stderr)")
        #expect(try ResumeTests.comparable(run) == ResumeTests.comparable(try ResumeTests.runFolder(folder + "/whole")))
    }

    @Test func requestCeilingStopsAsIncompleteAndKeepsWhatWasDone() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        let result = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", ResumeTests.fixtures, "--suite", "tool-choice",
                "--max-requests", "60", "--output", folder + "/runs",
            ],
            directory: folder
        )
        #expect(result.status == 2)
        #expect(result.stdout.contains("the request ceiling (--max-requests 60) was reached"), "\(result.stdout)")
        let run = try ResumeTests.runFolder(folder + "/runs")
        let cases = try ResumeTests.markers(run)
        #expect(cases.count == 15)  // 4 requests a case: two modes, each also sent to the reference
        let resumed = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", ResumeTests.fixtures, "--suite", "tool-choice",
                "--max-requests", "60", "--resume", run,
            ],
            directory: folder
        )
        // The same ceiling counts this session's requests: 15 more cases.
        #expect(resumed.status == 2)
        #expect(try ResumeTests.markers(run).count == 30)
    }

    @Test func deadlineStopsTheRunInTime() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", ResumeTests.fixtures, "--deadline", "1", "--output",
                folder + "/runs",
            ],
            directory: folder
        )
        #expect(clock.now - start < .seconds(20))
        #expect(result.status == 2)
        #expect(result.stdout.contains("the run deadline of 1 s passed"), "\(result.stdout)")
        let report = try EvidenceVerifier.verify(path: try ResumeTests.runFolder(folder + "/runs") + "/evidence.jsonl")
        #expect(report.intact)
    }

    @Test func planPrintsRequestsAndACostCeilingWithoutTraffic() async throws {
        let config = CLITests.config(candidate: "mock://faithful")
            .replacingOccurrences(of: "    timeout: 2", with: "    timeout: 2\n    price: {input: 1.0, output: 2.0}")
        let folder = CLITests.folder(with: config)
        let result = try await CommandRunner.verifier(
            ["plan", "--provider", "candidate", "--fixtures", ResumeTests.fixtures, "--suite", "tool-choice"],
            directory: folder
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("tool-choice"))
        #expect(result.stdout.contains("candidate: 102 requests, at most"))
        #expect(result.stdout.contains("official (reference): 102 requests, no price configured"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/Reports"))
    }

    @Test func planSizesARunForAnIntervalWidthAndRepeatsMultiplyTheCases() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        let arguments = ["plan", "--provider", "candidate", "--fixtures", ResumeTests.fixtures, "--suite", "tool-choice"]
        let sized = try await CommandRunner.verifier(arguments + ["--interval-width", "0.1"], directory: folder)
        #expect(sized.status == 0, "\(sized.stderr)")
        // 51 cases in both modes: 102 answers give a 95 % interval 19 points wide at 50 %; 10 points need
        // 394 answers, four repeats.
        #expect(sized.stdout.contains("tool-choice: 102 answers at 50.00% → width 19.05%"), "\(sized.stdout)")
        #expect(sized.stdout.contains("10.00% needs 394 answers: --repeats 4"), "\(sized.stdout)")
        let repeated = try await CommandRunner.verifier(arguments + ["--repeats", "4"], directory: folder)
        #expect(repeated.stdout.contains("candidate: 408 requests"), "\(repeated.stdout)")
        let wrong = try await CommandRunner.verifier(arguments + ["--interval-width", "1.5"], directory: folder)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("--interval-width must be between 0 and 1"))
    }
}
