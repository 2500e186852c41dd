import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Each stream invariant: a faithful stream passes, and each defect gets its own label.
@Suite("Stream checks")
struct StreamChecksTests {
    /// One table row, named by its case so failures print readably.
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var chunks: [JSONValue]
        var expected: [String]
        init(_ row: (String, [JSONValue], [String])) { (name, chunks, expected) = row }
        var testDescription: String { name }
    }

    typealias B = ResponseBuilder

    static let usage: JSONValue = [
        "id": "c", "object": "chat.completion.chunk", "choices": [],
        "usage": ["prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7],
    ]

    static func first(_ index: Int = 0, id: JSONValue? = "call_a", name: JSONValue? = "get_weather", args: String = "")
        -> JSONValue
    {
        var fragment = JSONObject()
        fragment["index"] = .number(JSONNumber(index))
        if let id { fragment["id"] = id }
        fragment["type"] = "function"
        var function = JSONObject()
        if let name { function["name"] = name }
        function["arguments"] = .string(args)
        fragment["function"] = .object(function)
        return B.chunk(["tool_calls": [.object(fragment)]])
    }

    static func piece(_ text: String, index: Int = 0, id: JSONValue? = nil, name: JSONValue? = nil) -> JSONValue {
        var fragment = JSONObject()
        fragment["index"] = .number(JSONNumber(index))
        if let id { fragment["id"] = id }
        var function = JSONObject()
        if let name { function["name"] = name }
        function["arguments"] = .string(text)
        fragment["function"] = .object(function)
        return B.chunk(["tool_calls": [.object(fragment)]])
    }

    static let role = B.chunk(["role": "assistant", "content": ""])
    static let finishCalls = B.chunk(.object(JSONObject()), finish: "tool_calls")

    static func labels(_ chunks: [JSONValue], done: Bool = true, extra: [UInt8] = []) -> [String] {
        let bytes = B.stream(chunks, done: done) + extra
        let judgement = ResponseJudge().judge(request: B.weatherRequest, streamed: true, response: B.ok(bytes))
        return Array(Set(judgement.findings.map(\.label.rawValue))).sorted()
    }

    @Test(
        arguments: [
            // The faithful single call.
            ("faithful", [role, first(), piece(#"{"city":"#), piece(#""Paris"}"#), finishCalls, usage], [String]()),
            // Role on every chunk.
            (
                "role repeated",
                [
                    role, B.chunk(["role": "assistant", "content": "a"]), B.chunk(["content": "b"], finish: "stop"),
                    usage,
                ], ["stream.role_repeated"]
            ),
            // No role at all: a warning.
            (
                "role missing", [B.chunk(["content": "hi"]), B.chunk(.object(JSONObject()), finish: "stop"), usage],
                ["stream.role_missing"]
            ),
            // Two calls sharing index 0 (Ollama).
            (
                "index collision",
                [
                    role, first(args: #"{"city":"Oslo"}"#), first(id: "call_b", args: #"{"city":"Rome"}"#), finishCalls,
                    usage,
                ], ["call.invalid_json", "stream.index_collision"]
            ),
            // First call at index 1.
            ("index gap", [role, first(1, args: #"{"city":"Oslo"}"#), finishCalls, usage], ["stream.index_gap"]),
            // Id only on the second fragment.
            (
                "id missing", [role, first(id: nil), piece(#"{"city":"Oslo"}"#, id: "call_a"), finishCalls, usage],
                ["stream.id_missing"]
            ),
            // Id re-sent on every fragment: a warning.
            (
                "id repeated", [role, first(), piece(#"{"city":"Oslo"}"#, id: "call_a"), finishCalls, usage],
                ["stream.id_repeated"]
            ),
            // Name re-sent: a warning.
            (
                "name repeated", [role, first(), piece(#"{"city":"Oslo"}"#, name: "get_weather"), finishCalls, usage],
                ["stream.name_repeated"]
            ),
            // Name split over fragments.
            (
                "name fragmented",
                [role, first(name: "get_"), piece(#"{"city":"Oslo"}"#, name: "weather"), finishCalls, usage],
                ["stream.name_fragmented"]
            ),
            // Two finish reasons.
            (
                "finish twice",
                [
                    role, B.chunk(["content": "hi"], finish: "stop"), B.chunk(.object(JSONObject()), finish: "stop"),
                    usage,
                ], ["stream.finish_reason_count"]
            ),
            // Content after the finish chunk.
            (
                "content after finish",
                [role, B.chunk(["content": "hi"], finish: "stop"), B.chunk(["content": "more"]), usage],
                ["stream.finish_reason_count"]
            ),
            // Two usage chunks.
            (
                "usage twice", [role, B.chunk(["content": "hi"], finish: "stop"), usage, usage],
                ["stream.usage_placement"]
            ),
            // Usage before the last choice chunk.
            ("usage early", [role, usage, B.chunk(["content": "hi"], finish: "stop")], ["stream.usage_placement"]),
            // No usage at all: a warning of the usage check.
            ("usage missing", [role, B.chunk(["content": "hi"], finish: "stop")], ["wire.usage_missing"]),
            // Not JSON.
            ("bad event", [role, B.chunk(["content": "hi"], finish: "stop"), usage], ["stream.bad_event"]),
            // Type missing on the first fragment.
            (
                "type missing",
                [
                    role,
                    B.chunk([
                        "tool_calls": [
                            [
                                "index": 0, "id": "x",
                                "function": ["name": "get_weather", "arguments": #"{"city":"P"}"#],
                            ]
                        ]
                    ]), finishCalls, usage,
                ], ["wire.call_type"]
            ),
        ].map(Row.init)
    )
    func streamDefect(row: Row) {
        let (name, expected) = (row.name, row.expected)
        var chunks = row.chunks
        if name == "bad event" { chunks.insert(.string("placeholder"), at: 1) }
        #expect(Self.labels(chunks) == expected, "\(name)")
    }

    @Test func usageAfterDoneIsMisplaced() {
        let extra = Array("data: ".utf8) + Self.usage.serializedBytes() + Array("\n\n".utf8)
        #expect(
            Self.labels([Self.role, B.chunk(["content": "hi"], finish: "stop")], extra: extra) == [
                "stream.usage_placement", "wire.usage_missing",
            ]
        )
    }

    @Test func contentAfterDoneIsAfterDone() {
        let extra = Array("data: ".utf8) + B.chunk(["content": "late"]).serializedBytes() + Array("\n\n".utf8)
        #expect(
            Self.labels([Self.role, B.chunk(["content": "hi"], finish: "stop"), Self.usage], extra: extra) == [
                "stream.after_done"
            ]
        )
    }

    @Test func unterminatedLastEventIsAWarning() {
        var bytes = B.stream([Self.role, B.chunk(["content": "hi"], finish: "stop"), Self.usage], done: false)
        bytes += Array("data: [DONE]".utf8)
        let judgement = ResponseJudge().judge(request: B.weatherRequest, streamed: true, response: B.ok(bytes))
        #expect(judgement.findings.map(\.label) == [.streamBadEvent])
        #expect(judgement.findings.first?.severity == .warning)
    }

    @Test func parityComparesParsedArgumentsNotSpelling() throws {
        func signature(_ arguments: String, content: JSONValue = .null) throws -> MessageSignature {
            let body = B.completion(
                content: content,
                calls: [B.call(arguments: .string(arguments))],
                finish: "tool_calls"
            )
            return MessageSignature(
                HostAnswer(chat: try #require(CompletionDecoder.decode(body).message), streamed: false)
            )
        }
        #expect(
            Parity.compare(
                streamed: try signature(#"{"city":"P","days":1}"#),
                plain: try signature(#"{ "days": 1.0, "city": "P" }"#),
                plainEvidence: "e:1"
            ) == nil
        )
        let finding = try #require(
            Parity.compare(
                streamed: try signature(#"{"city":"P"}"#),
                plain: try signature(#"{"city":"Q"}"#),
                plainEvidence: "e:2"
            )
        )
        #expect(finding.label == .streamParity)
        #expect(finding.message.contains("e:2"))
        #expect(
            Parity.compare(streamed: try signature("{}", content: ""), plain: try signature("{}"), plainEvidence: "e")
                == nil
        )
    }

    @Test func parityOnlyForTemperatureZero() throws {
        #expect(Parity.isDeterministic(ChatRequest(body: ["temperature": 0, "messages": []])))
        #expect(Parity.isDeterministic(ChatRequest(body: try JSONValue.parse(#"{"temperature":0.0}"#))))
        #expect(!Parity.isDeterministic(ChatRequest(body: ["temperature": 0.6])))
        #expect(!Parity.isDeterministic(ChatRequest(body: ["messages": []])))
    }

    @Test func streamTimingLandmarksComeFromArrivals() throws {
        let bytes = B.stream([
            Self.role, B.chunk(["content": "hi"]), Self.first(), Self.piece("{}"), Self.finishCalls, Self.usage,
        ])
        let events = SSEDecoder.decodeAll(bytes).events
        let arrivals = events.enumerated().map {
            RawResponse.ChunkArrival(offset: $0.element.byteOffset, milliseconds: Double(10 * ($0.offset + 1)))
        }
        let response = RawResponse(
            status: 200,
            body: bytes,
            arrivals: arrivals,
            headersMilliseconds: 5,
            totalMilliseconds: 80
        )
        let judgement = ResponseJudge().judge(request: B.weatherRequest, streamed: true, response: response)
        #expect(judgement.firstEventMilliseconds == 10)
        #expect(judgement.firstContentMilliseconds == 20)
        #expect(judgement.firstToolCallMilliseconds == 30)
        #expect(judgement.lastEventMilliseconds == 70)
        #expect(judgement.maxGapMilliseconds == 10)
        // 4 completion tokens over 60 ms of generation.
        let tps = try #require(judgement.tokensPerSecond)
        #expect(abs(tps - 4 / 0.06) < 0.001)
    }
}
