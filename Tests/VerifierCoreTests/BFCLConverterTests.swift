import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("BFCL conversion")
struct BFCLConverterTests {
    static let question = #"""
        {"id": "simple_python_9", "question": [[{"role": "user", "content": "Solve x^2 + 3x + 2 = 0"}]], "function": [{"name": "math.roots.quadratic", "description": "Roots.", "parameters": {"type": "dict", "properties": {"a": {"type": "float", "description": "a"}, "pair": {"type": "tuple", "items": {"type": "integer"}}, "extra": {"type": "any"}, "opts": {"type": "dict", "properties": {"exact": {"type": "boolean"}}}, "n": {"type": "integer", "default": 1}}, "required": ["a"], "optional": ["n"]}}]}
        """#

    @Test func convertsToOpenAIToolFormat() throws {
        let body = try #require(BFCLConverter.request(from: try JSONValue.parse(Self.question), stream: true))
        #expect(body["stream"] == true)
        #expect(body["messages"]?[0]?["content"] == "Solve x^2 + 3x + 2 = 0")
        let tool = try #require(body["tools"]?[0])
        #expect(tool["type"] == "function")
        let function = try #require(tool["function"])
        #expect(function["name"] == "math_roots_quadratic")
        let parameters = try #require(function["parameters"])
        #expect(parameters["type"] == "object")
        #expect(parameters["optional"] == nil)
        #expect(parameters["properties"]?["a"]?["type"] == "number")
        #expect(parameters["properties"]?["pair"]?["type"] == "array")
        #expect(parameters["properties"]?["pair"]?["items"]?["type"] == "integer")
        #expect(parameters["properties"]?["extra"]?["type"] == "string")
        #expect(parameters["properties"]?["opts"]?["type"] == "object")
        #expect(parameters["properties"]?["opts"]?["properties"]?["exact"]?["type"] == "boolean")
        #expect(parameters["properties"]?["n"]?["default"] == 1)
        #expect(throws: Never.self) { try JSONSchema(parameters) }
    }

    @Test(arguments: [
        ("dict", "object"), ("float", "number"), ("tuple", "array"), ("any", "string"), ("list", "array"),
        ("bool", "boolean"), ("integer", "integer"), ("string", "string"), ("mystery", "string"),
    ])
    func typeMapping(bfcl: String, schema: String) {
        #expect(BFCLConverter.schemaType(bfcl) == schema)
    }

    @Test func groundTruthBecomesExpectedCalls() throws {
        let body = try #require(BFCLConverter.request(from: try JSONValue.parse(Self.question), stream: false))
        let tools = ChatRequest(body: body).tools
        let truth = try JSONValue.parse(#"[{"math.roots.quadratic": {"a": [1.0, 1], "n": ["", 1]}}]"#)
        let calls = try #require(BFCLConverter.expectedCalls(truth.arrayValue ?? [], tools: tools))
        #expect(calls.first?["name"] == "math_roots_quadratic")
        let first = try #require(calls.first)
        let expected = try #require(ExpectedCall(json: first))
        #expect(expected.arguments.map(\.name) == ["a", "n"])
        // An answer naming an argument the tool lacks cannot be stated.
        let unknown = try JSONValue.parse(#"[{"math.roots.quadratic": {"z": [1]}}]"#)
        #expect(BFCLConverter.expectedCalls(unknown.arrayValue ?? [], tools: tools) == nil)
    }

    /// The BFCL data the shipped fixtures were converted from, present in the development workspace only.
    static let bfclData = TestPaths.repositoryRoot + "/../shared/upstream/bfcl/data"

    /// `verifier fixtures import-bfcl` regenerates the shipped labelled suite byte for byte, and it loads.
    /// Reported as skipped (not passed) where the BFCL data is absent, as in a user's clone.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: bfclData), "needs the BFCL data in ../shared"))
    func shippedLabelledSuiteIsReproducible() throws {
        let text = try BFCLConverter.labelledSuite(directory: Self.bfclData)
        let shipped = try String(
            contentsOfFile: TestPaths.repositoryRoot + "/Fixtures/suites/bfcl-answers.json",
            encoding: .utf8
        )
        #expect(text == shipped)
        let suite = try FixtureSuite.load(path: TestPaths.repositoryRoot + "/Fixtures/suites/bfcl-answers.json")
        #expect(suite.cases.count == 180)
        #expect(suite.cases.filter { $0.expectation.calls == CaseExpectation.Calls.none }.count == 30)
    }
}
