/// `wire.id_missing` and `wire.id_duplicate`: every call needs a non-empty string `id`, unique in its message.
///
/// Clients answer each call with a `tool` message naming its id; a missing or shared id makes the
/// results impossible to route. Evidence: vLLM parallel-call test (unique ids), Ollama reusing ids
/// (smolagents PR #1958).
public struct ToolCallIDs: ResponseCheck {
    /// Creates the check.
    public init() {}

    public var labels: [FailureLabel] { [.wireIDMissing, .wireIDDuplicate] }

    public func findings(in context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: [String: Int] = [:]
        for call in context.message.toolCalls {
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
