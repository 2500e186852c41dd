import JSONSchema

/// `contract.tool_choice_named`: with `tool_choice: {"type": "function", "function": {"name": N}}`
/// the answer must call N, and only N.
public struct ToolChoiceNamed: ContractCheck {
    public static let labels: [FailureLabel] = [.contractToolChoiceNamed]

    /// Creates the check.
    public init() {}

    public func findings(in context: ContractContext) -> [Finding] {
        guard let name = context.namedChoice, context.answer.delivered else { return [] }
        let names = context.calls.map { $0.name ?? "unnamed" }
        if names.isEmpty {
            return [
                Finding(
                    .contractToolChoiceNamed,
                    .error,
                    "The request forced the tool \(name); the provider answered without a tool call.",
                    at: context.answer.pointers.message
                )
            ]
        }
        if let other = names.first(where: { $0 != name }) {
            return [
                Finding(
                    .contractToolChoiceNamed,
                    .error,
                    "The request forced the tool \(name); the provider called \(other).",
                    at: context.answer.pointers.calls
                )
            ]
        }
        return []
    }
}

extension FailureLabel {
    /// A named `tool_choice`, yet the answer calls no tool or another one.
    public static let contractToolChoiceNamed = FailureLabel(rawValue: "contract.tool_choice_named")
}
