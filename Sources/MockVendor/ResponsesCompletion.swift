import VerifierCore

/// One mock answer in the OpenAI Responses shape: a `response` body, or the typed event stream from
/// `response.created` to `response.completed`. It renders the decision a ``Completion`` holds (text, calls,
/// finish, prompt tokens, seed-based ids), so every surface answers a request alike.
struct ResponsesCompletion {
    /// The answer as decided for Chat Completions.
    var completion: Completion
    /// The profile's fault when it applies to this answer; each rendering shows only its own faults.
    var fault: MockProfile.Fault?
    /// The request body as sent (Responses form), whose `tools`, `tool_choice`, `parallel_tool_calls` and
    /// `store` the response echoes.
    var request: JSONValue

    /// The reasoning a harmony-style leak shows twice (``MockProfile/Fault/responsesReasoningInText``).
    static let leakedReasoning = "The user asked a question. No tool is needed; answer directly."

    private let created = 1_764_000_000

    /// An id drawn from the answer's seed and a salt, so each kind of id differs.
    private func token(_ salt: UInt64, length: Int = 40) -> String {
        Completion.token(completion.seed ^ (salt &* 0x9E37_79B9_7F4A_7C15), length: length)
    }

    private var responseID: String { "resp_" + token(1) }

    // MARK: - Output items

    /// One output item of the answer.
    struct Item {
        enum Kind { case reasoning, message, call }
        var kind: Kind
        var id: String
        /// The reasoning or message text.
        var text = ""
        var callID: String?
        var name: String?
        /// Streamed and final arguments (a string, or what the fault makes of it).
        var arguments: JSONValue = ""

        /// The item as a finished answer holds it (`status` given for messages and calls).
        func json(status: String) -> JSONValue {
            var item = JSONObject()
            item["type"] = .string(kindName)
            item["id"] = .string(id)
            switch kind {
            case .reasoning:
                item["summary"] = []
                item["content"] = [["type": "reasoning_text", "text": .string(text)]]
                item["status"] = .string(status)
            case .message:
                item["status"] = .string(status)
                item["role"] = "assistant"
                item["content"] = [.object(Self.part(text))]
            case .call:
                if let callID { item["call_id"] = .string(callID) }
                if let name { item["name"] = .string(name) }
                item["arguments"] = arguments
                item["status"] = .string(status)
            }
            return .object(item)
        }

        /// The item as `response.output_item.added` announces it: in progress, without text or arguments.
        var started: JSONValue {
            var item = JSONObject()
            item["type"] = .string(kindName)
            item["id"] = .string(id)
            switch kind {
            case .reasoning:
                item["summary"] = []
                item["content"] = []
                item["status"] = "in_progress"
            case .message:
                item["status"] = "in_progress"
                item["role"] = "assistant"
                item["content"] = []
            case .call:
                if let callID { item["call_id"] = .string(callID) }
                if let name { item["name"] = .string(name) }
                item["arguments"] = ""
                item["status"] = "in_progress"
            }
            return .object(item)
        }

        var kindName: String {
            switch kind {
            case .reasoning: "reasoning"
            case .message: "message"
            case .call: "function_call"
            }
        }

        static func part(_ text: String) -> JSONObject {
            JSONObject([("type", "output_text"), ("text", .string(text)), ("annotations", [])])
        }
    }

    /// The output items: reasoning (only where a fault leaks it), the message when there is text (or nothing
    /// else), then one `function_call` per call.
    private func items(text: String?, calls: [(id: String, name: String, arguments: JSONValue)], streamed: Bool)
        -> [Item]
    {
        var items: [Item] = []
        var text = text
        if fault == .responsesReasoningInText, let shown = text, !shown.isEmpty {
            items.append(Item(kind: .reasoning, id: "rs_" + token(2), text: Self.leakedReasoning))
            text = "analysis" + Self.leakedReasoning + "assistantfinal" + shown
        }
        if let text, !text.isEmpty || calls.isEmpty {
            items.append(Item(kind: .message, id: "msg_" + token(3), text: text))
        } else if text == nil, calls.isEmpty {
            items.append(Item(kind: .message, id: "msg_" + token(3), text: ""))
        }
        for (index, call) in calls.enumerated() {
            var item = Item(kind: .call, id: "fc_" + token(100 &+ UInt64(index)))
            // The call ids are Chat's own (`call_…`), so a history sent back on either surface reads the same.
            item.callID = "call_" + Completion.token(completion.seed &+ UInt64(index + 1), length: 24)
            item.name = fault == .responsesHarmonyName ? call.name + "<|channel|>commentary" : call.name
            item.arguments = call.arguments
            if streamed, fault == .streamIDMissing { item.callID = nil }
            items.append(item)
        }
        return items
    }

    // MARK: - The response object

    private var isLengthLimited: Bool { completion.finishReason == "length" }

    private var reasoningTokens: Int {
        fault == .responsesReasoningInText ? max(Self.leakedReasoning.utf8.count / 4, 1) : 0
    }

    private var usage: JSONValue {
        let input = completion.promptTokens
        let output = completion.completionTokens + reasoningTokens
        var usage = JSONObject()
        usage["input_tokens"] = .number(JSONNumber(input))
        usage["input_tokens_details"] = ["cached_tokens": 0]
        usage["output_tokens"] = .number(JSONNumber(output))
        usage["output_tokens_details"] = ["reasoning_tokens": .number(JSONNumber(reasoningTokens))]
        usage["total_tokens"] = .number(JSONNumber(input + output + (fault == .responsesUsage ? 7 : 0)))
        return .object(usage)
    }

    /// The response object: `in_progress` (no output, no usage), or finished with its items.
    private func response(status: String, output: [JSONValue]?, finished: Bool) -> JSONObject {
        var response = JSONObject()
        response["id"] = .string(responseID)
        response["object"] = "response"
        response["created_at"] = .number(JSONNumber(created))
        response["status"] = .string(status)
        response["model"] = .string(completion.model)
        if let output { response["output"] = .array(output) }
        if status == "incomplete" {
            response["incomplete_details"] =
                fault == .responsesIncompleteNoDetails ? .null : ["reason": "max_output_tokens"]
        } else {
            response["incomplete_details"] = .null
        }
        response["error"] = .null
        response["usage"] = finished ? usage : .null
        response["parallel_tool_calls"] = .bool(request["parallel_tool_calls"]?.boolValue ?? true)
        response["tool_choice"] = request["tool_choice"].flatMap { $0.isNull ? nil : $0 } ?? "auto"
        response["tools"] = request["tools"]?.arrayValue.map(JSONValue.array) ?? []
        response["store"] = .bool(request["store"]?.boolValue ?? true)
        return response
    }

    /// The status a finished answer reports: `incomplete` when cut at `max_output_tokens` (or the fault says so).
    private var finalStatus: String {
        isLengthLimited || fault == .responsesIncompleteNoDetails ? "incomplete" : "completed"
    }

    private func itemStatus(_ item: Item) -> String {
        item.kind == .message && isLengthLimited ? "incomplete" : "completed"
    }

    /// The finished item as the final response holds it.
    private func finalItem(_ item: Item) -> JSONValue {
        var item = item
        if fault == .responsesCallNameMissing, item.kind == .call { item.name = nil }
        return item.json(status: itemStatus(item))
    }

    /// The non-streamed answer.
    func body() -> JSONValue {
        if fault == .responsesChatBody { return completion.body() }
        let items = items(text: completion.text, calls: completion.calls, streamed: false)
        var response = response(status: finalStatus, output: items.map(finalItem), finished: true)
        if fault == .responsesShape { response["object"] = nil }
        return .object(response)
    }

    // MARK: - The event stream

    /// The streamed answer, one element per event.
    func events() -> [[UInt8]] {
        if fault == .responsesChatBody { return completion.chunks(includeUsage: true) }
        var stream = EventWriter(fault: fault)
        var text = completion.text
        var calls = completion.calls
        if fault == .streamParity { Completion.divergeForStream(text: &text, calls: &calls) }
        let items = items(text: text, calls: calls, streamed: true)

        var start = response(status: "in_progress", output: [], finished: false)
        if fault == .responsesShape { start["output"] = nil }
        stream.emit("response.created", ["response": .object(start)])
        if fault == .streamBadEvent {
            // A proxy that splices a truncated event into the stream.
            stream.events.append(
                Array(
                    "event: response.in_progress\ndata: {\"type\":\"response.in_progress\",\"response\":{\"id\n\n".utf8
                )
            )
        }
        stream.emit(
            "response.in_progress",
            ["response": .object(response(status: "in_progress", output: [], finished: false))]
        )
        var firstCall = true
        for (position, item) in items.enumerated() {
            let index = position + (fault == .streamIndexGap && item.kind == .call ? 1 : 0)
            let outputIndex = JSONValue.number(JSONNumber(index))
            let itemID = JSONValue.string(item.id)
            stream.emit("response.output_item.added", ["output_index": outputIndex, "item": item.started])
            switch item.kind {
            case .reasoning:
                for piece in Completion.pieces(item.text, size: 12) {
                    stream.emit(
                        "response.reasoning_text.delta",
                        ["item_id": itemID, "output_index": outputIndex, "content_index": 0, "delta": .string(piece)]
                    )
                }
                stream.emit(
                    "response.reasoning_text.done",
                    ["item_id": itemID, "output_index": outputIndex, "content_index": 0, "text": .string(item.text)]
                )
            case .message:
                let part = JSONValue.object(Item.part(""))
                stream.emit(
                    "response.content_part.added",
                    ["item_id": itemID, "output_index": outputIndex, "content_index": 0, "part": part]
                )
                for piece in Completion.pieces(item.text, size: 12) {
                    stream.emit(
                        "response.output_text.delta",
                        [
                            "item_id": itemID, "output_index": outputIndex, "content_index": 0,
                            "delta": .string(piece), "logprobs": [],
                        ]
                    )
                }
                stream.emit(
                    "response.output_text.done",
                    [
                        "item_id": itemID, "output_index": outputIndex, "content_index": 0,
                        "text": .string(item.text), "logprobs": [],
                    ]
                )
                stream.emit(
                    "response.content_part.done",
                    [
                        "item_id": itemID, "output_index": outputIndex, "content_index": 0,
                        "part": .object(Item.part(item.text)),
                    ]
                )
            case .call:
                if let arguments = item.arguments.stringValue {
                    var pieces = Completion.pieces(arguments, size: 6)
                    if fault == .responsesArgumentsMismatch { pieces = Array(pieces.dropLast()) }
                    for piece in pieces {
                        stream.emit(
                            "response.function_call_arguments.delta",
                            ["item_id": itemID, "output_index": outputIndex, "delta": .string(piece)]
                        )
                    }
                }
                var done = JSONObject()
                done["item_id"] = itemID
                done["output_index"] = outputIndex
                if let name = item.name { done["name"] = .string(name) }
                done["arguments"] = item.arguments
                stream.emit("response.function_call_arguments.done", .object(done))
            }
            if item.kind == .call, fault == .responsesItemNotDone, firstCall {
                // The item is never closed.
                firstCall = false
                continue
            }
            if item.kind == .call { firstCall = false }
            stream.emit("response.output_item.done", ["output_index": outputIndex, "item": finalItem(item)])
        }
        if fault == .responsesFailed {
            let cut = stream.deltaEnds.isEmpty ? 2 : stream.deltaEnds[max(stream.deltaEnds.count / 2, 1) - 1]
            var failed = response(status: "failed", output: [], finished: false)
            failed["error"] = ["code": "server_error", "message": "The model failed to generate a response."]
            var ended = EventWriter(fault: nil)
            ended.sequence = cut
            ended.emit("response.failed", ["response": .object(failed)])
            return Array(stream.events.prefix(cut)) + ended.events
        }
        let truncateAt = stream.events.count
        let terminal = finalStatus == "incomplete" ? "response.incomplete" : "response.completed"
        let whole = JSONValue.object(response(status: finalStatus, output: items.map(finalItem), finished: true))
        stream.emit(terminal, ["response": whole])
        if fault == .responsesTwoTerminals { stream.emit(terminal, ["response": whole]) }
        if fault == .streamTruncated {
            // The connection closes mid-answer: half the events, no terminal event.
            return Array(stream.events.prefix(max(truncateAt / 2, 1)))
        }
        if fault == .streamNoDone { return Array(stream.events.prefix(truncateAt)) }
        return stream.events
    }

    /// Writes typed events with their `sequence_number`, as the faults bend them.
    struct EventWriter {
        var fault: MockProfile.Fault?
        var events: [[UInt8]] = []
        /// The next sequence number.
        var sequence = 0
        /// Where each delta event ends, for the faults that cut the stream mid-content.
        var deltaEnds: [Int] = []
        /// Whether a sequence number was already sent twice.
        var repeated = false

        mutating func emit(_ type: String, _ fields: JSONValue) {
            var data = JSONObject()
            data["type"] = .string(type)
            var number = sequence
            if fault == .responsesSequenceNumber, sequence == 2, !repeated {
                // The third event repeats the second's number.
                number = sequence - 1
                repeated = true
            } else {
                sequence += 1
            }
            data["sequence_number"] = .number(JSONNumber(number))
            for member in fields.objectValue ?? JSONObject() { data[member.key] = member.value }
            let isDelta = type.hasSuffix(".delta")
            var name = type
            if fault == .responsesEventName, isDelta { name = String(type.dropLast(".delta".count)) + ".done" }
            events.append(MessagesCompletion.event(name, .object(data)))
            if isDelta { deltaEnds.append(events.count) }
        }
    }
}
