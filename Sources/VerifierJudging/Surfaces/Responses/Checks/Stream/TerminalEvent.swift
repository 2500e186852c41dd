import JSONSchema

/// `stream.terminal_event`: a stream ends in exactly one terminal event (`response.completed`,
/// `response.incomplete` or `response.failed`), and nothing follows it. Clients stop at the first; whatever
/// comes after is lost, and a second terminal contradicts the first. (No terminal at all is
/// `stream.truncated`.)
public struct TerminalEvent: ResponsesStreamCheck {
    public static let labels: [FailureLabel] = [.streamTerminalEvent]

    /// Creates the check.
    public init() {}

    public func findings(in trace: ResponsesStreamTrace) -> [Finding] {
        guard let terminal = trace.terminal else { return [] }
        var findings: [Finding] = []
        var after = 0
        for event in trace.events where event.number > terminal.number {
            if event.isTerminal {
                findings.append(
                    Finding(
                        .streamTerminalEvent,
                        .error,
                        "A second terminal event (\(event.type ?? "")) at event \(event.number) follows "
                            + "\(terminal.type ?? "") at event \(terminal.number).",
                        at: "/events/\(event.number)"
                    )
                )
            } else if case .event = event.kind {
                after += 1
                if after == 1 {
                    findings.append(
                        Finding(
                            .streamTerminalEvent,
                            .error,
                            "Event \(event.number) (\(event.type ?? "")) arrives after the terminal \(terminal.type ?? "") "
                                + "at event \(terminal.number); clients have stopped reading.",
                            at: "/events/\(event.number)"
                        )
                    )
                }
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// More than one terminal event, or events after it.
    public static let streamTerminalEvent = FailureLabel(rawValue: "stream.terminal_event")
}
