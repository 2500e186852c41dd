import JSONSchema

/// Every check of the verifier, by stage: the registry a test reads to prove that each label of the
/// taxonomy is made by exactly one check that claims it.
///
/// A new check goes into its stage's folder and into this list; a new surface adds its wire and stream
/// checks here beside Chat's.
public enum LabelRegistry {
    /// Every check type, in judging order.
    public static let checks: [any Check.Type] = [
        // delivery
        Transport.self, HTTPStatus.self,
        // Chat Completions wire
        BodyNotJSON.self, WireShape.self, FinishReasonMismatch.self, ArgumentsNotString.self, CallType.self,
        ToolCallIDs.self, Usage.self,
        // Chat Completions stream
        BadEvent.self, NoDone.self, Truncated.self, RoleOnce.self, IDMissing.self, NameFragmented.self,
        IndexCollision.self, IndexGap.self, FinishReasonCount.self, UsagePlacement.self,
        // Anthropic Messages wire (with BodyNotJSON)
        WrongSurface.self, MessagesShape.self, InputNotObject.self, StopReasonMismatch.self, MessagesUsage.self,
        ToolUseIDs.self,
        // Anthropic Messages stream (with BadEvent, Truncated)
        EventName.self, ErrorEvent.self, NoMessageStop.self, BlockOrder.self, ToolUseMerged.self, ToolUseSplit.self,
        InputJSON.self,
        // OpenAI Responses wire (with BodyNotJSON, WrongSurface, Usage)
        ResponsesShape.self, FunctionCallFields.self, StatusMismatch.self, ReasoningInText.self,
        // OpenAI Responses stream (with BadEvent, EventName, ErrorEvent, Truncated)
        TerminalEvent.self, SequenceNumber.self, ItemLifecycle.self, ArgumentsMismatch.self,
        // the neutral answer
        LeakedMarkup.self, ReasoningOnly.self, ArgumentsJSON.self, UnknownTool.self, ArgumentsSchema.self,
        // contract
        RequestStatus.self, ToolChoiceNone.self, ToolChoiceRequired.self, ToolChoiceNamed.self, ParallelFalse.self,
        ExpectedCalls.self, ReasoningPassthrough.self,
        // pair: agreement with the reference, parity between transports
        PromptTokens.self, TriggerAgreement.self, CallCountAgreement.self, ToolNameAgreement.self,
        ArgumentAgreement.self, Parity.self,
    ]

    /// Every label claimed by a check.
    public static var labels: [FailureLabel] { checks.flatMap { $0.labels } }

    /// The check that claims a label.
    /// - Parameter label: The label.
    /// - Returns: The check's type, or `nil` for a label no check makes.
    public static func check(making label: FailureLabel) -> (any Check.Type)? {
        checks.first { $0.labels.contains(label) }
    }
}
