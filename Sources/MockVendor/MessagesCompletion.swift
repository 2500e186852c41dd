import VerifierCore

/// One mock answer in the Anthropic Messages shape: a `message` body, or the `message_start` …
/// `message_stop` event stream. It renders the decision a ``Completion`` holds (text, calls, finish,
/// prompt tokens, seed-based ids), so both surfaces answer a request alike.
struct MessagesCompletion {
    /// The answer as decided for Chat Completions.
    var completion: Completion
    /// The profile's fault when it applies to this answer; each rendering shows only its own faults.
    var fault: MockProfile.Fault?

    private var id: String { "msg_" + Completion.token(completion.seed, length: 24) }

    private func callID(_ index: Int) -> String {
        "toolu_" + Completion.token(completion.seed &+ UInt64(index + 1), length: 24)
    }

    /// The calls with Messages ids and their input objects.
    var calls: [(id: String, name: String, input: JSONObject)] {
        completion.decision.calls.enumerated().map { index, call in (callID(index), call.name, call.arguments) }
    }

    /// `stop_reason` for the Chat finish reason.
    private var stopReason: String {
        switch completion.finishReason {
        case "tool_calls": "tool_use"
        case "length": "max_tokens"
        default: "end_turn"
        }
    }

    private var inputTokens: Int { completion.promptTokens }

    private func usage(input: Int, output: Int) -> JSONValue {
        ["input_tokens": .number(JSONNumber(input)), "output_tokens": .number(JSONNumber(output))]
    }

    private func message(content: [JSONValue], stopReason: String?, usage: JSONValue?) -> JSONObject {
        var message = JSONObject()
        message["id"] = .string(id)
        message["type"] = "message"
        message["role"] = "assistant"
        message["model"] = .string(completion.model)
        message["content"] = .array(content)
        message["stop_reason"] = stopReason.map(JSONValue.string) ?? .null
        message["stop_sequence"] = .null
        if let usage { message["usage"] = usage }
        return message
    }

    /// The non-streamed answer.
    func body() -> JSONValue {
        if fault == .messagesChatBody { return completion.body() }
        var content: [JSONValue] = []
        let calls = self.calls
        if let text = completion.text, !(text.isEmpty && !calls.isEmpty) {
            content.append(["type": "text", "text": .string(text)])
        }
        if completion.text == nil, calls.isEmpty { content.append(["type": "text", "text": ""]) }
        for call in calls {
            let input: JSONValue =
                fault == .messagesInputAsString
                ? .string(JSONValue.object(call.input).serialized()) : .object(call.input)
            content.append(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input])
        }
        var message = message(
            content: content,
            stopReason: stopReason,
            usage: usage(input: inputTokens, output: completion.completionTokens)
        )
        if fault == .messagesUsage { message["usage"] = nil }
        if fault == .messagesShape {
            message["type"] = nil
            message["role"] = nil
        }
        return .object(message)
    }

    /// The streamed answer, one element per event.
    func events() -> [[UInt8]] {
        if fault == .messagesChatBody { return completion.chunks(includeUsage: true) }
        var events: [[UInt8]] = []
        // Where each content delta ends, for the faults that cut the stream mid-content.
        var deltaEnds: [Int] = []
        func emit(_ name: String, _ data: JSONValue) { events.append(Self.event(name, data)) }
        var start = message(content: [], stopReason: nil, usage: usage(input: inputTokens, output: 1))
        if fault == .messagesShape { start["role"] = nil }
        emit("message_start", ["type": "message_start", "message": .object(start)])
        if fault == .streamBadEvent {
            // A proxy that splices a truncated event into the stream.
            events.append(
                Array(
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"ty\n\n"
                        .utf8
                )
            )
        }
        var text = completion.text
        var streamed = calls.map { call in
            (id: call.id, name: call.name, arguments: JSONValue.string(JSONValue.object(call.input).serialized()))
        }
        if fault == .streamParity { Completion.divergeForStream(text: &text, calls: &streamed) }
        var index = fault == .streamIndexGap ? 1 : 0
        var pinged = false
        func open(_ block: JSONValue) {
            emit(
                "content_block_start",
                ["type": "content_block_start", "index": .number(JSONNumber(index)), "content_block": block]
            )
            if fault == .messagesUnknownEvent {
                emit("content_block_heartbeat", ["type": "content_block_heartbeat"])
            }
            if !pinged {
                emit("ping", ["type": "ping"])
                pinged = true
            }
        }
        func delta(_ delta: JSONValue) {
            let name = fault == .messagesEventName ? "content_block_start" : "content_block_delta"
            emit(name, ["type": "content_block_delta", "index": .number(JSONNumber(index)), "delta": delta])
            deltaEnds.append(events.count)
        }
        func close() {
            emit("content_block_stop", ["type": "content_block_stop", "index": .number(JSONNumber(index))])
            index += 1
        }
        func toolUse(id: String, name: String) -> JSONValue {
            // llama-server opens a streamed tool_use block without `input` (docs/real-engines.md).
            if completion.dialect == .llamaServer { return ["type": "tool_use", "id": .string(id), "name": .string(name)] }
            return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": .object(JSONObject())]
        }
        if let text, !text.isEmpty || streamed.isEmpty {
            open(["type": "text", "text": ""])
            for piece in Completion.pieces(text, size: 12) { delta(["type": "text_delta", "text": .string(piece)]) }
            close()
        } else if text == nil, streamed.isEmpty {
            open(["type": "text", "text": ""])
            close()
        }
        let arguments = streamed.map { $0.arguments.stringValue ?? $0.arguments.serialized() }
        if fault == .messagesMergedToolUse, let first = streamed.first, streamed.count >= 2 {
            // SGLang: every call's input in the first call's block, the JSON texts back to back.
            open(toolUse(id: first.id, name: first.name))
            for text in arguments {
                for piece in Completion.pieces(text, size: 6) {
                    delta(["type": "input_json_delta", "partial_json": .string(piece)])
                }
            }
            close()
        } else {
            for (call, text) in zip(streamed, arguments) {
                let pieces = Completion.pieces(
                    fault == .invalidJSONArguments ? String(text.prefix(max(text.count / 2, 1))) : text,
                    size: 6
                )
                if fault == .messagesSplitToolUse {
                    // vLLM: each fragment in a new block of its own, with the same id and name.
                    for piece in pieces {
                        open(toolUse(id: call.id, name: call.name))
                        delta(["type": "input_json_delta", "partial_json": .string(piece)])
                        close()
                    }
                    continue
                }
                open(toolUse(id: fault == .streamIDMissing ? "" : call.id, name: call.name))
                for piece in pieces { delta(["type": "input_json_delta", "partial_json": .string(piece)]) }
                close()
            }
        }
        if fault == .messagesErrorEvent {
            let cut = deltaEnds.isEmpty ? 1 : deltaEnds[max(deltaEnds.count / 2, 1) - 1]
            let error: JSONValue = ["type": "error", "error": ["type": "overloaded_error", "message": "Overloaded"]]
            return Array(events.prefix(cut)) + [Self.event("error", error)]
        }
        let truncateAt = events.count
        let reportedInput = inputTokens + (fault == .messagesUsage ? 7 : 0)
        emit(
            "message_delta",
            [
                "type": "message_delta",
                "delta": ["stop_reason": .string(stopReason), "stop_sequence": .null],
                "usage": usage(input: reportedInput, output: completion.completionTokens),
            ]
        )
        if fault == .streamTruncated {
            // The connection closes mid-answer: half the events, no message_delta, no message_stop.
            return Array(events.prefix(max(truncateAt / 2, 1)))
        }
        if fault != .streamNoDone { emit("message_stop", ["type": "message_stop"]) }
        return events
    }

    /// One Server-Sent Event: `event: <name>`, then the data line.
    static func event(_ name: String, _ data: JSONValue) -> [UInt8] {
        Array("event: \(name)\ndata: ".utf8) + data.serializedBytes() + Array("\n\n".utf8)
    }
}
