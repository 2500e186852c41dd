import JSONSchema

/// `stream.tool_use_merged`: one `tool_use` block carries several calls — its `input_json_delta` fragments
/// assemble to objects written back to back (`{…}{…}`). SGLang's streamed `/v1/messages` merged three parallel
/// calls this way (sglang#39782): the client sees one call with unparseable input, and loses the others.
public struct ToolUseMerged: MessagesStreamCheck {
    public static let labels: [FailureLabel] = [.streamToolUseMerged]

    /// Creates the check.
    public init() {}

    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        trace.toolUseBlocks.compactMap { block in
            guard let values = MessagesStreamTrace.concatenatedValues(block.json), values.count > 1 else { return nil }
            return Finding(
                .streamToolUseMerged,
                .error,
                "tool_use block \(block.index) (\(block.name?.stringValue ?? "?")) carries \(values.count) argument "
                    + "objects back to back: \(values.count) calls merged into one block.",
                at: "/events/\(block.startEvent)"
            )
        }
    }
}

extension FailureLabel {
    /// Several calls streamed in one `tool_use` block.
    public static let streamToolUseMerged = FailureLabel(rawValue: "stream.tool_use_merged")
}
