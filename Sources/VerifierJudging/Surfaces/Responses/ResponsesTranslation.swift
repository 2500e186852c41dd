import JSONSchema

/// Translates a Chat Completions request into an OpenAI Responses request: a pure function, one rule per
/// construct (docs/surfaces.md has the table).
///
/// ```swift
/// let chat: JSONValue = ["model": "m", "stream": false, "messages": [["role": "user", "content": "hi"]]]
/// ResponsesTranslation.translate(chat).body?["input"]   // [{"type": "message", "role": "user", "content": "hi"}]
/// ```
///
/// - leading `system` and `developer` messages go to `instructions`; later ones stay input items of their role;
/// - user and assistant messages become `message` items (`input_text`/`input_image`, `output_text` parts);
/// - assistant calls become `function_call` items (`call_id`, `name`, the arguments text byte for byte), and
///   tool results `function_call_output` items;
/// - reasoning is passed back as a `reasoning` item (with `encrypted_content` where the history holds it);
/// - tools become `{type: "function", name, description, parameters, strict}`;
/// - `tool_choice` auto / required / none passes through, a named choice becomes `{type: "function", name}`;
/// - the request is stateless (`store: false`, the whole history every time) and asks for encrypted reasoning
///   back (`include: ["reasoning.encrypted_content"]`), as Codex does;
/// - `max_output_tokens` is always set.
///
/// What has no place on the surface is either left out and listed (`seed`, penalties) or, where it changes what
/// is asked (`n` > 1, `stop`), makes the case inexpressible. An invalid request stays invalid on the way over (an
/// unknown role, a tool of an unknown type, a tool result without an id), so that the host has something to
/// reject.
public enum ResponsesTranslation {
    /// `max_output_tokens` when the Chat request sets no limit.
    public static let defaultMaxOutputTokens = 4096

    /// Chat members copied under the same name.
    static let copied: Set<String> = [
        "model", "stream", "temperature", "top_p", "metadata", "parallel_tool_calls", "user", "top_logprobs",
    ]
    /// Chat members handled by a rule of their own.
    static let translated: Set<String> = [
        "messages", "tools", "tool_choice", "max_tokens", "max_completion_tokens", "stream_options",
        "reasoning_effort", "response_format", "logprobs", "stop", "n",
    ]

    /// Translates a prepared Chat-form body.
    /// - Parameter chat: The Chat Completions body (model and stream set).
    /// - Returns: The Responses body with the members left out, or why the case cannot be expressed.
    public static func translate(_ chat: JSONValue) -> SurfaceTranslation {
        guard let object = chat.objectValue else {
            return .inexpressible("The request body is not a JSON object.")
        }
        if let reason = inexpressibleOption(object) { return .inexpressible(reason) }
        var body = JSONObject()
        var dropped: [String] = []
        for member in object {
            if copied.contains(member.key) {
                body[member.key] = member.value
            } else if !translated.contains(member.key) {
                dropped.append(member.key)
            }
        }
        switch input(object["messages"]) {
        case .failure(let reason): return .inexpressible(reason.text)
        case .success(let (instructions, items)):
            if let instructions { body["instructions"] = .string(instructions) }
            body["input"] = .array(items)
        }
        if let tools = object["tools"], !tools.isNull {
            switch self.tools(tools) {
            case .failure(let reason): return .inexpressible(reason.text)
            case .success(let translated): body["tools"] = translated
            }
        }
        if let choice = object["tool_choice"], !choice.isNull { body["tool_choice"] = toolChoice(choice) }
        body["max_output_tokens"] = object["max_completion_tokens"] ?? object["max_tokens"] ?? .number(
            JSONNumber(defaultMaxOutputTokens)
        )
        if let effort = object["reasoning_effort"], !effort.isNull { body["reasoning"] = ["effort": effort] }
        if let format = object["response_format"], !format.isNull, let text = textFormat(format) {
            body["text"] = ["format": text]
        }
        var include: [JSONValue] = ["reasoning.encrypted_content"]
        if object["logprobs"]?.boolValue == true { include.append("message.output_text.logprobs") }
        body["store"] = false
        body["include"] = .array(include)
        // Member order as OpenAI's documentation writes it, for readable evidence.
        var ordered = JSONObject()
        for key in ["model", "instructions", "input", "tools", "tool_choice", "parallel_tool_calls", "stream"] {
            if let value = body[key] { ordered[key] = value }
        }
        for member in body where ordered[member.key] == nil { ordered[member.key] = member.value }
        return .request(.object(ordered), dropped: dropped)
    }

    /// A sentence naming why a case cannot be expressed.
    struct Reason: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    /// Options that change what is asked and that Responses cannot carry.
    static func inexpressibleOption(_ object: JSONObject) -> String? {
        if let count = object["n"]?.intValue, count > 1 {
            return "`n: \(count)` asks for several answers; the Responses API returns one."
        }
        if let stop = object["stop"], !stop.isNull, stop.arrayValue?.isEmpty != true {
            return "`stop` sequences have no Responses equivalent."
        }
        return nil
    }

    /// The top-level instructions and the input items.
    static func input(_ value: JSONValue?) -> Result<(String?, [JSONValue]), Reason> {
        guard let messages = value?.arrayValue else {
            return .failure(Reason("`messages` is not an array."))
        }
        var instructions: [String] = []
        var items: [JSONValue] = []
        var begun = false
        for (position, message) in messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            switch role {
            case "system", "developer":
                let text = MessagesTranslation.text(of: message["content"])
                if begun {
                    items.append(["type": "message", "role": .string(role), "content": .string(text)])
                } else {
                    instructions.append(text)
                }
            case "user":
                begun = true
                switch content(message["content"], position: position) {
                case .failure(let reason): return .failure(reason)
                case .success(let content): items.append(["type": "message", "role": "user", "content": content])
                }
            case "assistant":
                begun = true
                switch assistant(message, position: position) {
                case .failure(let reason): return .failure(reason)
                case .success(let turn): items += turn
                }
            case "tool":
                begun = true
                let output = message["content"]?.stringValue ?? MessagesTranslation.text(of: message["content"])
                var item = JSONObject()
                item["type"] = "function_call_output"
                // Without a `tool_call_id` the item goes without its `call_id`: invalid there too, for the host to
                // reject.
                if let id = message["tool_call_id"] { item["call_id"] = id }
                item["output"] = .string(output)
                items.append(.object(item))
            default:
                // An unknown role is sent as a message of that role: invalid on both surfaces, for the host to reject.
                switch content(message["content"], position: position) {
                case .failure(let reason): return .failure(reason)
                case .success(let content):
                    items.append(["type": "message", "role": .string(role), "content": content])
                }
            }
        }
        return .success((instructions.isEmpty ? nil : instructions.joined(separator: "\n\n"), items))
    }

    /// A user message's content: the text as it is, or `input_text` and `input_image` parts.
    static func content(_ value: JSONValue?, position: Int) -> Result<JSONValue, Reason> {
        guard let value, !value.isNull else { return .success("") }
        if let string = value.stringValue { return .success(.string(string)) }
        guard let parts = value.arrayValue else {
            return .failure(Reason("The content of message \(position) is neither text nor a list of parts."))
        }
        var translated: [JSONValue] = []
        for part in parts {
            switch part["type"]?.stringValue {
            case "text":
                translated.append(["type": "input_text", "text": part["text"] ?? ""])
            case "image_url":
                let url = part["image_url"]?["url"]?.stringValue ?? part["image_url"]?.stringValue ?? ""
                translated.append(["type": "input_image", "image_url": .string(url)])
            case let other:
                return .failure(
                    Reason(
                        "Message \(position) has a content part of type `\(other ?? "none")`, which Responses cannot carry."
                    )
                )
            }
        }
        return .success(.array(translated))
    }

    /// An assistant message as items: its reasoning, its text, then one `function_call` per call.
    static func assistant(_ message: JSONValue, position: Int) -> Result<[JSONValue], Reason> {
        var items: [JSONValue] = []
        let reasoning = message["reasoning_content"]?.stringValue ?? message["reasoning"]?.stringValue
        let encrypted = message["reasoning_encrypted_content"]?.stringValue
        if (reasoning.map { !$0.isEmpty } ?? false) || encrypted != nil {
            var item = JSONObject()
            item["type"] = "reasoning"
            item["summary"] = []
            if let reasoning, !reasoning.isEmpty {
                item["content"] = [["type": "reasoning_text", "text": .string(reasoning)]]
            }
            if let encrypted { item["encrypted_content"] = .string(encrypted) }
            items.append(.object(item))
        }
        let text: String?
        if let string = message["content"]?.stringValue {
            text = string
        } else if let parts = message["content"]?.arrayValue {
            var joined: [String] = []
            for part in parts {
                guard part["type"]?.stringValue == "text", let string = part["text"]?.stringValue else {
                    return .failure(
                        Reason(
                            "Assistant message \(position) has a content part of type "
                                + "`\(part["type"]?.stringValue ?? "none")`, which Responses cannot carry."
                        )
                    )
                }
                joined.append(string)
            }
            text = joined.joined()
        } else {
            text = nil
        }
        if let text, !text.isEmpty {
            items.append(assistantMessage(text))
        }
        for (index, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            let function = call["function"] ?? .null
            guard let name = function["name"]?.stringValue else {
                return .failure(Reason("Call \(index) of message \(position) has no name."))
            }
            var item = JSONObject()
            item["type"] = "function_call"
            item["call_id"] = call["id"] ?? .string("")
            item["name"] = .string(name)
            // The arguments text byte for byte; a value that is not a string (the case's own defect) is sent as
            // it is, for the host to reject as the Chat API must.
            item["arguments"] = function["arguments"] ?? .string("")
            items.append(.object(item))
        }
        // An assistant turn with nothing in it stays what it was: an empty text, for the host to judge.
        if !items.contains(where: { $0["type"]?.stringValue != "reasoning" }) {
            items.append(assistantMessage(""))
        }
        return .success(items)
    }

    /// An assistant `message` item holding one `output_text` part.
    static func assistantMessage(_ text: String) -> JSONValue {
        ["type": "message", "role": "assistant", "content": [["type": "output_text", "text": .string(text)]]]
    }

    /// The tools as `{type: "function", name, description, parameters, strict}`.
    static func tools(_ value: JSONValue) -> Result<JSONValue, Reason> {
        guard let array = value.arrayValue else {
            // Not a list: sent as it is, for the host to reject.
            return .success(value)
        }
        var tools: [JSONValue] = []
        for tool in array {
            if let type = tool["type"]?.stringValue, type != "function" {
                // Responses has typed tools of its own; a type that is not one of them is invalid there as on Chat,
                // and is sent as it is, for the host to reject.
                tools.append(tool)
                continue
            }
            let function = tool["function"] ?? tool
            var translated = JSONObject()
            translated["type"] = "function"
            if let name = function["name"] { translated["name"] = name }
            if let description = function["description"] { translated["description"] = description }
            translated["parameters"] = function["parameters"] ?? ["type": "object", "properties": [:]]
            if let strict = function["strict"] { translated["strict"] = strict }
            tools.append(.object(translated))
        }
        return .success(.array(tools))
    }

    /// `tool_choice`: modes pass through (an unknown one too, for the host to reject); a named choice becomes
    /// `{type: "function", name}` (without a name when Chat's had none, so the host has something to reject).
    static func toolChoice(_ choice: JSONValue) -> JSONValue {
        guard let object = choice.objectValue else { return choice }
        var result = JSONObject()
        result["type"] = object["type"] ?? "function"
        // Chat names the tool under `function`; a choice that names it elsewhere is malformed there and stays so.
        if let name = object["function"]?["name"] { result["name"] = name }
        return .object(result)
    }

    /// `response_format` as `text.format` (`nil` for plain text).
    static func textFormat(_ format: JSONValue) -> JSONValue? {
        switch format["type"]?.stringValue {
        case "json_schema":
            let schema = format["json_schema"] ?? .null
            var result = JSONObject()
            result["type"] = "json_schema"
            if let name = schema["name"] { result["name"] = name }
            if let body = schema["schema"] { result["schema"] = body }
            if let strict = schema["strict"] { result["strict"] = strict }
            return .object(result)
        case "text", nil:
            return nil
        default:
            return format
        }
    }
}
