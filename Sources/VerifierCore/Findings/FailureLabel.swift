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

    /// Orders by layer precedence, then by name.
    public static func < (lhs: FailureLabel, rhs: FailureLabel) -> Bool {
        (lhs.layer, lhs.rawValue) < (rhs.layer, rhs.rawValue)
    }

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

    // MARK: agreement

    /// The reference called a tool; the provider did not.
    public static let agreeMissedCall = FailureLabel(rawValue: "agree.missed_call")
    /// The provider called a tool; the reference did not.
    public static let agreeSpuriousCall = FailureLabel(rawValue: "agree.spurious_call")
}
