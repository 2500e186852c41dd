import ArgumentParser
import Foundation
import Logging
import VerifierCore

@main
struct Verifier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifier",
        abstract: "Checks whether a host serves an open-weight model's tool calling like the reference deployment.",
        discussion: """
            Exit codes: 0 every required gate passed; 1 a required gate failed; 2 incomplete or unusable \
            (bad configuration or fixture, missing key, too many transport failures to judge).
            """,
        version: VerifierVersion.current,
        subcommands: [
            CheckCommand.self, DemoCommand.self, ServeMockCommand.self, FixturesCommand.self, BenchCommand.self,
            BenchWorkerCommand.self, SchemaCommand.self, ScoreCommand.self, VerifyEvidenceCommand.self,
            PlanCommand.self, CalibrateCommand.self, ReportCommand.self, MergeCommand.self, CompareCommand.self,
            ConfigCommand.self,
        ]
    )
}

/// Runs a command body, mapping verifier errors to a message on standard error and exit code 2.
func reportingErrors(_ body: () async throws -> Int32) async throws {
    let code: Int32
    do {
        code = try await body()
    } catch let error as VerifierError {
        FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
        throw ExitCode(2)
    } catch let exit as ExitCode {
        throw exit
    } catch {
        FileHandle.standardError.write(Data("error: \(String(describing: error))\n".utf8))
        throw ExitCode(2)
    }
    if code != 0 { throw ExitCode(code) }
}

/// Sets up logging to standard error once, at the given level.
func bootstrapLogging(_ level: Logger.Level) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
    return Logger(label: "verifier")
}
