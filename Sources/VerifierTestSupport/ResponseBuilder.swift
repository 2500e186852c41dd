import VerifierCore

/// Builds chat-completion bodies and raw responses for check tests.
public enum ResponseBuilder {
    /// A request offering one `get_weather(city: string, days?: integer)` tool.
    public static let weatherRequest = ChatRequest(body: [
        "model": "m",
        "messages": [["role": "user", "content": "Weather in Paris?"]],
        "tools": [
            [
                "type": "function",
                "function": [
                    "name": "get_weather",
                    "parameters": [
                        "type": "object",
                        "properties": ["city": ["type": "string"], "days": ["type": "integer", "minimum": 1]],
                        "required": ["city"],
                        "additionalProperties": false,
                    ],
                ],
            ]
        ],
    ])

    /// A tool call object.
    /// - Parameters:
    ///   - name: The function name.
    ///   - arguments: The raw `arguments` value.
    ///   - id: The id (`nil` leaves it out).
    ///   - type: The type (`nil` leaves it out).
    /// - Returns: The call.
    public static func call(
        _ name: JSONValue = "get_weather",
        arguments: JSONValue = #"{"city":"Paris"}"#,
        id: JSONValue? = "call_1",
        type: JSONValue? = "function"
    ) -> JSONValue {
        var object = JSONObject()
        if let id { object["id"] = id }
        if let type { object["type"] = type }
        object["function"] = ["name": name, "arguments": arguments]
        return .object(object)
    }

    /// A `chat.completion` body.
    /// - Parameters:
    ///   - content: `message.content`.
    ///   - calls: `message.tool_calls` (`nil` leaves it out).
    ///   - finish: `finish_reason`.
    ///   - usage: `usage` (`nil` leaves it out).
    /// - Returns: The body.
    public static func completion(
        content: JSONValue = .null,
        calls: [JSONValue]? = nil,
        finish: String = "stop",
        usage: JSONValue? = ["prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15]
    ) -> JSONValue {
        var message = JSONObject()
        message["role"] = "assistant"
        message["content"] = content
        if let calls { message["tool_calls"] = .array(calls) }
        var root = JSONObject()
        root["id"] = "chatcmpl-1"
        root["object"] = "chat.completion"
        root["choices"] = [["index": 0, "message": .object(message), "finish_reason": .string(finish)]]
        if let usage { root["usage"] = usage }
        return .object(root)
    }

    /// A 200 response carrying `body`.
    /// - Parameter body: The body bytes.
    /// - Returns: The raw response.
    public static func ok(_ body: [UInt8]) -> RawResponse {
        RawResponse(status: 200, headers: [("content-type", "application/json")], body: body, totalMilliseconds: 1)
    }

    /// A 200 response carrying `body` serialised.
    /// - Parameter body: The body.
    /// - Returns: The raw response.
    public static func ok(_ body: JSONValue) -> RawResponse {
        ok(body.serializedBytes())
    }

    /// An SSE body from chunk objects, each as one `data:` event, optionally ending with `[DONE]`.
    /// - Parameters:
    ///   - chunks: The chunk objects.
    ///   - done: Whether to end with `data: [DONE]`.
    /// - Returns: The bytes.
    public static func stream(_ chunks: [JSONValue], done: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = []
        for chunk in chunks { bytes += Array("data: ".utf8) + chunk.serializedBytes() + Array("\n\n".utf8) }
        if done { bytes += Array("data: [DONE]\n\n".utf8) }
        return bytes
    }

    /// A `chat.completion.chunk` with one choice.
    /// - Parameters:
    ///   - delta: The delta.
    ///   - finish: The finish reason.
    /// - Returns: The chunk.
    public static func chunk(_ delta: JSONValue, finish: String? = nil) -> JSONValue {
        [
            "id": "c", "object": "chat.completion.chunk",
            "choices": [["index": 0, "delta": delta, "finish_reason": finish.map(JSONValue.string) ?? .null]],
        ]
    }
}
