import Foundation
import Testing
import VerifierTestSupport
import Yams

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// `.github/workflows/nightly.yml` cannot run here; these tests keep it valid: its jobs and their order,
/// the matrix, the schedule, where secrets may appear, and every `verifier` subcommand and flag it uses
/// (checked against the built binary's `--help`).
@Suite("Nightly workflow", .timeLimit(.minutes(3)))
struct NightlyWorkflowTests {
    static let path = TestPaths.repositoryRoot + "/.github/workflows/nightly.yml"

    static func workflow() throws -> Node {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try #require(try Yams.compose(yaml: text))
    }

    static func job(_ name: String) throws -> Node {
        try #require(try workflow()["jobs"]?[name], "no job \(name)")
    }

    static func strings(_ node: Node?) -> [String] {
        switch node {
        case .scalar(let scalar)?: [scalar.string]
        case .sequence(let sequence)?: sequence.compactMap(\.string)
        default: []
        }
    }

    /// Every `run:` script of a job (or of all jobs).
    static func scripts(_ job: Node) -> [String] {
        (job["steps"]?.sequence ?? []).compactMap { $0["run"]?.string }
    }

    static func allScripts() throws -> [String] {
        try (workflow()["jobs"]?.mapping ?? [:]).flatMap { scripts($0.value) }
    }

    @Test func triggersAreAScheduleAndManualDispatch() throws {
        let workflow = try Self.workflow()
        // `on` is read by its text: a YAML 1.1 reader would take the key for the boolean true.
        let on = try #require(workflow.mapping?.first { $0.key.string == "on" }?.value)
        let schedules = try #require(on["schedule"]?.sequence)
        #expect(!schedules.isEmpty)
        for schedule in schedules {
            let cron = try #require(schedule["cron"]?.string)
            #expect(Self.validCron(cron), "\(cron)")
        }
        #expect(on["workflow_dispatch"] != nil)
    }

    @Test(arguments: [
        ("17 3 * * *", true),  // daily
        ("0 */6 * * 1-5", true),  // steps and ranges
        ("0,30 2 1 1,7 0", true),  // lists
        ("60 3 * * *", false),  // minute out of range
        ("17 24 * * *", false),  // hour out of range
        ("17 3 * *", false),  // four fields
        ("17 3 0 * *", false),  // day of month from 1
        ("x 3 * * *", false),  // not a number
    ])
    func cronValidation(_ cron: String, _ valid: Bool) {
        #expect(Self.validCron(cron) == valid)
    }

    /// Five fields (minute, hour, day of month, month, day of week) of `*`, numbers, ranges, steps and lists.
    static func validCron(_ cron: String) -> Bool {
        let fields = cron.split(separator: " ", omittingEmptySubsequences: true)
        let ranges = [0...59, 0...23, 1...31, 1...12, 0...6]
        guard fields.count == 5 else { return false }
        for (field, range) in zip(fields, ranges) {
            for item in field.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = item.split(separator: "/", omittingEmptySubsequences: false)
                guard (1...2).contains(parts.count) else { return false }
                if parts.count == 2 {
                    guard let step = Int(parts[1]), step >= 1, step <= range.upperBound else { return false }
                }
                if parts[0] == "*" { continue }
                let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
                guard (1...2).contains(bounds.count) else { return false }
                let numbers = bounds.compactMap { Int($0) }
                guard numbers.count == bounds.count, numbers.allSatisfy(range.contains) else { return false }
                if numbers.count == 2, numbers[0] > numbers[1] { return false }
            }
        }
        return true
    }

    @Test func jobsRunInOrderAndTheLaterOnesEvenAfterFailures() throws {
        let jobs = try #require(try Self.workflow()["jobs"]?.mapping)
        #expect(Set(jobs.keys.compactMap(\.string)) == ["setup", "check", "merge", "publish", "deploy"])
        #expect(Self.strings(try Self.job("check")["needs"]) == ["setup"])
        #expect(Set(Self.strings(try Self.job("merge")["needs"])) == ["setup", "check"])
        #expect(Set(Self.strings(try Self.job("publish")["needs"])) == ["setup", "merge"])
        #expect(Self.strings(try Self.job("deploy")["needs"]) == ["publish"])
        // A failing shard or provider must not stop the merge and the publication.
        for name in ["merge", "publish", "deploy"] {
            let condition = try #require(try Self.job(name)["if"]?.string, "\(name) has no if")
            #expect(condition.contains("always()"), "\(name): \(condition)")
        }
        for name in ["setup", "check", "merge", "publish", "deploy"] {
            #expect(try Self.job(name)["runs-on"]?.string != nil)
            #expect(try Self.job(name)["timeout-minutes"]?.int != nil, "\(name) has no timeout")
        }
    }

    @Test func theMatrixIsProvidersTimesShardsFromSetup() throws {
        let setup = try Self.job("setup")
        let outputs = try #require(setup["outputs"])
        for name in ["providers", "shards", "shard_count"] { #expect(outputs[name]?.string != nil, "\(name)") }
        let check = try Self.job("check")
        #expect(check["strategy"]?["fail-fast"]?.bool == false)
        let matrix = try #require(check["strategy"]?["matrix"])
        #expect(matrix["provider"]?.string == "${{ fromJSON(needs.setup.outputs.providers) }}")
        #expect(matrix["shard"]?.string == "${{ fromJSON(needs.setup.outputs.shards) }}")
        let merge = try Self.job("merge")
        #expect(merge["strategy"]?["fail-fast"]?.bool == false)
        #expect(merge["strategy"]?["matrix"]?["provider"]?.string == "${{ fromJSON(needs.setup.outputs.providers) }}")
        // The shard uploads happen even when the check failed; the merge finds them by the provider's slug.
        let uploads = (check["steps"]?.sequence ?? []).filter {
            $0["uses"]?.string?.hasPrefix("actions/upload-artifact") == true
        }
        #expect(uploads.count == 1)
        #expect(uploads.first?["if"]?.string == "always()")
        let name = try #require(uploads.first?["with"]?["name"]?.string)
        #expect(name == "${{ matrix.provider.slug }}.shard-${{ matrix.shard }}")
        let downloads = (merge["steps"]?.sequence ?? []).compactMap { $0["with"]?["pattern"]?.string }
        #expect(downloads == ["${{ matrix.provider.slug }}.shard-*"])
    }

    @Test func aFailingProviderFailsItsMergeJobAfterWritingTheSummary() throws {
        let script = try #require(Self.scripts(try Self.job("merge")).first { $0.contains("verifier merge") })
        #expect(script.contains("GITHUB_STEP_SUMMARY"))
        #expect(script.contains("summary.md"))
        #expect(script.contains("exit 1"))
        let summary = try #require(script.range(of: "GITHUB_STEP_SUMMARY"))
        let exit = try #require(script.range(of: "exit 1"))
        #expect(summary.lowerBound < exit.lowerBound, "the summary is written before the job fails")
    }

    @Test func pagesArePublished() throws {
        let publish = try Self.job("publish")
        let uses = (publish["steps"]?.sequence ?? []).compactMap { $0["uses"]?.string }
        #expect(uses.contains { $0.hasPrefix("actions/upload-pages-artifact@") })
        #expect(Self.scripts(publish).contains { $0.contains("verifier report") && $0.contains("--html site/") })
        let deploy = try Self.job("deploy")
        #expect(deploy["permissions"]?["pages"]?.string == "write")
        #expect(deploy["permissions"]?["id-token"]?.string == "write")
        #expect(deploy["environment"]?["name"]?.string == "github-pages")
        #expect(
            (deploy["steps"]?.sequence ?? []).contains {
                $0["uses"]?.string?.hasPrefix("actions/deploy-pages@") == true
            }
        )
    }

    @Test func everyActionIsPinnedToAVersion() throws {
        let jobs = try #require(try Self.workflow()["jobs"]?.mapping)
        for (_, job) in jobs {
            for step in job["steps"]?.sequence ?? [] {
                guard let uses = step["uses"]?.string else { continue }
                #expect(uses.range(of: #"^[\w.-]+/[\w.-]+@v\d+$"#, options: .regularExpression) != nil, "\(uses)")
            }
        }
    }

    /// Every scalar that names the secrets context, with the keys leading to it.
    static func secretReferences(_ node: Node, path: [String] = []) -> [(path: [String], value: String)] {
        switch node {
        case .scalar(let scalar):
            return scalar.string.contains("secrets") ? [(path, scalar.string)] : []
        case .sequence(let sequence):
            return sequence.enumerated().flatMap { secretReferences($1, path: path + ["[\($0)]"]) }
        case .mapping(let mapping):
            return mapping.flatMap { key, value in secretReferences(value, path: path + [key.string ?? "?"]) }
        case .alias:
            return []
        }
    }

    @Test func secretsAppearOnlyInEnvironmentValues() throws {
        let references = Self.secretReferences(try Self.workflow())
        #expect(!references.isEmpty)
        for reference in references {
            // …env.<NAME>: ${{ secrets.X }} or ${{ secrets[…] }}, never in a script, a `with:` or a name.
            #expect(reference.path.dropLast().last == "env", "\(reference.path.joined(separator: "."))")
            #expect(
                reference.value.range(of: #"^\$\{\{ secrets(\.\w+|\[[^\]]+\]) \}\}$"#, options: .regularExpression)
                    != nil,
                "\(reference.value)"
            )
        }
        for script in try Self.allScripts() { #expect(!script.contains("secrets")) }
    }

    /// `verifier` invocations in the scripts: the subcommand words and the flags.
    static func invocations(_ scripts: [String]) -> [(words: [String], flags: [String])] {
        var found: [(words: [String], flags: [String])] = []
        for script in scripts {
            let joined = script.replacingOccurrences(of: "\\\n", with: " ")
            for line in joined.split(separator: "\n") {
                let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                // The binary as the line's command (`bin/verifier …`, `x=$(.build/release/verifier …`), not as
                // an argument (`chmod +x bin/verifier`).
                guard
                    let start = tokens.indices.first(where: { index in
                        tokens[index].hasSuffix("verifier") && tokens[index].contains("/")
                            && (index == 0 || tokens[index].contains("$("))
                    })
                else { continue }
                var words: [String] = []
                var flags: [String] = []
                for token in tokens[(start + 1)...] {
                    if [">", ">>", "2>&1", "||", "&&", "|"].contains(token) { break }
                    if token.hasPrefix("--") {
                        flags.append(String(token.split(separator: "=")[0]))
                    } else if flags.isEmpty, words.count < 2,
                        token.range(of: "^[a-z][a-z-]*$", options: .regularExpression) != nil
                    {
                        words.append(token)
                    }
                }
                found.append((words, flags))
            }
        }
        return found
    }

    @Test func everyVerifierSubcommandAndFlagExists() async throws {
        let calls = Self.invocations(try Self.allScripts())
        let used = Set(calls.compactMap(\.words.first))
        #expect(used.isSuperset(of: ["config", "check", "merge", "compare", "report"]), "\(used)")
        #expect(
            calls.contains { $0.words == ["check"] && $0.flags == ["--config", "--provider", "--shard", "--output"] }
        )
        #expect(calls.contains { $0.words == ["config", "providers"] && $0.flags == ["--json", "--config"] })
        #expect(calls.contains { $0.words == ["merge"] && $0.flags == ["--out", "--allow-incomplete"] })
        let top = try await CommandRunner.verifier(["--help"])
        for call in calls {
            guard let command = call.words.first else {
                Issue.record("a verifier call without a subcommand")
                continue
            }
            guard top.stdout.contains("  \(command) ") || top.stdout.contains("  \(command)\n") else {
                Issue.record("verifier has no subcommand `\(command)`")
                continue
            }
            // A second word is a subcommand when the first lists it (`config providers`); else an argument.
            var path = [command]
            let first = try await CommandRunner.verifier([command, "--help"])
            if call.words.count > 1, first.stdout.contains("SUBCOMMANDS"), first.stdout.contains("  \(call.words[1])") {
                path.append(call.words[1])
            }
            let help = try await CommandRunner.verifier(path + ["--help"])
            #expect(help.status == 0, "\(path)")
            for flag in call.flags {
                #expect(help.stdout.contains(flag), "verifier \(path.joined(separator: " ")) has no \(flag)")
            }
        }
    }

    @Test func theMatrixFieldsAreWhatConfigProvidersPrints() async throws {
        let folder = CLITests.folder(
            with: """
                model: m
                reference: official
                providers:
                  official:
                    base_url: https://api.example.com/v1
                    api_key_env: OFFICIAL_KEY
                  a/b:
                    base_url: mock://faithful
                    api_key_env: none
                  a-b:
                    base_url: https://x.example.com/v1
                """
        )
        let result = try await CommandRunner.verifier(["config", "providers", "--json"], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try #require(try JSONValue.parse(result.stdout).arrayValue)
        #expect(entries.compactMap { $0["name"]?.stringValue } == ["a/b", "a-b"])
        #expect(entries.compactMap { $0["slug"]?.stringValue } == ["a-b", "a-b-2"])
        #expect(entries.map { $0["api_key_env"] } == [JSONValue.null, JSONValue.string("OPENAI_API_KEY")])
        #expect(entries.allSatisfy { $0["reference_api_key_env"] == "OFFICIAL_KEY" && $0["reference"] == "official" })
        // Every `matrix.provider.<field>` the workflow reads is printed.
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"matrix\.provider\.([a-z_]+)"#)
        let fields = Set(
            regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            }
        )
        #expect(fields == ["name", "slug", "api_key_env", "reference_api_key_env"])
        for field in fields { #expect(entries.allSatisfy { $0.objectValue?[field] != nil }, "\(field)") }
        let missing = try await CommandRunner.verifier(["config", "providers", "--config", "/nonexistent.yaml"])
        #expect(missing.status == 2)
    }
}
