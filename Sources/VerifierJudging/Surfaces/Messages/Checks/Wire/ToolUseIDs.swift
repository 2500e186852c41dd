import JSONSchema

/// `wire.tool_use_ids`: every `tool_use` block has a non-empty string `id`, unique in the message. The agent
/// answers each call with a `tool_result` naming that id; an empty or repeated one cannot be answered.
public struct ToolUseIDs: MessagesWireCheck {
    public static let labels: [FailureLabel] = [.wireToolUseIDs]

    /// Creates the check.
    public init() {}

    public func findings(in context: MessagesWireContext) -> [Finding] {
        guard let message = context.message else { return [] }
        var findings: [Finding] = []
        var seen: [String: Int] = [:]
        for block in message.toolUses {
            guard let id = block.id?.stringValue, !id.isEmpty else {
                findings.append(
                    Finding(
                        .wireToolUseIDs,
                        .error,
                        "tool_use block \(block.position) has id \(block.id?.serialized() ?? "missing"), not a non-empty string.",
                        at: block.location + "/id"
                    )
                )
                continue
            }
            if let first = seen[id] {
                findings.append(
                    Finding(
                        .wireToolUseIDs,
                        .error,
                        "tool_use blocks \(first) and \(block.position) share the id \"\(id)\".",
                        at: block.location + "/id"
                    )
                )
            } else {
                seen[id] = block.position
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// A `tool_use` id is empty, not a string, or repeated.
    public static let wireToolUseIDs = FailureLabel(rawValue: "wire.tool_use_ids")
}
