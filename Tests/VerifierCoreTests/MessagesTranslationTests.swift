import Testing

@testable import JSONSchema
@testable import VerifierJudging

/// The Chat → Messages translation, one row per construct (docs/surfaces.md).
@Suite("Messages translation")
struct MessagesTranslationTests {
    /// One construct: a Chat body, the member of the translation that shows it, and what it must be.
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var chat: JSONValue
        var pointer: String
        var expected: JSONValue
        var testDescription: String { name }
    }

    static let user: JSONValue = ["role": "user", "content": "Weather in Paris?"]
    static let tool: JSONValue = [
        "type": "function",
        "function": [
            "name": "get_weather", "description": "Weather by city",
            "parameters": ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]],
        ],
    ]
    static let call: JSONValue = [
        "id": "call_1", "type": "function", "function": ["name": "get_weather", "arguments": "{\"city\":\"Paris\"}"],
    ]

    static func body(_ messages: [JSONValue], _ extra: [String: JSONValue] = [:]) -> JSONValue {
        var object = JSONObject()
        object["model"] = "m"
        object["stream"] = false
        object["messages"] = .array(messages)
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { object[key] = value }
        return .object(object)
    }

    static let rows: [Row] = [
        Row(
            name: "system goes to the top-level system",
            chat: body([["role": "system", "content": "Be brief."], user]),
            pointer: "/system",
            expected: "Be brief."
        ),
        Row(
            name: "several system and developer messages are joined",
            chat: body([["role": "system", "content": "A"], ["role": "developer", "content": "B"], user]),
            pointer: "/system",
            expected: "A\n\nB"
        ),
        Row(name: "a user string stays a string", chat: body([user]), pointer: "/messages/0", expected: user),
        Row(
            name: "user parts become text and image blocks",
            chat: body([
                [
                    "role": "user",
                    "content": [
                        ["type": "text", "text": "What is this?"],
                        ["type": "image_url", "image_url": ["url": "data:image/png;base64,AAAA"]],
                    ],
                ]
            ]),
            pointer: "/messages/0/content",
            expected: [
                ["type": "text", "text": "What is this?"],
                ["type": "image", "source": ["type": "base64", "media_type": "image/png", "data": "AAAA"]],
            ]
        ),
        Row(
            name: "tools become name, description, input_schema",
            chat: body([user], ["tools": [tool]]),
            pointer: "/tools/0",
            expected: [
                "name": "get_weather", "description": "Weather by city",
                "input_schema": ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]],
            ]
        ),
        Row(
            name: "a tool without parameters gets an empty object schema",
            chat: body([user], ["tools": [["type": "function", "function": ["name": "now"]]]]),
            pointer: "/tools/0/input_schema",
            expected: ["type": "object", "properties": [:]]
        ),
        Row(
            name: "tool_choice auto",
            chat: body([user], ["tools": [tool], "tool_choice": "auto"]),
            pointer: "/tool_choice",
            expected: ["type": "auto"]
        ),
        Row(
            name: "tool_choice required becomes any",
            chat: body([user], ["tools": [tool], "tool_choice": "required"]),
            pointer: "/tool_choice",
            expected: ["type": "any"]
        ),
        Row(
            name: "tool_choice none",
            chat: body([user], ["tools": [tool], "tool_choice": "none"]),
            pointer: "/tool_choice",
            expected: ["type": "none"]
        ),
        Row(
            name: "a named tool_choice becomes type tool with the name",
            chat: body(
                [user],
                ["tools": [tool], "tool_choice": ["type": "function", "function": ["name": "get_weather"]]]
            ),
            pointer: "/tool_choice",
            expected: ["type": "tool", "name": "get_weather"]
        ),
        Row(
            name: "parallel_tool_calls false becomes disable_parallel_tool_use",
            chat: body([user], ["tools": [tool], "tool_choice": "required", "parallel_tool_calls": false]),
            pointer: "/tool_choice",
            expected: ["type": "any", "disable_parallel_tool_use": true]
        ),
        Row(
            name: "parallel_tool_calls false without a tool_choice is auto without parallel calls",
            chat: body([user], ["tools": [tool], "parallel_tool_calls": false]),
            pointer: "/tool_choice",
            expected: ["type": "auto", "disable_parallel_tool_use": true]
        ),
        Row(
            name: "assistant calls become tool_use blocks with an object input",
            chat: body([user, ["role": "assistant", "content": nil, "tool_calls": [call]]]),
            pointer: "/messages/1",
            expected: [
                "role": "assistant",
                "content": [["type": "tool_use", "id": "call_1", "name": "get_weather", "input": ["city": "Paris"]]],
            ]
        ),
        Row(
            name: "reasoning becomes a thinking block first, with its signature",
            chat: body([
                user,
                [
                    "role": "assistant", "content": "Checking.", "reasoning_content": "They want Paris.",
                    "reasoning_signature": "sig", "tool_calls": [call],
                ],
            ]),
            pointer: "/messages/1/content",
            expected: [
                ["type": "thinking", "thinking": "They want Paris.", "signature": "sig"],
                ["type": "text", "text": "Checking."],
                ["type": "tool_use", "id": "call_1", "name": "get_weather", "input": ["city": "Paris"]],
            ]
        ),
        Row(
            name: "consecutive tool results are merged into one user turn",
            chat: body([
                user,
                ["role": "assistant", "content": "", "tool_calls": [call, call]],
                ["role": "tool", "tool_call_id": "call_1", "content": "18 C"],
                ["role": "tool", "tool_call_id": "call_2", "content": "20 C"],
            ]),
            pointer: "/messages/2",
            expected: [
                "role": "user",
                "content": [
                    ["type": "tool_result", "tool_use_id": "call_1", "content": "18 C"],
                    ["type": "tool_result", "tool_use_id": "call_2", "content": "20 C"],
                ],
            ]
        ),
        Row(
            name: "max_tokens is always set",
            chat: body([user]),
            pointer: "/max_tokens",
            expected: .number(JSONNumber(MessagesTranslation.defaultMaxTokens))
        ),
        Row(
            name: "max_completion_tokens becomes max_tokens",
            chat: body([user], ["max_completion_tokens": 300]),
            pointer: "/max_tokens",
            expected: 300
        ),
        Row(
            name: "stop becomes stop_sequences",
            chat: body([user], ["stop": "END"]),
            pointer: "/stop_sequences",
            expected: ["END"]
        ),
        Row(name: "stream passes through", chat: body([user], ["stream": true]), pointer: "/stream", expected: true),
    ]

    /// The value at a JSON Pointer (object keys and array indices).
    static func value(in root: JSONValue, at pointer: String) -> JSONValue? {
        var current: JSONValue? = root
        for token in pointer.split(separator: "/") {
            if let index = Int(token), let array = current?.arrayValue {
                current = index < array.count ? array[index] : nil
            } else {
                current = current?[String(token)]
            }
        }
        return current
    }

    @Test(arguments: rows)
    func translatesConstruct(_ row: Row) throws {
        let body = try #require(MessagesTranslation.translate(row.chat).body)
        #expect(Self.value(in: body, at: row.pointer) == row.expected)
    }

    @Test func streamOptionsAndUnknownMembersAreLeftOutAndListed() throws {
        let chat = Self.body([Self.user], ["stream_options": ["include_usage": true], "seed": 7, "user": "u"])
        guard case .request(let body, let dropped) = MessagesTranslation.translate(chat) else {
            Issue.record("expected a request")
            return
        }
        #expect(body["stream_options"] == nil && body["seed"] == nil)
        #expect(dropped.sorted() == ["seed", "user"])
    }

    /// Each construct Messages cannot carry makes the case inexpressible, with a reason, never a half translation.
    @Test(arguments: [
        ("n", body([user], ["n": 2])),
        ("response_format", body([user], ["response_format": ["type": "json_object"]])),
        ("a system message mid-conversation", body([user, ["role": "system", "content": "Now be rude."]])),
        (
            "arguments that are not an object",
            body([
                user,
                [
                    "role": "assistant", "content": nil,
                    "tool_calls": [["id": "c", "type": "function", "function": ["name": "f", "arguments": "[1]"]]],
                ],
            ])
        ),
        ("an unknown role", body([["role": "function", "name": "f", "content": "x"]])),
        ("a non-function tool", body([user], ["tools": [["type": "web_search"]]])),
    ] as [(String, JSONValue)])
    func inexpressibleCasesSaySo(_ name: String, _ chat: JSONValue) {
        let reason = MessagesTranslation.translate(chat).reason
        #expect(reason != nil, "\(name)")
        #expect(reason?.hasSuffix(".") == true)
    }

    /// An invalid request stays invalid on the way over, for the host to reject.
    @Test func anUnknownToolChoiceModeIsSentForTheHostToReject() throws {
        let body = try #require(MessagesTranslation.translate(Self.body([Self.user], ["tool_choice": "sometimes"])).body)
        #expect(body["tool_choice"] == ["type": "sometimes"])
    }
}
