import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The Chat → Responses translation, one row per construct (docs/surfaces.md).
@Suite("Responses translation")
struct ResponsesTranslationTests {
    typealias Row = MessagesTranslationTests.Row

    static let user = MessagesTranslationTests.user
    static let tool = MessagesTranslationTests.tool
    static let call = MessagesTranslationTests.call
    static func body(_ messages: [JSONValue], _ extra: [String: JSONValue] = [:]) -> JSONValue {
        MessagesTranslationTests.body(messages, extra)
    }

    static let rows: [Row] = [
        Row(
            name: "leading system and developer messages become instructions",
            chat: body([["role": "system", "content": "A"], ["role": "developer", "content": "B"], user]),
            pointer: "/instructions",
            expected: "A\n\nB"
        ),
        Row(
            name: "a system message mid-conversation stays an input item of its role",
            chat: body([user, ["role": "system", "content": "Now answer in French."]]),
            pointer: "/input/1",
            expected: ["type": "message", "role": "system", "content": "Now answer in French."]
        ),
        Row(
            name: "a user string becomes a message item",
            chat: body([user]),
            pointer: "/input/0",
            expected: ["type": "message", "role": "user", "content": "Weather in Paris?"]
        ),
        Row(
            name: "user parts become input_text and input_image",
            chat: body([
                [
                    "role": "user",
                    "content": [
                        ["type": "text", "text": "What is this?"],
                        ["type": "image_url", "image_url": ["url": "https://example.com/a.png"]],
                    ],
                ]
            ]),
            pointer: "/input/0/content",
            expected: [
                ["type": "input_text", "text": "What is this?"],
                ["type": "input_image", "image_url": "https://example.com/a.png"],
            ]
        ),
        Row(
            name: "tools become flat function tools",
            chat: body([user], ["tools": [tool]]),
            pointer: "/tools/0",
            expected: [
                "type": "function", "name": "get_weather", "description": "Weather by city",
                "parameters": ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]],
            ]
        ),
        Row(
            name: "strict is kept",
            chat: body([user], [
                "tools": [["type": "function", "function": ["name": "f", "parameters": ["type": "object"], "strict": true]]]
            ]),
            pointer: "/tools/0/strict",
            expected: true
        ),
        Row(
            name: "a tool without parameters gets an empty object schema",
            chat: body([user], ["tools": [["type": "function", "function": ["name": "ping"]]]]),
            pointer: "/tools/0/parameters",
            expected: ["type": "object", "properties": [:]]
        ),
        Row(
            name: "tool_choice required passes through",
            chat: body([user], ["tool_choice": "required"]),
            pointer: "/tool_choice",
            expected: "required"
        ),
        Row(
            name: "tool_choice none passes through",
            chat: body([user], ["tool_choice": "none"]),
            pointer: "/tool_choice",
            expected: "none"
        ),
        Row(
            name: "a named tool_choice becomes type function with a name",
            chat: body([user], ["tool_choice": ["type": "function", "function": ["name": "get_weather"]]]),
            pointer: "/tool_choice",
            expected: ["type": "function", "name": "get_weather"]
        ),
        Row(
            name: "parallel_tool_calls passes through",
            chat: body([user], ["parallel_tool_calls": false]),
            pointer: "/parallel_tool_calls",
            expected: false
        ),
        Row(
            name: "calls become function_call items with their arguments text byte for byte",
            chat: body([
                user,
                [
                    "role": "assistant", "content": nil,
                    "tool_calls": [
                        [
                            "id": "call_1", "type": "function",
                            "function": ["name": "get_weather", "arguments": "{ \"city\" : \"Paris\" }"],
                        ]
                    ],
                ],
            ]),
            pointer: "/input/1",
            expected: [
                "type": "function_call", "call_id": "call_1", "name": "get_weather",
                "arguments": "{ \"city\" : \"Paris\" }",
            ]
        ),
        Row(
            name: "tool results become function_call_output items",
            chat: body([
                user, ["role": "assistant", "content": "", "tool_calls": [call]],
                ["role": "tool", "tool_call_id": "call_1", "content": "18 °C"],
            ]),
            pointer: "/input/2",
            expected: ["type": "function_call_output", "call_id": "call_1", "output": "18 °C"]
        ),
        Row(
            name: "assistant text comes before its calls",
            chat: body([user, ["role": "assistant", "content": "Checking.", "tool_calls": [call]]]),
            pointer: "/input/1",
            expected: ["type": "message", "role": "assistant", "content": [["type": "output_text", "text": "Checking."]]]
        ),
        Row(
            name: "reasoning is passed back as a reasoning item, with its encrypted content",
            chat: body([
                user,
                [
                    "role": "assistant", "content": "", "reasoning_content": "Paris is a city.",
                    "reasoning_encrypted_content": "gAAAA", "tool_calls": [call],
                ],
            ]),
            pointer: "/input/1",
            expected: [
                "type": "reasoning", "summary": [], "content": [["type": "reasoning_text", "text": "Paris is a city."]],
                "encrypted_content": "gAAAA",
            ]
        ),
        Row(
            name: "an empty assistant turn stays an empty text",
            chat: body([user, ["role": "assistant", "content": ""], user]),
            pointer: "/input/1",
            expected: ["type": "message", "role": "assistant", "content": [["type": "output_text", "text": ""]]]
        ),
        Row(
            name: "the request is stateless",
            chat: body([user]),
            pointer: "/store",
            expected: false
        ),
        Row(
            name: "encrypted reasoning is asked for",
            chat: body([user]),
            pointer: "/include",
            expected: ["reasoning.encrypted_content"]
        ),
        Row(
            name: "max_output_tokens comes from max_tokens",
            chat: body([user], ["max_tokens": 300]),
            pointer: "/max_output_tokens",
            expected: 300
        ),
        Row(
            name: "max_output_tokens is always set",
            chat: body([user]),
            pointer: "/max_output_tokens",
            expected: 4096
        ),
        Row(
            name: "reasoning_effort becomes reasoning.effort",
            chat: body([user], ["reasoning_effort": "low"]),
            pointer: "/reasoning",
            expected: ["effort": "low"]
        ),
        Row(
            name: "a JSON schema response format becomes text.format",
            chat: body([user], [
                "response_format": [
                    "type": "json_schema", "json_schema": ["name": "w", "schema": ["type": "object"], "strict": true],
                ]
            ]),
            pointer: "/text/format",
            expected: ["type": "json_schema", "name": "w", "schema": ["type": "object"], "strict": true]
        ),
    ]

    @Test(arguments: rows)
    func translatesConstruct(_ row: Row) throws {
        let body = try #require(ResponsesTranslation.translate(row.chat).body)
        #expect(MessagesTranslationTests.value(in: body, at: row.pointer) == row.expected)
    }

    @Test func streamOptionsAndUnknownMembersAreLeftOutAndListed() throws {
        let chat = Self.body([Self.user], ["stream_options": ["include_usage": true], "seed": 7, "frequency_penalty": 0])
        guard case .request(let body, let dropped) = ResponsesTranslation.translate(chat) else {
            Issue.record("expected a request")
            return
        }
        #expect(body["stream_options"] == nil && body["seed"] == nil && body["messages"] == nil)
        #expect(dropped.sorted() == ["frequency_penalty", "seed"])
    }

    /// Each construct Responses cannot carry makes the case inexpressible, with a reason, never a half translation.
    @Test(arguments: [
        ("n", body([user], ["n": 2])),
        ("stop", body([user], ["stop": ["END"]])),
        ("messages not a list", body([], ["messages": "hi"])),
        ("a content part Responses has no place for", body([["role": "user", "content": [["type": "input_audio"]]]])),
    ] as [(String, JSONValue)])
    func inexpressibleCasesSaySo(_ name: String, _ chat: JSONValue) {
        let reason = ResponsesTranslation.translate(chat).reason
        #expect(reason != nil, "\(name)")
        #expect(reason?.hasSuffix(".") == true)
    }

    /// An invalid request stays invalid on the way over, for the host to reject.
    @Test func invalidValuesAreSentForTheHostToReject() throws {
        let body = try #require(
            ResponsesTranslation.translate(
                Self.body([Self.user], ["tool_choice": "sometimes", "parallel_tool_calls": "yes"])
            ).body
        )
        #expect(body["tool_choice"] == "sometimes")
        #expect(body["parallel_tool_calls"] == "yes")
        let named = try #require(
            ResponsesTranslation.translate(Self.body([Self.user], ["tool_choice": ["type": "function"]])).body
        )
        #expect(named["tool_choice"] == ["type": "function"])
        // Chat's named choice keeps its name under `function`; one named at the top level is malformed there.
        let misplaced = try #require(
            ResponsesTranslation.translate(Self.body([Self.user], ["tool_choice": ["type": "function", "name": "f"]])).body
        )
        #expect(misplaced["tool_choice"] == ["type": "function"])
        let unknownRole = try #require(
            ResponsesTranslation.translate(Self.body([["role": "narrator", "content": "Once upon a time."]])).body
        )
        #expect(unknownRole["input"] == [["type": "message", "role": "narrator", "content": "Once upon a time."]])
        let retrieval = try #require(
            ResponsesTranslation.translate(Self.body([Self.user], ["tools": [["type": "retrieval"]]])).body
        )
        #expect(retrieval["tools"] == [["type": "retrieval"]])
        let noID = try #require(
            ResponsesTranslation.translate(Self.body([Self.user, ["role": "tool", "content": "18 °C"]])).body
        )
        #expect(noID["input"]?[1] == ["type": "function_call_output", "output": "18 °C"])
    }

    /// Every labelled suite's case translates (or says why not), and no translated body keeps a Chat member.
    @Test func everySuiteCaseTranslates() throws {
        let fixtures = TestPaths.repositoryRoot + "/Fixtures"
        for name in SuiteCatalog.discover(fixtures: fixtures).filter({ !$0.isReplay }).map(\.name) {
            for fixture in try FixtureSuite.load(path: fixtures + "/suites/\(name).json").cases {
                let chat = fixture.request.body
                switch ResponsesTranslation.translate(chat) {
                case .request(let body, _):
                    #expect(body["messages"] == nil, "\(fixture.id)")
                    #expect(body["input"]?.arrayValue != nil, "\(fixture.id)")
                case .inexpressible(let reason):
                    #expect(reason.hasSuffix("."), "\(fixture.id)")
                }
            }
        }
    }
}
