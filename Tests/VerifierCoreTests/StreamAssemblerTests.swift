import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Stream assembly")
struct StreamAssemblerTests {
    typealias B = ResponseBuilder

    static func judge(_ bytes: [UInt8]) -> ExchangeJudgement {
        ResponseJudge().judge(request: B.weatherRequest, streamed: true, response: B.ok(bytes))
    }

    static let callStream: [JSONValue] = [
        B.chunk(["role": "assistant", "content": ""]),
        B.chunk([
            "tool_calls": [
                ["index": 0, "id": "call_1", "type": "function", "function": ["name": "get_weather", "arguments": ""]]
            ]
        ]),
        B.chunk(["tool_calls": [["index": 0, "function": ["arguments": #"{"ci"#]]]]),
        B.chunk(["tool_calls": [["index": 0, "function": ["arguments": #"ty":"Zürich \"Nord\""}"#]]]]),
        B.chunk(.object(JSONObject()), finish: "tool_calls"),
        [
            "id": "c", "object": "chat.completion.chunk", "choices": [],
            "usage": ["prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7],
        ],
    ]

    @Test func assemblesArgumentsAcrossFragments() throws {
        let (message, findings) = StreamAssembler.assemble(SSEDecoder.decodeAll(B.stream(Self.callStream)).events)
        #expect(findings.isEmpty)
        let assembled = try #require(message)
        #expect(assembled.finishReason == "tool_calls")
        #expect(assembled.toolCalls.count == 1)
        #expect(assembled.toolCalls.first?.arguments == .string(#"{"city":"Zürich \"Nord\""}"#))
        #expect(assembled.usage?["total_tokens"]?.intValue == 7)
        #expect(Self.judge(B.stream(Self.callStream)).findings.isEmpty)
    }

    @Test func everySplitOfTheStreamAssemblesTheSame() throws {
        let bytes = B.stream(Self.callStream)
        let whole = StreamAssembler.assemble(SSEDecoder.decodeAll(bytes).events)
        for chunks in ChunkSplitting.everySplit(of: bytes) {
            var decoder = SSEDecoder()
            var events: [SSEEvent] = []
            for chunk in chunks { events += decoder.feed(chunk) }
            if let last = decoder.finish() { events.append(last) }
            let split = StreamAssembler.assemble(events)
            #expect(split.message == whole.message)
            #expect(split.problems == whole.problems)
        }
    }

    @Test func missingDoneIsLabelled() {
        let labels = Self.judge(B.stream(Self.callStream, done: false)).findings.map(\.label)
        #expect(labels == [.streamNoDone])
    }

    @Test func streamCutBeforeFinishIsTruncated() {
        let labels = Self.judge(B.stream(Array(Self.callStream.prefix(3)), done: false)).findings.map(\.label)
        #expect(labels.first == .streamTruncated)
        // The missing [DONE] is a consequence of the cut, not a second defect.
        #expect(!labels.contains(.streamNoDone))
    }

    @Test func nonJSONDataLineIsBadEventWithRawLine() throws {
        var bytes = Array("data: {not json}\n\n".utf8)
        bytes += B.stream(Self.callStream)
        let finding = try #require(Self.judge(bytes).findings.first)
        #expect(finding.label == .streamBadEvent)
        #expect(finding.message.contains("{not json}"))
        #expect(finding.location == "/events/0")
    }

    @Test func plainBodyForAStreamRequestIsAShapeFinding() {
        let body = B.completion(calls: [B.call()], finish: "tool_calls").serializedBytes()
        let judgement = Self.judge(body)
        #expect(judgement.delivered)
        #expect(judgement.findings.map(\.label) == [.wireShape])
    }

    @Test func streamedCallsStopFinishIsMismatch() {
        var chunks = Self.callStream
        chunks[4] = B.chunk(.object(JSONObject()), finish: "stop")
        #expect(Self.judge(B.stream(chunks)).findings.map(\.label) == [.wireFinishReasonMismatch])
    }

    @Test func parallelCallsGroupByIndex() throws {
        let chunks: [JSONValue] = [
            B.chunk(["role": "assistant"]),
            B.chunk([
                "tool_calls": [
                    [
                        "index": 0, "id": "a", "type": "function",
                        "function": ["name": "get_weather", "arguments": #"{"city":"#],
                    ]
                ]
            ]),
            B.chunk([
                "tool_calls": [
                    [
                        "index": 1, "id": "b", "type": "function",
                        "function": ["name": "get_weather", "arguments": #"{"city":"Rome"}"#],
                    ]
                ]
            ]),
            B.chunk(["tool_calls": [["index": 0, "function": ["arguments": #""Oslo"}"#]]]]),
            B.chunk(.object(JSONObject()), finish: "tool_calls"),
        ]
        let (message, _) = StreamAssembler.assemble(SSEDecoder.decodeAll(B.stream(chunks)).events)
        let calls = try #require(message?.toolCalls)
        #expect(calls.map(\.id) == [.string("a"), .string("b")])
        #expect(calls.map(\.arguments) == [.string(#"{"city":"Oslo"}"#), .string(#"{"city":"Rome"}"#)])
    }
}

extension StreamAssemblerTests {
    @Test func fragmentWithoutIndexIsAShapeFindingAndStillAssembles() throws {
        let chunks: [JSONValue] = [
            B.chunk([
                "tool_calls": [
                    ["id": "a", "type": "function", "function": ["name": "get_weather", "arguments": "{\"city\":"]]
                ]
            ]),
            B.chunk(["tool_calls": [["function": ["arguments": "\"Oslo\"}"]]]]),
            B.chunk(.object(JSONObject()), finish: "tool_calls"),
        ]
        let (message, problems) = StreamAssembler.assemble(SSEDecoder.decodeAll(B.stream(chunks)).events)
        #expect(problems.count == 2)
        let calls = try #require(message?.toolCalls)
        #expect(calls.count == 1)
        #expect(calls.first?.arguments == .string("{\"city\":\"Oslo\"}"))
    }
}
