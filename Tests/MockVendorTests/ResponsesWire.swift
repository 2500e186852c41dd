import Foundation
import MockVendor
import Testing
import VerifierCore
import VerifierTestSupport
import VerifierTesting

/// Helpers for the mock host's OpenAI Responses tests: requests in Responses form, and the replies read back.
enum ResponsesWire {
    static let faithful = MockResponder(profile: MockProfile.all[0])

    /// First-turn requests (calls, text, named, required, none, parallel), multi-turn histories and BFCL.
    static func requests() throws -> [ChatRequest] {
        var requests: [ChatRequest] = []
        for suite in ["small-model", "tool-choice", "parallel", "multi-turn"] {
            requests += try FixtureSuite.load(suite).cases.map(\.request)
        }
        requests += Array(try ReplayFile.validate(path: TestPaths.bfclReplay).cases().prefix(80)).map(\.request)
        return requests
    }

    static func text(_ content: JSONValue) -> String {
        content.stringValue ?? (content.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: " ")
    }

    /// The verifier's Chat → Responses translation, as its engineer specified it.
    static func responsesBody(_ chat: JSONValue, stream: Bool) -> JSONValue {
        var body = JSONObject()
        body["model"] = "m"
        body["stream"] = .bool(stream)
        body["store"] = false
        var include: [JSONValue] = ["reasoning.encrypted_content"]
        if chat["logprobs"]?.boolValue == true {
            include.append("message.output_text.logprobs")
            if let top = chat["top_logprobs"] { body["top_logprobs"] = top }
        }
        body["include"] = .array(include)
        for member in ["temperature", "top_p", "metadata", "parallel_tool_calls", "user"] {
            if let value = chat[member] { body[member] = value }
        }
        body["max_output_tokens"] = chat["max_completion_tokens"] ?? chat["max_tokens"] ?? 4096
        if let effort = chat["reasoning_effort"] { body["reasoning"] = ["effort": effort] }
        var instructions: [String] = []
        var input: [JSONValue] = []
        var begun = false
        for message in chat["messages"]?.arrayValue ?? [] {
            let content = message["content"] ?? .null
            let role = message["role"]?.stringValue ?? ""
            switch role {
            case "system", "developer":
                if begun {
                    input.append(["type": "message", "role": .string(role), "content": .string(text(content))])
                } else {
                    instructions.append(text(content))
                }
            case "tool":
                begun = true
                input.append([
                    "type": "function_call_output", "call_id": message["tool_call_id"] ?? .null,
                    "output": .string(
                        content.stringValue
                            ?? (content.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
                    ),
                ])
            case "assistant":
                begun = true
                var any = false
                if let reasoning = (message["reasoning_content"] ?? message["reasoning"])?.stringValue {
                    var item = JSONObject([("type", "reasoning"), ("summary", [])])
                    item["content"] = [["type": "reasoning_text", "text": .string(reasoning)]]
                    if let encrypted = message["reasoning_encrypted_content"] { item["encrypted_content"] = encrypted }
                    input.append(.object(item))
                    any = true
                }
                if !text(content).isEmpty {
                    input.append([
                        "type": "message", "role": "assistant",
                        "content": [["type": "output_text", "text": .string(text(content))]],
                    ])
                    any = true
                }
                for call in message["tool_calls"]?.arrayValue ?? [] {
                    input.append([
                        "type": "function_call", "call_id": call["id"] ?? .null,
                        "name": call["function"]?["name"] ?? .null,
                        "arguments": call["function"]?["arguments"] ?? .null,
                    ])
                    any = true
                }
                if !any {
                    input.append([
                        "type": "message", "role": "assistant", "content": [["type": "output_text", "text": ""]],
                    ])
                }
            default:
                begun = true
                if let parts = content.arrayValue {
                    let converted: [JSONValue] = parts.map { part in
                        if let url = part["image_url"]?["url"] {
                            return ["type": "input_image", "image_url": url]
                        }
                        return ["type": "input_text", "text": part["text"] ?? ""]
                    }
                    input.append(["type": "message", "role": .string(role), "content": .array(converted)])
                } else {
                    input.append(["type": "message", "role": .string(role), "content": content])
                }
            }
        }
        if !instructions.isEmpty { body["instructions"] = .string(instructions.joined(separator: "\n\n")) }
        body["input"] = .array(input)
        if let tools = chat["tools"]?.arrayValue {
            body["tools"] = .array(
                tools.map { tool in
                    var converted = JSONObject([("type", "function")])
                    for member in ["name", "description", "parameters", "strict"] {
                        if let value = tool["function"]?[member] { converted[member] = value }
                    }
                    return .object(converted)
                }
            )
        }
        switch chat["tool_choice"] {
        case .string(let mode)?: body["tool_choice"] = .string(mode)
        case .object(let named)? where named["function"]?["name"] != nil:
            body["tool_choice"] = ["type": "function", "name": named["function"]?["name"] ?? .null]
        case let other?: body["tool_choice"] = other
        case nil: break
        }
        if let format = chat["response_format"], format["type"]?.stringValue == "json_schema" {
            var converted = JSONObject([("type", "json_schema")])
            for member in format["json_schema"]?.objectValue ?? JSONObject() { converted[member.key] = member.value }
            body["text"] = ["format": .object(converted)]
        } else if chat["response_format"]?["type"]?.stringValue == "json_object" {
            body["text"] = ["format": ["type": "json_object"]]
        }
        return .object(body)
    }

    static func reply(
        _ responder: MockResponder,
        _ request: ChatRequest,
        stream: Bool,
        transient: Bool = true
    ) -> MockResponder.Reply {
        responder.reply(toResponses: responsesBody(request.body, stream: stream).serializedBytes(), transient: transient)
    }

    static func reply(_ responder: MockResponder, json: String) -> MockResponder.Reply {
        responder.reply(toResponses: Array(json.utf8))
    }

    static func body(_ reply: MockResponder.Reply, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> JSONValue
    {
        guard case .body(200, let bytes) = reply else {
            Issue.record("expected a 200 body, got \(reply)", sourceLocation: sourceLocation)
            return .null
        }
        return try JSONValue.parse(bytes: bytes)
    }

    /// An OpenAI error reply: status, and the error object's members.
    static func error(_ reply: MockResponder.Reply, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (status: Int, error: JSONValue?)
    {
        guard case .body(let status, let bytes) = reply else {
            Issue.record("expected an error body, got \(reply)", sourceLocation: sourceLocation)
            return (0, nil)
        }
        let body = try JSONValue.parse(bytes: bytes)
        #expect(body.objectValue?.keys == ["error"], sourceLocation: sourceLocation)
        #expect(
            body["error"]?.objectValue?.keys == ["message", "type", "param", "code"],
            "\(body.serialized())",
            sourceLocation: sourceLocation
        )
        return (status, body["error"])
    }

    /// One Server-Sent Event as split by hand: the `event:` name (if any) and the data line.
    struct Event {
        var name: String?
        var data: String
        var json: JSONValue? { try? JSONValue.parse(data) }
        var type: String? { json?["type"]?.stringValue }
        var sequence: Int? { json?["sequence_number"]?.intValue }
    }

    static func events(_ reply: MockResponder.Reply, sourceLocation: SourceLocation = #_sourceLocation) -> [Event] {
        guard case .stream(let chunks) = reply else {
            Issue.record("expected a stream, got \(reply)", sourceLocation: sourceLocation)
            return []
        }
        return events(String(decoding: chunks.flatMap { $0 }, as: UTF8.self))
    }

    static func events(_ text: String) -> [Event] {
        text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
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
        var inputTokens: Int?
        var description: String { "\(text) \(calls) \(inputTokens ?? -1)" }
    }

    static func canonical(_ value: JSONValue) -> String {
        value.serialized(options: .init(sortKeys: true))
    }

    static func call(name: String, arguments: JSONValue?) -> String {
        let text = arguments?.stringValue ?? ""
        return name + canonical((try? JSONValue.parse(text)) ?? .string(text))
    }

    static func answer(responsesBody body: JSONValue) -> Answer {
        var answer = Answer(text: "", calls: [])
        for item in body["output"]?.arrayValue ?? [] {
            switch item["type"]?.stringValue {
            case "message":
                for part in item["content"]?.arrayValue ?? [] { answer.text += part["text"]?.stringValue ?? "" }
            case "function_call":
                answer.calls.append(call(name: item["name"]?.stringValue ?? "", arguments: item["arguments"]))
            default: break
            }
        }
        answer.inputTokens = body["usage"]?["input_tokens"]?.intValue
        return answer
    }

    static func answer(chatBody body: JSONValue) -> Answer {
        let message = body["choices"]?[0]?["message"]
        let calls = (message?["tool_calls"]?.arrayValue ?? []).map { call in
            Self.call(name: call["function"]?["name"]?.stringValue ?? "", arguments: call["function"]?["arguments"])
        }
        return Answer(
            text: message?["content"]?.stringValue ?? "",
            calls: calls,
            inputTokens: body["usage"]?["prompt_tokens"]?.intValue
        )
    }

    /// Checks a stream against the Responses grammar and assembles it; returns the assembled answer and the
    /// terminal event's response.
    static func assemble(
        _ events: [Event],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> (answer: Answer, response: JSONValue?) {
        var answer = Answer(text: "", calls: [])
        #expect(events.first?.type == "response.created", sourceLocation: sourceLocation)
        #expect(events.dropFirst().first?.type == "response.in_progress", sourceLocation: sourceLocation)
        #expect(events.last?.type == "response.completed", sourceLocation: sourceLocation)
        #expect(!events.contains { $0.data == "[DONE]" }, sourceLocation: sourceLocation)
        // Each item as it was opened and filled: id, type, text or arguments.
        var items: [(id: String, type: String, name: String, text: String, done: JSONValue?)] = []
        var open: Int?
        var terminal: JSONValue?
        for (position, event) in events.enumerated() {
            let json = event.json
            #expect(json != nil, "\(event.data)", sourceLocation: sourceLocation)
            #expect(event.name == event.type, "\(event.data)", sourceLocation: sourceLocation)
            #expect(event.sequence == position, "\(event.data)", sourceLocation: sourceLocation)
            let index = json?["output_index"]?.intValue
            let itemID = json?["item_id"]?.stringValue
            if let itemID, let open {
                #expect(itemID == items[open].id && index == open, "\(event.data)", sourceLocation: sourceLocation)
            }
            switch event.type {
            case "response.created", "response.in_progress":
                let response = json?["response"]
                #expect(response?["status"]?.stringValue == "in_progress", sourceLocation: sourceLocation)
                #expect(response?["output"]?.arrayValue?.isEmpty == true, sourceLocation: sourceLocation)
                #expect(response?["usage"]?.isNull == true, sourceLocation: sourceLocation)
            case "response.output_item.added":
                #expect(open == nil && index == items.count, "\(event.data)", sourceLocation: sourceLocation)
                let item = json?["item"]
                #expect(item?["status"]?.stringValue == "in_progress", sourceLocation: sourceLocation)
                let type = item?["type"]?.stringValue ?? ""
                if type == "function_call" {
                    #expect(item?["arguments"]?.stringValue == "", sourceLocation: sourceLocation)
                } else {
                    #expect(item?["content"]?.arrayValue?.isEmpty == true, sourceLocation: sourceLocation)
                }
                items.append((item?["id"]?.stringValue ?? "", type, item?["name"]?.stringValue ?? "", "", nil))
                open = items.count - 1
            case "response.content_part.added":
                #expect(json?["part"] == ["type": "output_text", "text": "", "annotations": []])
            case "response.output_text.delta", "response.reasoning_text.delta", "response.function_call_arguments.delta":
                if let open { items[open].text += json?["delta"]?.stringValue ?? "" }
                #expect(open != nil, sourceLocation: sourceLocation)
            case "response.output_text.done", "response.reasoning_text.done":
                #expect(json?["text"]?.stringValue == open.map { items[$0].text }, sourceLocation: sourceLocation)
            case "response.content_part.done":
                #expect(
                    json?["part"]?["text"]?.stringValue == open.map { items[$0].text },
                    sourceLocation: sourceLocation
                )
            case "response.function_call_arguments.done":
                #expect(
                    json?["arguments"]?.stringValue == open.map { items[$0].text },
                    sourceLocation: sourceLocation
                )
                #expect(json?["name"]?.stringValue == open.map { items[$0].name }, sourceLocation: sourceLocation)
            case "response.output_item.done":
                guard let current = open else {
                    Issue.record("output_item.done without an open item", sourceLocation: sourceLocation)
                    continue
                }
                #expect(index == current, sourceLocation: sourceLocation)
                let item = json?["item"]
                #expect(item?["id"]?.stringValue == items[current].id, sourceLocation: sourceLocation)
                #expect(item?["status"]?.stringValue == "completed", sourceLocation: sourceLocation)
                switch items[current].type {
                case "message":
                    #expect(
                        item?["content"]?[0]?["text"]?.stringValue == items[current].text,
                        sourceLocation: sourceLocation
                    )
                    answer.text += items[current].text
                case "function_call":
                    #expect(item?["arguments"]?.stringValue == items[current].text, sourceLocation: sourceLocation)
                    answer.calls.append(call(name: items[current].name, arguments: .string(items[current].text)))
                default: break
                }
                items[current].done = item
                open = nil
            case "response.completed":
                #expect(open == nil, sourceLocation: sourceLocation)
                terminal = json?["response"]
            default:
                Issue.record("unexpected event \(event.data)", sourceLocation: sourceLocation)
            }
        }
        let response = terminal
        #expect(response?["status"]?.stringValue == "completed", sourceLocation: sourceLocation)
        #expect(
            response?["output"]?.arrayValue == items.map { $0.done ?? .null },
            "the completed response holds the items as done",
            sourceLocation: sourceLocation
        )
        answer.inputTokens = response?["usage"]?["input_tokens"]?.intValue
        return (answer, response)
    }

    /// The requests whose answer a profile changes on Responses, with the faulty and the faithful reply.
    static func changed(
        _ name: String,
        stream: Bool,
        requests: [ChatRequest],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [(faulty: MockResponder.Reply, faithful: MockResponder.Reply, request: ChatRequest)] {
        let responder = MockResponder(profile: try #require(MockProfile.named(name), sourceLocation: sourceLocation))
        return requests.compactMap { request in
            let faulty = reply(responder, request, stream: stream)
            let faithful = reply(Self.faithful, request, stream: stream)
            return faulty == faithful ? nil : (faulty, faithful, request)
        }
    }
}
