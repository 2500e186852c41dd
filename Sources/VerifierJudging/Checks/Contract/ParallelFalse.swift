import JSONSchema

/// `contract.parallel_false`: with `parallel_tool_calls: false` the answer holds at most one call
/// (SGLang #9696, vLLM PR #22218).
public struct ParallelFalse: ContractCheck {
    public static let labels: [FailureLabel] = [.contractParallelFalse]

    /// Creates the check.
    public init() {}

    public func findings(in context: ContractContext) -> [Finding] {
        guard context.request.body["parallel_tool_calls"]?.boolValue == false, context.answer.callCount > 1 else {
            return []
        }
        return [
            Finding(
                .contractParallelFalse,
                .error,
                "The request set parallel_tool_calls false; the provider made \(context.answer.callCount) calls "
                    + "(\(context.answer.callNames.joined(separator: ", "))).",
                at: context.answer.pointers.calls
            )
        ]
    }
}

extension FailureLabel {
    /// `parallel_tool_calls: false`, yet the answer holds more than one call.
    public static let contractParallelFalse = FailureLabel(rawValue: "contract.parallel_false")
}
