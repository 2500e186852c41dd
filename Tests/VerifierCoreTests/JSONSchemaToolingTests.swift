import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The schema cache, the `call.schema` check and `verifier schema check`.
@Suite("JSON Schema tooling")
struct JSONSchemaToolingTests {
    // MARK: Cache

    @Test("the cache compiles each distinct schema once and remembers invalid schemas too")
    func cacheCompilesOnce() throws {
        let cache = SchemaCache()
        let parameters = try JSONValue.parse(#"{"type":"object","properties":{"a":{"type":"integer"}}}"#)
        let reordered = try JSONValue.parse(#"{"properties":{"a":{"type":"integer"}},"type":"object"}"#)
        for _ in 0..<1_000 {
            guard case .success(let schema) = cache.schema(for: parameters) else {
                Issue.record("schema did not compile")
                return
            }
            #expect(schema.isValid(["a": 1]))
        }
        _ = cache.schema(for: reordered)
        #expect(cache.compilations == 1)
        let broken = try JSONValue.parse(#"{"type":"text"}"#)
        for _ in 0..<3 {
            guard case .failure(let error) = cache.schema(for: broken) else {
                Issue.record("an invalid schema compiled")
                return
            }
            #expect(error.location == "/type")
        }
        #expect(cache.compilations == 2)
        #expect(SchemaCache.key(for: parameters) == SchemaCache.key(for: reordered))
        #expect(SchemaCache.key(for: parameters).count == 64)
    }

    @Test("the cache carries its compile options")
    func cacheOptions() throws {
        let cache = SchemaCache(options: JSONSchema.Options(defaultDraft: .draft7, formatAssertion: true))
        let schema = try cache.schema(for: JSONValue.parse(#"{"items":[{"format":"date"}]}"#)).get()
        #expect(!schema.isValid(["not a date"]))
    }

    // MARK: call.schema

    @Test("a call.schema finding shows the first violations with both locations")
    func argumentsSchemaFinding() throws {
        let request = try ChatRequest(
            body: JSONValue.parse(
                #"""
                {"model":"m","messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"book","parameters":{
                   "type":"object","required":["city","days"],"additionalProperties":false,
                   "properties":{"city":{"$ref":"#/$defs/city"},"days":{"type":"integer","minimum":1}},
                   "$defs":{"city":{"type":"string","minLength":2}}}}}]}
                """#
            )
        )
        let message = ObservedMessage(
            toolCalls: [
                ObservedToolCall(
                    index: 0,
                    id: "c1",
                    type: "function",
                    name: .string("book"),
                    arguments: .string(#"{"city":"X","days":0,"x":1,"y":2,"z":3}"#),
                    location: "/choices/0/message/tool_calls/0"
                )
            ]
        )
        let context = AnswerContext(
            request: request,
            answer: HostAnswer(chat: message, streamed: false),
            streamed: false,
            schemas: SchemaCache()
        )
        let findings = ArgumentsSchema(violationsShown: 2).findings(in: context)
        let finding = try #require(findings.first)
        #expect(finding.label == .callSchema)
        #expect(finding.message.contains("/city (schema /properties/city/$ref/minLength)"))
        #expect(finding.message.contains("/days (schema /properties/days/minimum)"))
        #expect(finding.message.contains("and 3 more"))
        #expect(finding.location?.hasSuffix("/function/arguments/city") == true)
    }

    @Test("a tool schema that is itself invalid is never blamed on the provider")
    func invalidToolSchemaIsSkipped() throws {
        let request = try ChatRequest(
            body: JSONValue.parse(
                #"""
                {"model":"m","messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object",
                   "properties":{"a":{"type":"text"}}}}}]}
                """#
            )
        )
        let message = ObservedMessage(
            toolCalls: [
                ObservedToolCall(
                    index: 0,
                    id: "c1",
                    type: "function",
                    name: .string("f"),
                    arguments: .string(#"{"a":1}"#),
                    location: "/choices/0/message/tool_calls/0"
                )
            ]
        )
        let context = AnswerContext(
            request: request,
            answer: HostAnswer(chat: message, streamed: false),
            streamed: false,
            schemas: SchemaCache()
        )
        #expect(ArgumentsSchema().findings(in: context).isEmpty)
    }

    // MARK: CLI

    /// Writes files into a new temporary folder and returns their paths.
    private func files(_ contents: [String: String]) throws -> [String: String] {
        let directory = TestPaths.temporaryDirectory("schema-cli")
        var paths: [String: String] = [:]
        for (name, text) in contents {
            let path = directory + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            paths[name] = path
        }
        return paths
    }

    @Test("verifier schema check prints the basic output and exits 0, 1 or 2")
    func cliPair() async throws {
        let paths = try files([
            "schema.json": #"{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"#,
            "good.json": #"{"n":1}"#,
            "bad.json": #"{"n":"1"}"#,
            "broken-schema.json": #"{"type":"text"}"#,
            "not-json.json": "{",
        ])
        func path(_ name: String) -> String { paths[name] ?? name }
        let valid = try await CommandRunner.verifier(["schema", "check", path("schema.json"), path("good.json")])
        #expect(valid.status == 0)
        #expect(try JSONValue.parse(valid.stdout)["valid"] == true)
        let invalid = try await CommandRunner.verifier(["schema", "check", path("schema.json"), path("bad.json")])
        #expect(invalid.status == 1)
        let output = try JSONValue.parse(invalid.stdout)
        #expect(output["errors"]?[0]?["instanceLocation"] == "/n")
        #expect(output["errors"]?[0]?["keywordLocation"] == "/properties/n/type")
        let unusable = try await CommandRunner.verifier([
            "schema", "check", path("broken-schema.json"), path("good.json"),
        ])
        #expect(unusable.status == 2)
        #expect(unusable.stderr.contains("unknown type"))
        let unreadable = try await CommandRunner.verifier([
            "schema", "check", path("schema.json"), path("not-json.json"),
        ])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("not valid JSON"))
        let missing = try await CommandRunner.verifier(["schema", "check", path("schema.json"), "/nonexistent.json"])
        #expect(missing.status == 2)
    }

    @Test("verifier schema check --jsonl prints one result per line and keeps going after a bad line")
    func cliLines() async throws {
        let paths = try files([
            "pairs.jsonl": [
                #"{"schema":{"type":"integer"},"instance":1}"#,
                #"{"schema":{"type":"integer"},"instance":1.5}"#,
                "{oops",
                #"{"schema":{"$ref":"http://localhost:1234/draft2020-12/integer.json"},"instance":2}"#,
                #"{"schema":{"items":[{"type":"string"}],"additionalItems":false},"instance":["a",1],"draft":"7"}"#,
            ].joined(separator: "\n") + "\n",
            "valid.jsonl": #"{"schema":{"format":"email"},"instance":"nope"}"# + "\n",
        ])
        let remotes = JSONSchemaSuiteTests.suiteRoot + "/remotes"
        let result = try await CommandRunner.verifier([
            "schema", "check", "--jsonl", paths["pairs.jsonl"] ?? "", "--resource", "http://localhost:1234/=\(remotes)",
        ])
        #expect(result.status == 2)
        let lines = result.stdout.split(separator: "\n").map { try? JSONValue.parse(String($0)) }
        #expect(lines.count == 5)
        #expect(lines.map { $0?["line"]?.intValue } == [1, 2, 3, 4, 5])
        #expect(lines.map { $0?["valid"]?.boolValue } == [true, false, nil, true, false])
        #expect(lines[2]?["error"]?.stringValue?.contains("not valid JSON") == true)
        let annotation = try await CommandRunner.verifier(["schema", "check", "--jsonl", paths["valid.jsonl"] ?? ""])
        #expect(annotation.status == 0)
        let asserted = try await CommandRunner.verifier([
            "schema", "check", "--jsonl", paths["valid.jsonl"] ?? "", "--format-assertion", "--timing",
        ])
        #expect(asserted.status == 1)
        #expect(asserted.stderr.contains("validations/s"))
        let draft7 = try await CommandRunner.verifier([
            "schema", "check", "--jsonl", paths["pairs.jsonl"] ?? "", "--draft", "7",
        ])
        #expect(draft7.status == 2)
    }

    @Test("--timing-runs and --timing-passes time further passes, print the results once and need --timing")
    func cliTimingRuns() async throws {
        let paths = try files([
            "pairs.jsonl": [
                #"{"schema":{"type":"integer"},"instance":1}"#,
                "",
                #"{"schema":{"type":"integer"},"instance":"x"}"#,
            ].joined(separator: "\n") + "\n"
        ])
        let file = paths["pairs.jsonl"] ?? ""
        let timed = try await CommandRunner.verifier([
            "schema", "check", "--jsonl", file, "--timing", "--timing-runs", "3", "--timing-passes", "2",
        ])
        #expect(timed.status == 1)
        let lines = timed.stdout.split(separator: "\n").map { try? JSONValue.parse(String($0)) }
        #expect(lines.map { $0?["line"]?.intValue } == [1, 3])
        #expect(timed.stderr.contains("2 lines, 1 schemas compiled"))
        #expect(timed.stderr.contains("fastest of 3 runs of 2 passes"))
        let untimed = try await CommandRunner.verifier(["schema", "check", "--jsonl", file, "--timing-runs", "3"])
        #expect(untimed.status == 64)  // a usage error, as everywhere in the CLI
        #expect(untimed.stderr.contains("need --timing"))
        let zero = try await CommandRunner.verifier([
            "schema", "check", "--jsonl", file, "--timing", "--timing-runs", "0",
        ])
        #expect(zero.status == 64)
        #expect(zero.stderr.contains("at least 1"))
    }
}
