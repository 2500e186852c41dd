import JSONSchema

/// Assembles a streamed Messages answer the way Anthropic's SDKs accumulate it: `message_start` gives the
/// message, each `content_block_start` appends a block, each `content_block_delta` applies to the block at its
/// `index` (text, thinking and signature appended; `input_json_delta` fragments concatenated and parsed at the
/// end), `message_delta` sets the stop reason and usage, `message_stop` ends it. Events after `message_stop`
/// are not read. A delta whose index names no block, or a block of another type, is lost, as it is for a client.
public enum MessagesStreamAssembler {
    /// The message a client holds at the end of the stream.
    /// - Parameter trace: The parsed events.
    /// - Returns: The message, or `nil` when no event of the Messages grammar arrived.
    public static func assemble(_ trace: MessagesStreamTrace) -> ObservedAnthropicMessage? {
        var message = ObservedAnthropicMessage()
        var seen = false
        var fragments: [Int: String] = [:]
        for event in trace.events {
            guard case .event = event.kind, let type = event.type else { continue }
            if type == "message_stop" { break }
            switch type {
            case "message_start":
                let start = event.message ?? .null
                message = ObservedAnthropicMessage(
                    id: start["id"]?.stringValue,
                    type: start["type"]?.stringValue,
                    role: start["role"]?.stringValue,
                    model: start["model"]?.stringValue,
                    blocks: [],
                    stopReason: nil,
                    usage: event.usage
                )
                message.startUsage = event.usage
                seen = true
            case "content_block_start":
                seen = true
                message.blocks.append(
                    ObservedContentBlock(
                        event.block ?? .null,
                        position: message.blocks.count,
                        location: "/events/\(event.number)/content_block"
                    )
                )
            case "content_block_delta":
                guard let index = event.index, index < message.blocks.count, let text = event.deltaText else { continue }
                var block = message.blocks[index]
                switch (event.deltaType, block.type) {
                case ("text_delta", "text"): block.text = (block.text ?? "") + text
                case ("thinking_delta", "thinking"): block.thinking = (block.thinking ?? "") + text
                case ("signature_delta", "thinking"): block.signature = (block.signature ?? "") + text
                case ("input_json_delta", "tool_use"):
                    fragments[index, default: ""] += text
                    block.inputFragments += 1
                default: continue
                }
                message.blocks[index] = block
            case "message_delta":
                seen = true
                if let reason = event.stopReason { message.stopReason = reason }
                if let usage = event.usage?.objectValue {
                    // The SDK overwrites the start's counts with the non-null counts of the delta.
                    var merged = message.usage?.objectValue ?? JSONObject()
                    for member in usage where !member.value.isNull { merged[member.key] = member.value }
                    message.usage = .object(merged)
                    message.deltaUsage = .object(usage)
                }
            default:
                continue
            }
        }
        guard seen else { return nil }
        for (index, text) in fragments { message.blocks[index].inputJSON = text }
        return message
    }
}
