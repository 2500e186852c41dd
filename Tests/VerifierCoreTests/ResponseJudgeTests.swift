import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Response checks")
struct ResponseJudgeTests {
    typealias B = ResponseBuilder

    static let judge = ResponseJudge()

    static func labels(_ body: JSONValue, request: ChatRequest = B.weatherRequest) -> [String] {
        judge.judge(request: request, streamed: false, response: B.ok(body)).findings.map(\.label.rawValue).sorted()
    }

    @Test(
        arguments: [
            // A correct call with tool_calls finish.
            ("good call", B.completion(calls: [B.call()], finish: "tool_calls"), [String]()),
            // A correct text answer.
            ("good text", B.completion(content: "Sunny."), []),
            // Calls with finish_reason stop (sglang #2877).
            ("stop with calls", B.completion(calls: [B.call()], finish: "stop"), ["wire.finish_reason_mismatch"]),
            // tool_calls finish without calls.
            (
                "tool_calls without calls", B.completion(content: "hi", finish: "tool_calls"),
                ["wire.finish_reason_mismatch"]
            ),
            // Arguments as an object.
            (
                "arguments object", B.completion(calls: [B.call(arguments: ["city": "Paris"])], finish: "tool_calls"),
                ["wire.arguments_not_string"]
            ),
            // Arguments missing entirely.
            (
                "arguments absent",
                B.completion(
                    calls: [["id": "c", "type": "function", "function": ["name": "get_weather"]]],
                    finish: "tool_calls"
                ), ["wire.arguments_not_string"]
            ),
            // Arguments cut mid-JSON.
            (
                "invalid json", B.completion(calls: [B.call(arguments: #"{"city": "Par"#)], finish: "tool_calls"),
                ["call.invalid_json"]
            ),
            // Cut mid-JSON at the length limit.
            (
                "truncated", B.completion(calls: [B.call(arguments: #"{"city": "Par"#)], finish: "length"),
                ["call.truncated"]
            ),
            // Arguments parse to an array.
            (
                "not object", B.completion(calls: [B.call(arguments: "[1,2]")], finish: "tool_calls"),
                ["call.not_object"]
            ),
            // Encoded twice.
            (
                "double encoded",
                B.completion(calls: [B.call(arguments: #""{\"city\":\"Paris\"}""#)], finish: "tool_calls"),
                ["call.double_encoded"]
            ),
            // Empty string arguments is only a warning, but a schema miss (city required) is not checked on "".
            (
                "empty arguments", B.completion(calls: [B.call(arguments: "")], finish: "tool_calls"),
                ["call.empty_arguments"]
            ),
            // A tool the request did not offer.
            (
                "unknown tool", B.completion(calls: [B.call("get_forecast")], finish: "tool_calls"),
                ["call.unknown_tool"]
            ),
            // Required property missing.
            (
                "schema required", B.completion(calls: [B.call(arguments: #"{"days":2}"#)], finish: "tool_calls"),
                ["call.schema"]
            ),
            // Wrong type and an extra property in one call: one finding for the call.
            (
                "schema two violations",
                B.completion(calls: [B.call(arguments: #"{"city":1,"x":true}"#)], finish: "tool_calls"), ["call.schema"]
            ),
            // 1.0 is an integer for JSON Schema.
            (
                "integer as 1.0",
                B.completion(calls: [B.call(arguments: #"{"city":"P","days":1.0}"#)], finish: "tool_calls"), []
            ),
            // Type not function.
            ("call type", B.completion(calls: [B.call(type: "tool")], finish: "tool_calls"), ["wire.call_type"]),
            // Missing id.
            ("id missing", B.completion(calls: [B.call(id: nil)], finish: "tool_calls"), ["wire.id_missing"]),
            // Two calls, one id.
            (
                "id duplicate",
                B.completion(calls: [B.call(), B.call(arguments: #"{"city":"Rome"}"#)], finish: "tool_calls"),
                ["wire.id_duplicate"]
            ),
            // Hermes markup in content.
            (
                "hermes markup", B.completion(content: "<tool_call>\n{\"name\": \"get_weather\"}\n</tool_call>"),
                ["wire.leaked_markup"]
            ),
            // Kimi markup in content.
            (
                "kimi markup",
                B.completion(content: "ok <|tool_calls_section_begin|> <|tool_call_begin|>functions.get_weather:0"),
                ["wire.leaked_markup"]
            ),
            // DeepSeek markup.
            (
                "deepseek markup",
                B.completion(content: "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather"),
                ["wire.leaked_markup"]
            ),
            // Mistral marker.
            (
                "mistral marker", B.completion(content: "[TOOL_CALLS][{\"name\":\"get_weather\"}]"),
                ["wire.leaked_markup"]
            ),
            // Llama python tag.
            (
                "llama python tag", B.completion(content: "<|python_tag|>get_weather(city=\"Paris\")"),
                ["wire.leaked_markup"]
            ),
            // Harmony channel.
            (
                "harmony", B.completion(content: "<|channel|>commentary to=functions.get_weather"),
                ["wire.leaked_markup"]
            ),
            // Text that merely talks about tags is fine.
            ("innocent angle brackets", B.completion(content: "Use a <div> or [link] here."), []),
            // No usage: warning.
            ("usage missing", B.completion(content: "hi", usage: nil), ["wire.usage_missing"]),
            // Usage not adding up.
            (
                "usage inconsistent",
                B.completion(content: "hi", usage: ["prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 3]),
                ["wire.usage_inconsistent"]
            ),
            // A JSON array instead of an object.
            ("shape array", [1, 2], ["wire.shape"]),
            // No choices.
            ("shape no choices", ["id": "x"], ["wire.shape"]),
            // Error object in a 200.
            ("error in 200", ["error": ["message": "overloaded"]], ["wire.shape"]),
        ] as [(String, JSONValue, [String])]
    )
    func labelsForResponse(name: String, body: JSONValue, expected: [String]) {
        #expect(Self.labels(body) == expected, "\(name)")
    }

    @Test func reasoningOnlyIsAWarning() throws {
        var body = B.completion(content: "")
        guard case .object(var root) = body, var choice = root["choices"]?[0]?.objectValue,
            var message = choice["message"]?.objectValue
        else { Issue.record("bad fixture"); return }
        message["reasoning_content"] = "Let me think about the weather."
        choice["message"] = .object(message)
        root["choices"] = [.object(choice)]
        body = .object(root)
        let judgement = Self.judge.judge(request: B.weatherRequest, streamed: false, response: B.ok(body))
        let finding = try #require(judgement.findings.first)
        #expect(finding.label == .wireReasoningOnly)
        #expect(finding.severity == .warning)
    }

    @Test func htmlPageWithStatus200IsBodyNotJSON() throws {
        let html = Array("<html><body>502 Bad Gateway</body></html>".utf8)
        let judgement = Self.judge.judge(request: B.weatherRequest, streamed: false, response: B.ok(html))
        #expect(judgement.delivered == false)
        #expect(judgement.transportFailed == false)
        let finding = try #require(judgement.findings.first)
        #expect(finding.label == .wireBodyNotJSON)
        #expect(finding.message.contains("502 Bad Gateway"))
    }

    @Test func invalidUTF8BodyIsLabelledNotCrashed() {
        let judgement = Self.judge.judge(
            request: B.weatherRequest,
            streamed: false,
            response: B.ok([0x7b, 0x22, 0xff, 0x22])
        )
        #expect(judgement.findings.map(\.label) == [.wireBodyNotJSON])
    }

    @Test(arguments: [
        // Server error.
        (500, FailureLabel.httpStatus),
        // Rate limited.
        (429, FailureLabel.httpRateLimited),
        // Client error.
        (400, FailureLabel.httpStatus),
    ])
    func statusCodes(status: Int, label: FailureLabel) {
        let response = RawResponse(status: status, body: Array(#"{"error":{"message":"nope"}}"#.utf8))
        let judgement = Self.judge.judge(request: B.weatherRequest, streamed: false, response: response)
        #expect(judgement.findings.map(\.label) == [label])
        #expect(judgement.delivered == false)
        #expect(judgement.findings.first?.message.contains("nope") == true)
    }

    @Test func transportFailureIsNotJudgedAsProviderOutput() {
        let response = RawResponse(status: nil, failure: .init(label: .httpConnection, message: "refused"))
        let judgement = Self.judge.judge(request: B.weatherRequest, streamed: false, response: response)
        #expect(judgement.transportFailed)
        #expect(judgement.findings.map(\.label) == [.httpConnection])
    }

    @Test func schemaValidFollowsK2VVRule() {
        let valid = Self.judge.judge(
            request: B.weatherRequest,
            streamed: false,
            response: B.ok(B.completion(calls: [B.call()], finish: "tool_calls"))
        )
        #expect(valid.schemaValid == true)
        let invalid = Self.judge.judge(
            request: B.weatherRequest,
            streamed: false,
            response: B.ok(B.completion(calls: [B.call("nope")], finish: "tool_calls"))
        )
        #expect(invalid.schemaValid == false)
        let empty = Self.judge.judge(
            request: B.weatherRequest,
            streamed: false,
            response: B.ok(B.completion(content: "x", finish: "tool_calls"))
        )
        #expect(empty.schemaValid == false)
        let text = Self.judge.judge(
            request: B.weatherRequest,
            streamed: false,
            response: B.ok(B.completion(content: "x"))
        )
        #expect(text.schemaValid == nil)
    }

    @Test func schemaFindingNamesLocations() throws {
        let judgement = Self.judge.judge(
            request: B.weatherRequest,
            streamed: false,
            response: B.ok(B.completion(calls: [B.call(arguments: #"{"city":1,"days":0}"#)], finish: "tool_calls"))
        )
        let finding = try #require(judgement.findings.first { $0.label == .callSchema })
        #expect(finding.message.contains("/city"))
        #expect(finding.message.contains("/days"))
        #expect(finding.location == "/choices/0/message/tool_calls/0/function/arguments/city")
    }

    @Test func primaryLabelPrefersEarlierLayer() throws {
        let findings = [
            Finding(.agreeMissedCall, .error, "missed"),
            Finding(.wireLeakedMarkup, .error, "leaked"),
            Finding(.wireUsageMissing, .warning, "no usage"),
        ]
        #expect(findings.primary?.label == .wireLeakedMarkup)
    }
}
