import ArgumentParser
import Foundation
import VerifierCore

struct FixturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "List, validate and convert fixtures.",
        subcommands: [List.self, Validate.self, ImportBFCL.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Validate suites (.json) and replay files (.jsonl); exit 2 naming file and line of every problem.",
            discussion: "Without arguments, every file of Fixtures/suites and Fixtures/replay."
        )

        @Argument(help: "Suite or replay files. Default: every suite and replay file of the fixtures folder.")
        var files: [String] = []

        @Option(name: .long, help: "The Fixtures folder. Default: ./Fixtures, or the nearest one above.")
        var fixtures: String?

        func run() async throws {
            try await reportingErrors {
                var paths = files
                if paths.isEmpty {
                    var options = try RunOptions.parse([])
                    options.fixtures = fixtures
                    paths = SuiteCatalog.discover(fixtures: try options.fixturesDirectory()).map(\.path)
                    // Names must be unique across suites and replay files.
                    _ = try SuiteCatalog.load(fixtures: try options.fixturesDirectory(), names: [], model: "")
                }
                var problems: [String] = []
                for path in paths {
                    do throws(VerifierError) {
                        if path.hasSuffix(".jsonl") {
                            let file = try ReplayFile.validate(path: path)
                            print("\(path): \(file.count) requests, sha256 \(file.sha256)")
                        } else {
                            let suite = try FixtureSuite.load(path: path)
                            print(
                                "\(path): \(suite.cases.count) cases, \(suite.requestCount) requests, sha256 \(suite.sha256)"
                            )
                        }
                    } catch {
                        problems.append(error.message)
                    }
                }
                if !problems.isEmpty { throw VerifierError(.invalidFixture, problems.joined(separator: "\n")) }
                return 0
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the suites and replay files: cases, requests per provider, modes, oracle."
        )

        @Option(name: .long, help: "The Fixtures folder. Default: ./Fixtures, or the nearest one above.")
        var fixtures: String?

        func run() async throws {
            try await reportingErrors {
                var options = try RunOptions.parse([])
                options.fixtures = fixtures
                let folder = try options.fixturesDirectory()
                let sources = try SuiteCatalog.load(
                    fixtures: folder,
                    names: SuiteCatalog.discover(fixtures: folder).map(\.name)
                )
                var rows: [[String]] = [["suite", "kind", "cases", "requests", "modes", "expectations", "runs for"]]
                for source in sources {
                    switch source {
                    case .replay(let file):
                        rows.append([
                            source.name, "replay", "\(file.count)", "\(file.count)", "recorded", "oracle: reference",
                            "every model",
                        ])
                    case .suite(let suite):
                        let modes = Set(suite.cases.map(\.modes.rawValue)).sorted().joined(separator: ",")
                        var kinds: [String: Int] = [:]
                        for fixture in suite.cases {
                            let expectation = fixture.expectation
                            if expectation.calls != nil { kinds["calls", default: 0] += 1 }
                            if expectation.status != nil { kinds["status", default: 0] += 1 }
                            if expectation.oracleReference { kinds["reference", default: 0] += 1 }
                            if expectation.reasoningKept { kinds["reasoning", default: 0] += 1 }
                            if expectation.promptTokens != nil { kinds["prompt_tokens", default: 0] += 1 }
                        }
                        let summary = kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                            separator: ", "
                        )
                        rows.append([
                            suite.name, "labelled", "\(suite.cases.count)", "\(suite.requestCount)", modes, summary,
                            suite.models.map { $0.joined(separator: ", ") + " only" } ?? "every model",
                        ])
                    }
                }
                let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
                for row in rows {
                    print(
                        zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0)
                        }
                        .joined(separator: "  ")
                    )
                }
                print(
                    "\nFolder: \(folder). `verifier check` runs every suite that applies to the model; --suite NAME narrows it."
                )
                return 0
            }
        }
    }

    struct ImportBFCL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-bfcl",
            abstract: "Convert BFCL questions and possible answers into a replay file and a labelled suite.",
            discussion: """
                Writes the replay file (requests only, judged against the reference) and the labelled suite \
                bfcl-answers (each question with its possible answers as expected calls, irrelevance questions \
                expecting no call), then validates both.
                """
        )

        @Argument(help: "A BFCL data folder holding BFCL_v4_<category>.json files and possible_answer/.")
        var directory: String

        @Option(name: .long, help: "Where to write the replay file.")
        var replay: String = "Fixtures/replay/bfcl.jsonl"

        @Option(name: .long, help: "Where to write the labelled suite.")
        var suite: String = "Fixtures/suites/bfcl-answers.json"

        func run() async throws {
            try await reportingErrors {
                let text = try BFCLConverter.replayLines(directory: directory)
                try ReportWriter.write(text, to: replay)
                let file = try ReplayFile.validate(path: replay)
                print("wrote \(file.count) requests to \(replay)")
                try ReportWriter.write(try BFCLConverter.labelledSuite(directory: directory), to: suite)
                let labelled = try FixtureSuite.load(path: suite)
                print("wrote \(labelled.cases.count) labelled cases to \(suite)")
                return 0
            }
        }
    }
}
