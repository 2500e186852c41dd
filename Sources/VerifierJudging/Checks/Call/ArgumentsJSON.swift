import JSONSchema

/// `call.invalid_json`, `call.truncated`, `call.not_object`, `call.double_encoded`, `call.empty_arguments`:
/// a call's `arguments` string must hold one JSON object.
///
/// - `call.truncated` replaces `call.invalid_json` when `finish_reason` is `length`: the model ran
///   out of tokens mid-call (SGLang's partial-call test), not a parser defect.
/// - `call.double_encoded`: the string holds a JSON string that itself holds JSON (SGLang's GLM
///   double-escape bug).
/// - `call.empty_arguments` (warning): `""` where `"{}"` is meant; vLLM's parser tests accept both,
///   strict clients do not.
public struct ArgumentsJSON: AnswerCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [
        .callInvalidJSON, .callTruncated, .callNotObject, .callDoubleEncoded, .callEmptyArguments,
    ]

    public func findings(in context: AnswerContext) -> [Finding] {
        context.answer.calls.compactMap { call in
            let location = call.argumentsLocation
            switch call.arguments {
            case .invalidJSON(let error, let text):
                if context.answer.stopReason == .length {
                    return Finding(
                        .callTruncated,
                        .error,
                        "Call \(call.index)'s arguments stop mid-JSON and finish_reason is \"length\": \(text.clipped(120))",
                        at: location
                    )
                }
                return Finding(
                    .callInvalidJSON,
                    .error,
                    "Call \(call.index)'s arguments are not JSON (\(error.message) at byte \(error.offset)): \(text.clipped(120))",
                    at: location
                )
            case .notObject(let value):
                return Finding(
                    .callNotObject,
                    .error,
                    "Call \(call.index)'s arguments parse to a JSON \(value.typeName), not an object: \(value.serialized().clipped(120))",
                    at: location
                )
            case .doubleEncoded(let inner):
                return Finding(
                    .callDoubleEncoded,
                    .error,
                    "Call \(call.index)'s arguments are JSON encoded twice (a string holding \(inner.serialized().clipped(120))).",
                    at: location
                )
            case .empty:
                return Finding(
                    .callEmptyArguments,
                    .warning,
                    "Call \(call.index)'s arguments are an empty string; \"{}\" is the form clients parse.",
                    at: location
                )
            case .object, .sentAsObject, .notString:
                return nil
            }
        }
    }
}

extension FailureLabel {
    /// `arguments` does not parse as JSON.
    public static let callInvalidJSON = FailureLabel(rawValue: "call.invalid_json")
    /// `arguments` parses, but not to an object.
    public static let callNotObject = FailureLabel(rawValue: "call.not_object")
    /// `arguments` is a JSON string that itself holds JSON (encoded twice).
    public static let callDoubleEncoded = FailureLabel(rawValue: "call.double_encoded")
    /// `arguments` is the empty string.
    public static let callEmptyArguments = FailureLabel(rawValue: "call.empty_arguments")
    /// The arguments are cut off because generation hit the length limit.
    public static let callTruncated = FailureLabel(rawValue: "call.truncated")
}
