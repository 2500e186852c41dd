/// Assembles the `chat.completion.chunk` events of a streamed answer into one ``ObservedMessage``.
///
/// Fragments are joined the way the OpenAI SDK accumulators join them: content and reasoning
/// concatenate, tool-call fragments are grouped by `index`, and a call's arguments concatenate per
/// index. The assembler labels what it meets on the way: a `data:` line that is not a chunk
/// (`stream.bad_event`), a stream without `data: [DONE]` (`stream.no_done`), and a stream that
/// ends before any `finish_reason` (`stream.truncated`).
public struct StreamAssembler: Sendable {
    private struct PendingCall {
        var index: Int
        var id: JSONValue?
        var type: JSONValue?
        var name: JSONValue?
        var argumentText: String = ""
        var argumentValue: JSONValue?
        var location: String
    }

    private var message = ObservedMessage()
    private var contentText: String?
    private var sawNullContent = false
    private var reasoningText: String?
    private var calls: [PendingCall] = []
    private var eventNumber = 0
    private var sawDone = false
    private var eventsAfterDone = 0
    /// The findings so far.
    public private(set) var findings: [Finding] = []

    /// Creates an empty assembler.
    public init() {}

    /// Assembles a whole recorded stream.
    /// - Parameter events: The decoded SSE events in order.
    /// - Returns: The assembled message (`nil` when no chunk could be read) and the findings.
    public static func assemble(_ events: [SSEEvent]) -> (message: ObservedMessage?, findings: [Finding]) {
        var assembler = StreamAssembler()
        for event in events { assembler.consume(event) }
        return assembler.finish()
    }

    /// Consumes one SSE event.
    /// - Parameter event: The event.
    public mutating func consume(_ event: SSEEvent) {
        defer { eventNumber += 1 }
        let location = "/events/\(eventNumber)"
        if sawDone {
            eventsAfterDone += 1
            return
        }
        if event.data == "[DONE]" {
            sawDone = true
            return
        }
        let chunk: JSONValue
        do {
            chunk = try JSONValue.parse(event.data)
        } catch {
            findings.append(
                Finding(
                    .streamBadEvent,
                    .error,
                    "A `data:` line is not JSON (\(error.message) at byte \(error.offset)): \(event.data.clipped(160))",
                    at: location
                )
            )
            return
        }
        guard let object = chunk.objectValue else {
            findings.append(
                Finding(
                    .streamBadEvent,
                    .error,
                    "A `data:` line holds a JSON \(chunk.typeName), not a chunk object.",
                    at: location
                )
            )
            return
        }
        if let error = object["error"], !error.isNull {
            let text = error["message"]?.stringValue ?? error.serialized()
            findings.append(
                Finding(
                    .streamBadEvent,
                    .error,
                    "The stream carries an error event: \(text.clipped(200))",
                    at: location
                )
            )
            return
        }
        if let usage = object["usage"], !usage.isNull { message.usage = usage }
        if message.model == nil { message.model = object["model"]?.stringValue }
        if message.upstreamProvider == nil { message.upstreamProvider = object["provider"]?.stringValue }
        guard let choices = object["choices"]?.arrayValue else {
            findings.append(
                Finding(.streamBadEvent, .error, "A chunk has no `choices` array.", at: location + "/choices")
            )
            return
        }
        for (position, choice) in choices.enumerated() where (choice["index"]?.intValue ?? position) == 0 {
            consume(choice: choice, at: location + "/choices/\(position)")
        }
    }

    private mutating func consume(choice: JSONValue, at location: String) {
        if let finish = choice["finish_reason"]?.stringValue { message.finishReason = finish }
        guard let delta = choice["delta"]?.objectValue else { return }
        switch delta["content"] {
        case .string(let text)?: contentText = (contentText ?? "") + text
        case .null?: sawNullContent = true
        case let other?:
            findings.append(
                Finding(
                    .wireShape,
                    .error,
                    "`delta.content` is a JSON \(other.typeName), not a string.",
                    at: location + "/delta/content"
                )
            )
        case nil: break
        }
        if let reasoning = (delta["reasoning_content"] ?? delta["reasoning"])?.stringValue {
            reasoningText = (reasoningText ?? "") + reasoning
        }
        guard let fragments = delta["tool_calls"], !fragments.isNull else { return }
        guard let list = fragments.arrayValue else {
            findings.append(
                Finding(
                    .wireShape,
                    .error,
                    "`delta.tool_calls` is a JSON \(fragments.typeName), not an array.",
                    at: location + "/delta/tool_calls"
                )
            )
            return
        }
        for (position, fragment) in list.enumerated() {
            let fragmentLocation = location + "/delta/tool_calls/\(position)"
            let index: Int
            if let sent = fragment["index"]?.intValue, sent >= 0 {
                index = sent
            } else {
                // `index` is the one required field of a tool-call fragment; without it, a fragment with an
                // id starts a new call and one without continues the last.
                findings.append(
                    Finding(
                        .wireShape,
                        .error,
                        "A tool-call fragment has no valid `index`.",
                        at: fragmentLocation + "/index"
                    )
                )
                index = (calls.last?.index ?? -1) + (fragment["id"] == nil && !calls.isEmpty ? 0 : 1)
            }
            let function = fragment["function"]
            let slot: Int
            if let existing = calls.firstIndex(where: { $0.index == index }) {
                slot = existing
            } else {
                calls.append(PendingCall(index: index, location: fragmentLocation))
                slot = calls.count - 1
            }
            if calls[slot].id == nil, let id = fragment["id"], !id.isNull { calls[slot].id = id }
            if calls[slot].type == nil, let type = fragment["type"], !type.isNull { calls[slot].type = type }
            if let name = function?["name"], !name.isNull {
                switch (calls[slot].name?.stringValue, name.stringValue) {
                case (nil, _): calls[slot].name = name
                case (let old?, let new?) where old != new: calls[slot].name = .string(old + new)
                default: break
                }
            }
            switch function?["arguments"] {
            case .string(let text)?: calls[slot].argumentText += text
            case .null?, nil: break
            case let other?: calls[slot].argumentValue = other
            }
        }
    }

    /// Ends the stream and returns what was assembled.
    /// - Returns: The message (`nil` when no chunk was readable) and all findings.
    public mutating func finish() -> (message: ObservedMessage?, findings: [Finding]) {
        if !sawDone {
            findings.append(
                Finding(.streamNoDone, .error, "The stream ended without `data: [DONE]`.", at: "/events/\(eventNumber)")
            )
        }
        if message.finishReason == nil {
            findings.append(
                Finding(
                    .streamTruncated,
                    .error,
                    "The stream ended before any chunk carried a `finish_reason`.",
                    at: "/events/\(eventNumber)"
                )
            )
        }
        message.content = contentText.map(JSONValue.string) ?? (sawNullContent ? .null : nil)
        message.reasoning = reasoningText
        message.toolCalls = calls.map { call in
            ObservedToolCall(
                index: call.index,
                id: call.id,
                type: call.type,
                name: call.name,
                arguments: call.argumentValue ?? .string(call.argumentText),
                location: call.location
            )
        }
        let readable =
            eventNumber > 0
            && !(findings.contains { $0.label == .streamBadEvent } && message.finishReason == nil
                && calls.isEmpty && contentText == nil)
        return (readable ? message : nil, findings)
    }
}
