import Foundation
import Testing
import VerifierTestSupport

/// Runs the built binary against good and bad configurations and checks exit codes and messages.
@Suite("verifier command line", .timeLimit(.minutes(3)))
struct CLITests {
    static func config(candidate: String, extra: String = "") -> String {
        """
        model: mock-model
        reference: official
        providers:
          official:
            base_url: mock://faithful
            api_key_env: none
          candidate:
            base_url: \(candidate)
            api_key_env: none
            timeout: 2
        \(extra)
        gates:
          trigger_f1: 0.95
        """
    }

    static func folder(with config: String) -> String {
        let folder = TestPaths.temporaryDirectory("cli")
        _ = FileManager.default.createFile(atPath: folder + "/verifier.yaml", contents: Data(config.utf8))
        return folder
    }

    static func check(_ folder: String, limit: Int = 40) async throws -> CommandRunner.Result {
        try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--replay", TestPaths.bfclReplay, "--limit", String(limit),
                "--output", folder + "/Reports",
            ],
            directory: folder
        )
    }

    @Test func faithfulProviderPassesWithExitZero() async throws {
        let folder = Self.folder(with: Self.config(candidate: "mock://faithful"))
        let result = try await Self.check(folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("candidate: PASS"))
        let reports = try FileManager.default.contentsOfDirectory(atPath: folder + "/Reports")
        let run = try #require(reports.first)
        for file in ["evidence.jsonl", "scorecard.json", "summary.json", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/Reports/\(run)/\(file)"))
        }
    }

    @Test func faultyProviderFailsWithExitOneAndNamesTheLabel() async throws {
        let folder = Self.folder(with: Self.config(candidate: "mock://unknown-tool"))
        let result = try await Self.check(folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL"))
        #expect(result.stdout.contains("call.unknown_tool"))
        #expect(result.stdout.contains("evidence.jsonl:"))
    }

    @Test func deadHostIsIncompleteWithExitTwo() async throws {
        let folder = Self.folder(with: Self.config(candidate: "http://127.0.0.1:9/v1"))
        let result = try await Self.check(folder, limit: 8)
        #expect(result.status == 2)
        #expect(result.stdout.contains("INCOMPLETE"))
        #expect(result.stdout.contains("http.connection"))
    }

    @Test func badConfigurationExitsTwoNamingFileAndLine() async throws {
        let folder = Self.folder(
            with: Self.config(
                candidate: "mock://faithful",
                extra: "  other:\n    base_url: https://x/v1\n    colour: red"
            )
        )
        let result = try await Self.check(folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("verifier.yaml:13: unknown key `colour`"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/Reports"))
    }

    @Test func malformedReplayLineExitsTwoAndSendsNothing() async throws {
        let folder = Self.folder(with: Self.config(candidate: "mock://faithful"))
        let replay = folder + "/bad.jsonl"
        let good = #"{"messages":[{"role":"user","content":"hi"}]}"#
        _ = FileManager.default.createFile(
            atPath: replay,
            contents: Data((good + "\n" + good + "\n{\"messages\": oops}\n").utf8)
        )
        let result = try await CommandRunner.verifier(
            ["check", "--provider", "candidate", "--replay", replay, "--output", folder + "/Reports"],
            directory: folder
        )
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.jsonl:3: not JSON"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/Reports"))
    }

    @Test func missingKeyExitsTwoNamingTheVariable() async throws {
        let config = Self.config(candidate: "https://api.example.invalid/v1").replacingOccurrences(
            of: "    api_key_env: none\n    timeout: 2",
            with: "    api_key_env: VV_CLI_TEST_KEY\n    timeout: 2"
        )
        let folder = Self.folder(with: config)
        let result = try await Self.check(folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("VV_CLI_TEST_KEY"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/Reports"))
    }

    @Test func unknownProviderAndMissingConfigExitTwo() async throws {
        let folder = Self.folder(with: Self.config(candidate: "mock://faithful"))
        let unknown = try await CommandRunner.verifier(["check", "--provider", "nobody"], directory: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no provider named `nobody`"))
        let missing = try await CommandRunner.verifier(
            ["check", "--provider", "x", "--config", "/nonexistent.yaml"],
            directory: folder
        )
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent.yaml"))
    }

    @Test func badFlagIsAUsageError() async throws {
        let result = try await CommandRunner.verifier(["check", "--provider", "x", "--mode", "sideways"])
        #expect(result.status == 64)
    }

    @Test func demoPrintsALeaderboardAndExitsZero() async throws {
        let folder = TestPaths.temporaryDirectory("demo")
        let result = try await CommandRunner.verifier(
            ["demo", "--cases-per-suite", "8", "--output", folder],
            directory: TestPaths.repositoryRoot
        )
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("faithful"))
        #expect(result.stdout.contains("wire.leaked_markup"))
        #expect(result.stdout.contains("Every profile got the verdict it should"))
        #expect(FileManager.default.fileExists(atPath: folder + "/demo/leaderboard.md"))
    }
}

extension CLITests {
    /// The API key is sent to the host but written nowhere: not in evidence, reports, or anything printed.
    @Test func apiKeyReachesNoOutput() async throws {
        let canary = "sk-canary-7f3a9c1e5b2d4068"
        let config = Self.config(candidate: "mock://faithful")
            .replacingOccurrences(
                of: "    api_key_env: none\n    timeout: 2",
                with: "    api_key_env: VV_CANARY_KEY\n    timeout: 2"
            )
        let folder = Self.folder(with: config)
        let result = try await CommandRunner.verifier(
            [
                "check", "--provider", "candidate", "--replay", TestPaths.bfclReplay, "--limit", "20", "--output",
                folder + "/Reports",
                "--log-level", "trace",
            ],
            environment: ["VV_CANARY_KEY": canary],
            directory: folder
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(canary))
        #expect(!result.stderr.contains(canary))
        // Every other command that reads the run or the configuration, with the key in its environment.
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/Reports").first)
        for arguments in [
            ["score", folder + "/Reports/" + run, "--output", folder + "/Reports/rescored"],
            ["verify-evidence", folder + "/Reports/" + run],
            ["plan", "--provider", "candidate", "--replay", TestPaths.bfclReplay],
            [
                "check", "--provider", "candidate", "--replay", TestPaths.bfclReplay, "--limit", "20", "--resume",
                folder + "/Reports/" + run, "--log-level", "trace",
            ],
        ] {
            let other = try await CommandRunner.verifier(
                arguments,
                environment: ["VV_CANARY_KEY": canary],
                directory: folder
            )
            #expect(!other.stdout.contains(canary) && !other.stderr.contains(canary), "\(arguments[0]) printed the key")
        }
        var files = 0
        let enumerator = FileManager.default.enumerator(atPath: folder + "/Reports")
        while let name = enumerator?.nextObject() as? String {
            let path = folder + "/Reports/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.range(of: Data(canary.utf8)) == nil, "\(name) holds the key")
            files += 1
        }
        #expect(files == 9)  // the run's 5 files and the re-scored 4
    }
}
