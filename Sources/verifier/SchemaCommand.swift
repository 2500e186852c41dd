import ArgumentParser
import Foundation
import VerifierCore

/// `verifier schema`: JSON Schema tools for people debugging a failed `call.schema` finding.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Validate JSON instances against JSON Schemas (drafts 2020-12 and 7).",
        subcommands: [Check.self]
    )

    /// How the draft is named on the command line.
    enum DraftName: String, CaseIterable, ExpressibleByArgument {
        case draft2020_12 = "2020-12"
        case draft7 = "7"

        var draft: JSONSchema.Draft { self == .draft7 ? .draft7 : .draft2020_12 }
    }

    /// How a tool-schema profile is named on the command line.
    enum ProfileName: String, CaseIterable, ExpressibleByArgument {
        case jsonSchema = "json-schema"
        case mfjs

        var profile: ToolSchemaProfile { self == .mfjs ? .mfjs : .jsonSchema }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate an instance against a schema and print the JSON Schema basic output.",
            discussion: """
                verifier schema check SCHEMA.json INSTANCE.json prints {"valid": …, "errors": […]}.
                verifier schema check --jsonl PAIRS.jsonl reads one \
                {"schema": …, "instance": …, "draft": "2020-12"|"7"} per line and prints one compact \
                result line per input line, in order (blank lines are skipped; each result names its line).
                Exit codes: 0 valid; 1 invalid; 2 the schema is unusable, a file is unreadable or not JSON, or (with \
                --jsonl) any line could not be checked.
                Remote $refs resolve only from --resource BASE_URI=DIR, never from the network.
                --profile mfjs also requires Moonshot flavored JSON Schema (what Kimi models' serving stack \
                accepts); a schema breaking an MFJS rule is unusable (exit 2) and the message names the rule \
                (mfjs.depth, mfjs.infinite_recursion …).
                """
        )

        @Argument(help: "The schema file (JSON).")
        var schema: String?

        @Argument(help: "The instance file (JSON).")
        var instance: String?

        @Option(
            name: .long,
            help: "Check many pairs: a JSON Lines file of {\"schema\", \"instance\", \"draft\"} objects."
        )
        var jsonl: String?

        @Option(name: .long, help: "The draft for schemas without $schema (2020-12 or 7).")
        var draft: DraftName = .draft2020_12

        @Option(
            name: .long,
            help: "Rules on top of JSON Schema: json-schema (none) or mfjs (Moonshot flavored JSON Schema)."
        )
        var profile: ProfileName = .jsonSchema

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Serve $refs under BASE_URI from the files in DIR (repeatable).",
                valueName: "BASE_URI=DIR"
            )
        )
        var resource: [String] = []

        @Flag(name: .long, help: "Assert format (date-time, email, uri …) instead of treating it as an annotation.")
        var formatAssertion = false

        @Flag(name: .long, help: "With --jsonl: print lines, schemas compiled, seconds and validations/s to stderr.")
        var timing = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "With --timing: time this many further runs in this process and report the fastest (results are "
                    + "printed once, by the first pass).",
                valueName: "N"
            )
        )
        var timingRuns = 1

        @Option(
            name: .long,
            help: ArgumentHelp(
                "With --timing-runs: passes over the file per run, each with an empty schema cache; a run's time "
                    + "is its mean per pass.",
                valueName: "P"
            )
        )
        var timingPasses = 1

        func validate() throws {
            if jsonl != nil {
                guard schema == nil, instance == nil else {
                    throw ValidationError("Give either --jsonl FILE or SCHEMA.json INSTANCE.json, not both.")
                }
            } else if schema == nil || instance == nil {
                throw ValidationError("Give SCHEMA.json and INSTANCE.json, or --jsonl FILE.")
            }
            for entry in resource where !entry.contains("=") {
                throw ValidationError("--resource expects BASE_URI=DIR, got \(entry).")
            }
            guard timingRuns >= 1, timingPasses >= 1 else {
                throw ValidationError("--timing-runs and --timing-passes must be at least 1.")
            }
            if timingRuns > 1 || timingPasses > 1, !timing || jsonl == nil {
                throw ValidationError("--timing-runs and --timing-passes need --timing and --jsonl.")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let options = try compileOptions()
                if let jsonl {
                    return try checkLines(jsonl, options: options)
                }
                return try checkPair(options: options)
            }
        }

        private func compileOptions() throws -> JSONSchema.Options {
            var options = JSONSchema.Options(defaultDraft: draft.draft, formatAssertion: formatAssertion)
            options.profile = profile.profile
            for entry in resource {
                guard let separator = entry.firstIndex(of: "=") else { continue }
                let base = String(entry[..<separator])
                let directory = String(entry[entry.index(after: separator)...])
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
                    isDirectory.boolValue
                else {
                    throw VerifierError(.io, "--resource \(entry): \(directory) is not a directory.")
                }
                options.registry.register(directory: directory, as: base)
            }
            return options
        }

        private func readJSON(_ path: String) throws -> JSONValue {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw VerifierError(.io, "Cannot read \(path).")
            }
            do {
                return try JSONValue.parse(bytes: data)
            } catch {
                throw VerifierError(.invalidFixture, "\(path) is not valid JSON: \(error).")
            }
        }

        private func checkPair(options: JSONSchema.Options) throws -> Int32 {
            guard let schemaPath = schema, let instancePath = instance else { return 2 }
            let schemaValue = try readJSON(schemaPath)
            let instanceValue = try readJSON(instancePath)
            let compiled: JSONSchema
            do {
                compiled = try JSONSchema(schemaValue, options: options)
            } catch {
                throw VerifierError(.invalidFixture, "\(schemaPath): \(error)")
            }
            let violations = compiled.validate(instanceValue)
            print(JSONSchema.basicOutput(violations).serialized(options: JSONWriter.Options(pretty: true)))
            return violations.isEmpty ? 0 : 1
        }

        private func checkLines(_ path: String, options: JSONSchema.Options) throws -> Int32 {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw VerifierError(.io, "Cannot read \(path).")
            }
            var checker = SchemaBatchChecker(options: options)
            checker.measuresPhases = timing  // per-line clock reads only when the split is printed
            var statuses = Set<SchemaBatchChecker.Status>()
            var output: [UInt8] = []
            output.reserveCapacity(data.count / 4)
            let clock = ContinuousClock()
            var elapsed = Duration.zero
            var checked = 0
            let bytes = [UInt8](data)
            // Lines are checked in chunks: the lines of a chunk are found first, then checked under one timer, then
            // their results written, so the timing covers checking alone and memory stays bounded.
            var start = 0
            var number = 0
            var chunk: [(number: Int, range: Range<Int>)] = []
            var results: [SchemaBatchChecker.LineResult] = []
            while start < bytes.count {
                chunk.removeAll(keepingCapacity: true)
                while start < bytes.count, chunk.count < 1024 {
                    let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                    number += 1
                    let range = start..<end
                    start = end + 1
                    if !Self.isBlank(bytes[range]) { chunk.append((number, range)) }
                }
                results.removeAll(keepingCapacity: true)
                let began = clock.now
                for line in chunk { results.append(checker.check(line: bytes[line.range], number: line.number)) }
                elapsed += clock.now - began
                for result in results {
                    checked += 1
                    statuses.insert(result.status)
                    result.write(into: &output)
                    output.append(UInt8(ascii: "\n"))
                }
                if output.count > 1 << 20 {
                    FileHandle.standardOutput.write(Data(output))
                    output.removeAll(keepingCapacity: true)
                }
            }
            FileHandle.standardOutput.write(Data(output))
            // Further timed runs, as a benchmark in one process times them: each run checks the file `timingPasses`
            // times, every pass with an empty cache (a fresh checker) and without the per-line phase clocks, and
            // counts its mean per pass; the fastest run is reported. The first pass printed the results and gives
            // the compile and validate times.
            var fastest = elapsed
            var timedRuns = 1
            if timingRuns > 1 || timingPasses > 1 {
                let lines = Self.lineRanges(bytes)
                results.reserveCapacity(lines.count)
                fastest = .seconds(Int64.max)
                timedRuns = timingRuns
                for _ in 0..<timingRuns {
                    var took = Duration.zero
                    for _ in 0..<timingPasses {
                        var fresh = SchemaBatchChecker(options: options)
                        fresh.measuresPhases = false
                        results.removeAll(keepingCapacity: true)
                        let began = clock.now
                        for line in lines { results.append(fresh.check(line: bytes[line.range], number: line.number)) }
                        took += clock.now - began
                    }
                    fastest = min(fastest, took / timingPasses)
                }
            }
            if timing {
                func seconds(_ duration: Duration) -> Double {
                    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
                }
                let total = seconds(fastest)
                let validating = seconds(checker.validateTime)
                let rate = total > 0 ? Double(checked) / total : 0
                let validationRate = validating > 0 ? Double(checked) / validating : 0
                FileHandle.standardError.write(
                    Data(
                        ("schema check timing: \(checked) lines, \(checker.compilations) schemas compiled, "
                            + "\(String(format: "%.4f", total)) s, \(String(format: "%.0f", rate)) validations/s "
                            + "(parse + compile + validate; compile "
                            + "\(String(format: "%.4f", seconds(checker.compileTime))) s, "
                            + "validate only \(String(format: "%.4f", validating)) s = "
                            + "\(String(format: "%.0f", validationRate)) validations/s"
                            + (timedRuns > 1 || timingPasses > 1
                                ? "; total: fastest of \(timedRuns) runs of \(timingPasses) passes, compile and "
                                    + "validate: the first pass" : "")
                            + ")\n").utf8
                    )
                )
            }
            return SchemaBatchChecker.exitCode(statuses)
        }

        /// The numbered non-blank lines of a file (numbers count from 1 and include blank lines).
        private static func lineRanges(_ bytes: [UInt8]) -> [(number: Int, range: Range<Int>)] {
            var lines: [(number: Int, range: Range<Int>)] = []
            var start = 0
            var number = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                number += 1
                if !Self.isBlank(bytes[start..<end]) { lines.append((number, start..<end)) }
                start = end + 1
            }
            return lines
        }

        private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
            line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
        }
    }
}
