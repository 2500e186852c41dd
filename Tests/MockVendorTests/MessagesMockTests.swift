import AsyncHTTPClient
import Foundation
import MockVendor
import NIOCore
import NIOHTTP1
import Testing
import VerifierCore
import VerifierTestSupport
import VerifierTesting

/// The mock host's Anthropic Messages surface: the reverse translation to Chat form, the Messages shapes
/// (body and event stream), the same decisions as Chat, Anthropic's errors, and each fault as Messages
/// shows it. Pure, through ``MockResponder``, except the routing test.
@Suite("Mock host on Anthropic Messages")
struct MessagesMockTests {
    // MARK: - Helpers

    static let faithful = MockResponder(profile: MockProfile.all[0])

    /// First-turn requests (calls, text, named, required, none, parallel) and multi-turn histories.
    static func requests() throws -> [ChatRequest] {
        var requests: [ChatRequest] = []
        for suite in ["small-model", "tool-choice", "parallel", "multi-turn"] {
            requests += try FixtureSuite.load(suite).cases.map(\.request)
        }
        requests += Array(try ReplayFile.validate(path: TestPaths.bfclReplay).cases().prefix(80)).map(\.request)
        return requests
    }

    /// The requests whose messages and tools survive the round trip (Chat → Messages → Chat) unchanged:
    /// no `strict` tools and no re-serialized history arguments.
    static func roundTripping() throws -> [ChatRequest] {
        try requests().filter { request in
            let back = MessagesRequest(body: messagesBody(request.body, stream: false)).chatBody
            return back["messages"] == request.body["messages"] && back["tools"] == request.body["tools"]
        }
    }

    /// The verifier's Chat → Messages translation, as its engineer specified it.
    static func messagesBody(_ chat: JSONValue, stream: Bool) -> JSONValue {
        var body = JSONObject()
        body["model"] = "m"
        body["stream"] = .bool(stream)
        body["max_tokens"] = chat["max_tokens"] ?? chat["max_completion_tokens"] ?? 4096
        if let temperature = chat["temperature"] { body["temperature"] = temperature }
        if let topP = chat["top_p"] { body["top_p"] = topP }
        if let stop = chat["stop"] { body["stop_sequences"] = stop.stringValue.map { [.string($0)] } ?? stop }
        var system: [String] = []
        var turns: [JSONValue] = []
        var results: [JSONValue] = []
        func flush() {
            if !results.isEmpty { turns.append(["role": "user", "content": .array(results)]) }
            results = []
        }
        for message in chat["messages"]?.arrayValue ?? [] {
            let content = message["content"] ?? .null
            switch message["role"]?.stringValue ?? "" {
            case "system", "developer", "_input":
                system.append(text(content))
            case "tool":
                results.append([
                    "type": "tool_result", "tool_use_id": message["tool_call_id"] ?? .null,
                    "content": .string(text(content)),
                ])
            case "assistant":
                flush()
                var blocks: [JSONValue] = []
                if let reasoning = (message["reasoning_content"] ?? message["reasoning"])?.stringValue {
                    blocks.append(["type": "thinking", "thinking": .string(reasoning), "signature": "sig"])
                }
                if !text(content).isEmpty { blocks.append(["type": "text", "text": .string(text(content))]) }
                for call in message["tool_calls"]?.arrayValue ?? [] {
                    let arguments = call["function"]?["arguments"]?.stringValue ?? "{}"
                    blocks.append([
                        "type": "tool_use", "id": call["id"] ?? .null, "name": call["function"]?["name"] ?? .null,
                        "input": (try? JSONValue.parse(arguments)) ?? .object(JSONObject()),
                    ])
                }
                turns.append(["role": "assistant", "content": .array(blocks)])
            default:
                flush()
                if let parts = content.arrayValue {
                    let blocks: [JSONValue] = parts.map { part in
                        if let url = part["image_url"]?["url"]?.stringValue {
                            return ["type": "image", "source": ["type": "url", "url": .string(url)]]
                        }
                        return ["type": "text", "text": part["text"] ?? ""]
                    }
                    turns.append(["role": "user", "content": .array(blocks)])
                } else {
                    turns.append(["role": "user", "content": .string(text(content))])
                }
            }
        }
        flush()
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        body["messages"] = .array(turns)
        if let tools = chat["tools"]?.arrayValue {
            body["tools"] = .array(
                tools.map { tool in
                    var converted = JSONObject()
                    converted["name"] = tool["function"]?["name"]
                    converted["description"] = tool["function"]?["description"]
                    converted["input_schema"] = tool["function"]?["parameters"] ?? ["type": "object"]
                    return .object(converted)
                }
            )
        }
        var choice: JSONObject?
        switch chat["tool_choice"] {
        case .string("auto")?: choice = JSONObject([("type", "auto")])
        case .string("required")?: choice = JSONObject([("type", "any")])
        case .string("none")?: choice = JSONObject([("type", "none")])
        case .object(let named)?:
            choice = JSONObject([("type", "tool"), ("name", named["function"]?["name"] ?? .null)])
        default: break
        }
        if chat["parallel_tool_calls"]?.boolValue == false {
            var disabled = choice ?? JSONObject([("type", "auto")])
            disabled["disable_parallel_tool_use"] = true
            choice = disabled
        }
        if let choice { body["tool_choice"] = .object(choice) }
        return .object(body)
    }

    static func text(_ content: JSONValue) -> String {
        content.stringValue ?? (content.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: " ")
    }

    static func messagesReply(
        _ responder: MockResponder,
        _ request: ChatRequest,
        stream: Bool,
        transient: Bool = true
    ) -> MockResponder.Reply {
        let body = messagesBody(request.body, stream: stream)
        return responder.reply(
            toMessages: body.serializedBytes(),
            anthropicVersion: "2023-06-01",
            transient: transient
        )
    }

    static func messagesReply(_ responder: MockResponder, json: String) throws -> MockResponder.Reply {
        responder.reply(toMessages: Array(json.utf8), anthropicVersion: "2023-06-01")
    }

    static func body(_ reply: MockResponder.Reply) throws -> JSONValue {
        guard case .body(200, let bytes) = reply else {
            Issue.record("expected a 200 body, got \(reply)")
            return .null
        }
        return try JSONValue.parse(bytes: bytes)
    }

    /// One Server-Sent Event as split by hand: the `event:` name (if any) and the data line.
    struct Event {
        var name: String?
        var data: String
        var json: JSONValue? { try? JSONValue.parse(data) }
        var type: String? { json?["type"]?.stringValue }
    }

    static func events(_ reply: MockResponder.Reply) -> [Event] {
        guard case .stream(let chunks) = reply else {
            Issue.record("expected a stream, got \(reply)")
            return []
        }
        let text = String(decoding: chunks.flatMap { $0 }, as: UTF8.self)
        return text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
            var event = Event(name: nil, data: "")
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("event: ") { event.name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { event.data = String(line.dropFirst(6)) }
            }
            return event
        }
    }

    /// What an answer says, comparable across surfaces.
    struct Answer: Equatable, CustomStringConvertible {
        var text: String
        var calls: [String]
        var stop: String?
        var inputTokens: Int?
        var description: String { "\(text) \(calls) \(stop ?? "-") \(inputTokens ?? -1)" }
    }

    static func canonical(_ input: JSONValue) -> String {
        input.serialized(options: .init(sortKeys: true))
    }

    static func answer(messagesBody body: JSONValue) -> Answer {
        var answer = Answer(text: "", calls: [], stop: body["stop_reason"]?.stringValue)
        for block in body["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text": answer.text += block["text"]?.stringValue ?? ""
            case "tool_use":
                answer.calls.append((block["name"]?.stringValue ?? "") + canonical(block["input"] ?? .null))
            default: break
            }
        }
        answer.inputTokens = body["usage"]?["input_tokens"]?.intValue
        return answer
    }

    static func answer(chatBody body: JSONValue) -> Answer {
        let message = body["choices"]?[0]?["message"]
        let calls = (message?["tool_calls"]?.arrayValue ?? []).map { call in
            let arguments = call["function"]?["arguments"]?.stringValue ?? ""
            return (call["function"]?["name"]?.stringValue ?? "")
                + canonical((try? JSONValue.parse(arguments)) ?? .null)
        }
        let stop = body["choices"]?[0]?["finish_reason"]?.stringValue == "tool_calls" ? "tool_use" : "end_turn"
        return Answer(
            text: message?["content"]?.stringValue ?? "",
            calls: calls,
            stop: stop,
            inputTokens: body["usage"]?["prompt_tokens"]?.intValue
        )
    }

    /// Checks a stream against Anthropic's grammar and assembles it.
    static func assemble(_ events: [Event], sourceLocation: SourceLocation = #_sourceLocation) -> Answer {
        var answer = Answer(text: "", calls: [], stop: nil)
        #expect(events.first?.type == "message_start", sourceLocation: sourceLocation)
        #expect(events.last?.type == "message_stop", sourceLocation: sourceLocation)
        #expect(events.dropLast().last?.type == "message_delta", sourceLocation: sourceLocation)
        #expect(events.filter { $0.type == "ping" }.count == 1, sourceLocation: sourceLocation)
        if let firstStart = events.firstIndex(where: { $0.type == "content_block_start" }) {
            #expect(events[firstStart + 1].type == "ping", sourceLocation: sourceLocation)
        }
        var open: (index: Int, type: String, name: String, json: String)?
        var nextIndex = 0
        for event in events {
            #expect(event.json != nil, "\(event.data)", sourceLocation: sourceLocation)
            #expect(event.name == event.type, "\(event.data)", sourceLocation: sourceLocation)
            let index = event.json?["index"]?.intValue
            switch event.type {
            case "message_start":
                let message = event.json?["message"]
                #expect(message?["role"]?.stringValue == "assistant", sourceLocation: sourceLocation)
                #expect(message?["content"]?.arrayValue?.isEmpty == true, sourceLocation: sourceLocation)
                #expect(message?["stop_reason"]?.isNull == true, sourceLocation: sourceLocation)
                #expect(message?["usage"]?["output_tokens"]?.intValue == 1, sourceLocation: sourceLocation)
                answer.inputTokens = message?["usage"]?["input_tokens"]?.intValue
            case "content_block_start":
                #expect(open == nil && index == nextIndex, sourceLocation: sourceLocation)
                let block = event.json?["content_block"]
                let type = block?["type"]?.stringValue ?? ""
                if type == "tool_use" {
                    #expect(block?["id"]?.stringValue?.hasPrefix("toolu_") == true, sourceLocation: sourceLocation)
                    #expect(block?["input"]?.objectValue?.isEmpty == true, sourceLocation: sourceLocation)
                } else {
                    #expect(block?["text"]?.stringValue == "", sourceLocation: sourceLocation)
                }
                open = (index ?? -1, type, block?["name"]?.stringValue ?? "", "")
            case "content_block_delta":
                #expect(open != nil && index == open?.index, sourceLocation: sourceLocation)
                let delta = event.json?["delta"]
                if open?.type == "text" {
                    #expect(delta?["type"]?.stringValue == "text_delta", sourceLocation: sourceLocation)
                    answer.text += delta?["text"]?.stringValue ?? ""
                } else {
                    #expect(delta?["type"]?.stringValue == "input_json_delta", sourceLocation: sourceLocation)
                    open?.json += delta?["partial_json"]?.stringValue ?? ""
                }
            case "content_block_stop":
                #expect(open != nil && index == open?.index, sourceLocation: sourceLocation)
                if let block = open, block.type == "tool_use" {
                    let input = try? JSONValue.parse(block.json)
                    #expect(input?.objectValue != nil, "\(block.json)", sourceLocation: sourceLocation)
                    answer.calls.append(block.name + canonical(input ?? .null))
                }
                open = nil
                nextIndex += 1
            case "message_delta":
                #expect(open == nil, sourceLocation: sourceLocation)
                answer.stop = event.json?["delta"]?["stop_reason"]?.stringValue
                #expect(event.json?["delta"]?["stop_sequence"]?.isNull == true, sourceLocation: sourceLocation)
                #expect(
                    event.json?["usage"]?["input_tokens"]?.intValue == answer.inputTokens,
                    sourceLocation: sourceLocation
                )
                #expect((event.json?["usage"]?["output_tokens"]?.intValue ?? 0) >= 1, sourceLocation: sourceLocation)
            case "ping", "message_stop":
                break
            default:
                Issue.record("unexpected event \(event.data)", sourceLocation: sourceLocation)
            }
        }
        return answer
    }

    /// The requests whose answer a profile changes on Messages, with the faulty and the faithful reply.
    static func changed(
        _ name: String,
        stream: Bool,
        requests: [ChatRequest]
    ) throws -> [(faulty: MockResponder.Reply, faithful: MockResponder.Reply)] {
        let responder = MockResponder(profile: try #require(MockProfile.named(name)))
        return requests.compactMap { request in
            let faulty = messagesReply(responder, request, stream: stream)
            let faithful = messagesReply(Self.faithful, request, stream: stream)
            return faulty == faithful ? nil : (faulty, faithful)
        }
    }

    static func error(_ reply: MockResponder.Reply) throws -> (status: Int, type: String?, message: String?) {
        guard case .body(let status, let bytes) = reply else {
            Issue.record("expected an error body, got \(reply)")
            return (0, nil, nil)
        }
        let body = try JSONValue.parse(bytes: bytes)
        #expect(body["type"]?.stringValue == "error")
        #expect(body.objectValue?.keys.sorted() == ["error", "type"])
        return (status, body["error"]?["type"]?.stringValue, body["error"]?["message"]?.stringValue)
    }

    // MARK: - Reverse translation

    /// One construct of the Messages request, and the Chat form it reads back as.
    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var messages: String
        var chat: String
        var description: String { name }
    }

    static let user = #"{"role":"user","content":"Hi"}"#
    static let weather =
        #"{"name":"get_weather","description":"Weather.","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}"#
    static let weatherChat =
        #"{"type":"function","function":{"name":"get_weather","description":"Weather.","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}"#

    static let rows: [Row] = [
        Row(
            name: "system string, model, stream, sampling, stop sequences",
            messages:
                #"{"model":"m","max_tokens":64,"stream":true,"temperature":0,"top_p":0.5,"stop_sequences":["END"],"system":"Be brief.","messages":[\#(user)]}"#,
            chat:
                #"{"model":"m","messages":[{"role":"system","content":"Be brief."},\#(user)],"max_tokens":64,"temperature":0,"top_p":0.5,"stop":["END"],"stream":true}"#
        ),
        Row(
            name: "system as text blocks",
            messages:
                #"{"max_tokens":8,"system":[{"type":"text","text":"A"},{"type":"text","text":"B"}],"messages":[\#(user)]}"#,
            chat: #"{"messages":[{"role":"system","content":"A\n\nB"},\#(user)],"max_tokens":8}"#
        ),
        Row(
            name: "user text and image blocks",
            messages:
                #"{"max_tokens":8,"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}},{"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}]}"#,
            chat:
                #"{"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}],"max_tokens":8}"#
        ),
        Row(
            name: "assistant thinking, text and tool_use",
            messages:
                #"{"max_tokens":8,"messages":[\#(user),{"role":"assistant","content":[{"type":"thinking","thinking":"Look it up.","signature":"s"},{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]}]}"#,
            chat:
                #"{"messages":[\#(user),{"role":"assistant","content":"Checking.","reasoning_content":"Look it up.","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}],"max_tokens":8}"#
        ),
        Row(
            name: "assistant tool_use alone: content null",
            messages:
                #"{"max_tokens":8,"messages":[\#(user),{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}]}]}"#,
            chat:
                #"{"messages":[\#(user),{"role":"assistant","content":null,"tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]}],"max_tokens":8}"#
        ),
        Row(
            name: "tool results merged in one user turn, string and block content",
            messages:
                #"{"max_tokens":8,"messages":[\#(user),{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18°C"},{"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"21"},{"type":"text","text":"°C"}]}]}]}"#,
            chat:
                #"{"messages":[\#(user),{"role":"tool","tool_call_id":"toolu_1","content":"18°C"},{"role":"tool","tool_call_id":"toolu_2","content":"21°C"}],"max_tokens":8}"#
        ),
        Row(
            name: "tools",
            messages: #"{"max_tokens":8,"messages":[\#(user)],"tools":[\#(weather)]}"#,
            chat: #"{"messages":[\#(user)],"tools":[\#(weatherChat)],"max_tokens":8}"#
        ),
        Row(
            name: "tool_choice auto",
            messages: #"{"max_tokens":8,"messages":[\#(user)],"tools":[\#(weather)],"tool_choice":{"type":"auto"}}"#,
            chat: #"{"messages":[\#(user)],"tools":[\#(weatherChat)],"tool_choice":"auto","max_tokens":8}"#
        ),
        Row(
            name: "tool_choice any",
            messages: #"{"max_tokens":8,"messages":[\#(user)],"tools":[\#(weather)],"tool_choice":{"type":"any"}}"#,
            chat: #"{"messages":[\#(user)],"tools":[\#(weatherChat)],"tool_choice":"required","max_tokens":8}"#
        ),
        Row(
            name: "tool_choice none",
            messages: #"{"max_tokens":8,"messages":[\#(user)],"tools":[\#(weather)],"tool_choice":{"type":"none"}}"#,
            chat: #"{"messages":[\#(user)],"tools":[\#(weatherChat)],"tool_choice":"none","max_tokens":8}"#
        ),
        Row(
            name: "tool_choice tool",
            messages:
                #"{"max_tokens":8,"messages":[\#(user)],"tools":[\#(weather)],"tool_choice":{"type":"tool","name":"get_weather"}}"#,
            chat:
                #"{"messages":[\#(user)],"tools":[\#(weatherChat)],"tool_choice":{"type":"function","function":{"name":"get_weather"}},"max_tokens":8}"#
        ),
        Row(
            name: "disable_parallel_tool_use",
            messages:
                #"{"max_tokens":8,"messages":[\#(user)],"tools":[\#(weather)],"tool_choice":{"type":"auto","disable_parallel_tool_use":true}}"#,
            chat:
                #"{"messages":[\#(user)],"tools":[\#(weatherChat)],"tool_choice":"auto","parallel_tool_calls":false,"max_tokens":8}"#
        ),
    ]

    @Test(arguments: rows)
    func readsBackIntoChatForm(row: Row) throws {
        let request = MessagesRequest(body: try JSONValue.parse(row.messages))
        #expect(request.problems.isEmpty, "\(request.problems)")
        #expect(request.chatBody == (try JSONValue.parse(row.chat)), "\(request.chatBody.serialized())")
    }

    @Test func invalidMessagesRequestsAreRejectedInAnthropicsShape() throws {
        let cases: [(body: String, version: String?, message: String)] = [
            ("[1]", "2023-06-01", "not a JSON object"),
            (#"{"max_tokens":8,"messages":[]}"#, "2023-06-01", "messages"),
            (#"{"messages":[\#(Self.user)]}"#, "2023-06-01", "max_tokens"),
            (#"{"max_tokens":0,"messages":[\#(Self.user)]}"#, "2023-06-01", "max_tokens"),
            (#"{"max_tokens":"8","messages":[\#(Self.user)]}"#, "2023-06-01", "max_tokens"),
            (#"{"max_tokens":8,"messages":[\#(Self.user)]}"#, nil, "anthropic-version"),
            (
                #"{"max_tokens":8,"messages":[\#(Self.user),{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":"{}"}]}]}"#,
                "2023-06-01", "input"
            ),
            // What RequestLint finds on the Chat form: a tool_choice naming a tool that is not offered.
            (
                #"{"max_tokens":8,"messages":[\#(Self.user)],"tools":[\#(Self.weather)],"tool_choice":{"type":"tool","name":"nope"}}"#,
                "2023-06-01", "nope"
            ),
        ]
        for item in cases {
            let reply = Self.faithful.reply(toMessages: Array(item.body.utf8), anthropicVersion: item.version)
            let error = try Self.error(reply)
            #expect(error.status == 400, "\(item.body)")
            #expect(error.type == "invalid_request_error")
            #expect(error.message?.contains(item.message) == true, "\(error.message ?? "")")
        }
        // A well-formed request is answered.
        let reply = Self.faithful.reply(
            toMessages: Array(#"{"max_tokens":8,"messages":[\#(Self.user)]}"#.utf8),
            anthropicVersion: "2023-06-01"
        )
        #expect(try Self.body(reply)["type"]?.stringValue == "message")
        // The contract profile that accepts invalid requests answers one without max_tokens.
        let lax = MockResponder(profile: try #require(MockProfile.named("accepts-invalid-requests")))
        let accepted = lax.reply(
            toMessages: Array(#"{"messages":[\#(Self.user)]}"#.utf8),
            anthropicVersion: "2023-06-01"
        )
        #expect(try Self.body(accepted)["type"]?.stringValue == "message")
    }

    // MARK: - Faithful shapes

    @Test func faithfulBodiesHaveTheMessagesShape() throws {
        var calls = 0
        for request in try Self.requests() {
            let body = try Self.body(Self.messagesReply(Self.faithful, request, stream: false))
            #expect(
                body.objectValue?.keys == [
                    "id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage",
                ]
            )
            let id = try #require(body["id"]?.stringValue)
            #expect(id.hasPrefix("msg_") && id.count == 28)
            #expect(body["type"]?.stringValue == "message" && body["role"]?.stringValue == "assistant")
            #expect(body["model"]?.stringValue == "m")
            #expect(body["stop_sequence"]?.isNull == true)
            #expect((body["usage"]?["input_tokens"]?.intValue ?? 0) > 0)
            #expect((body["usage"]?["output_tokens"]?.intValue ?? 0) > 0)
            let content = try #require(body["content"]?.arrayValue)
            #expect(!content.isEmpty)
            let uses = content.filter { $0["type"]?.stringValue == "tool_use" }
            for block in content {
                switch block["type"]?.stringValue {
                case "text":
                    #expect(block.objectValue?.keys == ["type", "text"])
                    // No empty text block beside calls.
                    #expect(uses.isEmpty || block["text"]?.stringValue?.isEmpty == false)
                case "tool_use":
                    let toolID = try #require(block["id"]?.stringValue)
                    #expect(toolID.hasPrefix("toolu_") && toolID.count == 30)
                    #expect(block["input"]?.objectValue != nil)
                    calls += 1
                default:
                    Issue.record("unexpected block \(block.serialized())")
                }
            }
            #expect(body["stop_reason"]?.stringValue == (uses.isEmpty ? "end_turn" : "tool_use"))
            #expect(Set(uses.compactMap { $0["id"]?.stringValue }).count == uses.count)
        }
        #expect(calls > 50)
    }

    @Test func faithfulStreamsFollowTheGrammarAndMatchTheBody() throws {
        for request in try Self.requests() {
            let events = Self.events(Self.messagesReply(Self.faithful, request, stream: true))
            let streamed = Self.assemble(events)
            let whole = Self.answer(
                messagesBody: try Self.body(Self.messagesReply(Self.faithful, request, stream: false))
            )
            #expect(streamed == whole)
            // Every piece is small: text by about 12 characters, JSON by about 6.
            for event in events where event.type == "content_block_delta" {
                let delta = event.json?["delta"]
                #expect((delta?["text"]?.stringValue?.count ?? 0) <= 12)
                #expect((delta?["partial_json"]?.stringValue?.count ?? 0) <= 6)
            }
        }
    }

    @Test func messagesDecideAsChatDoes() throws {
        for request in try Self.requests() {
            for stream in [false, true] {
                let chatBytes = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
                let chat = Self.answer(chatBody: try Self.body(Self.faithful.reply(to: chatBytes)))
                let reply = Self.messagesReply(Self.faithful, request, stream: stream)
                var messages =
                    stream ? Self.assemble(Self.events(reply)) : Self.answer(messagesBody: try Self.body(reply))
                // `strict` tools and re-serialized history arguments may move the count (checked below).
                messages.inputTokens = chat.inputTokens
                #expect(messages == chat)
            }
        }
        // Requests that read back byte for byte: the very same prompt-token count.
        let exact = try Self.roundTripping()
        #expect(exact.count > 100)
        for request in exact {
            let chatBytes = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
            let chat = Self.answer(chatBody: try Self.body(Self.faithful.reply(to: chatBytes)))
            let messages = Self.answer(
                messagesBody: try Self.body(Self.messagesReply(Self.faithful, request, stream: false))
            )
            #expect(messages.inputTokens == chat.inputTokens)
        }
    }

    @Test func faultsDecideAsChatDoes() throws {
        // An answer fault hits the same requests on both surfaces, streamed or not.
        let responder = MockResponder(profile: try #require(MockProfile.named("drop-calls")))
        var dropped = 0
        for request in try Self.roundTripping() {
            let chatBytes = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
            let chat = Self.answer(chatBody: try Self.body(responder.reply(to: chatBytes)))
            let plain = Self.answer(messagesBody: try Self.body(Self.messagesReply(responder, request, stream: false)))
            let streamed = Self.assemble(Self.events(Self.messagesReply(responder, request, stream: true)))
            #expect(plain == chat && streamed == chat)
            if chat.text.contains("not able to use tools") { dropped += 1 }
        }
        #expect(dropped > 5)
    }

    // MARK: - Profiles and labels

    @Test func labelsPerSurface() throws {
        let expected: [String: String?] = [
            "faithful": nil, "drop-calls": "agree.missed_call", "spurious-calls": "agree.spurious_call",
            "finish-stop-with-calls": "wire.stop_reason_mismatch", "invalid-json-arguments": "stream.input_json",
            "schema-violation": "call.schema", "unknown-tool": "call.unknown_tool",
            "leaked-markup": "wire.leaked_markup", "arguments-as-object": nil, "http-500s": "http.status",
            "html-error-page": "wire.body_not_json", "stream-no-done": "stream.no_message_stop",
            "stream-truncated": "stream.truncated", "stream-bad-event": "stream.bad_event",
            "stream-role-repeated": nil, "stream-index-collision": nil, "stream-index-gap": "stream.block_order",
            "stream-id-missing": "wire.tool_use_ids", "stream-name-fragmented": nil, "stream-finish-twice": nil,
            "stream-usage-after-done": nil, "stream-parity": "stream.parity", "stream-after-done": nil,
            "stream-id-repeated": nil, "stream-name-repeated": nil, "stream-role-missing": nil,
            "ignores-tool-choice-none": "contract.tool_choice_none",
            "ignores-tool-choice-required": "contract.tool_choice_required",
            "ignores-tool-choice-named": "contract.tool_choice_named",
            "ignores-parallel-false": "contract.parallel_false", "rejects-foreign-ids": "contract.history_rejected",
            "accepts-invalid-requests": "contract.invalid_request_accepted",
            "drops-reasoning": "contract.reasoning_dropped", "prompt-token-drift": "agree.prompt_tokens",
            "rate-limited": nil, "rate-limited-date": nil, "overloaded-then-ok": nil, "reset-then-ok": nil,
            "llama-server-wire": nil, "llama-cpp-python-wire": nil,
            "messages-chat-body": "wire.wrong_surface", "messages-shape": "wire.messages_shape",
            "messages-input-as-string": "wire.input_not_object", "messages-usage": "wire.messages_usage",
            "messages-merged-tool-use": "stream.tool_use_merged", "messages-split-tool-use": "stream.tool_use_split",
            "messages-error-event": "stream.error_event", "messages-event-name": "stream.event_name",
            "messages-unknown-event": nil,
        ]
        // Responses-only profiles answer faithfully on Messages.
        let responsesOnly = Set(MockProfile.responsesOnlyProfiles.map(\.name))
        #expect(Set(expected.keys).union(responsesOnly) == Set(MockProfile.served.map(\.name)))
        for profile in MockProfile.served {
            #expect(profile.expectedLabel(on: .messages) == expected[profile.name] ?? nil, "\(profile.name)")
            let warnings = profile.expectedWarnings(on: .messages)
            let tolerated: [String: [String]] = [
                "messages-unknown-event": ["stream.event_name"],
                // llama-server opens streamed tool_use blocks without `input` (docs/real-engines.md).
                "llama-server-wire": ["wire.input_not_object"],
            ]
            #expect(warnings == tolerated[profile.name] ?? [], "\(profile)")
            if MockProfile.messagesOnlyProfiles.contains(profile) || responsesOnly.contains(profile.name) {
                #expect(profile.expectedLabel(on: .chat) == nil && profile.expectedWarnings(on: .chat).isEmpty)
            } else {
                #expect(profile.expectedLabel(on: .chat) == profile.expectedLabel)
                #expect(
                    profile.expectedWarnings(on: .chat)
                        == (profile.expectedWarning.map { [$0] } ?? []) + profile.toleratedWarnings
                )
            }
        }
    }

    @Test func profileListsPerSurface() throws {
        #expect(MockProfile.profiles(on: .chat) == MockProfile.all)
        #expect(MockProfile.all.allSatisfy { $0.onlyOn == nil })
        let messages = MockProfile.profiles(on: .messages)
        #expect(messages.first?.name == "faithful")
        #expect(Set(messages.map(\.name)).count == messages.count)
        #expect(Array(messages.suffix(MockProfile.messagesOnlyProfiles.count)) == MockProfile.messagesOnlyProfiles)
        let absent: Set<String> = [
            "arguments-as-object", "stream-role-repeated", "stream-index-collision", "stream-name-fragmented",
            "stream-finish-twice", "stream-usage-after-done", "stream-after-done", "stream-id-repeated",
            "stream-name-repeated", "stream-role-missing",
        ]
        #expect(
            Set(messages.map(\.name))
                == Set(MockProfile.served.map(\.name)).subtracting(absent)
                .subtracting(MockProfile.responsesOnlyProfiles.map(\.name))
        )
        for profile in MockProfile.served {
            #expect(MockProfile.named(profile.name) == profile)
        }
    }

    /// Chat answers are untouched by the Messages-only profiles.
    @Test(arguments: MockProfile.messagesOnlyProfiles)
    func messagesOnlyProfilesAreFaithfulOnChat(profile: MockProfile) throws {
        let responder = MockResponder(profile: profile)
        for request in try Self.requests() {
            for stream in [false, true] {
                let bytes = request.prepared(model: "m", stream: stream, extraBody: nil).serializedBytes()
                #expect(responder.reply(to: bytes) == Self.faithful.reply(to: bytes))
            }
        }
    }

    /// Profiles whose defect cannot exist on Messages answer exactly as faithful there; llama-server's wire shape
    /// differs only in its streamed tool_use starts, which have no `input`.
    @Test func chatOnlyAndDialectProfilesAreFaithfulOnMessages() throws {
        let names = MockProfile.all.filter { $0.expectedLabel(on: .messages) == nil && $0.expectedRetry == nil }
            .map(\.name)
        #expect(names.count == 13)
        let requests = try Self.requests()
        for name in names {
            for stream in [false, true] {
                let changed = try Self.changed(name, stream: stream, requests: requests)
                if name == "llama-server-wire", stream {
                    #expect(!changed.isEmpty)
                    func text(_ reply: MockResponder.Reply) -> String {
                        guard case .stream(let events) = reply else { return "" }
                        return String(decoding: events.joined(), as: UTF8.self)
                    }
                    for (answer, faithful) in changed {
                        #expect(text(answer) == text(faithful).replacingOccurrences(of: #","input":{}}"#, with: "}"))
                    }
                } else {
                    #expect(changed.isEmpty, "\(name)")
                }
            }
        }
    }

    // MARK: - Existing faults as Messages shows them

    @Test func finishStopWithCallsEndsTheTurnWithToolUse() throws {
        let requests = try Self.requests()
        for stream in [false, true] {
            let changed = try Self.changed("finish-stop-with-calls", stream: stream, requests: requests)
            #expect(!changed.isEmpty)
            for (faulty, _) in changed {
                let answer =
                    stream ? Self.assemble(Self.events(faulty)) : Self.answer(messagesBody: try Self.body(faulty))
                #expect(answer.stop == "end_turn" && !answer.calls.isEmpty)
            }
        }
    }

    @Test func invalidJSONArgumentsCutsOnlyTheStreamedInput() throws {
        let requests = try Self.requests()
        #expect(try Self.changed("invalid-json-arguments", stream: false, requests: requests).isEmpty)
        let changed = try Self.changed("invalid-json-arguments", stream: true, requests: requests)
        #expect(!changed.isEmpty)
        for (faulty, _) in changed {
            let events = Self.events(faulty)
            var json = ""
            for event in events {
                if event.type == "content_block_start" { json = "" }
                json += event.json?["delta"]?["partial_json"]?.stringValue ?? ""
                if event.type == "content_block_stop", !json.isEmpty { #expect((try? JSONValue.parse(json)) == nil) }
            }
            #expect(events.last?.type == "message_stop")
        }
    }

    @Test func streamFaultsOnMessages() throws {
        let requests = try Self.requests()
        for name in ["stream-no-done", "stream-truncated", "stream-bad-event", "stream-index-gap", "stream-id-missing"]
        {
            #expect(try Self.changed(name, stream: false, requests: requests).isEmpty, "\(name)")
            let changed = try Self.changed(name, stream: true, requests: requests)
            #expect(!changed.isEmpty, "\(name)")
            for (faulty, faithful) in changed {
                let events = Self.events(faulty)
                let types = events.map { $0.type ?? "?" }
                switch name {
                case "stream-no-done":
                    #expect(types.last == "message_delta")
                    #expect(Array(events.map(\.data)) == Array(Self.events(faithful).dropLast().map(\.data)))
                case "stream-truncated":
                    #expect(!types.contains("message_delta") && !types.contains("message_stop"))
                    #expect(events.count < Self.events(faithful).count / 2 + 1)
                case "stream-bad-event":
                    #expect(types.first == "message_start" && events[1].json == nil)
                    #expect(events.count == Self.events(faithful).count + 1)
                case "stream-index-gap":
                    let indices = events.compactMap {
                        $0.type == "content_block_start" ? $0.json?["index"]?.intValue : nil
                    }
                    #expect(indices.first == 1 && indices == Array(1...indices.count))
                default:
                    let ids = events.compactMap { $0.json?["content_block"]?["id"]?.stringValue }
                    #expect(!ids.isEmpty && ids.allSatisfy(\.isEmpty))
                }
            }
        }
    }

    @Test func errorsTransientsAndContractsOnMessages() throws {
        let requests = try Self.requests()
        let failing = try Self.changed("http-500s", stream: false, requests: requests)
        #expect(!failing.isEmpty)
        for (faulty, _) in failing {
            let error = try Self.error(faulty)
            #expect(error.status == 500 && error.type == "api_error")
        }
        let pages = try Self.changed("html-error-page", stream: true, requests: requests)
        #expect(
            !pages.isEmpty
                && pages.allSatisfy { if case .other(200, "text/html", _) = $0.faulty { true } else { false } }
        )
        for profile in MockProfile.retryProfiles {
            let responder = MockResponder(profile: profile)
            var refused = 0
            for request in requests {
                if case .transient = Self.messagesReply(responder, request, stream: false) { refused += 1 }
                #expect(
                    Self.messagesReply(responder, request, stream: false, transient: false)
                        == Self.messagesReply(Self.faithful, request, stream: false)
                )
            }
            #expect(refused > 0, "\(profile.name)")
        }
        // rejects-foreign-ids wants `toolu_` ids on this surface.
        let strict = MockResponder(profile: try #require(MockProfile.named("rejects-foreign-ids")))
        let history =
            #"{"max_tokens":8,"tools":[\#(Self.weather)],"messages":[\#(Self.user),{"role":"assistant","content":[{"type":"tool_use","id":"ID","name":"get_weather","input":{"city":"Paris"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"ID","content":"18°C"}]}]}"#
        let foreign = try Self.error(
            try Self.messagesReply(strict, json: history.replacingOccurrences(of: "ID", with: "call_1"))
        )
        #expect(foreign.status == 400 && foreign.message?.contains("toolu_") == true)
        let own = try Self.messagesReply(strict, json: history.replacingOccurrences(of: "ID", with: "toolu_1"))
        #expect(try Self.body(own)["type"]?.stringValue == "message")
    }

    // MARK: - Messages-only faults

    @Test func chatBodyAnswersInTheChatShape() throws {
        let requests = try Self.requests()
        let plain = try Self.changed("messages-chat-body", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, _) in plain {
            #expect(try Self.body(faulty)["object"]?.stringValue == "chat.completion")
        }
        let streamed = try Self.changed("messages-chat-body", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, _) in streamed {
            let events = Self.events(faulty)
            #expect(events.allSatisfy { $0.name == nil })
            #expect(events.last?.data == "[DONE]")
            #expect(events.dropLast().allSatisfy { $0.json?["object"]?.stringValue == "chat.completion.chunk" })
        }
    }

    @Test func shapeDropsTypeAndRole() throws {
        let requests = try Self.requests()
        let plain = try Self.changed("messages-shape", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, faithful) in plain {
            let body = try Self.body(faulty)
            #expect(body["type"] == nil && body["role"] == nil)
            #expect(Self.answer(messagesBody: body) == Self.answer(messagesBody: try Self.body(faithful)))
        }
        let streamed = try Self.changed("messages-shape", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, _) in streamed {
            let start = Self.events(faulty).first?.json?["message"]
            #expect(start?["role"] == nil && start?["type"]?.stringValue == "message")
        }
    }

    @Test func inputAsStringOnlyInBodies() throws {
        let requests = try Self.requests()
        #expect(try Self.changed("messages-input-as-string", stream: true, requests: requests).isEmpty)
        let plain = try Self.changed("messages-input-as-string", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, _) in plain {
            let uses = (try Self.body(faulty)["content"]?.arrayValue ?? []).filter {
                $0["type"]?.stringValue == "tool_use"
            }
            #expect(!uses.isEmpty)
            for use in uses {
                let text = try #require(use["input"]?.stringValue)
                #expect((try? JSONValue.parse(text))?.objectValue != nil)
            }
        }
    }

    @Test func usageIsMissingOrDisagrees() throws {
        let requests = try Self.requests()
        let plain = try Self.changed("messages-usage", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, _) in plain { #expect(try Self.body(faulty)["usage"] == nil) }
        let streamed = try Self.changed("messages-usage", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, _) in streamed {
            let events = Self.events(faulty)
            let start = events.first?.json?["message"]?["usage"]?["input_tokens"]?.intValue ?? 0
            let delta = events.first { $0.type == "message_delta" }?.json?["usage"]?["input_tokens"]?.intValue
            #expect(delta == start + 7)
        }
    }

    @Test func mergedToolUsePutsEveryCallInOneBlock() throws {
        let requests = try Self.requests()
        #expect(try Self.changed("messages-merged-tool-use", stream: false, requests: requests).isEmpty)
        let streamed = try Self.changed("messages-merged-tool-use", stream: true, requests: requests)
        #expect(streamed.count >= 3)
        for (faulty, faithful) in streamed {
            let events = Self.events(faulty)
            let starts = events.filter { $0.json?["content_block"]?["type"]?.stringValue == "tool_use" }
            #expect(starts.count == 1)
            let whole = try Self.body(Self.bodyTwin(of: faithful, requests: requests))
            let uses = (whole["content"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == "tool_use" }
            #expect(uses.count >= 2)
            #expect(starts.first?.json?["content_block"]?["id"] == uses.first?["id"])
            let json = events.compactMap { $0.json?["delta"]?["partial_json"]?.stringValue }.joined()
            #expect(json == uses.map { ($0["input"] ?? .null).serialized() }.joined())
        }
    }

    /// The non-streamed faithful answer to the request whose faithful stream is `stream`.
    static func bodyTwin(of stream: MockResponder.Reply, requests: [ChatRequest]) throws -> MockResponder.Reply {
        let request = try #require(requests.first { messagesReply(faithful, $0, stream: true) == stream })
        return messagesReply(faithful, request, stream: false)
    }

    @Test func splitToolUseOpensABlockPerFragment() throws {
        let requests = try Self.requests()
        #expect(try Self.changed("messages-split-tool-use", stream: false, requests: requests).isEmpty)
        let streamed = try Self.changed("messages-split-tool-use", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, faithful) in streamed {
            let events = Self.events(faulty)
            let starts = events.filter { $0.json?["content_block"]?["type"]?.stringValue == "tool_use" }
            let faithfulStarts = Self.events(faithful).filter {
                $0.json?["content_block"]?["type"]?.stringValue == "tool_use"
            }
            #expect(starts.count > faithfulStarts.count)
            let indices = events.compactMap { $0.type == "content_block_start" ? $0.json?["index"]?.intValue : nil }
            #expect(indices == Array(0..<indices.count))
            // Each block: start, one delta, stop.
            for (position, event) in events.enumerated()
            where event.json?["content_block"]?["type"]?.stringValue == "tool_use" {
                let next = events.dropFirst(position + 1).filter { $0.type != "ping" }.prefix(2).map { $0.type ?? "" }
                #expect(next == ["content_block_delta", "content_block_stop"])
            }
            let ids = Set(starts.compactMap { $0.json?["content_block"]?["id"]?.stringValue })
            #expect(ids.count == faithfulStarts.count)
        }
    }

    @Test func errorEventEndsTheStream() throws {
        let requests = try Self.requests()
        #expect(try Self.changed("messages-error-event", stream: false, requests: requests).isEmpty)
        let streamed = try Self.changed("messages-error-event", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, faithful) in streamed {
            let events = Self.events(faulty)
            let last = try #require(events.last)
            #expect(last.name == "error" && last.type == "error")
            #expect(last.json?["error"]?["type"]?.stringValue == "overloaded_error")
            #expect(last.json?["error"]?["message"]?.stringValue == "Overloaded")
            #expect(!events.contains { $0.type == "message_delta" || $0.type == "message_stop" })
            let deltas = events.filter { $0.type == "content_block_delta" }.count
            let all = Self.events(faithful).filter { $0.type == "content_block_delta" }.count
            #expect(deltas == max(all / 2, 1))
        }
    }

    @Test func eventNameDiffersFromTheDataType() throws {
        let requests = try Self.requests()
        #expect(try Self.changed("messages-event-name", stream: false, requests: requests).isEmpty)
        let streamed = try Self.changed("messages-event-name", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, faithful) in streamed {
            let events = Self.events(faulty)
            #expect(events.map(\.data) == Self.events(faithful).map(\.data))
            for event in events where event.type == "content_block_delta" {
                #expect(event.name == "content_block_start")
            }
        }
    }

    @Test func unknownEventIsAnExtraHeartbeat() throws {
        let requests = try Self.requests()
        #expect(try Self.changed("messages-unknown-event", stream: false, requests: requests).isEmpty)
        let streamed = try Self.changed("messages-unknown-event", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, faithful) in streamed {
            let events = Self.events(faulty)
            for (position, event) in events.enumerated() where event.type == "content_block_start" {
                #expect(events[position + 1].name == "content_block_heartbeat")
                #expect(events[position + 1].type == "content_block_heartbeat")
            }
            let kept = events.filter { $0.type != "content_block_heartbeat" }
            #expect(kept.map(\.data) == Self.events(faithful).map(\.data))
        }
    }

    // MARK: - Routing

    @Test(.timeLimit(.minutes(1))) func routesServeMessages() async throws {
        struct HTTPAnswer: Sendable {
            var status: Int
            var headers: [String: String]
            var body: [UInt8]
        }
        @Sendable func post(_ url: String, _ body: String, version: Bool = true) async throws -> HTTPAnswer {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "x-api-key", value: "test")
            if version { request.headers.add(name: "anthropic-version", value: "2023-06-01") }
            request.body = .bytes(ByteBuffer(bytes: Array(body.utf8)))
            return try await HTTPClient.withVerifierClient { client in
                let response = try await client.execute(request, timeout: .seconds(10))
                var bytes: [UInt8] = []
                for try await chunk in response.body { bytes += Array(chunk.readableBytesView) }
                let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }) { first, _ in first
                }
                return HTTPAnswer(status: Int(response.status.code), headers: headers, body: bytes)
            }
        }
        let body =
            #"{"model":"m","max_tokens":64,"tools":[\#(Self.weather)],"messages":[{"role":"user","content":"What is the weather in Paris?"}]}"#
        try await MockServer.withRunning { port in
            let base = "http://127.0.0.1:\(port)"
            let plain = try await post(base + "/v1/messages", body)
            #expect(plain.status == 200)
            #expect(try JSONValue.parse(bytes: plain.body)["stop_reason"]?.stringValue == "tool_use")
            let profiled = try await post(base + "/messages-usage+rate100/v1/messages", body)
            #expect(try JSONValue.parse(bytes: profiled.body)["usage"] == nil)
            let streamed = try await post(
                base + "/faithful/v1/messages",
                body.replacingOccurrences(of: #""max_tokens":64"#, with: #""max_tokens":64,"stream":true"#)
            )
            #expect(streamed.headers["content-type"] == "text/event-stream")
            #expect(String(decoding: streamed.body, as: UTF8.self).hasPrefix("event: message_start\n"))
            let unversioned = try await post(base + "/v1/messages", body, version: false)
            #expect(unversioned.status == 400)
            #expect(
                try JSONValue.parse(bytes: unversioned.body)["error"]?["type"]?.stringValue == "invalid_request_error"
            )
            let unknown = try await post(base + "/no-such-profile/v1/messages", body)
            #expect(unknown.status == 404)
            #expect(try JSONValue.parse(bytes: unknown.body)["error"]?["type"]?.stringValue == "not_found_error")
            // A transient refusal in Anthropic's shape, then the answer to the retry.
            let limited = try await post(base + "/rate-limited+rate100/v1/messages", body)
            #expect(limited.status == 429 && limited.headers["retry-after"] == "1")
            #expect(try JSONValue.parse(bytes: limited.body)["error"]?["type"]?.stringValue == "rate_limit_error")
            let retried = try await post(base + "/rate-limited+rate100/v1/messages", body)
            #expect(retried.status == 200 && retried.body == plain.body)
            let overloaded = try await post(base + "/overloaded-then-ok+rate100/v1/messages", body)
            #expect(overloaded.status == 503)
            #expect(try JSONValue.parse(bytes: overloaded.body)["error"]?["type"]?.stringValue == "overloaded_error")
        }
    }
}
