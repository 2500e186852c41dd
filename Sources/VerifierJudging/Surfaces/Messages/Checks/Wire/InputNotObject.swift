import JSONSchema

/// `wire.input_not_object`: a `tool_use` block's `input` is not a JSON object — a string holding the JSON
/// text (the Chat habit), or missing. Anthropic's SDKs hand `input` to the tool as it is. In a stream, the
/// `input` of `content_block_start` must be an object too (`{}`, or the whole input at once); a start without
/// one whose fragments follow is a warning (the SDKs build `input` from the fragments).
public struct InputNotObject: MessagesWireCheck {
    public static let labels: [FailureLabel] = [.wireInputNotObject]

    /// Creates the check.
    public init() {}

    public func findings(in context: MessagesWireContext) -> [Finding] {
        guard let message = context.message else { return [] }
        return message.toolUses.compactMap { block in
            switch block.input {
            case .object?:
                return nil
            case .string(let text)?:
                return Finding(
                    .wireInputNotObject,
                    .error,
                    "`tool_use.input` of block \(block.position) is a string (\(text.clipped(80))), not a JSON object.",
                    at: block.location + "/input"
                )
            case let value?:
                return Finding(
                    .wireInputNotObject,
                    .error,
                    "`tool_use.input` of block \(block.position) is a JSON \(value.typeName), not an object.",
                    at: block.location + "/input"
                )
            case nil where block.inputFragments > 0:
                // llama-server's habit: Anthropic's SDKs build `input` from the fragments, so clients survive.
                return Finding(
                    .wireInputNotObject,
                    .warning,
                    "`content_block_start` of tool_use block \(block.position) has no `input` (Anthropic sends `{}`); "
                        + "the SDKs build it from the \(block.inputFragments) fragments, a client reading the start does not.",
                    at: block.location
                )
            case nil:
                return Finding(
                    .wireInputNotObject,
                    .error,
                    "`tool_use` block \(block.position) has no `input`.",
                    at: block.location
                )
            }
        }
    }
}

extension FailureLabel {
    /// A `tool_use` input is not an object.
    public static let wireInputNotObject = FailureLabel(rawValue: "wire.input_not_object")
}
