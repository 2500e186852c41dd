import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The Messages wire adapter: a faithful answer decodes to the neutral answer with no finding, and each
/// defect of the surface gets its own label (docs/surfaces.md lists them).
@Suite("Messages adapter")
struct MessagesAdapterTests {
    typealias B = ResponseBuilder

    /// One Messages SSE event, named as its type unless told otherwise.
    static func event(_ data: JSONValue, name: String? = nil) -> String {
        let type = name ?? data["type"]?.stringValue ?? ""
        return "event: \(type)\ndata: \(data.serialized())\n\n"
    }

    static let start = event([
        "type": "message_start",
        "message": [
            "id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [], "stop_reason": nil,
            "stop_sequence": nil, "usage": ["input_tokens": 12, "output_tokens": 1],
        ],
    ])
    static func blockStart(_ index: Int, _ block: JSONValue) -> String {
        event(["type": "content_block_start", "index": .number(JSONNumber(index)), "content_block": block])
    }
    static func delta(_ index: Int, _ delta: JSONValue, name: String? = nil) -> String {
        event(["type": "content_block_delta", "index": .number(JSONNumber(index)), "delta": delta], name: name)
    }
    static func text(_ index: Int, _ text: String) -> String { delta(index, ["type": "text_delta", "text": .string(text)]) }
    static func json(_ index: Int, _ text: String) -> String {
        delta(index, ["type": "input_json_delta", "partial_json": .string(text)])
    }
    static func stop(_ index: Int) -> String {
        event(["type": "content_block_stop", "index": .number(JSONNumber(index))])
    }
    static func toolUse(_ id: String = "toolu_1", name: String = "get_weather") -> JSONValue {
        ["type": "tool_use", "id": .string(id), "name": .string(name), "input": [:]]
    }
    static func end(_ reason: String, output: Int = 9, input: Int? = nil) -> String {
        var usage = JSONObject()
        usage["output_tokens"] = .number(JSONNumber(output))
        if let input { usage["input_tokens"] = .number(JSONNumber(input)) }
        return event([
            "type": "message_delta", "delta": ["stop_reason": .string(reason), "stop_sequence": nil],
            "usage": .object(usage),
        ])
            + event(["type": "message_stop"])
    }
    static let ping = event(["type": "ping"])

    /// A faithful streamed answer: text, then one call whose input arrives in pieces.
    static let faithfulCall =
        start + blockStart(0, ["type": "text", "text": ""]) + ping + text(0, "Let me check.") + stop(0)
        + blockStart(1, toolUse()) + json(1, "{\"ci") + json(1, "ty\": \"Par") + json(1, "is\"}") + stop(1)
        + end("tool_use")

    static func judge(_ stream: String, request: ChatRequest = B.weatherRequest) -> ExchangeJudgement {
        ResponseJudge().judge(request: request, streamed: true, response: B.ok(Array(stream.utf8)), surface: .messages)
    }

    static func judge(body: JSONValue) -> ExchangeJudgement {
        ResponseJudge().judge(request: B.weatherRequest, streamed: false, response: B.ok(body), surface: .messages)
    }

    static func labels(_ judgement: ExchangeJudgement) -> [String] {
        Array(Set(judgement.findings.map(\.label.rawValue))).sorted()
    }

    static let faithfulBody: JSONValue = [
        "id": "msg_1", "type": "message", "role": "assistant", "model": "m",
        "content": [
            ["type": "text", "text": "Let me check."],
            ["type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": ["city": "Paris"]],
        ],
        "stop_reason": "tool_use", "stop_sequence": nil, "usage": ["input_tokens": 12, "output_tokens": 9],
    ]

    @Test func faithfulStreamDecodesToTheNeutralAnswer() throws {
        let judgement = Self.judge(Self.faithfulCall)
        #expect(judgement.findings.isEmpty, "\(judgement.findings)")
        let answer = try #require(judgement.answer)
        #expect(answer.text == "Let me check.")
        #expect(answer.calls.count == 1)
        #expect(answer.calls.first?.name == "get_weather")
        #expect(answer.calls.first?.arguments.object.map(JSONValue.object) == ["city": "Paris"])
        #expect(answer.stopReason == .toolCalls)
        #expect(judgement.finishedWithToolCalls)
        #expect(judgement.schemaValid == true)
        #expect(judgement.promptTokens == 12 && judgement.completionTokens == 9)
        #expect(judgement.surface == .messages)
    }

    @Test func faithfulBodyDecodesToTheNeutralAnswer() throws {
        let judgement = Self.judge(body: Self.faithfulBody)
        #expect(judgement.findings.isEmpty, "\(judgement.findings)")
        let answer = try #require(judgement.answer)
        #expect(answer.calls.first?.arguments.object.map(JSONValue.object) == ["city": "Paris"])
        // Findings about the call point into the Messages body: the tool_use block is content block 1.
        #expect(answer.pointers.arguments(ofCall: 0) == "/content/1/input")
        #expect(answer.calls.first?.nameField == "`tool_use.name`")
    }

    @Test func cachedInputTokensCountTowardsThePrompt() throws {
        var body = Self.faithfulBody.objectValue ?? JSONObject()
        body["usage"] = ["input_tokens": 2, "cache_read_input_tokens": 10, "output_tokens": 9]
        #expect(Self.judge(body: .object(body)).promptTokens == 12)
    }

    /// One stream defect per row, and the label it must get.
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var stream: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "a block index gap",
            stream: start + blockStart(1, toolUse()) + json(1, "{\"city\":\"Paris\"}") + stop(1) + end("tool_use"),
            // The SDK applies the input to the block at index 1, which does not exist: the call arrives without it.
            expected: ["call.schema", "stream.block_order"]
        ),
        Row(
            name: "a block never stopped",
            stream: start + blockStart(0, toolUse()) + json(0, "{\"city\":\"Paris\"}") + end("tool_use"),
            expected: ["stream.block_order"]
        ),
        Row(
            name: "three calls merged into one block (SGLang)",
            stream: start + blockStart(0, toolUse()) + json(0, "{\"city\":\"Paris\"}") + json(0, "{\"city\":\"Rome\"}")
                + json(0, "{\"city\":\"Oslo\"}") + stop(0) + end("tool_use"),
            expected: ["call.invalid_json", "stream.tool_use_merged"]
        ),
        Row(
            name: "one call split over blocks (vLLM)",
            stream: start + blockStart(0, toolUse()) + json(0, "{\"city\":") + stop(0) + blockStart(1, toolUse())
                + json(1, "\"Paris\"}") + stop(1) + end("tool_use"),
            expected: ["call.invalid_json", "stream.tool_use_split", "wire.tool_use_ids"]
        ),
        Row(
            name: "input fragments that do not assemble",
            stream: start + blockStart(0, toolUse()) + json(0, "{\"city\": \"Par") + stop(0) + end("tool_use"),
            expected: ["call.invalid_json", "stream.input_json"]
        ),
        Row(
            name: "an error event mid-stream",
            stream: start + blockStart(0, ["type": "text", "text": ""]) + text(0, "Hel")
                + event(["type": "error", "error": ["type": "overloaded_error", "message": "Overloaded"]]),
            expected: ["stream.error_event"]
        ),
        Row(
            name: "no message_stop",
            stream: start + blockStart(0, ["type": "text", "text": ""]) + text(0, "Hi") + stop(0)
                + event(["type": "message_delta", "delta": ["stop_reason": "end_turn"], "usage": ["output_tokens": 2]]),
            expected: ["stream.no_message_stop"]
        ),
        Row(
            name: "a stream cut after message_start",
            stream: start,
            expected: ["stream.truncated"]
        ),
        Row(
            name: "an event name that is not its type",
            stream: start + blockStart(0, ["type": "text", "text": ""])
                + delta(0, ["type": "text_delta", "text": "Hi"], name: "content_block_start") + stop(0) + end("end_turn"),
            expected: ["stream.event_name"]
        ),
        Row(
            name: "a data line that is not JSON",
            stream: start + "event: content_block_delta\ndata: {\"type\":\"content_block_del\n\n" + end("end_turn"),
            expected: ["stream.bad_event"]
        ),
        Row(
            name: "invalid JSON in partial_json",
            stream: start + blockStart(0, toolUse()) + json(0, "{city: Paris}") + stop(0) + end("tool_use"),
            expected: ["call.invalid_json", "stream.input_json"]
        ),
        Row(
            name: "end_turn beside a tool_use block",
            stream: start + blockStart(0, toolUse()) + json(0, "{\"city\":\"Paris\"}") + stop(0) + end("end_turn"),
            expected: ["wire.stop_reason_mismatch"]
        ),
        Row(
            name: "input_tokens that change between start and delta",
            stream: start + blockStart(0, ["type": "text", "text": ""]) + text(0, "Hi") + stop(0)
                + end("end_turn", output: 3, input: 19),
            expected: ["wire.messages_usage"]
        ),
        Row(
            name: "an empty tool_use id",
            stream: start + blockStart(0, toolUse("")) + json(0, "{\"city\":\"Paris\"}") + stop(0) + end("tool_use"),
            expected: ["wire.tool_use_ids"]
        ),
        Row(
            name: "a Chat stream on /v1/messages",
            stream: String(decoding: B.stream([B.chunk(["role": "assistant", "content": "Hi"], finish: "stop")]), as: UTF8.self),
            expected: ["wire.wrong_surface"]
        ),
    ]

    @Test(arguments: rows)
    func eachStreamDefectGetsItsLabel(_ row: Row) {
        #expect(Self.labels(Self.judge(row.stream)) == row.expected)
    }

    /// An event type outside the grammar is a warning: clients ignore it, and the answer is still read.
    @Test func anUnknownEventIsAWarning() throws {
        let stream = Self.start + Self.event(["type": "content_block_heartbeat"]) + String(Self.faithfulCall.dropFirst(Self.start.count))
        let judgement = Self.judge(stream)
        #expect(judgement.findings.map(\.label.rawValue) == ["stream.event_name"])
        #expect(judgement.findings.first?.severity == .warning)
        #expect(try #require(judgement.answer).calls.count == 1)
    }

    /// llama-server opens a streamed tool_use block without `input`: the SDKs build it from the fragments (a
    /// warning); without fragments the call has no input at all (an error).
    @Test func aStreamedToolUseWithoutInput() throws {
        let bare: JSONValue = ["type": "tool_use", "id": "toolu_1", "name": "get_weather"]
        let withFragments = Self.start + Self.blockStart(0, bare) + Self.json(0, "{\"city\":\"Paris\"}") + Self.stop(0)
            + Self.end("tool_use")
        let judgement = Self.judge(withFragments)
        #expect(judgement.findings.map(\.label.rawValue) == ["wire.input_not_object"])
        #expect(judgement.findings.first?.severity == .warning)
        #expect(try #require(judgement.answer).calls.first?.arguments.object.map(JSONValue.object) == ["city": "Paris"])
        let withoutFragments = Self.start + Self.blockStart(0, bare) + Self.stop(0) + Self.end("tool_use")
        #expect(Self.judge(withoutFragments).findings.contains { $0.label.rawValue == "wire.input_not_object" && $0.severity == .error })
    }

    @Test func bodyDefects() {
        var stringInput = Self.faithfulBody.objectValue ?? JSONObject()
        stringInput["content"] = [["type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": "{\"city\":\"Paris\"}"]]
        #expect(Self.labels(Self.judge(body: .object(stringInput))) == ["wire.input_not_object"])

        var noUsage = Self.faithfulBody.objectValue ?? JSONObject()
        noUsage["usage"] = nil
        #expect(Self.labels(Self.judge(body: .object(noUsage))) == ["wire.messages_usage"])

        var noRole = Self.faithfulBody.objectValue ?? JSONObject()
        noRole["role"] = nil
        #expect(Self.labels(Self.judge(body: .object(noRole))) == ["wire.messages_shape"])

        var duplicateIDs = Self.faithfulBody.objectValue ?? JSONObject()
        duplicateIDs["content"] = [
            ["type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": ["city": "Paris"]],
            ["type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": ["city": "Rome"]],
        ]
        #expect(Self.labels(Self.judge(body: .object(duplicateIDs))) == ["wire.tool_use_ids"])

        let chatBody = B.completion(content: "Hi", finish: "stop")
        #expect(Self.labels(Self.judge(body: chatBody)) == ["wire.wrong_surface"])

        let html = ResponseJudge().judge(
            request: B.weatherRequest,
            streamed: false,
            response: B.ok(Array("<html><body>502 Bad Gateway</body></html>".utf8)),
            surface: .messages
        )
        #expect(Self.labels(html) == ["wire.body_not_json"])
    }

    @Test func theConcatenatedValuesOfMergedCalls() {
        #expect(MessagesStreamTrace.concatenatedValues("{\"a\":\"}{\"}{\"b\":[1,{}]}")?.count == 2)
        #expect(MessagesStreamTrace.concatenatedValues("{\"a\":1}")?.count == 1)
        #expect(MessagesStreamTrace.concatenatedValues("{\"a\":") == nil)
        #expect(MessagesStreamTrace.concatenatedValues("x{}") == nil)
    }
}
