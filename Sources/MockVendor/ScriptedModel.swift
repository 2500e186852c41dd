import Foundation
import VerifierCore

/// A deterministic stand-in for a language model: it calls a tool when the last user message
/// mentions it, with arguments drawn from the tool's schema and the message, and otherwise answers
/// in text.
///
/// Determinism is the point: the faithful mock host is its own perfect reference, so every
/// difference a faulty profile shows is the fault's doing.
public struct ScriptedModel: Sendable {
    /// What the model decided to say.
    public enum Decision: Sendable, Hashable {
        /// A text answer.
        case text(String)
        /// One or more tool calls.
        case calls([Call])
        /// Some text, then one or more tool calls.
        case textAndCalls(String, [Call])

        /// The calls, if any.
        public var calls: [Call] {
            switch self {
            case .text: []
            case .calls(let calls), .textAndCalls(_, let calls): calls
            }
        }
    }

    /// A tool call the model makes.
    public struct Call: Sendable, Hashable {
        /// The tool's name.
        public var name: String
        /// The argument object.
        public var arguments: JSONObject
    }

    /// Creates the model.
    public init() {}

    private static let genericWords: Set<String> = [
        "get", "set", "find", "calculate", "compute", "create", "update", "delete", "list", "search", "fetch",
        "retrieve", "check", "make", "the", "and", "for", "with", "info", "information", "data", "details", "api",
        "tool", "function", "value", "new", "add", "remove", "show", "view", "run", "send", "use", "from", "into",
        "all", "by", "of", "to", "in", "on", "a", "an", "is", "do", "get_", "query", "request", "service", "manager",
    ]

    /// Decides the answer to a request body.
    /// - Parameter body: The request body.
    /// - Returns: The decision.
    public func decide(_ body: JSONValue) -> Decision {
        let request = ChatRequest(body: body)
        let tools = request.tools
        let messages = body["messages"]?.arrayValue ?? []
        let lastRole = messages.last?["role"]?.stringValue
        let userText = messages.last(where: { $0["role"]?.stringValue == "user" })?["content"].map(Self.text) ?? ""
        let choice = request.toolChoice
        if tools.isEmpty || choice?.stringValue == "none" {
            return .text(Self.reply(to: userText))
        }
        if lastRole == "tool" {
            let result = messages.last?["content"].map(Self.text) ?? ""
            return .text("Here is the result: \(result.prefix(200))")
        }
        if let forced = choice?["function"]?["name"]?.stringValue, let tool = tools.first(where: { $0.name == forced })
        {
            return .calls([Call(name: tool.name, arguments: arguments(for: tool, message: userText))])
        }
        let words = Self.words(userText)
        let scored = tools.map { ($0, Self.relevance(of: $0, to: words)) }
        let best = scored.max { $0.1 < $1.1 }
        if let best, best.1 > 0 {
            var calls =
                parallelCalls(for: best.0, message: userText)
                ?? [Call(name: best.0.name, arguments: arguments(for: best.0, message: userText))]
            if body["parallel_tool_calls"]?.boolValue == false { calls = Array(calls.prefix(1)) }
            if userText.lowercased().contains("explain") {
                return .textAndCalls("Let me look that up for you first.", calls)
            }
            return .calls(calls)
        }
        if choice?.stringValue == "required", let first = tools.first {
            return .calls([Call(name: first.name, arguments: arguments(for: first, message: userText))])
        }
        return .text(Self.reply(to: userText))
    }

    /// The prompt's length in tokens as this model's chat template would render it: every message's
    /// role, content, reasoning (unless dropped), tool calls and ids, plus the tool definitions — about
    /// four bytes a token, three tokens of framing per message. Independent of `model`, `stream` and
    /// sampling parameters, as a real count is.
    /// - Parameters:
    ///   - body: The request body.
    ///   - includeReasoning: Whether reasoning sent back in the history is rendered.
    /// - Returns: The token count.
    public static func promptTokens(_ body: JSONValue, includeReasoning: Bool = true) -> Int {
        var bytes = 0
        let messages = body["messages"]?.arrayValue ?? []
        for message in messages {
            bytes += (message["role"]?.stringValue ?? "").utf8.count
            if let content = message["content"] { bytes += text(content).utf8.count }
            if includeReasoning {
                bytes +=
                    (message["reasoning_content"]?.stringValue ?? message["reasoning"]?.stringValue ?? "").utf8.count
            }
            if let id = message["tool_call_id"]?.stringValue { bytes += id.utf8.count }
            for call in message["tool_calls"]?.arrayValue ?? [] {
                bytes += (call["function"]?["name"]?.stringValue ?? "").utf8.count
                // A template renders the arguments it parsed, not the spacing they were sent with.
                let arguments = call["function"]?["arguments"]?.stringValue ?? ""
                bytes += ((try? JSONValue.parse(arguments))?.serialized() ?? arguments).utf8.count
            }
        }
        if let tools = body["tools"], !tools.isNull { bytes += renderedTools(tools).serializedBytes().count }
        return max(bytes / 4 + 3 * messages.count, 1)
    }

    /// The tools as this model's template renders them: `strict` is an API flag, not part of the prompt, and a
    /// tool with an empty object schema reads as one without parameters — so a request counts the same on every
    /// API surface (Messages needs a schema where Chat may have none, and has no `strict`).
    static func renderedTools(_ tools: JSONValue) -> JSONValue {
        guard let list = tools.arrayValue else { return tools }
        return .array(
            list.map { tool in
                guard var object = tool.objectValue, var function = object["function"]?.objectValue else { return tool }
                function["strict"] = nil
                if function["parameters"] == ["type": "object", "properties": [:]] { function["parameters"] = nil }
                object["function"] = .object(function)
                return .object(object)
            }
        )
    }

    /// Arguments for `tool` drawn from its schema and the message.
    /// - Parameters:
    ///   - tool: The tool.
    ///   - message: The user's message.
    /// - Returns: A schema-valid argument object.
    public func arguments(for tool: ToolDefinition, message: String) -> JSONObject {
        var source = ValueSource(message: message)
        source.root = tool.parameters ?? .null
        guard let parameters = tool.parameters,
            case .object(let object) = source.value(for: parameters, name: "", depth: 0)
        else { return JSONObject() }
        return object
    }

    /// One call per quoted string when the message asks for calls "in parallel" (or "for each").
    func parallelCalls(for tool: ToolDefinition, message: String) -> [Call]? {
        let lowered = message.lowercased()
        guard lowered.contains("in parallel") || lowered.contains("for each") else { return nil }
        let parts = message.components(separatedBy: "'")
        let quoted = stride(from: 1, to: parts.count - 1, by: 2).map { parts[$0] }.filter { !$0.isEmpty }
        guard quoted.count >= 2 else { return nil }
        return quoted.map { Call(name: tool.name, arguments: arguments(for: tool, message: "'\($0)'")) }
    }

    static func text(_ content: JSONValue) -> String {
        if let string = content.stringValue { return string }
        // Content parts: concatenate the text parts.
        return (content.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: " ")
    }

    static func reply(to message: String) -> String {
        let topic = message.split(separator: " ").prefix(6).joined(separator: " ")
        return "I can answer that directly without a tool. You asked: \(topic)."
    }

    static func words(_ text: String) -> Set<String> {
        var words = Set<String>()
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.insert(current)
                current = ""
            }
        }
        if !current.isEmpty { words.insert(current) }
        return words
    }

    /// Splits a tool name into lower-case words (`get_weather`, `getWeather`, `math.factorial`).
    static func nameWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in name {
            if character == "_" || character == "-" || character == "." || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, !current.isEmpty, !(current.last?.isUppercase ?? false) {
                words.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    static func relevance(of tool: ToolDefinition, to words: Set<String>) -> Int {
        let significant = nameWords(tool.name).filter { $0.count >= 4 && !genericWords.contains($0) }
        return significant.filter { token in
            words.contains { word in
                word.count >= 4 && (word.hasPrefix(token.prefix(5)) || token.hasPrefix(word.prefix(5)))
            }
        }.count
    }
}
