import Testing

@testable import VerifierCore

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
}
