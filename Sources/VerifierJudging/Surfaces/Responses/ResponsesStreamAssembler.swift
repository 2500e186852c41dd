import JSONSchema

/// Assembles a streamed Responses answer the way OpenAI's SDKs and agents accumulate it: `response.created`
/// gives the response, each `response.output_item.added` appends an item, deltas apply to the item at their
/// `output_index` (text to its content part, arguments to its arguments, reasoning to its reasoning), each
/// `response.output_item.done` replaces the item with the finished one, and the terminal event gives the status,
/// usage and details. Events after the terminal event, or after an `error`, are not read. A delta for an item
/// that was never added is lost, as it is for a client; so are the unfinished items of a stream that failed
/// (`error`, `response.failed`), which the SDKs raise instead of handing on.
public enum ResponsesStreamAssembler {
    /// The response a client holds at the end of the stream.
    /// - Parameter trace: The parsed events.
    /// - Returns: The response, or `nil` when no event of the Responses grammar arrived.
    public static func assemble(_ trace: ResponsesStreamTrace) -> ObservedResponse? {
        var response = ObservedResponse()
        var seen = false
        var positions: [Int: Int] = [:]
        var finished: Set<Int> = []
        for event in trace.events {
            guard case .event = event.kind, let type = event.type else { continue }
            if type == "error" {
                response.items = response.items.filter { finished.contains($0.position) }
                break
            }
            switch type {
            case "response.created", "response.in_progress", "response.queued":
                seen = true
                read(event.response, into: &response, final: false)
            case "response.output_item.added":
                seen = true
                guard let index = event.slot, let item = event.item else { continue }
                positions[index] = response.items.count
                var observed = ObservedOutputItem(
                    item,
                    position: index,
                    location: "/events/\(event.number)/item"
                )
                if observed.isFunctionCall, observed.arguments?.stringValue == nil { observed.arguments = .string("") }
                response.items.append(observed)
            case "response.output_item.done":
                seen = true
                guard let index = event.slot, let position = positions[index], let item = event.item else { continue }
                response.items[position] = ObservedOutputItem(item, position: index, location: "/events/\(event.number)/item")
                finished.insert(index)
            case "response.content_part.added":
                guard let position = event.slot.flatMap({ positions[$0] }) else { continue }
                if response.items[position].type == "message" {
                    response.items[position].texts = (response.items[position].texts ?? []) + [""]
                }
            case "response.output_text.delta":
                guard let position = event.slot.flatMap({ positions[$0] }), let delta = event.delta else { continue }
                var texts = response.items[position].texts ?? []
                let part = event.contentIndex ?? max(texts.count - 1, 0)
                while texts.count <= part { texts.append("") }
                texts[part] += delta
                response.items[position].texts = texts
            case "response.reasoning_text.delta", "response.reasoning_summary_text.delta":
                guard let position = event.slot.flatMap({ positions[$0] }), let delta = event.delta else { continue }
                response.items[position].reasoning = (response.items[position].reasoning ?? "") + delta
            case "response.function_call_arguments.delta":
                guard let position = event.slot.flatMap({ positions[$0] }), let delta = event.delta else { continue }
                response.items[position].arguments = .string((response.items[position].arguments?.stringValue ?? "") + delta)
            default:
                guard event.isTerminal else { continue }
                seen = true
                read(event.response, into: &response, final: true)
                response.terminalEvent = event.number
                if type == "response.failed" { response.items = response.items.filter { finished.contains($0.position) } }
                if response.items.isEmpty, let output = event.response?["output"]?.arrayValue {
                    // Nothing was streamed item by item: the client reads the terminal response's output.
                    response.items = output.enumerated().map { position, item in
                        ObservedOutputItem(item, position: position, location: "/events/\(event.number)/response/output/\(position)")
                    }
                }
                return response
            }
        }
        return seen ? response : nil
    }

    /// Takes a lifecycle event's response: identity always, status and outcome from the terminal event.
    private static func read(_ value: JSONValue?, into response: inout ObservedResponse, final: Bool) {
        guard let value, value.objectValue != nil else { return }
        response.id = value["id"]?.stringValue ?? response.id
        response.object = value["object"]?.stringValue ?? response.object
        response.model = value["model"]?.stringValue ?? response.model
        response.status = value["status"]?.stringValue ?? response.status
        guard final else { return }
        response.incompleteDetails = value["incomplete_details"]
        response.error = value["error"]
        if let usage = value["usage"], !usage.isNull { response.usage = usage }
    }
}
