import JSONSchema

/// Reads a non-streaming chat completion body into an ``ObservedMessage``, labelling shape defects.
///
/// Decoding is lenient on purpose: whatever can be read is read, and what is wrong becomes a finding.
public enum CompletionDecoder {
    /// Decodes the first choice of a `chat.completion` body.
    /// - Parameter body: The parsed body.
    /// - Returns: The message when one could be read, and the shape findings.
    public static func decode(_ body: JSONValue) -> (message: ObservedMessage?, problems: [ShapeProblem]) {
        var findings: [ShapeProblem] = []
        guard let object = body.objectValue else {
            return (nil, [ShapeProblem("The body is a JSON \(body.typeName), not an object.", at: "")])
        }
        if let error = object["error"], !error.isNull {
            let text = error["message"]?.stringValue ?? error.serialized()
            return (
                nil,
                [ShapeProblem("A 2xx body carries an error object: \(text.clipped(200))", at: "/error")]
            )
        }
        guard let choices = object["choices"]?.arrayValue else {
            return (nil, [ShapeProblem("The body has no `choices` array.", at: "/choices")])
        }
        guard let choice = choices.first?.objectValue else {
            return (
                nil,
                [
                    ShapeProblem(
                        "`choices` is empty or its first entry is not an object.",
                        at: "/choices/0"
                    )
                ]
            )
        }
        guard let message = choice["message"]?.objectValue else {
            return (
                nil,
                [
                    ShapeProblem(
                        "`choices[0].message` is missing or not an object.",
                        at: "/choices/0/message"
                    )
                ]
            )
        }
        var observed = ObservedMessage()
        observed.content = message["content"]
        observed.reasoning = (message["reasoning_content"] ?? message["reasoning"])?.stringValue
        observed.finishReason = choice["finish_reason"]?.stringValue
        if let finish = choice["finish_reason"], !finish.isNull, finish.stringValue == nil {
            findings.append(
                ShapeProblem(
                    "`finish_reason` is a \(finish.typeName), not a string.",
                    at: "/choices/0/finish_reason"
                )
            )
        }
        observed.usage = object["usage"].flatMap { $0.isNull ? nil : $0 }
        observed.model = object["model"]?.stringValue
        observed.upstreamProvider = object["provider"]?.stringValue
        let (calls, callProblems) = toolCalls(message["tool_calls"])
        observed.toolCalls = calls
        findings += callProblems
        return (observed, findings)
    }

    /// The message's `tool_calls`, each as observed, and what departs from the shape.
    private static func toolCalls(_ value: JSONValue?) -> (calls: [ObservedToolCall], problems: [ShapeProblem]) {
        var calls: [ObservedToolCall] = []
        var findings: [ShapeProblem] = []
        switch value {
        case nil, .null?:
            break
        case .array(let entries)?:
            for (position, call) in entries.enumerated() {
                let location = "/choices/0/message/tool_calls/\(position)"
                guard let fields = call.objectValue else {
                    findings.append(
                        ShapeProblem(
                            "A tool call is a JSON \(call.typeName), not an object.",
                            at: location
                        )
                    )
                    continue
                }
                let function = fields["function"]
                if function?.objectValue == nil {
                    findings.append(
                        ShapeProblem("A tool call has no `function` object.", at: location + "/function")
                    )
                }
                calls.append(
                    ObservedToolCall(
                        index: position,
                        id: fields["id"],
                        type: fields["type"],
                        name: function?["name"],
                        arguments: function?["arguments"],
                        location: location
                    )
                )
            }
        case let other?:
            findings.append(
                ShapeProblem(
                    "`tool_calls` is a JSON \(other.typeName), not an array.",
                    at: "/choices/0/message/tool_calls"
                )
            )
        }
        return (calls, findings)
    }
}

extension String {
    /// The string cut to at most `limit` characters, with an ellipsis when cut.
    package func clipped(_ limit: Int) -> String {
        count <= limit ? self : String(prefix(limit)) + "…"
    }
}
