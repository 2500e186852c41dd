import MockVendor
import Testing
import VerifierCore
import VerifierTestSupport
import VerifierTesting

/// What real engines sent that OpenAI-shaped mocks never did (docs/real-engines.md), replayed by the
/// dialect profiles: the verifier must judge those answers exactly as OpenAI-shaped ones.
@Suite("Wire dialects of real engines")
struct WireDialectTests {
    static let llamaServer = MockResponder(profile: MockProfile.named("llama-server-wire") ?? MockProfile.all[0])
    static let llamaCppPython = MockResponder(
        profile: MockProfile.named("llama-cpp-python-wire") ?? MockProfile.all[0]
    )

    /// The small-model suite's requests: calls (auto, named, required) and text answers.
    static func requests() throws -> [ChatRequest] {
        try FixtureSuite.load("small-model").cases.map(\.request)
    }

    static func body(_ reply: MockResponder.Reply) throws -> JSONValue {
        guard case .body(200, let bytes) = reply else {
            Issue.record("expected a 200 body, got \(reply)")
            return .null
        }
        return try JSONValue.parse(bytes: bytes)
    }

    static func events(_ reply: MockResponder.Reply) -> [UInt8] {
        guard case .stream(let events) = reply else {
            Issue.record("expected a stream, got \(reply)")
            return []
        }
        return events.flatMap { $0 }
    }

    static func reply(_ responder: MockResponder, _ request: ChatRequest, stream: Bool) -> MockResponder.Reply {
        responder.reply(to: request.prepared(model: "m", stream: stream, extraBody: nil).serializedBytes())
    }

    @Test func llamaServerAnswersCarryItsExtraMembersAndIDs() throws {
        var calls = 0
        for request in try Self.requests() {
            let body = try Self.body(Self.reply(Self.llamaServer, request, stream: false))
            // Extra members OpenAI does not send, in llama-server's member order.
            #expect(body["system_fingerprint"]?.stringValue?.hasPrefix("b") == true)
            #expect(body["timings"]?["predicted_per_second"] != nil)
            #expect(body["usage"]?["prompt_tokens_details"]?["cached_tokens"] != nil)
            #expect(body.objectValue?.keys.first == "choices")
            #expect(body["id"]?.stringValue?.count == "chatcmpl-".count + 32)
            let choice = try #require(body["choices"]?[0])
            #expect(choice["logprobs"] == nil)
            let message = try #require(choice["message"])
            // Never `null`: an answer without text has `content: ""`.
            #expect(message["content"]?.stringValue != nil)
            for call in message["tool_calls"]?.arrayValue ?? [] {
                let id = try #require(call["id"]?.stringValue)
                #expect(id.count == 32 && !id.hasPrefix("call_") && id.allSatisfy { $0.isLetter || $0.isNumber })
                #expect(message["content"]?.stringValue == "")
                calls += 1
            }
        }
        #expect(calls > 10)
    }

    @Test func llamaServerStreamsPutTimingsOnTheUsageChunk() throws {
        let request = try #require(try Self.requests().first)
        let bytes = Self.events(Self.reply(Self.llamaServer, request, stream: true))
        let events = SSEDecoder.decodeAll(bytes).events.map(\.data)
        #expect(events.last == "[DONE]")
        let chunks = try events.dropLast().map { try JSONValue.parse($0) }
        let last = try #require(chunks.last)
        #expect(last["choices"]?.arrayValue?.isEmpty == true)
        #expect(last["usage"]?["prompt_tokens"] != nil && last["timings"] != nil)
        // The first delta carries the role with `content: null`; no chunk has `logprobs` or `usage: null`.
        #expect(chunks.first?["choices"]?[0]?["delta"]?["content"]?.isNull == true)
        #expect(chunks.allSatisfy { $0["choices"]?[0]?["logprobs"] == nil })
        #expect(chunks.dropLast().allSatisfy { $0["usage"] == nil })
    }

    @Test func llamaCppPythonAnswersCarryFunctionCallAndItsIDs() throws {
        var calls = 0
        for request in try Self.requests() {
            let body = try Self.body(Self.reply(Self.llamaCppPython, request, stream: false))
            let id = try #require(body["id"]?.stringValue)
            #expect(id.hasPrefix("chatcmpl-") && id.split(separator: "-").count == 6)
            let message = try #require(body["choices"]?[0]?["message"])
            let toolCalls = message["tool_calls"]?.arrayValue ?? []
            for (index, call) in toolCalls.enumerated() {
                let name = try #require(call["function"]?["name"]?.stringValue)
                #expect(call["id"]?.stringValue == "call__\(index)_\(name)_" + id.dropFirst("chat".count))
                calls += 1
            }
            if toolCalls.count == 1 {
                // The deprecated `function_call` twin of a single call, and `content: null`.
                #expect(message["function_call"]?["name"] == toolCalls[0]["function"]?["name"])
                #expect(message["content"]?.isNull == true)
            }
        }
        #expect(calls > 10)
    }

    @Test func llamaCppPythonStreamsRepeatIDsAndSendNoUsage() throws {
        let request = try #require(try Self.requests().first)
        let bytes = Self.events(Self.reply(Self.llamaCppPython, request, stream: true))
        let events = SSEDecoder.decodeAll(bytes).events.map(\.data)
        #expect(events.last == "[DONE]")
        let chunks = try events.dropLast().map { try JSONValue.parse($0) }
        #expect(chunks.allSatisfy { $0["usage"] == nil })
        let fragments = chunks.compactMap { $0["choices"]?[0]?["delta"]?["tool_calls"]?[0] }
        #expect(fragments.count > 2)
        #expect(Set(fragments.compactMap { $0["id"]?.stringValue }).count == 1)
        #expect(fragments.allSatisfy { $0["function"]?["name"]?.stringValue != nil })
    }

    /// Both dialects' answers — every small-model request, streamed and not — are judged like OpenAI's:
    /// no error, only the warnings a real client tolerates.
    @Test(arguments: [("llama-server-wire", [String]()), ("llama-cpp-python-wire", WireDialectTests.lcpWarnings)])
    func answersAreJudgedWithoutErrors(profile: String, tolerated: [String]) throws {
        let responder = MockResponder(profile: try #require(MockProfile.named(profile)))
        let judge = ResponseJudge()
        for request in try Self.requests() {
            for stream in [false, true] {
                let reply = Self.reply(responder, request, stream: stream)
                let bytes = stream ? Self.events(reply) : (try Self.body(reply)).serializedBytes()
                let judgement = judge.judge(request: request, streamed: stream, response: ResponseBuilder.ok(bytes))
                let labels = Set(judgement.findings.map(\.label.rawValue))
                #expect(judgement.findings.allSatisfy { $0.severity != .error }, "\(judgement.findings)")
                #expect(labels.isSubset(of: Set(tolerated)), "\(labels)")
            }
        }
    }

    static let lcpWarnings = MockProfile.named("llama-cpp-python-wire")?.toleratedWarnings ?? []

    @Test func errorBodiesFollowTheEngine() throws {
        let invalid = Array(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[]}"#.utf8)
        guard case .body(400, let server) = Self.llamaServer.reply(to: invalid) else {
            Issue.record("llama-server-wire did not answer 400")
            return
        }
        let serverError = try JSONValue.parse(bytes: server)
        #expect(serverError["error"]?["code"]?.intValue == 400)
        #expect(serverError["error"]?["type"]?.stringValue == "invalid_request_error")
        guard case .body(400, let python) = Self.llamaCppPython.reply(to: invalid) else {
            Issue.record("llama-cpp-python-wire did not answer 400")
            return
        }
        let pythonError = try JSONValue.parse(bytes: python)
        #expect(pythonError["error"]?["message"]?.stringValue?.hasPrefix("1 validation error:") == true)
        #expect(pythonError["error"]?["param"]?.isNull == true && pythonError["error"]?["code"]?.isNull == true)
    }
}
