import VerifierCore

/// An OpenAI Responses request read back into the Chat Completions form the scripted model answers.
///
/// It inverts the verifier's Chat → Responses translation, so that a request gets the same decision, the same
/// faults and the same prompt-token count on either surface: `instructions` becomes the first (system) message;
/// `message` items become messages of their role, with `input_text` and `input_image` parts as Chat content
/// parts; a run of `reasoning`, assistant `message` and `function_call` items becomes one assistant message
/// (`reasoning_content`, `content`, `tool_calls` with `call_id` as the id and `arguments` as sent);
/// `function_call_output` items become `tool` messages; tools, `tool_choice`, `text.format`, `reasoning.effort`,
/// `max_output_tokens`, the logprobs `include`, sampling members, `model` and `stream` map to their Chat
/// counterparts. Invalid values pass through unchanged, so that what ``RequestLint`` finds on the Chat form is
/// rejected as on Chat.
///
/// ```swift
/// let request = ResponsesRequest(body: try JSONValue.parse(bytes: bytes))
/// if request.problems.isEmpty { ScriptedModel().decide(request.chatBody) }
/// ```
public struct ResponsesRequest: Sendable, Hashable {
    /// One reason the Responses API rejects a request.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The parameter at fault, as OpenAI names it in an error's `param` (`input[2].call_id`).
        public var param: String?
        /// A sentence in OpenAI's style.
        public var message: String

        /// The message.
        public var description: String { message }
    }

    /// The request in Chat Completions form.
    public var chatBody: JSONValue
    /// Why the Responses API rejects the request, in body order (empty when it accepts it). What
    /// ``RequestLint`` finds on ``chatBody`` comes on top.
    public var problems: [Problem]

    /// Chat members copied under the same name.
    static let copied = ["temperature", "top_p", "metadata", "parallel_tool_calls", "user", "top_logprobs"]

    /// The item types the mock host reads.
    static let itemTypes = ["message", "reasoning", "function_call", "function_call_output"]

    /// Reads a Responses request body.
    /// - Parameter body: The request body as sent to `POST /v1/responses`.
    public init(body: JSONValue) {
        guard let object = body.objectValue else {
            chatBody = body
            problems = [Problem(param: nil, message: "The request body is not a JSON object.")]
            return
        }
        var reader = Reader()
        if let instructions = object["instructions"], !instructions.isNull {
            if let text = instructions.stringValue {
                reader.messages.append(["role": "system", "content": .string(text)])
            } else {
                reader.problem(
                    "instructions",
                    "Invalid type for 'instructions': expected a string, but got \(instructions.typeName) instead."
                )
            }
        }
        switch object["input"] {
        case .string(let text)?:
            reader.messages.append(["role": "user", "content": .string(text)])
        case .array(let items)?:
            for (index, item) in items.enumerated() { reader.read(item, at: "input[\(index)]") }
            reader.flush()
        case nil:
            reader.problem("input", "Missing required parameter: 'input'.")
        case let other?:
            reader.problem(
                "input",
                "Invalid type for 'input': expected a string or an array of input items, but got \(other.typeName) "
                    + "instead."
            )
        }
        if reader.messages.isEmpty, reader.problems.isEmpty {
            reader.problem("input", "Invalid 'input': the request has no input items and no instructions.")
        }
        if let previous = object["previous_response_id"], !previous.isNull {
            reader.problem(
                "previous_response_id",
                "Previous response with id '\(previous.stringValue ?? previous.serialized())' not found: this host "
                    + "stores no responses."
            )
        }
        var chat = JSONObject()
        if let model = object["model"] { chat["model"] = model }
        chat["messages"] = .array(reader.messages)
        if let tools = object["tools"], !tools.isNull {
            if let list = tools.arrayValue {
                chat["tools"] = .array(list.map(Self.tool))
            } else {
                reader.problem(
                    "tools",
                    "Invalid type for 'tools': expected an array of tools, but got \(tools.typeName) instead."
                )
            }
        }
        if let choice = object["tool_choice"], !choice.isNull {
            if choice["type"]?.stringValue == "function", choice["name"]?.stringValue == nil {
                reader.problem("tool_choice.name", "Missing required parameter: 'tool_choice.name'.")
            }
            chat["tool_choice"] = Self.toolChoice(choice)
        }
        for member in Self.copied {
            if let value = object[member] { chat[member] = value }
        }
        if let maximum = object["max_output_tokens"], !maximum.isNull { chat["max_tokens"] = maximum }
        if let effort = object["reasoning"]?["effort"], !effort.isNull { chat["reasoning_effort"] = effort }
        if let format = object["text"]?["format"], !format.isNull { chat["response_format"] = Self.format(format) }
        if object["include"]?.arrayValue?.contains("message.output_text.logprobs") == true {
            chat["logprobs"] = true
        }
        if let stream = object["stream"] { chat["stream"] = stream }
        chatBody = .object(chat)
        problems = reader.problems
    }

    /// Reads input items into Chat messages, gathering an assistant turn's items into one message.
    private struct Reader {
        var messages: [JSONValue] = []
        var problems: [Problem] = []
        private var turn: AssistantTurn?

        /// An assistant turn being gathered: reasoning, then text, then calls.
        struct AssistantTurn {
            var reasoning: String?
            var encrypted: JSONValue?
            var text: String?
            var refusal: String?
            var calls: [JSONValue] = []
        }

        mutating func problem(_ param: String, _ message: String) {
            problems.append(Problem(param: param, message: message))
        }

        /// Ends the assistant turn being gathered, if any.
        mutating func flush() {
            guard let turn else { return }
            self.turn = nil
            var message = JSONObject()
            message["role"] = "assistant"
            if let text = turn.text, !(text.isEmpty && !turn.calls.isEmpty) {
                message["content"] = .string(text)
            } else {
                message["content"] = .null
            }
            if let reasoning = turn.reasoning { message["reasoning_content"] = .string(reasoning) }
            if let encrypted = turn.encrypted { message["reasoning_encrypted_content"] = encrypted }
            if let refusal = turn.refusal { message["refusal"] = .string(refusal) }
            if !turn.calls.isEmpty { message["tool_calls"] = .array(turn.calls) }
            messages.append(.object(message))
        }

        mutating func read(_ item: JSONValue, at path: String) {
            guard item.objectValue != nil else {
                flush()
                problem(path, "Invalid type for '\(path)': expected an input item object, but got \(item.typeName).")
                return
            }
            // An item without `type` but with a `role` is a message (the SDKs' "easy input message").
            let type = item["type"]?.stringValue ?? (item["role"] != nil && item["type"] == nil ? "message" : nil)
            switch type {
            case "message"?:
                message(item, at: path)
            case "reasoning"?:
                if let open = turn, open.reasoning != nil || open.text != nil || !open.calls.isEmpty { flush() }
                var gathered = turn ?? AssistantTurn()
                gathered.reasoning = Self.reasoningText(item)
                if let encrypted = item["encrypted_content"], !encrypted.isNull { gathered.encrypted = encrypted }
                turn = gathered
            case "function_call"?:
                functionCall(item, at: path)
            case "function_call_output"?:
                flush()
                functionCallOutput(item, at: path)
            case nil:
                flush()
                problem(path + ".type", "Missing required parameter: '\(path).type'.")
            case let other?:
                flush()
                let supported = ResponsesRequest.itemTypes.map { "'\($0)'" }.joined(separator: ", ")
                problem(
                    path + ".type",
                    "Invalid value: '\(other)'. Supported values are: \(supported) (this host reads no other item)."
                )
            }
        }

        private mutating func message(_ item: JSONValue, at path: String) {
            let role = item["role"]?.stringValue
            guard let content = item["content"], !content.isNull else {
                flush()
                problem(path + ".content", "Missing required parameter: '\(path).content'.")
                return
            }
            switch role {
            case "assistant"?:
                if let open = turn, open.text != nil || !open.calls.isEmpty { flush() }
                var gathered = turn ?? AssistantTurn()
                if let text = content.stringValue {
                    gathered.text = text
                } else if let parts = content.arrayValue {
                    var texts: [String] = []
                    for (index, part) in parts.enumerated() {
                        switch part["type"]?.stringValue {
                        case "output_text"?:
                            texts.append(part["text"]?.stringValue ?? "")
                        case "refusal"?:
                            gathered.refusal = part["refusal"]?.stringValue ?? ""
                        default:
                            problem(
                                "\(path).content[\(index)].type",
                                "Invalid value: '\(part["type"]?.serialized() ?? "")'. An assistant message's content "
                                    + "holds 'output_text' and 'refusal' parts."
                            )
                        }
                    }
                    gathered.text = texts.joined()
                } else {
                    problem(path + ".content", "Invalid type for '\(path).content': expected a string or an array.")
                }
                turn = gathered
            case "user"?, "system"?, "developer"?:
                flush()
                var message = JSONObject()
                message["role"] = .string(role ?? "user")
                message["content"] = inputContent(content, at: path + ".content")
                messages.append(.object(message))
            default:
                flush()
                problem(
                    path + ".role",
                    "Invalid value: '\(item["role"]?.stringValue ?? item["role"]?.serialized() ?? "")'. Supported "
                        + "values are: 'assistant', 'system', 'developer', and 'user'."
                )
                // Kept in Chat form too, so that the lint's view of the history stays whole.
                messages.append(["role": item["role"] ?? .null, "content": content])
            }
        }

        /// User, system or developer content: a string, or `input_text` / `input_image` / `input_file` parts as
        /// Chat content parts.
        private mutating func inputContent(_ content: JSONValue, at path: String) -> JSONValue {
            if content.stringValue != nil { return content }
            guard let parts = content.arrayValue else {
                problem(path, "Invalid type for '\(path)': expected a string or an array of content parts.")
                return content
            }
            var converted: [JSONValue] = []
            for (index, part) in parts.enumerated() {
                switch part["type"]?.stringValue {
                case "input_text"?:
                    converted.append(["type": "text", "text": part["text"] ?? ""])
                case "input_image"?:
                    guard let url = part["image_url"]?.stringValue else {
                        problem(
                            "\(path)[\(index)].image_url",
                            "Missing required parameter: '\(path)[\(index)].image_url' (this host reads no file_id)."
                        )
                        continue
                    }
                    var image = JSONObject()
                    image["url"] = .string(url)
                    if let detail = part["detail"], !detail.isNull { image["detail"] = detail }
                    converted.append(["type": "image_url", "image_url": .object(image)])
                case "input_file"?:
                    var file = part.objectValue ?? JSONObject()
                    file["type"] = nil
                    converted.append(["type": "file", "file": .object(file)])
                default:
                    problem(
                        "\(path)[\(index)].type",
                        "Invalid value: '\(part["type"]?.serialized() ?? "")'. Supported values are: 'input_text', "
                            + "'input_image', and 'input_file'."
                    )
                }
            }
            return .array(converted)
        }

        /// A reasoning item's text: its `reasoning_text` content, else its summary.
        private static func reasoningText(_ item: JSONValue) -> String {
            let content = (item["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            if !content.isEmpty { return content.joined(separator: "\n\n") }
            return (item["summary"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n\n")
        }

        private mutating func functionCall(_ item: JSONValue, at path: String) {
            var gathered = turn ?? AssistantTurn()
            var call = JSONObject()
            if let id = item["call_id"], !id.isNull {
                call["id"] = id
                if id.stringValue == nil {
                    problem(path + ".call_id", "Invalid type for '\(path).call_id': expected a string.")
                }
            } else {
                problem(path + ".call_id", "Missing required parameter: '\(path).call_id'.")
            }
            call["type"] = "function"
            var function = JSONObject()
            if let name = item["name"], !name.isNull {
                function["name"] = name
            } else {
                problem(path + ".name", "Missing required parameter: '\(path).name'.")
            }
            if let arguments = item["arguments"], !arguments.isNull {
                // As sent: arguments that are not a string reach the lint, which rejects them as on Chat.
                function["arguments"] = arguments
            } else {
                problem(path + ".arguments", "Missing required parameter: '\(path).arguments'.")
            }
            call["function"] = .object(function)
            gathered.calls.append(.object(call))
            turn = gathered
        }

        private mutating func functionCallOutput(_ item: JSONValue, at path: String) {
            var message = JSONObject()
            message["role"] = "tool"
            if let id = item["call_id"], !id.isNull {
                message["tool_call_id"] = id
            } else {
                problem(path + ".call_id", "Missing required parameter: '\(path).call_id'.")
            }
            switch item["output"] {
            case .string(let text)?:
                message["content"] = .string(text)
            case .array?:
                message["content"] = inputContent(item["output"] ?? .null, at: path + ".output")
            default:
                problem(path + ".output", "Missing required parameter: '\(path).output' (a string or content parts).")
                message["content"] = ""
            }
            messages.append(.object(message))
        }
    }

    /// A Responses tool as a Chat tool: a `function` tool `{name, description, parameters, strict}` under
    /// `function`; any other tool as sent (the lint rejects it as on Chat).
    static func tool(_ tool: JSONValue) -> JSONValue {
        guard var object = tool.objectValue, object["type"]?.stringValue == "function" else { return tool }
        var function = JSONObject()
        for member in ["name", "description", "parameters", "strict"] {
            // `null` parameters or description mean none: the Chat tool leaves them out.
            if let value = object[member], !(value.isNull && member != "strict") { function[member] = value }
            object[member] = nil
        }
        object["type"] = nil
        for member in object { function[member.key] = member.value }
        return ["type": "function", "function": .object(function)]
    }

    /// `tool_choice` as Chat's: modes as they are, `{type: function, name}` as `{type: function, function: {name}}`,
    /// anything else as sent.
    static func toolChoice(_ choice: JSONValue) -> JSONValue {
        guard choice["type"]?.stringValue == "function", let name = choice["name"], choice["function"] == nil else {
            return choice
        }
        return ["type": "function", "function": ["name": name]]
    }

    /// `text.format` as Chat's `response_format`.
    static func format(_ format: JSONValue) -> JSONValue {
        guard format["type"]?.stringValue == "json_schema", var object = format.objectValue else { return format }
        object["type"] = nil
        return ["type": "json_schema", "json_schema": .object(object)]
    }
}
