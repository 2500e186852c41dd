import JSONSchema

/// Translates a Chat Completions request into an Anthropic Messages request: a pure function, one rule per
/// construct (docs/surfaces.md has the table).
///
/// ```swift
/// let chat: JSONValue = ["model": "m", "stream": false, "messages": [["role": "user", "content": "hi"]]]
/// MessagesTranslation.translate(chat).body?["max_tokens"]   // 4096
/// ```
///
/// - `system` and `developer` messages go to the top-level `system`;
/// - tools become `{name, description, input_schema}`;
/// - `tool_choice` auto / required / none / named becomes `{type: auto | any | none | tool + name}`, and
///   `parallel_tool_calls: false` becomes `disable_parallel_tool_use: true`;
/// - assistant calls become `tool_use` blocks with `input` as an object, and reasoning a `thinking` block with
///   its signature;
/// - consecutive tool results become `tool_result` blocks in one user turn;
/// - `max_tokens` is always set.
///
/// What has no place on the surface is either left out and listed (`seed`, penalties, `user`) or, where it
/// changes what is asked (`n` > 1, `response_format`, `logprobs`, a system message mid-conversation, call
/// arguments that are not an object), makes the case inexpressible.
public enum MessagesTranslation {
    /// `max_tokens` when the Chat request sets none (Messages requires it).
    public static let defaultMaxTokens = 4096

    /// Chat members copied under the same name.
    static let copied: Set<String> = ["model", "stream", "temperature", "top_p", "top_k", "metadata"]
    /// Chat members handled by a rule of their own.
    static let translated: Set<String> = [
        "messages", "tools", "tool_choice", "parallel_tool_calls", "max_tokens", "max_completion_tokens", "stop",
        "stream_options",
    ]

    /// Translates a prepared Chat-form body.
    /// - Parameter chat: The Chat Completions body (model and stream set).
    /// - Returns: The Messages body with the members left out, or why the case cannot be expressed.
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
        body["max_tokens"] = object["max_tokens"] ?? object["max_completion_tokens"] ?? .number(
            JSONNumber(defaultMaxTokens)
        )
        if let stop = object["stop"], !stop.isNull {
            body["stop_sequences"] = stop.stringValue.map { .array([.string($0)]) } ?? stop
        }
        switch conversation(object["messages"]) {
        case .failure(let reason): return .inexpressible(reason.text)
        case .success(let (system, messages)):
            if let system { body["system"] = .string(system) }
            body["messages"] = .array(messages)
        }
        if let tools = object["tools"], !tools.isNull {
            switch self.tools(tools) {
            case .failure(let reason): return .inexpressible(reason.text)
            case .success(let (translated, strictDropped)):
                body["tools"] = translated
                if strictDropped { dropped.append("tools[].function.strict") }
            }
        }
        if let choice = toolChoice(object["tool_choice"], parallel: object["parallel_tool_calls"]) {
            body["tool_choice"] = choice
        }
        // Member order as Anthropic's documentation writes it, for readable evidence.
        var ordered = JSONObject()
        for key in ["model", "max_tokens", "system", "messages", "tools", "tool_choice", "stream"] {
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

    /// Options that change what is asked and that Messages cannot carry.
    static func inexpressibleOption(_ object: JSONObject) -> String? {
        if let count = object["n"]?.intValue, count > 1 {
            return "`n: \(count)` asks for several answers; the Messages API returns one."
        }
        if let format = object["response_format"], !format.isNull,
            format["type"]?.stringValue != "text"
        {
            return "`response_format` (\(format["type"]?.stringValue ?? "set")) has no Messages equivalent."
        }
        if object["logprobs"]?.boolValue == true {
            return "`logprobs` has no Messages equivalent."
        }
        return nil
    }

    /// The top-level system text and the Messages turns.
    static func conversation(_ value: JSONValue?) -> Result<(String?, [JSONValue]), Reason> {
        guard let messages = value?.arrayValue else {
            return .failure(Reason("`messages` is not an array."))
        }
        var system: [String] = []
        var turns: [JSONValue] = []
        var results: [JSONValue] = []
        var begun = false
        func flushResults() {
            guard !results.isEmpty else { return }
            turns.append(["role": "user", "content": .array(results)])
            results = []
        }
        for (position, message) in messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            switch role {
            case "system", "developer":
                guard !begun else {
                    return .failure(
                        Reason(
                            "Message \(position) is a \(role) message after the conversation began; Messages has one "
                                + "top-level system prompt."
                        )
                    )
                }
                system.append(text(of: message["content"]))
            case "tool":
                begun = true
                guard let id = message["tool_call_id"]?.stringValue else {
                    return .failure(Reason("Tool message \(position) has no `tool_call_id` to name its `tool_use`."))
                }
                var result = JSONObject()
                result["type"] = "tool_result"
                result["tool_use_id"] = .string(id)
                switch blocks(message["content"], position: position) {
                case .failure(let reason): return .failure(reason)
                case .success(let content):
                    if let string = message["content"]?.stringValue {
                        result["content"] = .string(string)
                    } else if !content.isEmpty {
                        result["content"] = .array(content)
                    }
                }
                results.append(.object(result))
            case "user":
                begun = true
                flushResults()
                if let string = message["content"]?.stringValue {
                    turns.append(["role": "user", "content": .string(string)])
                } else {
                    switch blocks(message["content"], position: position) {
                    case .failure(let reason): return .failure(reason)
                    case .success(let content): turns.append(["role": "user", "content": .array(content)])
                    }
                }
            case "assistant":
                begun = true
                flushResults()
                switch assistant(message, position: position) {
                case .failure(let reason): return .failure(reason)
                case .success(let turn): turns.append(turn)
                }
            default:
                return .failure(Reason("Message \(position) has the role `\(role)`, which Messages cannot carry."))
            }
        }
        flushResults()
        return .success((system.isEmpty ? nil : system.joined(separator: "\n\n"), turns))
    }

    /// An assistant turn: thinking first, then text, then one `tool_use` block per call.
    static func assistant(_ message: JSONValue, position: Int) -> Result<JSONValue, Reason> {
        var content: [JSONValue] = []
        let reasoning = message["reasoning_content"]?.stringValue ?? message["reasoning"]?.stringValue
        if let reasoning, !reasoning.isEmpty {
            content.append([
                "type": "thinking", "thinking": .string(reasoning),
                "signature": .string(message["reasoning_signature"]?.stringValue ?? ""),
            ])
        }
        if let text = message["content"]?.stringValue {
            if !text.isEmpty { content.append(["type": "text", "text": .string(text)]) }
        } else if let parts = message["content"], !parts.isNull {
            switch blocks(parts, position: position) {
            case .failure(let reason): return .failure(reason)
            case .success(let blocks): content += blocks
            }
        }
        for (index, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            let function = call["function"] ?? .null
            guard let name = function["name"]?.stringValue else {
                return .failure(Reason("Call \(index) of message \(position) has no name."))
            }
            let input: JSONValue
            if let text = function["arguments"]?.stringValue {
                let trimmed = text.drop { $0.isWhitespace }
                if trimmed.isEmpty {
                    input = .object(JSONObject())
                } else if let parsed = try? JSONValue.parse(text), parsed.objectValue != nil {
                    input = parsed
                } else {
                    return .failure(
                        Reason(
                            "The arguments of call \(index) in message \(position) are not a JSON object; a `tool_use` "
                                + "input must be one."
                        )
                    )
                }
            } else if function["arguments"] == nil {
                input = .object(JSONObject())
            } else {
                // Chat wants a string; an object (or anything else) there is the case's own defect, and Messages has
                // no invalid form of it: `input` is an object by definition.
                return .failure(
                    Reason(
                        "The arguments of call \(index) in message \(position) are not a string, a Chat defect with no "
                            + "Messages form (a `tool_use` input is an object)."
                    )
                )
            }
            var block = JSONObject()
            block["type"] = "tool_use"
            block["id"] = call["id"] ?? .string("")
            block["name"] = .string(name)
            block["input"] = input
            content.append(.object(block))
        }
        if content.isEmpty {
            // An assistant turn with nothing in it stays what it was: an empty text, for the host to judge.
            return .success(["role": "assistant", "content": ""])
        }
        return .success(["role": "assistant", "content": .array(content)])
    }

    /// Content parts as Messages blocks: text, and images by URL or as base64 data.
    static func blocks(_ content: JSONValue?, position: Int) -> Result<[JSONValue], Reason> {
        guard let content, !content.isNull else { return .success([]) }
        if let string = content.stringValue {
            return .success(string.isEmpty ? [] : [["type": "text", "text": .string(string)]])
        }
        guard let parts = content.arrayValue else {
            return .failure(Reason("The content of message \(position) is neither text nor a list of parts."))
        }
        var blocks: [JSONValue] = []
        for part in parts {
            switch part["type"]?.stringValue {
            case "text":
                blocks.append(["type": "text", "text": part["text"] ?? ""])
            case "image_url":
                let url = part["image_url"]?["url"]?.stringValue ?? part["image_url"]?.stringValue ?? ""
                blocks.append(["type": "image", "source": imageSource(url)])
            case let other:
                return .failure(
                    Reason("Message \(position) has a content part of type `\(other ?? "none")`, which Messages cannot carry.")
                )
            }
        }
        return .success(blocks)
    }

    /// An image source: base64 data for a `data:` URL, else the URL.
    static func imageSource(_ url: String) -> JSONValue {
        if url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") {
            let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
            let mediaType = header.split(separator: ";").first.map(String.init) ?? "image/png"
            return ["type": "base64", "media_type": .string(mediaType), "data": .string(String(url[url.index(after: comma)...]))]
        }
        return ["type": "url", "url": .string(url)]
    }

    /// The tools as `{name, description, input_schema}`; whether a `strict` flag had to be left out.
    static func tools(_ value: JSONValue) -> Result<(JSONValue, Bool), Reason> {
        guard let array = value.arrayValue else {
            // Not a list: sent as it is, for the host to reject.
            return .success((value, false))
        }
        var strictDropped = false
        var tools: [JSONValue] = []
        for (index, tool) in array.enumerated() {
            if let type = tool["type"]?.stringValue, type != "function" {
                return .failure(Reason("Tool \(index) is of type `\(type)`, which has no Messages equivalent."))
            }
            let function = tool["function"] ?? tool
            var translated = JSONObject()
            if let name = function["name"] { translated["name"] = name }
            if let description = function["description"] { translated["description"] = description }
            translated["input_schema"] = function["parameters"] ?? ["type": "object", "properties": [:]]
            if function["strict"]?.boolValue == true { strictDropped = true }
            tools.append(.object(translated))
        }
        return .success((.array(tools), strictDropped))
    }

    /// `tool_choice` with `parallel_tool_calls: false` folded in; `nil` when neither is set. An invalid value stays
    /// invalid (a named choice without `function.name`, a `parallel_tool_calls` that is not a boolean), so that the
    /// host has something to reject.
    static func toolChoice(_ choice: JSONValue?, parallel: JSONValue?) -> JSONValue? {
        let disable: JSONValue? =
            switch parallel {
            case nil, .null?: nil
            case .bool(let allowed)?: allowed ? nil : .bool(true)
            case let other?: other
            }
        var result = JSONObject()
        switch choice {
        case nil, .null?:
            guard disable != nil else { return nil }
            result["type"] = "auto"
        case .string(let mode)?:
            switch mode {
            case "auto": result["type"] = "auto"
            case "required": result["type"] = "any"
            case "none": return ["type": "none"]
            // An unknown mode is sent as one, for the host to reject as the Chat API must.
            default: result["type"] = .string(mode)
            }
        case .object(let object)?:
            result["type"] = "tool"
            if let name = object["function"]?["name"] { result["name"] = name }
        case let other?:
            return other
        }
        if let disable { result["disable_parallel_tool_use"] = disable }
        return .object(result)
    }

    /// The text of a system message's content (a string, or text parts joined).
    static func text(of content: JSONValue?) -> String {
        if let string = content?.stringValue { return string }
        return (content?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
    }
}
