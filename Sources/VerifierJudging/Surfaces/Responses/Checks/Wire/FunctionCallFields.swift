import JSONSchema

/// `wire.function_call_fields`: every `function_call` item has a non-empty string `name`, a non-empty string
/// `call_id` unique in the answer, and `arguments` as a string. Without a name the agent cannot dispatch the call
/// (vLLM's streamed Responses once sent such an item); without a `call_id` it cannot send the result back.
public struct FunctionCallFields: ResponsesWireCheck {
    public static let labels: [FailureLabel] = [.wireFunctionCallFields]

    /// Creates the check.
    public init() {}

    public func findings(in context: ResponsesWireContext) -> [Finding] {
        guard let response = context.response else { return [] }
        var findings: [Finding] = []
        var seen: [String: Int] = [:]
        for item in response.functionCalls {
            let what = "Function call item \(item.position)"
            switch item.name {
            case .string(let name)? where !name.isEmpty:
                break
            case let name:
                findings.append(
                    Finding(
                        .wireFunctionCallFields,
                        .error,
                        "\(what) has \(name.map { "the name \($0.serialized())" } ?? "no `name`"); a client cannot "
                            + "dispatch it.",
                        at: item.location + "/name"
                    )
                )
            }
            switch item.callID {
            case .string(let id)? where !id.isEmpty:
                if let first = seen[id] {
                    findings.append(
                        Finding(
                            .wireFunctionCallFields,
                            .error,
                            "\(what) repeats the `call_id` \(id) of item \(first); its result cannot be told apart.",
                            at: item.location + "/call_id"
                        )
                    )
                } else {
                    seen[id] = item.position
                }
            case let id:
                findings.append(
                    Finding(
                        .wireFunctionCallFields,
                        .error,
                        "\(what) has \(id.map { "the call_id \($0.serialized())" } ?? "no `call_id`"); its result "
                            + "cannot be sent back.",
                        at: item.location + "/call_id"
                    )
                )
            }
            if let arguments = item.arguments, arguments.stringValue == nil {
                findings.append(
                    Finding(
                        .wireFunctionCallFields,
                        .error,
                        "\(what) has `arguments` as a JSON \(arguments.typeName), not a string.",
                        at: item.location + "/arguments"
                    )
                )
            } else if item.arguments == nil {
                findings.append(
                    Finding(.wireFunctionCallFields, .error, "\(what) has no `arguments`.", at: item.location + "/arguments")
                )
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// A `function_call` item lacks its name or call id, repeats a call id, or has non-string arguments.
    public static let wireFunctionCallFields = FailureLabel(rawValue: "wire.function_call_fields")
}
