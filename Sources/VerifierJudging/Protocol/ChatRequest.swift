import JSONSchema

/// A Chat Completions request body from a fixture, kept as the lossless JSON it was written as.
public struct ChatRequest: Sendable, Hashable {
    /// The body as read from the fixture.
    public var body: JSONValue

    /// Creates a request from a body.
    /// - Parameter body: A JSON object with at least `messages`.
    public init(body: JSONValue) {
        self.body = body
    }

    /// The function tools the request offers.
    public var tools: [ToolDefinition] { ToolDefinition.tools(in: body["tools"]) }

    /// `tool_choice` as written (absent means the API default).
    public var toolChoice: JSONValue? { body["tool_choice"] }

    /// Whether the body asks for a streamed answer.
    public var isStream: Bool { body["stream"]?.boolValue ?? false }

    /// The body to send to one provider in one mode.
    ///
    /// Sets `model`, sets `stream` and, when streaming, `stream_options.include_usage` (as K2VV does),
    /// rewrites K2VV's non-standard `_input` role to `system` (as K2VV's own runner does), and merges the
    /// provider's `extra_body` members over the top level.
    /// - Parameters:
    ///   - model: The provider's model name.
    ///   - stream: Whether to stream.
    ///   - extraBody: Members merged into the top level, last.
    /// - Returns: The body to send.
    public func prepared(model: String, stream: Bool, extraBody: JSONObject?) -> JSONValue {
        guard var object = body.objectValue else { return body }
        object["model"] = .string(model)
        object["stream"] = .bool(stream)
        if stream {
            var options = object["stream_options"]?.objectValue ?? JSONObject()
            options["include_usage"] = .bool(true)
            object["stream_options"] = .object(options)
        } else {
            object["stream_options"] = nil
        }
        if let messages = object["messages"]?.arrayValue,
            messages.contains(where: { $0["role"]?.stringValue == "_input" })
        {
            object["messages"] = .array(
                messages.map { message in
                    guard message["role"]?.stringValue == "_input", var fields = message.objectValue else {
                        return message
                    }
                    fields["role"] = .string("system")
                    return .object(fields)
                }
            )
        }
        for member in extraBody ?? JSONObject() {
            object[member.key] = member.value
        }
        return .object(object)
    }
}
