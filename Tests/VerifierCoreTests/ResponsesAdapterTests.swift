import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The Responses wire adapter: a faithful answer decodes to the neutral answer with no finding, and each
/// defect of the surface gets its own label (docs/surfaces.md lists them).
@Suite("Responses adapter")
struct ResponsesAdapterTests {
    typealias B = ResponseBuilder

    static func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    /// A stream of events, each numbered in order (unless `sequence` says otherwise) and named as its type
    /// (unless `names` says otherwise).
    static func stream(_ events: [JSONValue], sequence: [Int]? = nil, names: [Int: String] = [:]) -> String {
        events.enumerated().map { position, event in
            var object = event.objectValue ?? JSONObject()
            if let sequence {
                if position < sequence.count { object["sequence_number"] = number(sequence[position]) }
            } else {
                object["sequence_number"] = number(position)
            }
            let name = names[position] ?? object["type"]?.stringValue ?? ""
            return "event: \(name)\ndata: \(JSONValue.object(object).serialized())\n\n"
        }.joined()
    }

    static let usage: JSONValue = [
        "input_tokens": 12, "input_tokens_details": ["cached_tokens": 0], "output_tokens": 9,
        "output_tokens_details": ["reasoning_tokens": 0], "total_tokens": 21,
    ]
    static let message: JSONValue = [
        "type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
        "content": [["type": "output_text", "text": "Let me check.", "annotations": []]],
    ]
    static func call(_ arguments: String = "{\"city\": \"Paris\"}", id: String = "fc_1", callID: JSONValue? = "call_1", name: JSONValue? = "get_weather") -> JSONValue {
        var item = JSONObject()
        item["type"] = "function_call"
        item["id"] = .string(id)
        if let callID { item["call_id"] = callID }
        if let name { item["name"] = name }
        item["arguments"] = .string(arguments)
        item["status"] = "completed"
        return .object(item)
    }
    static func response(_ output: [JSONValue], status: String = "completed", details: JSONValue = nil, usage: JSONValue? = usage) -> JSONValue {
        var object = JSONObject()
        object["id"] = "resp_1"
        object["object"] = "response"
        object["created_at"] = 1_700_000_000
        object["status"] = .string(status)
        object["model"] = "m"
        object["output"] = .array(output)
        object["incomplete_details"] = details
        object["error"] = nil
        if let usage { object["usage"] = usage }
        return .object(object)
    }
    static let faithfulBody = response([message, call()])

    static let created: JSONValue = ["type": "response.created", "response": response([], status: "in_progress", usage: nil)]
    static let inProgress: JSONValue = ["type": "response.in_progress", "response": response([], status: "in_progress", usage: nil)]
    static func added(_ index: Int, _ item: JSONValue) -> JSONValue {
        ["type": "response.output_item.added", "output_index": number(index), "item": item]
    }
    static func done(_ index: Int, _ item: JSONValue) -> JSONValue {
        ["type": "response.output_item.done", "output_index": number(index), "item": item]
    }
    static func textEvents(_ index: Int, _ pieces: [String]) -> [JSONValue] {
        let part: JSONValue = ["type": "output_text", "text": "", "annotations": []]
        let full = pieces.joined()
        return [
            ["type": "response.content_part.added", "item_id": "msg_1", "output_index": number(index), "content_index": 0, "part": part]
        ]
            + pieces.map {
                [
                    "type": "response.output_text.delta", "item_id": "msg_1", "output_index": number(index),
                    "content_index": 0, "delta": .string($0), "logprobs": [],
                ]
            }
            + [
                ["type": "response.output_text.done", "item_id": "msg_1", "output_index": number(index), "content_index": 0, "text": .string(full)],
                [
                    "type": "response.content_part.done", "item_id": "msg_1", "output_index": number(index), "content_index": 0,
                    "part": ["type": "output_text", "text": .string(full), "annotations": []],
                ],
            ]
    }
    static func argumentEvents(_ index: Int, _ pieces: [String], done: String? = nil, id: String = "fc_1") -> [JSONValue] {
        pieces.map {
            ["type": "response.function_call_arguments.delta", "item_id": .string(id), "output_index": number(index), "delta": .string($0)]
        }
            + [
                [
                    "type": "response.function_call_arguments.done", "item_id": .string(id), "output_index": number(index),
                    "name": "get_weather", "arguments": .string(done ?? pieces.joined()),
                ]
            ]
    }
    static let messageInProgress: JSONValue = [
        "type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": [],
    ]
    static let callInProgress: JSONValue = [
        "type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": "",
        "status": "in_progress",
    ]
    static func completed(_ output: [JSONValue] = [message, call()]) -> JSONValue {
        ["type": "response.completed", "response": response(output)]
    }

    /// A faithful streamed answer: text, then one call whose arguments arrive in pieces.
    static let faithfulEvents: [JSONValue] =
        [created, inProgress, added(0, messageInProgress)] + textEvents(0, ["Let me ", "check."]) + [done(0, message)]
        + [added(1, callInProgress)] + argumentEvents(1, ["{\"city\"", ": \"Par", "is\"}"]) + [done(1, call()), completed()]

    static func judge(_ stream: String, request: ChatRequest = B.weatherRequest) -> ExchangeJudgement {
        ResponseJudge().judge(request: request, streamed: true, response: B.ok(Array(stream.utf8)), surface: .responses)
    }

    static func judge(body: JSONValue, request: ChatRequest = B.weatherRequest) -> ExchangeJudgement {
        ResponseJudge().judge(request: request, streamed: false, response: B.ok(body), surface: .responses)
    }

    static func labels(_ judgement: ExchangeJudgement) -> [String] {
        Array(Set(judgement.findings.map(\.label.rawValue))).sorted()
    }

    @Test func faithfulStreamDecodesToTheNeutralAnswer() throws {
        let judgement = Self.judge(Self.stream(Self.faithfulEvents))
        #expect(judgement.findings.isEmpty, "\(judgement.findings)")
        let answer = try #require(judgement.answer)
        #expect(answer.text == "Let me check.")
        #expect(answer.calls.count == 1)
        #expect(answer.calls.first?.name == "get_weather")
        #expect(answer.calls.first?.id == "call_1")
        #expect(answer.calls.first?.arguments.object.map(JSONValue.object) == ["city": "Paris"])
        #expect(answer.stopReason == .toolCalls)
        #expect(judgement.finishReason == "completed")
        #expect(judgement.finishedWithToolCalls)
        #expect(judgement.schemaValid == true)
        #expect(judgement.promptTokens == 12 && judgement.completionTokens == 9)
        #expect(judgement.surface == .responses)
    }

    @Test func faithfulBodyDecodesToTheNeutralAnswer() throws {
        let judgement = Self.judge(body: Self.faithfulBody)
        #expect(judgement.findings.isEmpty, "\(judgement.findings)")
        let answer = try #require(judgement.answer)
        #expect(answer.calls.first?.arguments.object.map(JSONValue.object) == ["city": "Paris"])
        // Findings about the call point into the Responses body: the function call is output item 1.
        #expect(answer.pointers.arguments(ofCall: 0) == "/output/1/arguments")
        #expect(answer.calls.first?.nameField == "`function_call.name`")
    }

    @Test func aTextAnswerFinishesNaturally() throws {
        let judgement = Self.judge(body: Self.response([Self.message]))
        #expect(judgement.findings.isEmpty, "\(judgement.findings)")
        #expect(judgement.answer?.stopReason == .endTurn)
        #expect(!judgement.finishedWithToolCalls)
        var summary = K2VVSummary()
        summary.add(judgement)
        #expect(summary.finishStop == 1 && summary.finishToolCalls == 0)
    }

    @Test func anAnswerCutByTheTokenLimitIsLength() throws {
        let judgement = Self.judge(body: Self.response([Self.message], status: "incomplete", details: ["reason": "max_output_tokens"]))
        #expect(judgement.findings.isEmpty, "\(judgement.findings)")
        #expect(judgement.answer?.stopReason == .length)
    }

    /// One stream defect per row, and the labels it must get.
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var stream: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let calling: [JSONValue] = [created, inProgress, added(0, callInProgress)]

    static let rows: [Row] = [
        Row(
            name: "a repeated sequence number",
            stream: stream(faithfulEvents, sequence: [0, 1, 2, 3, 4, 4] + Array(6..<faithfulEvents.count)),
            expected: ["stream.sequence_number"]
        ),
        Row(
            name: "events out of order (sequence going back)",
            stream: stream(faithfulEvents, sequence: [0, 1, 2, 5, 3, 4] + Array(6..<faithfulEvents.count)),
            expected: ["stream.sequence_number"]
        ),
        Row(
            name: "output_item.done for an item never added",
            stream: stream([created, inProgress, done(0, call()), completed([call()])]),
            expected: ["stream.item_lifecycle"]
        ),
        Row(
            name: "an item added and never done",
            stream: stream(calling + argumentEvents(0, ["{\"city\": \"Paris\"}"]) + [completed([call()])]),
            expected: ["stream.item_lifecycle"]
        ),
        Row(
            name: "a delta for an item already done",
            stream: stream(
                calling + argumentEvents(0, ["{\"city\": \"Paris\"}"]) + [done(0, call())]
                    + [["type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 0, "delta": "}"]]
                    + [completed([call()])]
            ),
            // The SDK's accumulator still applies it: the call's arguments end in a stray brace.
            expected: ["call.invalid_json", "stream.arguments_mismatch", "stream.item_lifecycle"]
        ),
        Row(
            name: "done arguments that differ from the deltas",
            stream: stream(
                calling + argumentEvents(0, ["{\"city\": \"Par", "is\"}"], done: "{\"city\": \"Par\"}") + [done(0, call()), completed([call()])]
            ),
            expected: ["stream.arguments_mismatch"]
        ),
        Row(
            name: "a done item whose arguments differ from the streamed ones",
            stream: stream(calling + argumentEvents(0, ["{\"city\": \"Rome\"}"]) + [done(0, call()), completed([call()])]),
            expected: ["stream.arguments_mismatch"]
        ),
        Row(
            name: "a final response whose arguments differ",
            stream: stream(
                calling + argumentEvents(0, ["{\"city\": \"Paris\"}"]) + [done(0, call()), completed([call("{\"city\": \"Rome\"}")])]
            ),
            expected: ["stream.arguments_mismatch"]
        ),
        Row(
            name: "a stream cut before the terminal event",
            stream: stream(calling + argumentEvents(0, ["{\"city\": \"Paris\"}"])),
            expected: ["stream.truncated"]
        ),
        Row(
            name: "response.failed",
            stream: stream(
                calling + [
                    [
                        "type": "response.failed",
                        "response": [
                            "id": "resp_1", "object": "response", "status": "failed", "output": [],
                            "error": ["code": "server_error", "message": "The model crashed."],
                        ],
                    ]
                ]
            ),
            expected: ["stream.error_event"]
        ),
        Row(
            name: "an error event",
            stream: stream(calling + [["type": "error", "code": "overloaded", "message": "Try again."]]),
            expected: ["stream.error_event"]
        ),
        Row(
            name: "two terminal events",
            stream: stream(faithfulEvents + [completed()]),
            expected: ["stream.terminal_event"]
        ),
        Row(
            name: "an event name that is not its type",
            stream: stream(faithfulEvents, names: [4: "response.output_text.done"]),
            expected: ["stream.event_name"]
        ),
        Row(
            name: "a function call without a name (vLLM)",
            stream: stream(
                [created, inProgress, added(0, call("", name: nil))] + argumentEvents(0, ["{\"city\": \"Paris\"}"])
                    + [done(0, call(name: nil)), completed([call(name: nil)])]
            ),
            expected: ["call.unknown_tool", "wire.function_call_fields"]
        ),
        Row(
            name: "a response.created without output",
            stream: stream(
                [["type": "response.created", "response": ["id": "resp_1", "object": "response", "status": "in_progress"]]]
                    + Array(faithfulEvents.dropFirst())
            ),
            expected: ["wire.responses_shape"]
        ),
        Row(
            name: "a stream that does not open with response.created",
            stream: stream(Array(faithfulEvents.dropFirst())),
            expected: ["wire.responses_shape"]
        ),
        Row(
            name: "a data line that is not JSON",
            stream: stream(Array(faithfulEvents.prefix(2))) + "event: response.output_item.added\ndata: {\"type\":\"resp\n\n"
                + stream([completed([Self.message])], sequence: [99]),
            expected: ["stream.bad_event"]
        ),
        Row(
            name: "a Chat stream on /v1/responses",
            stream: String(decoding: B.stream([B.chunk(["role": "assistant", "content": "Hi"], finish: "stop")]), as: UTF8.self),
            expected: ["wire.wrong_surface"]
        ),
    ]

    @Test(arguments: rows)
    func eachStreamDefectGetsItsLabel(_ row: Row) {
        #expect(Self.labels(Self.judge(row.stream)) == row.expected)
    }

    /// A stream without any sequence numbers is still read (a warning).
    @Test func aStreamWithoutSequenceNumbersIsAWarning() throws {
        let judgement = Self.judge(Self.stream(Self.faithfulEvents, sequence: []))
        #expect(judgement.findings.map(\.label.rawValue) == ["stream.sequence_number"])
        #expect(judgement.findings.first?.severity == .warning)
        #expect(try #require(judgement.answer).calls.count == 1)
    }

    /// An event type outside the grammar is a warning: clients ignore it, and the answer is still read.
    @Test func anUnknownEventIsAWarning() throws {
        var events = Self.faithfulEvents
        events.insert(["type": "response.heartbeat"], at: 2)
        let judgement = Self.judge(Self.stream(events))
        #expect(judgement.findings.map(\.label.rawValue) == ["stream.event_name"])
        #expect(judgement.findings.first?.severity == .warning)
    }

    @Test func bodyDefects() {
        #expect(Self.labels(Self.judge(body: Self.response([Self.message], status: "incomplete"))) == ["wire.status_mismatch"])
        #expect(
            Self.labels(Self.judge(body: Self.response([Self.message], status: "completed", details: ["reason": "max_output_tokens"])))
                == ["wire.status_mismatch"]
        )
        #expect(Self.labels(Self.judge(body: Self.response([Self.message], status: "failed"))) == ["wire.status_mismatch"])

        #expect(Self.labels(Self.judge(body: Self.response([Self.call(callID: nil)]))) == ["wire.function_call_fields"])
        #expect(
            Self.labels(Self.judge(body: Self.response([Self.call(), Self.call("{\"city\": \"Rome\"}", id: "fc_2")])))
                == ["wire.function_call_fields"]
        )

        #expect(
            Self.labels(Self.judge(body: Self.response([Self.message], usage: ["input_tokens": 12, "output_tokens": 9, "total_tokens": 30])))
                == ["wire.usage_inconsistent"]
        )
        let noUsage = Self.judge(body: Self.response([Self.message], usage: nil))
        #expect(Self.labels(noUsage) == ["wire.usage_missing"])
        #expect(noUsage.findings.first?.severity == .warning)

        var notAResponse = Self.faithfulBody.objectValue ?? JSONObject()
        notAResponse["object"] = nil
        #expect(Self.labels(Self.judge(body: .object(notAResponse))) == ["wire.responses_shape"])
        var noOutput = Self.faithfulBody.objectValue ?? JSONObject()
        noOutput["output"] = "none"
        #expect(Self.labels(Self.judge(body: .object(noOutput))) == ["wire.responses_shape"])

        #expect(Self.labels(Self.judge(body: B.completion(content: "Hi", finish: "stop"))) == ["wire.wrong_surface"])
        let messagesBody: JSONValue = [
            "id": "msg_1", "type": "message", "role": "assistant", "content": [["type": "text", "text": "Hi"]],
            "stop_reason": "end_turn",
        ]
        #expect(Self.labels(Self.judge(body: messagesBody)) == ["wire.wrong_surface"])

        let html = ResponseJudge().judge(
            request: B.weatherRequest,
            streamed: false,
            response: B.ok(Array("<html><body>502 Bad Gateway</body></html>".utf8)),
            surface: .responses
        )
        #expect(Self.labels(html) == ["wire.body_not_json"])
    }

    /// Reasoning in the answer's text: repeated from the reasoning item, or harmony's channels as plain text.
    @Test func reasoningInTheText() {
        let reasoning: JSONValue = [
            "type": "reasoning", "id": "rs_1", "summary": [],
            "content": [["type": "reasoning_text", "text": "The user wants the weather in Paris; call get_weather."]],
        ]
        let leaked: JSONValue = [
            "type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [
                [
                    "type": "output_text", "annotations": [],
                    "text": "The user wants the weather in Paris; call get_weather. It is sunny.",
                ]
            ],
        ]
        #expect(Self.labels(Self.judge(body: Self.response([reasoning, leaked]))) == ["wire.reasoning_in_text"])
        let harmony: JSONValue = [
            "type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [["type": "output_text", "annotations": [], "text": "analysisNeed weather.assistantfinalIt is sunny."]],
        ]
        #expect(Self.labels(Self.judge(body: Self.response([harmony]))) == ["wire.reasoning_in_text"])
        // Reasoning kept in its own item, and an answer that merely starts with the word, pass.
        let clean: JSONValue = [
            "type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [["type": "output_text", "annotations": [], "text": "analysis shows it is sunny."]],
        ]
        #expect(Self.judge(body: Self.response([reasoning, clean])).findings.isEmpty)
        #expect(Self.judge(body: Self.response([reasoning, clean])).answer?.reasoning?.hasPrefix("The user") == true)
    }

    /// llama-server's Responses stream (pinned llama.cpp, seen on the real-engine stage): no `sequence_number`, no
    /// `output_index`, a `response.created` without `output`. The answer is still read by item id.
    @Test func llamaServerStreamIsReadAndItsDeparturesNamed() throws {
        func strip(_ event: JSONValue) -> JSONValue {
            var object = event.objectValue ?? JSONObject()
            object["output_index"] = nil
            object["content_index"] = nil
            return .object(object)
        }
        let bareResponse: JSONValue = ["id": "resp_1", "object": "response", "status": "in_progress"]
        let events: [JSONValue] =
            [["type": "response.created", "response": bareResponse], ["type": "response.in_progress", "response": bareResponse]]
            + ([Self.added(0, Self.callInProgress)] + Array(Self.argumentEvents(0, ["{\"city\"", ": \"Paris\"}"]).dropLast())
                + [Self.done(0, Self.call())]).map(strip)
            + [Self.completed([Self.call()])]
        let judgement = Self.judge(Self.stream(events, sequence: []))
        #expect(Self.labels(judgement) == ["stream.item_lifecycle", "stream.sequence_number", "wire.responses_shape"])
        #expect(judgement.findings.filter { $0.label.rawValue == "stream.item_lifecycle" }.count == 1)
        let answer = try #require(judgement.answer)
        #expect(answer.calls.first?.arguments.object.map(JSONValue.object) == ["city": "Paris"])
    }

    /// An answer cut by `max_output_tokens` but reported `completed` (llama-server) is a status mismatch.
    @Test func aCutAnswerReportedCompletedIsAMismatch() throws {
        let request = ChatRequest(body: ["model": "m", "messages": [["role": "user", "content": "Count."]], "max_tokens": 9])
        let judgement = Self.judge(body: Self.response([Self.message]), request: request)
        #expect(Self.labels(judgement) == ["wire.status_mismatch"])
        let below = ChatRequest(body: ["model": "m", "messages": [["role": "user", "content": "Count."]], "max_tokens": 10])
        #expect(Self.judge(body: Self.response([Self.message]), request: below).findings.isEmpty)
    }

    /// A stream whose items never came one by one: the client reads the terminal response's output.
    @Test func aStreamWithOnlyTheFinalResponseIsRead() throws {
        let judgement = Self.judge(Self.stream([Self.created, Self.completed([Self.call()])]))
        #expect(try #require(judgement.answer).calls.first?.name == "get_weather")
        #expect(judgement.findings.isEmpty, "\(judgement.findings)")
    }
}
