import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The batch checker compiles schemas straight from their parser tape (``JSONSchema/init(tape:document:options:)``);
/// the public API compiles parsed values. Both run the same generic compiler, and these tests hold them to the same
/// results on every schema of the official suite and the walle corpus: the tape path never accepts a schema the
/// value path rejects, and whatever it compiles validates every instance with the same violations (locations
/// included) as the general compiler.
@Suite("JSON Schema compiled from a tape")
struct JSONSchemaTapeCompileTests {
    /// A schema text, the instances to try it on, and the options to compile it with.
    struct Case {
        var name: String
        var text: [UInt8]
        var instances: [JSONValue]
        var options: JSONSchema.Options
    }

    /// Every schema of the suite (with its test instances) and of the walle corpus (valid and invalid).
    static func cases() throws -> [Case] {
        var cases: [Case] = []
        let suite = JSONSchemaSuiteTests.suiteRoot + "/tests"
        for draft in ["draft2020-12", "draft7"] {
            for path in try FileManager.default.subpathsOfDirectory(atPath: suite + "/" + draft).sorted()
            where path.hasSuffix(".json") {
                let data = try #require(FileManager.default.contents(atPath: suite + "/" + draft + "/" + path))
                var options = JSONSchema.Options(
                    defaultDraft: draft == "draft7" ? .draft7 : .draft2020_12,
                    formatAssertion: path.hasPrefix("optional/format"),
                    registry: JSONSchemaSuiteTests.registry
                )
                options.maximumEvaluationDepth = 512
                for group in try JSONValue.parse(bytes: data).arrayValue ?? [] {
                    guard let schema = group["schema"] else { continue }
                    let instances = (group["tests"]?.arrayValue ?? []).map { $0["data"] ?? .null }
                    let text = schema.serializedBytes()
                    cases.append(Case(name: "\(draft)/\(path)", text: text, instances: instances, options: options))
                }
            }
        }
        for entry in try JSONSchemaCorpusTests.entries("valid") + JSONSchemaCorpusTests.entries("invalid") {
            let instances: [JSONValue] = [.null, true, 1, "text", [], [:], ["a": 1, "b": "x"], [1, "two", nil]]
            cases.append(
                Case(
                    name: "walle \(entry.suite):\(entry.line)",
                    text: Array(entry.text.utf8),
                    instances: instances,
                    options: JSONSchema.Options()
                )
            )
        }
        return cases
    }

    /// Compiles a schema text from its tape (`nil` when the tape path leaves it to the value path).
    static func compileFromTape(_ text: [UInt8], options: JSONSchema.Options) -> JSONSchema? {
        text.withUnsafeBufferPointer { buffer in
            var workspace = JSONParser.Workspace()
            guard (try? JSONParser().read(buffer: buffer, workspace: &workspace)) != nil else { return nil }
            var compiler = SchemaCompiler.treeCompiler(options: options)
            return JSONSchema(tape: workspace.tape, document: buffer, compiler: &compiler)
        }
    }

    @Test("the tape path agrees with the value path on every suite and corpus schema")
    func agreesWithValuePath() throws {
        var compiledFromTape = 0
        var total = 0
        for testCase in try Self.cases() {
            total += 1
            guard let value = try? JSONValue.parse(bytes: testCase.text) else { continue }
            guard let fromTape = Self.compileFromTape(testCase.text, options: testCase.options) else { continue }
            compiledFromTape += 1
            // The reference is the general compiler alone (the public initialiser would try the tree walk first).
            guard let reference = try? JSONSchema(value, options: testCase.options, skipsTreeWalk: true) else {
                Issue.record("\(testCase.name): the tape path compiles a schema the value path rejects")
                continue
            }
            #expect(fromTape.draft == reference.draft, "\(testCase.name)")
            for instance in testCase.instances {
                #expect(fromTape.isValid(instance) == reference.isValid(instance), "\(testCase.name)")
                #expect(fromTape.validate(instance) == reference.validate(instance), "\(testCase.name)")
            }
        }
        print("tape compile: \(compiledFromTape) of \(total) schemas compiled from the tape, all agreeing")
        // Reference-free schemas are the common case; if the tape path took none, it would test nothing.
        #expect(compiledFromTape > total / 2)
    }

    @Test(
        "what the tape path leaves to the value path",
        arguments: [
            (##"{"$ref": "#/$defs/a", "$defs": {"a": true}}"##, true),
            (##"{"properties": {"a": {"$ref": "#"}}}"##, true),
            (##"{"$ref": "#/$defs/a", "$defs": {"a": {"type": "string"}}, "type": "string"}"##, true),
            (##"{"$ref": "#"}"##, false),
            (##"{"$ref": "#/$defs/a", "$defs": {"a": {"allOf": [{"$ref": "#"}]}}}"##, false),
            (##"{"$ref": "#/$defs/missing"}"##, false),
            (##"{"$ref": "#/$defs/a%20b", "$defs": {"a b": true}}"##, false),
            (##"{"$ref": "#/$defs"}"##, false),
            (##"{"$ref": "#a", "$defs": {"a": {"$anchor": "a"}}}"##, false),
            (##"{"$ref": "other.json"}"##, false),
            (#"{"type": "text"}"#, false),
            (#"{"type": "string", "type": "integer"}"#, false),
            (#"{"properties": {"a": 1}}"#, false),
            (#"{"properties": {"a": {"$id": "x"}}}"#, false),
            (#"{"$schema": "https://example.com/unknown"}"#, false),
            (#"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}"#, true),
            (#"{"prefixItems": [{"type": "string"}], "items": false, "$defs": {"x": {"enum": [1, "a"]}}}"#, true),
            ("true", true),
        ]
    )
    func tapeCoverage(text: String, compilesFromTape: Bool) {
        #expect((Self.compileFromTape(Array(text.utf8), options: JSONSchema.Options()) != nil) == compilesFromTape)
    }
}
