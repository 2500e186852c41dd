import JSONSchema

/// `wire.id_missing` and `wire.id_duplicate`: every call needs a non-empty string `id`, unique in its message.
///
/// Clients answer each call with a `tool` message naming its id; a missing or shared id makes the
/// results impossible to route. Evidence: vLLM parallel-call test (unique ids), Ollama reusing ids
/// (smolagents PR #1958).
public struct ToolCallIDs: ChatWireCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.wireIDMissing, .wireIDDuplicate]

    public func findings(in context: ChatWireContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: [String: Int] = [:]
        for call in context.message?.toolCalls ?? [] {
            guard let id = call.id?.stringValue, !id.isEmpty else {
                let sent = call.id.map { " (sent \($0.serialized()))" } ?? ""
                findings.append(
                    Finding(
                        .wireIDMissing,
                        .error,
                        "Call \(call.index) has no non-empty string `id`\(sent).",
                        at: call.location + "/id"
                    )
                )
                continue
            }
            if let first = seen[id] {
                findings.append(
                    Finding(
                        .wireIDDuplicate,
                        .error,
                        "Calls \(first) and \(call.index) share the id \"\(id.clipped(80))\".",
                        at: call.location + "/id"
                    )
                )
            } else {
                seen[id] = call.index
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// A tool call has no (or an empty) `id`.
    public static let wireIDMissing = FailureLabel(rawValue: "wire.id_missing")
    /// Two tool calls in one message share an `id`.
    public static let wireIDDuplicate = FailureLabel(rawValue: "wire.id_duplicate")
}
