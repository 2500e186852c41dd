import ArgumentParser
import Foundation
import VerifierCore

struct FixturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Validate and convert fixtures.",
        subcommands: [Validate.self, ImportBFCL.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate replay files (every line a request body); exit 2 naming file and line on error."
        )

        @Argument(help: "Replay files. Default: Fixtures/replay/*.jsonl.")
        var files: [String] = []

        func run() async throws {
            try await reportingErrors {
                var options = try RunOptions.parse([])
                options.replay = files
                for file in try options.replayFiles() {
                    print("\(file.path): \(file.count) requests, sha256 \(file.sha256)")
                }
                return 0
            }
        }
    }

    struct ImportBFCL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-bfcl",
            abstract: "Convert BFCL question files into a replay file in OpenAI tool format."
        )

        @Argument(help: "A BFCL data folder holding BFCL_v4_<category>.json files.")
        var directory: String

        @Option(name: .long, help: "Where to write the replay file.")
        var replay: String = "Fixtures/replay/bfcl.jsonl"

        func run() async throws {
            try await reportingErrors {
                let text = try BFCLConverter.replayLines(directory: directory)
                try ReportWriter.write(text, to: replay)
                let file = try ReplayFile.validate(path: replay)
                print("wrote \(file.count) requests to \(replay)")
                return 0
            }
        }
    }
}
