import JSONSchema

/// `contract.tool_choice_none`: with `tool_choice: "none"` the answer must not call a tool (vLLM
/// #49712-style leaks; catalogue: "`none` ⇒ 0 calls").
public struct ToolChoiceNone: ContractCheck {
    public static let labels: [FailureLabel] = [.contractToolChoiceNone]

    /// Creates the check.
    public init() {}

    public func findings(in context: ContractContext) -> [Finding] {
        guard context.request.toolChoice?.stringValue == "none", context.answer.delivered, context.answer.callCount > 0
        else { return [] }
        return [
            Finding(
                .contractToolChoiceNone,
                .error,
                "The request set tool_choice \"none\"; the provider called \(context.answer.callNames.joined(separator: ", ")).",
                at: context.answer.pointers.calls
            )
        ]
    }
}

extension FailureLabel {
    /// `tool_choice: "none"`, yet the answer calls a tool.
    public static let contractToolChoiceNone = FailureLabel(rawValue: "contract.tool_choice_none")
}
