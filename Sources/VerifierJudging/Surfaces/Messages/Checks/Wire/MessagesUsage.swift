import JSONSchema

/// `wire.messages_usage`: token usage present and consistent. `usage` is a required member of a Messages
/// answer (`input_tokens`, `output_tokens`); in a stream, `message_start` carries it and every `message_delta`
/// carries the output count, and an input count the delta repeats equals the start's.
public struct MessagesUsage: MessagesWireCheck {
    public static let labels: [FailureLabel] = [.wireMessagesUsage]

    /// Creates the check.
    public init() {}

    public func findings(in context: MessagesWireContext) -> [Finding] {
        guard let message = context.message else { return [] }
        if context.streamed, let trace = context.trace {
            return streamed(trace)
        }
        guard let usage = message.usage, usage.objectValue != nil else {
            return [Finding(.wireMessagesUsage, .error, "The message has no `usage` object.", at: "/usage")]
        }
        return counts(usage, required: ["input_tokens", "output_tokens"], at: "/usage")
    }

    private func streamed(_ trace: MessagesStreamTrace) -> [Finding] {
        var findings: [Finding] = []
        var startInput: Int?
        var startOutput: Int?
        if let start = trace.events.first(where: { $0.type == "message_start" }) {
            let location = "/events/\(start.number)/message/usage"
            if let usage = start.usage, usage.objectValue != nil {
                findings += counts(usage, required: ["input_tokens", "output_tokens"], at: location)
                startInput = usage["input_tokens"]?.intValue
                startOutput = usage["output_tokens"]?.intValue
            } else {
                findings.append(Finding(.wireMessagesUsage, .error, "`message_start.message` has no `usage`.", at: location))
            }
        }
        for delta in trace.events where delta.type == "message_delta" {
            let location = "/events/\(delta.number)/usage"
            guard let usage = delta.usage, usage.objectValue != nil else {
                findings.append(Finding(.wireMessagesUsage, .error, "`message_delta` has no `usage`.", at: location))
                continue
            }
            findings += counts(usage, required: ["output_tokens"], at: location)
            if let input = usage["input_tokens"]?.intValue, let startInput, input != startInput {
                findings.append(
                    Finding(
                        .wireMessagesUsage,
                        .error,
                        "`message_delta.usage.input_tokens` is \(input) where `message_start` said \(startInput).",
                        at: location + "/input_tokens"
                    )
                )
            }
            if let output = usage["output_tokens"]?.intValue, let startOutput, output < startOutput {
                findings.append(
                    Finding(
                        .wireMessagesUsage,
                        .error,
                        "`message_delta.usage.output_tokens` is \(output), fewer than the \(startOutput) of `message_start`.",
                        at: location + "/output_tokens"
                    )
                )
            }
        }
        return findings
    }

    private func counts(_ usage: JSONValue, required: [String], at location: String) -> [Finding] {
        var findings: [Finding] = []
        for key in ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] {
            guard let value = usage[key], !value.isNull else {
                if required.contains(key) {
                    findings.append(Finding(.wireMessagesUsage, .error, "`usage.\(key)` is missing.", at: location + "/\(key)"))
                }
                continue
            }
            if (value.numberValue?.int64Value).map({ $0 < 0 }) ?? true {
                findings.append(
                    Finding(
                        .wireMessagesUsage,
                        .error,
                        "`usage.\(key)` is \(value.serialized()), not a count.",
                        at: location + "/\(key)"
                    )
                )
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// Messages `usage` is missing, malformed, or differs between `message_start` and `message_delta`.
    public static let wireMessagesUsage = FailureLabel(rawValue: "wire.messages_usage")
}
