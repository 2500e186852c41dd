import JSONSchema

/// `wire.arguments_not_string`: `function.arguments` must be a string holding JSON.
///
/// The OpenAI contract types `arguments` as a string; clients call `JSON.parse` on it and break on an
/// object. Evidence: oumi PR #2601, openclaw PR #40425, llama.cpp's tiny-model test helper.
public struct ArgumentsNotString: ChatWireCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.wireArgumentsNotString]

    public func findings(in context: ChatWireContext) -> [Finding] {
        zip(context.message?.toolCalls ?? [], context.arguments).compactMap { call, decoded in
            switch decoded {
            case .sentAsObject:
                return Finding(
                    .wireArgumentsNotString,
                    .error,
                    "Call \(call.index) sends `function.arguments` as a JSON object instead of a string holding JSON.",
                    at: call.location + "/function/arguments"
                )
            case .notString(let value):
                let kind = value.map { "a JSON \($0.typeName)" } ?? "absent"
                return Finding(
                    .wireArgumentsNotString,
                    .error,
                    "Call \(call.index) has `function.arguments` \(kind), not a string.",
                    at: call.location + "/function/arguments"
                )
            default:
                return nil
            }
        }
    }
}

extension FailureLabel {
    /// `function.arguments` is not a string.
    public static let wireArgumentsNotString = FailureLabel(rawValue: "wire.arguments_not_string")
}
