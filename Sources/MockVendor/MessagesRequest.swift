import VerifierCore

/// An Anthropic Messages request read back into the Chat Completions form the scripted model answers.
///
/// It inverts the verifier's Chat → Messages translation, so that a request gets the same decision, the
/// same faults and the same prompt-token count on either surface: the top-level `system` becomes the first
/// message; user text and image blocks become content parts; `tool_result` blocks become `tool` messages;
/// an assistant turn's `thinking` becomes `reasoning_content`, its text `content` and its `tool_use` blocks
/// `tool_calls` with the input serialized as `arguments`; tools, `tool_choice` (with
/// `disable_parallel_tool_use`), `max_tokens`, `stop_sequences`, sampling members, `model` and `stream` map
/// to their Chat counterparts.
///
/// ```swift
/// let request = MessagesRequest(body: try JSONValue.parse(bytes: bytes))
/// if request.problems.isEmpty { ScriptedModel().decide(request.chatBody) }
/// ```
public struct MessagesRequest: Sendable, Hashable {
    /// The request in Chat Completions form.
    public var chatBody: JSONValue
    /// Why the Messages API rejects the request, in body order (empty when it accepts it), as
    /// `<path>: <message>` sentences in Anthropic's style. What ``RequestLint`` finds on ``chatBody`` comes
    /// on top.
    public var problems: [String]

    /// Reads a Messages request body.
    /// - Parameter body: The request body as sent to `POST /v1/messages`.
    public init(body: JSONValue) {
        guard let object = body.objectValue else {
            chatBody = body
            problems = ["The request body is not a JSON object."]
            return
        }
        var problems: [String] = []
        var messages: [JSONValue] = []
        if let system = object["system"], !system.isNull {
            if let text = Self.text(of: system, separator: "\n\n") {
                messages.append(["role": "system", "content": .string(text)])
            } else {
                problems.append("system: Input should be a valid string or a list of text blocks")
            }
        }
        if let turns = object["messages"]?.arrayValue, !turns.isEmpty {
            for (index, turn) in turns.enumerated() {
                let path = "messages.\(index)"
                switch turn["role"]?.stringValue {
                case "user"?:
                    messages += Self.user(turn["content"], path: path, problems: &problems)
                case "assistant"?:
                    messages.append(Self.assistant(turn["content"], path: path, problems: &problems))
                default:
                    problems.append("\(path).role: Input should be 'user' or 'assistant'")
                }
            }
        } else {
            problems.append("messages: Field required (a non-empty list)")
        }
        var chat = JSONObject()
        if let model = object["model"] { chat["model"] = model }
        chat["messages"] = .array(messages)
        if let tools = object["tools"], !tools.isNull {
            chat["tools"] = Self.tools(tools, problems: &problems)
        }
        if let choice = object["tool_choice"], !choice.isNull {
            Self.toolChoice(choice, into: &chat, problems: &problems)
        }
        if let maximum = object["max_tokens"] {
            if let value = maximum.intValue, value > 0 {
                chat["max_tokens"] = maximum
            } else {
                problems.append("max_tokens: Input should be a positive integer")
            }
        } else {
            problems.append("max_tokens: Field required")
        }
        for member in ["temperature", "top_p"] {
            if let value = object[member] { chat[member] = value }
        }
        if let stop = object["stop_sequences"], !stop.isNull { chat["stop"] = stop }
        if let stream = object["stream"] { chat["stream"] = stream }
        chatBody = .object(chat)
        self.problems = problems
    }

    /// Text of a string, or of a list of text blocks joined with `separator` (`nil` for anything else).
    static func text(of content: JSONValue, separator: String) -> String? {
        if let string = content.stringValue { return string }
        guard let blocks = content.arrayValue else { return nil }
        var texts: [String] = []
        for block in blocks {
            guard block["type"]?.stringValue == "text", let text = block["text"]?.stringValue else { return nil }
            texts.append(text)
        }
        return texts.joined(separator: separator)
    }

    /// A user turn: its `tool_result` blocks as `tool` messages, then the rest as one user message.
    private static func user(_ content: JSONValue?, path: String, problems: inout [String]) -> [JSONValue] {
        guard let content else {
            problems.append("\(path).content: Field required")
            return []
        }
        if let text = content.stringValue { return [["role": "user", "content": .string(text)]] }
        guard let blocks = content.arrayValue else {
            problems.append("\(path).content: Input should be a valid string or a list of content blocks")
            return []
        }
        var results: [JSONValue] = []
        var parts: [JSONValue] = []
        for (index, block) in blocks.enumerated() {
            let blockPath = "\(path).content.\(index)"
            switch block["type"]?.stringValue {
            case "tool_result"?:
                guard let id = block["tool_use_id"]?.stringValue else {
                    problems.append("\(blockPath).tool_use_id: Field required")
                    continue
                }
                var text = ""
                if let inner = block["content"], !inner.isNull {
                    if let joined = Self.text(of: inner, separator: "") {
                        text = joined
                    } else {
                        problems.append("\(blockPath).content: Input should be a valid string or a list of text blocks")
                    }
                }
                results.append(["role": "tool", "tool_call_id": .string(id), "content": .string(text)])
            case "text"?:
                guard let text = block["text"]?.stringValue else {
                    problems.append("\(blockPath).text: Field required")
                    continue
                }
                parts.append(["type": "text", "text": .string(text)])
            case "image"?:
                guard let url = imageURL(block["source"]) else {
                    problems.append("\(blockPath).source: Input should be a base64 or url image source")
                    continue
                }
                parts.append(["type": "image_url", "image_url": ["url": .string(url)]])
            case nil:
                problems.append("\(blockPath).type: Field required")
            default:
                // A block the scripted model does not read (a document, …): kept as a part.
                parts.append(block)
            }
        }
        if !parts.isEmpty { results.append(["role": "user", "content": .array(parts)]) }
        return results
    }

    /// An image source as a Chat `image_url`: the URL, or a `data:` URL of base64 data.
    private static func imageURL(_ source: JSONValue?) -> String? {
        switch source?["type"]?.stringValue {
        case "url"?:
            return source?["url"]?.stringValue
        case "base64"?:
            guard let media = source?["media_type"]?.stringValue, let data = source?["data"]?.stringValue else {
                return nil
            }
            return "data:\(media);base64,\(data)"
        default:
            return nil
        }
    }

    /// An assistant turn: `thinking` as `reasoning_content`, text as `content`, `tool_use` as `tool_calls`.
    private static func assistant(_ content: JSONValue?, path: String, problems: inout [String]) -> JSONValue {
        var message = JSONObject()
        message["role"] = "assistant"
        guard let content else {
            problems.append("\(path).content: Field required")
            message["content"] = ""
            return .object(message)
        }
        if let text = content.stringValue {
            message["content"] = .string(text)
            return .object(message)
        }
        guard let blocks = content.arrayValue else {
            problems.append("\(path).content: Input should be a valid string or a list of content blocks")
            message["content"] = ""
            return .object(message)
        }
        var texts: [String] = []
        var reasoning: [String] = []
        var calls: [JSONValue] = []
        for (index, block) in blocks.enumerated() {
            let blockPath = "\(path).content.\(index)"
            switch block["type"]?.stringValue {
            case "thinking"?:
                reasoning.append(block["thinking"]?.stringValue ?? "")
            case "redacted_thinking"?:
                break
            case "text"?:
                texts.append(block["text"]?.stringValue ?? "")
            case "tool_use"?:
                let id = block["id"]?.stringValue
                let name = block["name"]?.stringValue
                if id == nil { problems.append("\(blockPath).id: Field required") }
                if name == nil { problems.append("\(blockPath).name: Field required") }
                let input = block["input"] ?? .null
                if input.objectValue == nil {
                    problems.append("\(blockPath).input: Input should be a valid dictionary")
                }
                calls.append([
                    "id": id.map(JSONValue.string) ?? .null, "type": "function",
                    "function": [
                        "name": name.map(JSONValue.string) ?? .null, "arguments": .string(input.serialized()),
                    ],
                ])
            case nil:
                problems.append("\(blockPath).type: Field required")
            default:
                problems.append(
                    "\(blockPath).type: an assistant turn cannot hold a `\(block["type"]?.serialized() ?? "")` block"
                )
            }
        }
        let text = texts.joined()
        message["content"] = text.isEmpty && !calls.isEmpty ? .null : .string(text)
        if !reasoning.isEmpty { message["reasoning_content"] = .string(reasoning.joined(separator: "\n\n")) }
        if !calls.isEmpty { message["tool_calls"] = .array(calls) }
        return .object(message)
    }

    /// Tools `{name, description, input_schema}` as Chat function tools.
    private static func tools(_ tools: JSONValue, problems: inout [String]) -> JSONValue {
        guard let list = tools.arrayValue else {
            problems.append("tools: Input should be a valid list")
            return tools
        }
        return .array(
            list.enumerated().map { index, tool in
                var function = JSONObject()
                if let name = tool["name"] {
                    function["name"] = name
                } else {
                    problems.append("tools.\(index).name: Field required")
                }
                if let description = tool["description"] { function["description"] = description }
                if let schema = tool["input_schema"] {
                    function["parameters"] = schema
                } else {
                    problems.append("tools.\(index).input_schema: Field required")
                }
                return ["type": "function", "function": .object(function)]
            }
        )
    }

    /// `tool_choice` as Chat's, and `disable_parallel_tool_use: true` as `parallel_tool_calls: false`.
    private static func toolChoice(_ choice: JSONValue, into chat: inout JSONObject, problems: inout [String]) {
        switch choice["type"]?.stringValue {
        case "auto"?: chat["tool_choice"] = "auto"
        case "any"?: chat["tool_choice"] = "required"
        case "none"?: chat["tool_choice"] = "none"
        case "tool"?:
            guard let name = choice["name"]?.stringValue else {
                problems.append("tool_choice.name: Field required")
                return
            }
            chat["tool_choice"] = ["type": "function", "function": ["name": .string(name)]]
        default:
            problems.append("tool_choice: Input tag should be 'auto', 'any', 'tool' or 'none'")
            return
        }
        if let disable = choice["disable_parallel_tool_use"], !disable.isNull {
            guard let flag = disable.boolValue else {
                problems.append("tool_choice.disable_parallel_tool_use: Input should be a valid boolean")
                return
            }
            if flag { chat["parallel_tool_calls"] = false }
        }
    }
}
