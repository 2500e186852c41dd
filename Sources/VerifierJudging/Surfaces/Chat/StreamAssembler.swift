import JSONSchema

/// Parses the SSE events of a streamed answer into a ``StreamTrace`` and assembles the trace into
/// one ``ObservedMessage``.
///
/// Assembly joins fragments the way the OpenAI SDK accumulators do: content and reasoning
/// concatenate; tool-call fragments are grouped by `index`; names and arguments concatenate per
/// index; the first `id` and `type` of an index stand. Events after `[DONE]` are not assembled.
/// Defects are not judged here but by the stream checks (`Surfaces/Chat/Checks/Stream/`), each in a file
/// named after it; the assembler only notes what stops it from reading (``ShapeProblem``, reported by ``WireShape``).
public enum StreamAssembler {
    /// Parses every event.
    /// - Parameters:
    ///   - events: The decoded SSE events.
    ///   - anomalies: The decoder's framing anomalies.
    /// - Returns: The trace and the shape problems of fragments it could not place.
    public static func trace(_ events: [SSEEvent], anomalies: [SSEAnomaly] = []) -> (StreamTrace, [ShapeProblem]) {
        var findings: [ShapeProblem] = []
        var parsed: [StreamTrace.Event] = []
        parsed.reserveCapacity(events.count)
        for (number, event) in events.enumerated() {
            parsed.append(parse(event, number: number, findings: &findings))
        }
        return (StreamTrace(events: parsed, anomalies: anomalies), findings)
    }

    static func parse(_ event: SSEEvent, number: Int, findings: inout [ShapeProblem]) -> StreamTrace.Event {
        var result = StreamTrace.Event(
            number: number,
            kind: .chunk,
            byteOffset: event.byteOffset,
            fragments: []
        )
        let location = "/events/\(number)"
        if event.data == "[DONE]" {
            result.kind = .done
            return result
        }
        let chunk: JSONValue
        do {
            chunk = try JSONValue.parse(event.data)
        } catch {
            result.kind = .invalid("not JSON (\(error.message) at byte \(error.offset))")
            result.excerpt = event.data.clipped(160)
            return result
        }
        guard let object = chunk.objectValue else {
            result.kind = .invalid("a JSON \(chunk.typeName), not a chunk object")
            result.excerpt = event.data.clipped(160)
            return result
        }
        if let error = object["error"], !error.isNull {
            result.kind = .invalid(
                "an error event: \((error["message"]?.stringValue ?? error.serialized()).clipped(200))"
            )
            result.excerpt = event.data.clipped(160)
            return result
        }
        if let usage = object["usage"], !usage.isNull { result.usage = usage }
        result.model = object["model"]?.stringValue
        result.upstreamProvider = object["provider"]?.stringValue
        guard let choices = object["choices"]?.arrayValue else {
            result.kind = .invalid("a chunk without a `choices` array")
            result.excerpt = event.data.clipped(160)
            return result
        }
        result.choiceCount = choices.count
        for (position, choice) in choices.enumerated() where (choice["index"]?.intValue ?? position) == 0 {
            let choiceLocation = location + "/choices/\(position)"
            result.finishReason = choice["finish_reason"]?.stringValue
            guard let delta = choice["delta"]?.objectValue else { continue }
            read(delta, into: &result, at: choiceLocation + "/delta", problems: &findings)
        }
        return result
    }

    /// Reads one choice's `delta`: role, content, reasoning and tool-call fragments.
    private static func read(
        _ delta: JSONObject,
        into result: inout StreamTrace.Event,
        at location: String,
        problems findings: inout [ShapeProblem]
    ) {
        result.role = delta["role"]?.stringValue
        switch delta["content"] {
        case .string(let text)?: result.content = text
        case .null?, nil: break
        case let other?:
            findings.append(
                ShapeProblem(
                    "`delta.content` is a JSON \(other.typeName), not a string.",
                    at: location + "/content"
                )
            )
        }
        result.reasoning = (delta["reasoning_content"] ?? delta["reasoning"])?.stringValue
        guard let list = delta["tool_calls"], !list.isNull else { return }
        guard let fragments = list.arrayValue else {
            findings.append(
                ShapeProblem(
                    "`delta.tool_calls` is a JSON \(list.typeName), not an array.",
                    at: location + "/tool_calls"
                )
            )
            return
        }
        for (index, fragment) in fragments.enumerated() {
            let function = fragment["function"]
            result.fragments.append(
                StreamTrace.Fragment(
                    index: fragment["index"]?.intValue.flatMap { $0 >= 0 ? $0 : nil },
                    id: fragment["id"].flatMap { $0.isNull ? nil : $0 },
                    type: fragment["type"].flatMap { $0.isNull ? nil : $0 },
                    name: function?["name"].flatMap { $0.isNull ? nil : $0 },
                    arguments: function?["arguments"].flatMap { $0.isNull ? nil : $0 },
                    location: location + "/tool_calls/\(index)"
                )
            )
        }
    }

    /// Parses and assembles decoded events in one step (no stream checks run).
    /// - Parameter events: The decoded SSE events.
    /// - Returns: The message (`nil` when no chunk could be read) and the shape problems.
    public static func assemble(_ events: [SSEEvent]) -> (message: ObservedMessage?, problems: [ShapeProblem]) {
        let (trace, findings) = trace(events)
        let (message, assembled) = assemble(trace)
        return (message, findings + assembled)
    }

    /// Assembles a trace into the message a client would see.
    /// - Parameter trace: The trace.
    /// - Returns: The message (`nil` when no chunk could be read) and the shape problems.
    public static func assemble(_ trace: StreamTrace) -> (message: ObservedMessage?, problems: [ShapeProblem]) {
        struct Pending {
            var index: Int
            var id: JSONValue?
            var type: JSONValue?
            var name: String?
            var nameValue: JSONValue?
            var argumentText = ""
            var argumentValue: JSONValue?
            var location: String
        }
        var findings: [ShapeProblem] = []
        var message = ObservedMessage()
        var content: String?
        var reasoning: String?
        var calls: [Pending] = []
        var readable = false
        for event in trace.beforeDone where event.kind == .chunk {
            readable = true
            if message.model == nil { message.model = event.model }
            if message.upstreamProvider == nil { message.upstreamProvider = event.upstreamProvider }
            if let finish = event.finishReason { message.finishReason = finish }
            if let text = event.content { content = (content ?? "") + text }
            if let text = event.reasoning { reasoning = (reasoning ?? "") + text }
            for fragment in event.fragments {
                let index: Int
                if let sent = fragment.index {
                    index = sent
                } else {
                    // `index` is the one required field of a fragment; without it, a fragment with an id
                    // starts a new call and one without continues the last.
                    findings.append(
                        ShapeProblem(
                            "A tool-call fragment has no valid `index`.",
                            at: fragment.location + "/index"
                        )
                    )
                    index = (calls.last?.index ?? -1) + (fragment.id == nil && !calls.isEmpty ? 0 : 1)
                }
                let slot: Int
                if let existing = calls.firstIndex(where: { $0.index == index }) {
                    slot = existing
                } else {
                    calls.append(Pending(index: index, type: fragment.type, location: fragment.location))
                    slot = calls.count - 1
                }
                if calls[slot].id == nil { calls[slot].id = fragment.id }
                switch fragment.name {
                case .string(let name)?:
                    if calls[slot].name != name { calls[slot].name = (calls[slot].name ?? "") + name }
                case let other?:
                    calls[slot].nameValue = other
                case nil:
                    break
                }
                switch fragment.arguments {
                case .string(let text)?: calls[slot].argumentText += text
                case let other?: calls[slot].argumentValue = other
                case nil: break
                }
            }
        }
        guard readable else { return (nil, findings) }
        message.usage = trace.usageObject
        message.content = content.map(JSONValue.string)
        message.reasoning = reasoning
        message.toolCalls = calls.map { call in
            ObservedToolCall(
                index: call.index,
                id: call.id,
                type: call.type,
                name: call.name.map(JSONValue.string) ?? call.nameValue,
                arguments: call.argumentValue ?? .string(call.argumentText),
                location: call.location
            )
        }
        return (message, findings)
    }
}
