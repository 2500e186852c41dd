import AsyncHTTPClient
import Foundation
import MockVendor
import NIOCore
import NIOHTTP1
import Testing
import VerifierCore
import VerifierTestSupport
import VerifierTesting

/// The mock host's OpenAI Responses surface: the reverse translation to Chat form, the Responses shapes (body
/// and typed event stream), the same decisions as Chat, OpenAI's errors, the profiles per surface, and the
/// routes. Pure, through ``MockResponder``, except the routing test. The faults as Responses shows them are in
/// ``ResponsesFaultTests``.
@Suite("Mock host on OpenAI Responses")
struct ResponsesMockTests {
    typealias Wire = ResponsesWire

    // MARK: - Reverse translation

    /// One construct of the Responses request, and the Chat form it reads back as.
    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var responses: String
        var chat: String
        var description: String { name }
    }

    static let user = #"{"role":"user","content":"Hi"}"#
    static let schema = #"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#
    static let weather =
        #"{"type":"function","name":"get_weather","description":"Weather.","parameters":\#(schema),"strict":true}"#
    static let weatherChat =
        #"{"type":"function","function":{"name":"get_weather","description":"Weather.","parameters":\#(schema),"strict":true}}"#

    static let rows: [Row] = [
        Row(
            name: "instructions, input string, model, stream, sampling, max_output_tokens; store and include read",
            responses:
                #"{"model":"m","stream":true,"store":false,"include":["reasoning.encrypted_content"],"temperature":0,"top_p":0.5,"max_output_tokens":64,"instructions":"Be brief.","input":"Hi"}"#,
            chat:
                #"{"model":"m","messages":[{"role":"system","content":"Be brief."},\#(user)],"temperature":0,"top_p":0.5,"max_tokens":64,"stream":true}"#
        ),
        Row(
            name: "a message item without type (the SDKs' easy input message)",
            responses: #"{"input":[\#(user)]}"#,
            chat: #"{"messages":[\#(user)]}"#
        ),
        Row(
            name: "user input_text and input_image parts",
            responses:
                #"{"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"What is this?"},{"type":"input_image","image_url":"data:image/png;base64,AAAA"},{"type":"input_image","image_url":"https://example.com/a.png","detail":"low"}]}]}"#,
            chat:
                #"{"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]}]}"#
        ),
        Row(
            name: "reasoning, text and calls gathered into one assistant turn; outputs; a developer message later",
            responses:
                #"{"input":[\#(user),{"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"Look it up."}],"encrypted_content":"enc"},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\": \"Paris\"}"},{"type":"function_call","call_id":"call_2","name":"get_weather","arguments":"{\"city\":\"Rome\"}"},{"type":"function_call_output","call_id":"call_1","output":"18°C"},{"type":"function_call_output","call_id":"call_2","output":"21°C"},{"type":"message","role":"developer","content":"Answer in French."}]}"#,
            chat:
                #"{"messages":[\#(user),{"role":"assistant","content":"Checking.","reasoning_content":"Look it up.","reasoning_encrypted_content":"enc","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\"}"}},{"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"18°C"},{"role":"tool","tool_call_id":"call_2","content":"21°C"},{"role":"developer","content":"Answer in French."}]}"#
        ),
        Row(
            name: "a call alone has content null; a later assistant message is a turn of its own",
            responses:
                #"{"input":[\#(user),{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{}"},{"type":"function_call_output","call_id":"call_1","output":[{"type":"input_text","text":"18"},{"type":"input_text","text":"°C"}]},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Done."}]},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Anything else?"}]}]}"#,
            chat:
                #"{"messages":[\#(user),{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"18"},{"type":"text","text":"°C"}]},{"role":"assistant","content":"Done."},{"role":"assistant","content":"Anything else?"}]}"#
        ),
        Row(
            name: "an empty assistant message",
            responses:
                #"{"input":[\#(user),{"type":"message","role":"assistant","content":[{"type":"output_text","text":""}]},{"role":"user","content":"Again"}]}"#,
            chat:
                #"{"messages":[\#(user),{"role":"assistant","content":""},{"role":"user","content":"Again"}]}"#
        ),
        Row(
            name: "tools, with and without parameters; a named tool_choice",
            responses:
                #"{"input":[\#(user)],"tools":[\#(weather),{"type":"function","name":"now","description":"Time.","parameters":null}],"tool_choice":{"type":"function","name":"get_weather"}}"#,
            chat:
                #"{"messages":[\#(user)],"tools":[\#(weatherChat),{"type":"function","function":{"name":"now","description":"Time."}}],"tool_choice":{"type":"function","function":{"name":"get_weather"}}}"#
        ),
        Row(
            name: "tool_choice modes pass as they are, an invalid one too",
            responses: #"{"input":[\#(user)],"tools":[\#(weather)],"tool_choice":"sometimes"}"#,
            chat: #"{"messages":[\#(user)],"tools":[\#(weatherChat)],"tool_choice":"sometimes"}"#
        ),
        Row(
            name: "parallel_tool_calls, user, metadata, reasoning effort, json_schema format, logprobs",
            responses:
                #"{"input":"Hi","parallel_tool_calls":false,"user":"u1","metadata":{"k":"v"},"reasoning":{"effort":"high"},"text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true}},"include":["reasoning.encrypted_content","message.output_text.logprobs"],"top_logprobs":2}"#,
            chat:
                #"{"messages":[\#(user)],"metadata":{"k":"v"},"parallel_tool_calls":false,"user":"u1","top_logprobs":2,"reasoning_effort":"high","response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}},"logprobs":true}"#
        ),
        Row(
            name: "json_object format",
            responses: #"{"input":"Hi","text":{"format":{"type":"json_object"}}}"#,
            chat: #"{"messages":[\#(user)],"response_format":{"type":"json_object"}}"#
        ),
    ]

    @Test(arguments: rows)
    func readsBackIntoChatForm(row: Row) throws {
        let request = ResponsesRequest(body: try JSONValue.parse(row.responses))
        #expect(request.problems.isEmpty, "\(request.problems)")
        #expect(request.chatBody == (try JSONValue.parse(row.chat)), "\(request.chatBody.serialized())")
    }

    @Test func invalidResponsesRequestsAreRejectedInOpenAIsShape() throws {
        let cases: [(body: String, param: String?, message: String)] = [
            ("[1]", nil, "not a JSON object"),
            (#"{"model":"m"}"#, "input", "Missing required parameter: 'input'"),
            (#"{"input":{"role":"user","content":"Hi"}}"#, "input", "Invalid type for 'input'"),
            (#"{"input":[]}"#, "input", "no input items"),
            (#"{"input":[\#(Self.user),{"type":"item_reference","id":"msg_1"}]}"#, "input[1].type", "item_reference"),
            (#"{"input":[\#(Self.user),{"type":"function_call_output","output":"18"}]}"#, "input[1].call_id", "call_id"),
            (
                #"{"input":[{"type":"message","role":"narrator","content":"Once"},\#(Self.user)]}"#, "input[0].role",
                "narrator"
            ),
            (
                #"{"input":[\#(Self.user),{"type":"function_call","call_id":"call_1","arguments":"{}"}]}"#,
                "input[1].name", "name"
            ),
            (#"{"input":"Hi","previous_response_id":"resp_1"}"#, "previous_response_id", "resp_1"),
            // What RequestLint finds on the Chat form: arguments that are not a string, an unknown named tool.
            (
                #"{"input":[\#(Self.user),{"type":"function_call","call_id":"call_1","name":"f","arguments":{"a":1}},{"type":"function_call_output","call_id":"call_1","output":"1"}]}"#,
                nil, "arguments"
            ),
            (
                #"{"input":"Hi","tools":[\#(Self.weather)],"tool_choice":{"type":"function","name":"nope"}}"#, nil,
                "nope"
            ),
            (#"{"input":"Hi","tools":[]}"#, nil, "tools"),
            // Chat's form of a named choice is not Responses'.
            (
                #"{"input":"Hi","tools":[\#(Self.weather)],"tool_choice":{"type":"function","function":{"name":"get_weather"}}}"#,
                "tool_choice.name", "tool_choice.name"
            ),
        ]
        for item in cases {
            let (status, error) = try Wire.error(Wire.reply(Wire.faithful, json: item.body))
            #expect(status == 400, "\(item.body)")
            #expect(error?["type"]?.stringValue == "invalid_request_error")
            #expect(error?["param"] == (item.param.map(JSONValue.string) ?? .null), "\(item.body)")
            #expect(error?["code"]?.isNull == true)
            #expect(error?["message"]?.stringValue?.contains(item.message) == true, "\(error?.serialized() ?? "")")
        }
        // A well-formed request is answered.
        #expect(try Wire.body(Wire.reply(Wire.faithful, json: #"{"input":"Hi"}"#))["object"] == "response")
        // The contract profile that accepts invalid requests answers one with an unknown item, never one without
        // input.
        let lax = MockResponder(profile: try #require(MockProfile.named("accepts-invalid-requests")))
        let accepted = Wire.reply(lax, json: #"{"input":[\#(Self.user),{"type":"item_reference","id":"msg_1"}]}"#)
        #expect(try Wire.body(accepted)["object"] == "response")
        #expect(try Wire.error(Wire.reply(lax, json: #"{"model":"m"}"#)).status == 400)
    }

    // MARK: - Faithful shapes

    @Test func faithfulBodiesHaveTheResponsesShape() throws {
        var calls = 0
        var texts = 0
        for request in try Wire.requests() {
            let sent = Wire.responsesBody(request.body, stream: false)
            let body = try Wire.body(Wire.reply(Wire.faithful, request, stream: false))
            #expect(
                body.objectValue?.keys == [
                    "id", "object", "created_at", "status", "model", "output", "incomplete_details", "error", "usage",
                    "parallel_tool_calls", "tool_choice", "tools", "store",
                ]
            )
            let id = try #require(body["id"]?.stringValue)
            #expect(id.hasPrefix("resp_") && id.count > 20)
            #expect(body["object"] == "response" && body["status"] == "completed" && body["model"] == "m")
            #expect(body["created_at"]?.intValue != nil)
            #expect(body["incomplete_details"]?.isNull == true && body["error"]?.isNull == true)
            #expect(body["store"] == false)
            #expect(body["tools"] == (sent["tools"] ?? []))
            #expect(body["tool_choice"] == (sent["tool_choice"] ?? "auto"))
            #expect(body["parallel_tool_calls"] == (sent["parallel_tool_calls"] ?? true))
            let usage = try #require(body["usage"])
            #expect(
                usage.objectValue?.keys == [
                    "input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details", "total_tokens",
                ]
            )
            let input = try #require(usage["input_tokens"]?.intValue)
            let output = try #require(usage["output_tokens"]?.intValue)
            #expect(input > 0 && output > 0 && usage["total_tokens"]?.intValue == input + output)
            #expect(usage["input_tokens_details"] == ["cached_tokens": 0])
            #expect(usage["output_tokens_details"] == ["reasoning_tokens": 0])
            let outputItems = try #require(body["output"]?.arrayValue)
            #expect(!outputItems.isEmpty)
            let functionCalls = outputItems.filter { $0["type"] == "function_call" }
            for item in outputItems {
                switch item["type"]?.stringValue {
                case "message":
                    #expect(item.objectValue?.keys == ["type", "id", "status", "role", "content"])
                    #expect(item["id"]?.stringValue?.hasPrefix("msg_") == true)
                    #expect(item["status"] == "completed" && item["role"] == "assistant")
                    let parts = try #require(item["content"]?.arrayValue)
                    #expect(parts.count == 1 && parts[0].objectValue?.keys == ["type", "text", "annotations"])
                    #expect(parts[0]["type"] == "output_text" && parts[0]["annotations"] == [])
                    // No empty message beside calls.
                    #expect(functionCalls.isEmpty || parts[0]["text"]?.stringValue?.isEmpty == false)
                    texts += 1
                case "function_call":
                    #expect(item.objectValue?.keys == ["type", "id", "call_id", "name", "arguments", "status"])
                    let itemID = try #require(item["id"]?.stringValue)
                    let callID = try #require(item["call_id"]?.stringValue)
                    #expect(itemID.hasPrefix("fc_") && callID.hasPrefix("call_") && itemID != callID)
                    #expect(item["status"] == "completed")
                    let arguments = try #require(item["arguments"]?.stringValue)
                    #expect((try? JSONValue.parse(arguments))?.objectValue != nil)
                    calls += 1
                default:
                    Issue.record("unexpected item \(item.serialized())")
                }
            }
            #expect(Set(functionCalls.compactMap { $0["call_id"]?.stringValue }).count == functionCalls.count)
            #expect(Set(outputItems.compactMap { $0["id"]?.stringValue }).count == outputItems.count)
        }
        #expect(calls > 50 && texts > 20)
    }

    @Test func faithfulStreamsFollowTheGrammarAndEndInTheBody() throws {
        var deltas = 0
        for request in try Wire.requests() {
            let events = Wire.events(Wire.reply(Wire.faithful, request, stream: true))
            let (streamed, response) = Wire.assemble(events)
            let body = try Wire.body(Wire.reply(Wire.faithful, request, stream: false))
            // The terminal response is the non-streamed body itself.
            #expect(response == body)
            #expect(streamed == Wire.answer(responsesBody: body))
            // Every piece is small: text by about 12 characters, arguments by about 6.
            for event in events {
                switch event.type {
                case "response.output_text.delta":
                    #expect((event.json?["delta"]?.stringValue?.count ?? 0) <= 12)
                    #expect(event.json?["logprobs"] == [])
                    deltas += 1
                case "response.function_call_arguments.delta":
                    #expect((event.json?["delta"]?.stringValue?.count ?? 0) <= 6)
                    deltas += 1
                default: break
                }
            }
        }
        #expect(deltas > 1000)
    }

    @Test func responsesDecideAsChatDoes() throws {
        var exact = 0
        for request in try Wire.requests() {
            let chatBytes = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
            let chat = Wire.answer(chatBody: try Wire.body(Wire.faithful.reply(to: chatBytes)))
            for stream in [false, true] {
                let reply = Wire.reply(Wire.faithful, request, stream: stream)
                var answer =
                    stream ? Wire.assemble(Wire.events(reply)).answer : Wire.answer(responsesBody: try Wire.body(reply))
                // Several leading system messages read back as one: the count may move (checked below).
                let tokens = answer.inputTokens
                answer.inputTokens = chat.inputTokens
                #expect(answer == chat)
                // Requests whose messages and tools read back unchanged: the very same prompt-token count.
                let back = ResponsesRequest(body: Wire.responsesBody(request.body, stream: stream)).chatBody
                if back["messages"] == request.body["messages"], back["tools"] == request.body["tools"] {
                    #expect(tokens == chat.inputTokens)
                    exact += 1
                }
            }
        }
        #expect(exact > 200)
    }

    @Test func faultsDecideAsChatDoes() throws {
        // An answer fault hits the same requests on both surfaces, streamed or not.
        let responder = MockResponder(profile: try #require(MockProfile.named("drop-calls")))
        var dropped = 0
        for request in try Wire.requests() {
            let chatBytes = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
            let chat = Wire.answer(chatBody: try Wire.body(responder.reply(to: chatBytes)))
            let plain = Wire.answer(responsesBody: try Wire.body(Wire.reply(responder, request, stream: false)))
            let streamed = Wire.assemble(Wire.events(Wire.reply(responder, request, stream: true))).answer
            #expect(plain.text == chat.text && plain.calls == chat.calls)
            #expect(streamed.text == chat.text && streamed.calls == chat.calls)
            if chat.text.contains("not able to use tools") { dropped += 1 }
        }
        #expect(dropped > 5)
    }

    // MARK: - Profiles and labels

    static let expectedOnResponses: [String: String?] = [
        "faithful": nil, "drop-calls": "agree.missed_call", "spurious-calls": "agree.spurious_call",
        "finish-stop-with-calls": nil, "invalid-json-arguments": "call.invalid_json", "schema-violation": "call.schema",
        "unknown-tool": "call.unknown_tool", "leaked-markup": "wire.leaked_markup",
        "arguments-as-object": "wire.function_call_fields", "http-500s": "http.status",
        "html-error-page": "wire.body_not_json", "stream-no-done": "stream.truncated",
        "stream-truncated": "stream.truncated", "stream-bad-event": "stream.bad_event", "stream-role-repeated": nil,
        "stream-index-collision": nil, "stream-index-gap": "stream.item_lifecycle",
        "stream-id-missing": "wire.function_call_fields", "stream-name-fragmented": nil, "stream-finish-twice": nil,
        "stream-usage-after-done": nil, "stream-parity": "stream.parity", "stream-after-done": nil,
        "stream-id-repeated": nil, "stream-name-repeated": nil, "stream-role-missing": nil,
        "ignores-tool-choice-none": "contract.tool_choice_none",
        "ignores-tool-choice-required": "contract.tool_choice_required",
        "ignores-tool-choice-named": "contract.tool_choice_named", "ignores-parallel-false": "contract.parallel_false",
        "rejects-foreign-ids": "contract.history_rejected", "accepts-invalid-requests": "contract.invalid_request_accepted",
        "drops-reasoning": "contract.reasoning_dropped", "prompt-token-drift": "agree.prompt_tokens",
        "rate-limited": nil, "rate-limited-date": nil, "overloaded-then-ok": nil, "reset-then-ok": nil,
        "llama-server-wire": nil, "llama-cpp-python-wire": nil,
        // Messages-only profiles answer faithfully on Responses.
        "messages-chat-body": nil, "messages-shape": nil, "messages-input-as-string": nil, "messages-usage": nil,
        "messages-merged-tool-use": nil, "messages-split-tool-use": nil, "messages-error-event": nil,
        "messages-event-name": nil, "messages-unknown-event": nil,
        "responses-chat-body": "wire.wrong_surface", "responses-shape": "wire.responses_shape",
        "responses-call-name-missing": "wire.function_call_fields",
        "responses-incomplete-no-details": "wire.status_mismatch",
        "responses-reasoning-in-text": "wire.reasoning_in_text", "responses-usage": "wire.usage_inconsistent",
        "responses-sequence-number": "stream.sequence_number", "responses-item-not-done": "stream.item_lifecycle",
        "responses-arguments-mismatch": "stream.arguments_mismatch",
        "responses-two-terminals": "stream.terminal_event", "responses-failed": "stream.error_event",
        "responses-event-name": "stream.event_name", "responses-harmony-name": "call.unknown_tool",
    ]

    @Test func labelsOnResponses() throws {
        #expect(Set(Self.expectedOnResponses.keys) == Set(MockProfile.served.map(\.name)))
        for profile in MockProfile.served {
            #expect(
                profile.expectedLabel(on: .responses) == Self.expectedOnResponses[profile.name] ?? nil,
                "\(profile.name)"
            )
            // No tolerated variant on Responses: a dialect answers in OpenAI's own shape there.
            #expect(profile.expectedWarnings(on: .responses).isEmpty, "\(profile.name)")
            if MockProfile.responsesOnlyProfiles.contains(profile) {
                #expect(profile.onlyOn == .responses && profile.expectedLabel == nil)
                for surface in [APISurface.chat, .messages] {
                    #expect(!profile.injectsFault(on: surface))
                    #expect(profile.expectedLabel(on: surface) == nil && profile.expectedWarnings(on: surface).isEmpty)
                }
            }
        }
        // Every label a Responses-only profile stands for is its own.
        let own = MockProfile.responsesOnlyProfiles.compactMap { $0.expectedLabel(on: .responses) }
        #expect(Set(own).count == own.count)
    }

    @Test func profileListsOnResponses() throws {
        let responses = MockProfile.profiles(on: .responses)
        #expect(responses.first?.name == "faithful")
        #expect(Set(responses.map(\.name)).count == responses.count)
        #expect(
            Array(responses.suffix(MockProfile.responsesOnlyProfiles.count)) == MockProfile.responsesOnlyProfiles
        )
        let absent: Set<String> = [
            "finish-stop-with-calls", "stream-role-repeated", "stream-index-collision", "stream-name-fragmented",
            "stream-finish-twice", "stream-usage-after-done", "stream-after-done", "stream-id-repeated",
            "stream-name-repeated", "stream-role-missing",
        ]
        let expected = Set(MockProfile.all.map(\.name)).subtracting(absent)
            .union(MockProfile.responsesOnlyProfiles.map(\.name))
        #expect(Set(responses.map(\.name)) == expected)
        #expect(Set(MockProfile.served.map(\.name)).count == MockProfile.served.count)
        for profile in MockProfile.responsesOnlyProfiles {
            #expect(profile.name.hasPrefix("responses-") && MockProfile.named(profile.name) == profile)
            #expect([50, 100].contains(profile.rate))
        }
        // The Messages list keeps its own.
        #expect(!MockProfile.profiles(on: .messages).contains { $0.onlyOn == .responses })
    }

    /// Chat and Messages answers are untouched by the Responses-only profiles.
    @Test(arguments: MockProfile.responsesOnlyProfiles)
    func responsesOnlyProfilesAreFaithfulElsewhere(profile: MockProfile) throws {
        let responder = MockResponder(profile: profile)
        for request in try Wire.requests().prefix(120) {
            for stream in [false, true] {
                let bytes = request.prepared(model: "m", stream: stream, extraBody: nil).serializedBytes()
                #expect(responder.reply(to: bytes) == Wire.faithful.reply(to: bytes))
                let messages = MessagesMockTests.messagesBody(request.body, stream: stream).serializedBytes()
                #expect(
                    responder.reply(toMessages: messages, anthropicVersion: "2023-06-01")
                        == Wire.faithful.reply(toMessages: messages, anthropicVersion: "2023-06-01")
                )
            }
        }
    }

    /// Profiles whose defect cannot exist on Responses, the dialects, and the Messages-only profiles answer exactly
    /// as faithful there.
    @Test func absentAndDialectProfilesAreFaithfulOnResponses() throws {
        let names = MockProfile.served.filter { profile in
            profile.expectedLabel(on: .responses) == nil && profile.expectedRetry == nil && profile.name != "faithful"
        }.map(\.name)
        #expect(names.count == 12 + MockProfile.messagesOnlyProfiles.count)
        let requests = try Wire.requests()
        for name in names {
            for stream in [false, true] {
                #expect(try Wire.changed(name, stream: stream, requests: requests).isEmpty, "\(name)")
            }
        }
    }

    // MARK: - Routing

    struct HTTPAnswer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var json: JSONValue? { try? JSONValue.parse(bytes: body) }
    }

    static func post(_ url: String, _ body: String) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "authorization", value: "Bearer test")
        request.body = .bytes(ByteBuffer(bytes: Array(body.utf8)))
        return try await HTTPClient.withVerifierClient { client in
            let response = try await client.execute(request, timeout: .seconds(10))
            var bytes: [UInt8] = []
            for try await chunk in response.body { bytes += Array(chunk.readableBytesView) }
            let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }) { first, _ in first }
            return HTTPAnswer(status: Int(response.status.code), headers: headers, body: bytes)
        }
    }

    @Test(.timeLimit(.minutes(1))) func routesServeResponses() async throws {
        let body =
            #"{"model":"m","store":false,"max_output_tokens":64,"tools":[\#(Self.weather)],"input":[{"type":"message","role":"user","content":"What is the weather in Paris?"}]}"#
        let streamedBody = body.replacingOccurrences(of: #""store":false"#, with: #""store":false,"stream":true"#)
        try await MockServer.withRunning { port in
            let base = "http://127.0.0.1:\(port)"
            let plain = try await Self.post(base + "/v1/responses", body)
            #expect(plain.status == 200 && plain.headers["content-type"] == "application/json")
            let output = plain.json?["output"]?.arrayValue ?? []
            #expect(output.map { $0["type"] } == ["function_call"])
            #expect(output.first?["name"] == "get_weather")
            #expect(try await Self.post(base + "/faithful/v1/responses", body).body == plain.body)
            // The same decision and prompt tokens as Chat Completions.
            let chat = try await Self.post(
                base + "/v1/chat/completions",
                #"{"model":"m","max_tokens":64,"tools":[\#(Self.weatherChat)],"messages":[{"role":"user","content":"What is the weather in Paris?"}]}"#
            )
            #expect(plain.json?["usage"]?["input_tokens"] == chat.json?["usage"]?["prompt_tokens"])
            // A stream over HTTP: typed events, names equal to types, numbered from 0, the body at the end.
            let streamed = try await Self.post(base + "/faithful/v1/responses", streamedBody)
            #expect(streamed.status == 200 && streamed.headers["content-type"] == "text/event-stream")
            let text = String(decoding: streamed.body, as: UTF8.self)
            #expect(text.hasPrefix("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0"))
            #expect(!text.contains("[DONE]"))
            let (_, completed) = ResponsesWire.assemble(ResponsesWire.events(text))
            #expect(completed == plain.json)
            // A profile with knobs answers with its defect.
            let profiled = try await Self.post(base + "/responses-usage+rate100/v1/responses", body)
            let usage = profiled.json?["usage"]
            #expect(
                (usage?["total_tokens"]?.intValue ?? 0)
                    != (usage?["input_tokens"]?.intValue ?? 0) + (usage?["output_tokens"]?.intValue ?? 0)
            )
            // OpenAI's error shape for an invalid request and an unknown profile.
            let invalid = try await Self.post(base + "/v1/responses", #"{"model":"m"}"#)
            #expect(invalid.status == 400)
            #expect(invalid.json?["error"]?.objectValue?.keys == ["message", "type", "param", "code"])
            #expect(invalid.json?["error"]?["param"] == "input")
            let unknown = try await Self.post(base + "/no-such-profile/v1/responses", body)
            #expect(unknown.status == 404)
            #expect(unknown.json?["error"]?.objectValue?.keys == ["message", "type", "param", "code"])
            #expect(unknown.json?["error"]?["type"] == "not_found")
            // A transient refusal in OpenAI's shape, then the answer to the retry.
            let limited = try await Self.post(base + "/rate-limited+rate100/v1/responses", body)
            #expect(limited.status == 429 && limited.headers["retry-after"] == "1")
            #expect(limited.json?["error"]?["type"] == "rate_limit_error")
            #expect(limited.json?["error"]?.objectValue?.keys == ["message", "type", "param", "code"])
            let retried = try await Self.post(base + "/rate-limited+rate100/v1/responses", body)
            #expect(retried.status == 200 && retried.body == plain.body)
            let overloaded = try await Self.post(base + "/overloaded-then-ok+rate100/v1/responses", body)
            #expect(overloaded.status == 503 && overloaded.json?["error"]?["type"] == "server_error")
        }
    }
}
