import JSONSchema

/// A label of the failure taxonomy (DESIGN §6), such as `wire.leaked_markup` or `call.schema`.
///
/// Each label is made by exactly one check, which claims it (``Check/labels``) and defines it beside
/// itself, so `grep -rl '"<label>"' Sources/VerifierJudging` finds the one file that makes it;
/// ``LabelRegistry`` lists every check and label.
public struct FailureLabel: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The dotted name, for example `stream.no_done`.
    public let rawValue: String

    /// Creates a label from its dotted name.
    /// - Parameter rawValue: The dotted name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The dotted name.
    public var description: String { rawValue }

    /// The prefix before the first dot (`wire`, `call`, …).
    public var family: String { String(rawValue.prefix(while: { $0 != "." })) }

    /// The verdict layer the label belongs to.
    public var layer: VerdictLayer {
        switch family {
        case "http": .delivery
        case "wire", "stream": .wire
        case "call": .schema
        case "contract": .contract
        default: .agreement
        }
    }

    /// Orders by layer precedence, then by how much of the answer the defect explains (a stream cut
    /// short explains a parity difference, a shared index explains broken arguments), then by name.
    public static func < (lhs: FailureLabel, rhs: FailureLabel) -> Bool {
        (lhs.layer, lhs.rank, lhs.rawValue) < (rhs.layer, rhs.rank, rhs.rawValue)
    }

    /// Position within the layer: labels that make an answer unreadable first, comparisons last.
    var rank: Int {
        FailureLabel.explanatoryOrder.firstIndex(of: self) ?? FailureLabel.explanatoryOrder.count
    }

    private static let explanatoryOrder: [FailureLabel] = [
        .httpConnection,
        .httpTimeout,
        .httpRateLimited,
        .httpStatus,
        .httpBodyTooLarge,
        .wireBodyNotJSON,
        .wireWrongSurface,
        .wireShape,
        .wireMessagesShape,
        .wireResponsesShape,
        .streamErrorEvent,
        .streamTruncated,
        .streamBadEvent,
        .streamEventName,
        .streamNoDone,
        .streamNoMessageStop,
        .streamBlockOrder,
        .streamToolUseMerged,
        .streamToolUseSplit,
        .streamInputJSON,
        .streamTerminalEvent,
        .streamItemLifecycle,
        .streamArgumentsMismatch,
        .streamSequenceNumber,
        .streamAfterDone,
        .streamIndexCollision,
        .streamIndexGap,
        .streamIDMissing,
        .streamNameFragmented,
        .streamRoleRepeated,
        .streamFinishReasonCount,
        .streamUsagePlacement,
        .wireLeakedMarkup,
        .wireFinishReasonMismatch,
        .wireStopReasonMismatch,
        .wireInputNotObject,
        .wireToolUseIDs,
        .wireFunctionCallFields,
        .wireStatusMismatch,
        .wireReasoningInText,
        .wireMessagesUsage,
        .wireArgumentsNotString,
        .wireCallType,
        .wireIDMissing,
        .wireIDDuplicate,
        .wireUsageInconsistent,
        .streamParity,
        .contractInvalidRequestAccepted,
        .contractValidRequestRejected,
        .contractHistoryRejected,
        .contractToolChoiceNone,
        .contractToolChoiceRequired,
        .contractToolChoiceNamed,
        .contractParallelFalse,
        .contractUnexpectedCall,
        .contractMissingCall,
        .contractCallCount,
        .contractToolName,
        .contractArguments,
        .contractReasoningDropped,
    ]
}
