/// A label of the failure taxonomy (DESIGN §6), such as `wire.leaked_markup` or `call.schema`.
///
/// Each label is produced by exactly one check; the check lives in a file named after the label
/// under `Sources/VerifierCore/Checks/`, so `grep -r '"call.schema"' Sources` finds it.
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
        FailureLabel.explanatoryOrder.firstIndex(of: rawValue) ?? FailureLabel.explanatoryOrder.count
    }

    private static let explanatoryOrder = [
        "http.connection", "http.timeout", "http.rate_limited", "http.status", "http.body_too_large",
        "wire.body_not_json", "wire.shape", "stream.truncated", "stream.bad_event", "stream.no_done",
        "stream.after_done", "stream.index_collision", "stream.index_gap", "stream.id_missing",
        "stream.name_fragmented", "stream.role_repeated", "stream.finish_reason_count", "stream.usage_placement",
        "wire.leaked_markup", "wire.finish_reason_mismatch", "wire.arguments_not_string", "wire.call_type",
        "wire.id_missing", "wire.id_duplicate", "wire.usage_inconsistent", "stream.parity",
        "contract.invalid_request_accepted", "contract.valid_request_rejected", "contract.history_rejected",
        "contract.tool_choice_none", "contract.tool_choice_required", "contract.tool_choice_named",
        "contract.parallel_false", "contract.unexpected_call", "contract.missing_call", "contract.call_count",
        "contract.tool_name", "contract.arguments", "contract.reasoning_dropped",
    ]

    // MARK: delivery

    /// The host answered with a non-2xx status.
    public static let httpStatus = FailureLabel(rawValue: "http.status")
    /// No complete response within the per-request timeout.
    public static let httpTimeout = FailureLabel(rawValue: "http.timeout")
    /// The connection could not be made or broke.
    public static let httpConnection = FailureLabel(rawValue: "http.connection")
    /// The host answered 429.
    public static let httpRateLimited = FailureLabel(rawValue: "http.rate_limited")
    /// The response body exceeded the size cap and was cut.
    public static let httpBodyTooLarge = FailureLabel(rawValue: "http.body_too_large")

    // MARK: wire

    /// A non-streaming body (or a 2xx body) is not JSON.
    public static let wireBodyNotJSON = FailureLabel(rawValue: "wire.body_not_json")
    /// The JSON does not have the chat-completion shape (no `choices`, no `message`, wrong types).
    public static let wireShape = FailureLabel(rawValue: "wire.shape")
    /// `finish_reason` contradicts the presence of tool calls.
    public static let wireFinishReasonMismatch = FailureLabel(rawValue: "wire.finish_reason_mismatch")
    /// `function.arguments` is not a string.
    public static let wireArgumentsNotString = FailureLabel(rawValue: "wire.arguments_not_string")
    /// A tool call's `type` is not `"function"`.
    public static let wireCallType = FailureLabel(rawValue: "wire.call_type")
    /// A tool call has no (or an empty) `id`.
    public static let wireIDMissing = FailureLabel(rawValue: "wire.id_missing")
    /// Two tool calls in one message share an `id`.
    public static let wireIDDuplicate = FailureLabel(rawValue: "wire.id_duplicate")
    /// Tool-call markup or special tokens appear in `content` or reasoning.
    public static let wireLeakedMarkup = FailureLabel(rawValue: "wire.leaked_markup")
    /// The message has reasoning but neither content nor calls.
    public static let wireReasoningOnly = FailureLabel(rawValue: "wire.reasoning_only")
    /// `usage` is absent.
    public static let wireUsageMissing = FailureLabel(rawValue: "wire.usage_missing")
    /// `usage` numbers do not add up.
    public static let wireUsageInconsistent = FailureLabel(rawValue: "wire.usage_inconsistent")

    // MARK: stream

    /// A `data:` line is not JSON (or not a chunk object).
    public static let streamBadEvent = FailureLabel(rawValue: "stream.bad_event")
    /// The stream ended without `data: [DONE]`.
    public static let streamNoDone = FailureLabel(rawValue: "stream.no_done")
    /// The stream ended before any choice finished.
    public static let streamTruncated = FailureLabel(rawValue: "stream.truncated")
    /// Events arrived after `data: [DONE]`.
    public static let streamAfterDone = FailureLabel(rawValue: "stream.after_done")
    /// `delta.role` was sent again after the first chunk.
    public static let streamRoleRepeated = FailureLabel(rawValue: "stream.role_repeated")
    /// No chunk carried `delta.role` before the answer began (warning).
    public static let streamRoleMissing = FailureLabel(rawValue: "stream.role_missing")
    /// Two calls were streamed under one `index`.
    public static let streamIndexCollision = FailureLabel(rawValue: "stream.index_collision")
    /// Call indices do not start at 0 or skip a number.
    public static let streamIndexGap = FailureLabel(rawValue: "stream.index_gap")
    /// A call's first fragment carries no `id`.
    public static let streamIDMissing = FailureLabel(rawValue: "stream.id_missing")
    /// A call's `id` was sent again on later fragments (warning).
    public static let streamIDRepeated = FailureLabel(rawValue: "stream.id_repeated")
    /// A call's name arrived in pieces, or not on its first fragment.
    public static let streamNameFragmented = FailureLabel(rawValue: "stream.name_fragmented")
    /// A call's full name was sent again on later fragments (warning).
    public static let streamNameRepeated = FailureLabel(rawValue: "stream.name_repeated")
    /// Not exactly one `finish_reason`, or one before the last choice chunk.
    public static let streamFinishReasonCount = FailureLabel(rawValue: "stream.finish_reason_count")
    /// Usage not in exactly one chunk with empty `choices` before `[DONE]`.
    public static let streamUsagePlacement = FailureLabel(rawValue: "stream.usage_placement")
    /// The streamed answer differs from the non-streamed answer to the same deterministic request.
    public static let streamParity = FailureLabel(rawValue: "stream.parity")

    // MARK: call

    /// `arguments` does not parse as JSON.
    public static let callInvalidJSON = FailureLabel(rawValue: "call.invalid_json")
    /// `arguments` parses, but not to an object.
    public static let callNotObject = FailureLabel(rawValue: "call.not_object")
    /// `arguments` is a JSON string that itself holds JSON (encoded twice).
    public static let callDoubleEncoded = FailureLabel(rawValue: "call.double_encoded")
    /// `arguments` is the empty string.
    public static let callEmptyArguments = FailureLabel(rawValue: "call.empty_arguments")
    /// The call names a tool that the request did not offer.
    public static let callUnknownTool = FailureLabel(rawValue: "call.unknown_tool")
    /// The arguments violate the tool's JSON Schema.
    public static let callSchema = FailureLabel(rawValue: "call.schema")
    /// The arguments are cut off because generation hit the length limit.
    public static let callTruncated = FailureLabel(rawValue: "call.truncated")

    // MARK: contract

    /// `tool_choice: "none"`, yet the answer calls a tool.
    public static let contractToolChoiceNone = FailureLabel(rawValue: "contract.tool_choice_none")
    /// `tool_choice: "required"`, yet the answer calls no tool.
    public static let contractToolChoiceRequired = FailureLabel(rawValue: "contract.tool_choice_required")
    /// A named `tool_choice`, yet the answer calls no tool or another one.
    public static let contractToolChoiceNamed = FailureLabel(rawValue: "contract.tool_choice_named")
    /// `parallel_tool_calls: false`, yet the answer holds more than one call.
    public static let contractParallelFalse = FailureLabel(rawValue: "contract.parallel_false")
    /// A request the API must reject (or the reference rejected) was answered with a 2xx.
    public static let contractInvalidRequestAccepted = FailureLabel(rawValue: "contract.invalid_request_accepted")
    /// A valid request (one the reference accepted) was rejected with a 4xx.
    public static let contractValidRequestRejected = FailureLabel(rawValue: "contract.valid_request_rejected")
    /// A request whose history holds tool calls and results was rejected with a 4xx (foreign
    /// `tool_call_id` formats, reasoning fields in history).
    public static let contractHistoryRejected = FailureLabel(rawValue: "contract.history_rejected")
    /// The case expects no call (nothing fits, or the tool result answers the question), yet the answer calls.
    public static let contractUnexpectedCall = FailureLabel(rawValue: "contract.unexpected_call")
    /// The case expects a call, yet the answer calls no tool.
    public static let contractMissingCall = FailureLabel(rawValue: "contract.missing_call")
    /// The answer holds another number of calls than the case expects.
    public static let contractCallCount = FailureLabel(rawValue: "contract.call_count")
    /// The answer calls another tool than the case expects.
    public static let contractToolName = FailureLabel(rawValue: "contract.tool_name")
    /// The right tool, called with arguments outside the case's acceptable values.
    public static let contractArguments = FailureLabel(rawValue: "contract.arguments")
    /// Reasoning sent back in the history of a tool turn does not reach the model (the prompt does not grow).
    public static let contractReasoningDropped = FailureLabel(rawValue: "contract.reasoning_dropped")

    // MARK: agreement

    /// The reference called a tool; the provider did not.
    public static let agreeMissedCall = FailureLabel(rawValue: "agree.missed_call")
    /// The provider called a tool; the reference did not.
    public static let agreeSpuriousCall = FailureLabel(rawValue: "agree.spurious_call")
    /// `usage.prompt_tokens` differs from the reference's (or the case's expected count) beyond the tolerance.
    public static let agreePromptTokens = FailureLabel(rawValue: "agree.prompt_tokens")
    /// Both sides called tools, but the provider made another number of calls than the reference.
    public static let agreeCallCount = FailureLabel(rawValue: "agree.call_count")
    /// Both sides called tools, but the provider called other tools than the reference.
    public static let agreeToolName = FailureLabel(rawValue: "agree.tool_name")
    /// Both sides called the same tools, but the provider passed other arguments than the reference.
    public static let agreeArguments = FailureLabel(rawValue: "agree.arguments")
}
