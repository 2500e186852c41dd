import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Runs killed with SIGKILL at arbitrary points and resumed end with the scorecard an uninterrupted run
/// gives — no lost and no duplicated cases — with the evidence chain intact; offline re-scoring gives
/// the same bytes; tampering is found.
@Suite("Resume, re-scoring and evidence integrity", .serialized, .timeLimit(.minutes(5)))
struct ResumeTests {
    static let fixtures = TestPaths.repositoryRoot + "/Fixtures"

    static func arguments(output: String) -> [String] {
        ["check", "--provider", "candidate", "--fixtures", fixtures, "--cases-per-suite", "48", "--output", output]
    }

    static func runFolder(_ output: String) throws -> String {
        let runs = try FileManager.default.contentsOfDirectory(atPath: output)
        return output + "/" + (try #require(runs.first))
    }

    /// The scorecard without what differs between any two executions: run times, latency, and evidence
    /// line numbers (records land in completion order).
    static func comparable(_ folder: String) throws -> String {
        let text = try String(contentsOfFile: folder + "/scorecard.json", encoding: .utf8)
        var value = try JSONValue.parse(text).objectValue ?? JSONObject()
        value["run"] = nil
        value["latency"] = nil
        var k2vv = value["k2vv"]?.objectValue ?? JSONObject()
        for key in k2vv.keys where key.hasPrefix("eval_") { k2vv[key] = nil }
        value["k2vv"] = .object(k2vv)
        let serialized = JSONValue.object(value).serialized(options: JSONWriter.Options(pretty: true))
        let pattern = try NSRegularExpression(pattern: "evidence\\.jsonl:[0-9]+")
        return pattern.stringByReplacingMatches(
            in: serialized,
            range: NSRange(serialized.startIndex..., in: serialized),
            withTemplate: "evidence.jsonl:N"
        )
    }

    static func markers(_ folder: String) throws -> [String] {
        let text = try String(contentsOfFile: folder + "/evidence.jsonl", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let record = try? JSONValue.parse(String(line)), record["kind"] == "case" else { return nil }
            return record["case"]?.stringValue
        }
    }

    @Test func killedAndResumedRunEqualsAnUninterruptedOne() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://drop-calls"))
        let whole = try await CommandRunner.verifier(Self.arguments(output: folder + "/whole"), directory: folder)
        #expect(whole.status == 1, "\(whole.stderr)")
        let wholeRun = try Self.runFolder(folder + "/whole")

        // Kill each attempt at a random point: once its evidence has grown by 40–250 records.
        let output = folder + "/killed"
        @Sendable func records() -> Int {
            let runs = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
            guard let run = runs.first,
                let data = FileManager.default.contents(atPath: output + "/" + run + "/evidence.jsonl")
            else { return 0 }
            return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }
        var interruptions = 0
        var finished = false
        var status: Int32 = -1
        var killedRun = ""
        for attempt in 0..<6 where !finished {
            let start = records()
            let grow = attempt < 3 ? Int.random(in: 40...250) : Int.max
            var arguments = Self.arguments(output: output)
            if attempt > 0 { arguments += ["--resume", killedRun] }
            let result = try await CommandRunner.verifierKilled(arguments, directory: folder) {
                records() - start >= grow
            }
            if killedRun.isEmpty { killedRun = try Self.runFolder(output) }
            status = result.status
            if result.killed {
                interruptions += 1
                // Killed mid-run, the chain is still intact up to the last complete record.
                let report = try EvidenceVerifier.verify(path: killedRun + "/evidence.jsonl")
                #expect(report.intact, "\(report.problem ?? "")")
            } else {
                finished = true
            }
        }
        #expect(finished)
        #expect(interruptions >= 2, "the runs ended before they could be killed; raise --cases-per-suite")
        #expect(status == whole.status)
        #expect(try Self.comparable(killedRun) == Self.comparable(wholeRun))
        // Every case recorded exactly once.
        let cases = try Self.markers(killedRun)
        #expect(cases.count == Set(cases).count)
        #expect(Set(cases) == Set(try Self.markers(wholeRun)))
        let report = try EvidenceVerifier.verify(path: killedRun + "/evidence.jsonl")
        #expect(report.intact && report.finished)
    }

    @Test func resumeRefusesAChangedManifest() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://faithful"))
        let output = folder + "/runs"
        let first = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", Self.fixtures, "--suite", "tool-choice", "--output",
                output,
            ],
            directory: folder
        )
        #expect(first.status == 0, "\(first.stderr)")
        let run = try Self.runFolder(output)
        let changed = try await CommandRunner.verifier(
            ["check", "--provider", "candidate", "--fixtures", Self.fixtures, "--suite", "parallel", "--resume", run],
            directory: folder
        )
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("cannot resume"), "\(changed.stderr)")
        #expect(changed.stderr.contains("suites"))
    }

    @Test func scoringOfflineGivesTheLiveScorecardByteForByte() async throws {
        let folder = CLITests.folder(with: CLITests.config(candidate: "mock://schema-violation"))
        let output = folder + "/runs"
        let live = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--fixtures", Self.fixtures, "--cases-per-suite", "12", "--output",
                output,
            ],
            directory: folder
        )
        #expect(live.status == 1)
        let run = try Self.runFolder(output)
        let liveBytes = try Data(contentsOf: URL(fileURLWithPath: run + "/scorecard.json"))
        for target in ["a", "b"] {
            let scored = try await CommandRunner.verifier(
                ["score", run, "--output", folder + "/" + target],
                directory: folder
            )
            #expect(scored.status == 1, "\(scored.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/\(target)/scorecard.json")) == liveBytes)
        }
        let verified = try await CommandRunner.verifier(["verify-evidence", run], directory: folder)
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("intact"))
    }
}

@Suite("Evidence chain")
struct EvidenceChainTests {
    static func log(_ records: Int) throws -> (EvidenceLog, String) {
        let path = TestPaths.temporaryDirectory("chain") + "/evidence.jsonl"
        let log = try EvidenceLog(path: path)
        try log.append(["kind": "manifest"])
        for index in 1..<records { try log.append(["n": .number(JSONNumber(index))]) }
        return (log, path)
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func write(_ lines: [String], _ path: String, newline: Bool = true) throws {
        try Data((lines.joined(separator: "\n") + (newline ? "\n" : "")).utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func intactChainVerifies() throws {
        let (log, path) = try Self.log(5)
        log.close()
        let report = try EvidenceVerifier.verify(path: path)
        #expect(report.intact && report.records == 5)
        #expect(try Self.lines(path)[0].hasPrefix(#"{"seq":1,"prev":"0000000000000000"#))
    }

    @Test(arguments: ["edit", "remove", "swap", "insert"])
    func tamperingIsFoundAtItsLine(_ change: String) throws {
        let (log, path) = try Self.log(6)
        log.close()
        var lines = try Self.lines(path)
        switch change {
        case "edit": lines[2] = lines[2].replacingOccurrences(of: "\"n\":2", with: "\"n\":3")
        case "remove": lines.remove(at: 2)
        case "swap": lines.swapAt(2, 3)
        default: lines.insert(lines[2], at: 3)
        }
        try Self.write(lines, path)
        let report = try EvidenceVerifier.verify(path: path)
        #expect(!report.intact)
        #expect(
            report.problem?.contains("evidence.jsonl:3") == true || report.problem?.contains("evidence.jsonl:4") == true
        )
    }

    @Test func aTornLastRecordIsCutAndTheChainContinues() throws {
        let (log, path) = try Self.log(4)
        log.close()
        var lines = try Self.lines(path)
        lines.append(#"{"seq":5,"prev":"abc","n":"#)
        try Self.write(lines, path, newline: false)
        #expect(try EvidenceVerifier.verify(path: path).partialTailBytes > 0)
        let (continued, discarded) = try EvidenceLog.continuing(path: path)
        #expect(discarded == #"{"seq":5,"prev":"abc","n":"#.utf8.count)
        #expect(try continued.append(["n": 5]) == 5)
        continued.close()
        let report = try EvidenceVerifier.verify(path: path)
        #expect(report.intact && report.records == 5 && report.partialTailBytes == 0)
    }
}
