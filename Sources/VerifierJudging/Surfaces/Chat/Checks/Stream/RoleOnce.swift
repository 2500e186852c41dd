import JSONSchema

/// `stream.role_repeated` and `stream.role_missing`: `delta.role` is sent once, on the first choice
/// chunk, and is `"assistant"`.
///
/// Repeating it is an error (vLLM's parallel-call test requires it streamed exactly once; clients
/// that append every delta field corrupt the message). Never sending it is a warning: clients
/// default to `assistant`. Another role value is a `wire.shape` error.
public struct RoleOnce: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamRoleRepeated, .streamRoleMissing]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        let choiceEvents = trace.beforeDone.filter { $0.kind == .chunk && ($0.choiceCount ?? 0) > 0 }
        var findings: [Finding] = []
        let withRole = choiceEvents.filter { $0.role != nil }
        guard let first = withRole.first else {
            if !choiceEvents.isEmpty {
                findings.append(Finding(.streamRoleMissing, .warning, "No chunk carries `delta.role`.", at: "/events"))
            }
            return findings
        }
        if let firstDelta = choiceEvents.first(where: \.carriesDelta), firstDelta.number < first.number {
            findings.append(
                Finding(
                    .streamRoleMissing,
                    .warning,
                    "`delta.role` first arrives on event \(first.number), after the answer began on event \(firstDelta.number).",
                    at: "/events/\(first.number)"
                )
            )
        }
        if withRole.count > 1, let second = withRole.dropFirst().first {
            findings.append(
                Finding(
                    .streamRoleRepeated,
                    .error,
                    "`delta.role` is sent on \(withRole.count) chunks (again on event \(second.number)); it belongs on the first only.",
                    at: "/events/\(second.number)"
                )
            )
        }
        return findings
    }
}

extension FailureLabel {
    /// `delta.role` was sent again after the first chunk.
    public static let streamRoleRepeated = FailureLabel(rawValue: "stream.role_repeated")
    /// No chunk carried `delta.role` before the answer began (warning).
    public static let streamRoleMissing = FailureLabel(rawValue: "stream.role_missing")
}
