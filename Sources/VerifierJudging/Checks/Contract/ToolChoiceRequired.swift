import JSONSchema

/// `contract.tool_choice_required`: with `tool_choice: "required"` the answer must call at least one tool.
public struct ToolChoiceRequired: ContractCheck {
    public static let labels: [FailureLabel] = [.contractToolChoiceRequired]

    /// Creates the check.
    public init() {}

    public func findings(in context: ContractContext) -> [Finding] {
        guard context.request.toolChoice?.stringValue == "required", context.answer.delivered,
            context.answer.callCount == 0
        else { return [] }
        return [
            Finding(
                .contractToolChoiceRequired,
                .error,
                "The request set tool_choice \"required\"; the provider answered without a tool call "
                    + "(\(context.answer.pointers.stopField) \(context.answer.finishReason ?? "null")).",
                at: context.answer.pointers.message
            )
        ]
    }
}

extension FailureLabel {
    /// `tool_choice: "required"`, yet the answer calls no tool.
    public static let contractToolChoiceRequired = FailureLabel(rawValue: "contract.tool_choice_required")
}
