import JSONSchema

/// `stream.bad_event`: every `data:` line must be a chunk object (or `[DONE]`), in valid UTF-8,
/// and the last event must be terminated.
///
/// An unterminated final event is a warning: the WHATWG rules tell clients to discard it, so a
/// spec-following client loses whatever it carried.
public struct BadEvent: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamBadEvent]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        for event in trace.events {
            if case .invalid(let reason) = event.kind {
                findings.append(
                    Finding(
                        .streamBadEvent,
                        .error,
                        "Event \(event.number) is \(reason): \(event.excerpt ?? "")",
                        at: "/events/\(event.number)"
                    )
                )
            }
        }
        for anomaly in trace.anomalies {
            switch anomaly.kind {
            case .invalidUTF8:
                findings.append(
                    Finding(
                        .streamBadEvent,
                        .error,
                        "The stream holds invalid UTF-8 at byte \(anomaly.byteOffset).",
                        at: "/events"
                    )
                )
            case .unterminatedFinalEvent:
                findings.append(
                    Finding(
                        .streamBadEvent,
                        .warning,
                        "The last event is not ended by a blank line; clients following the SSE rules discard it: "
                            + anomaly.line.clipped(120),
                        at: "/events"
                    )
                )
            default:
                break
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// A `data:` line is not JSON (or not a chunk object).
    public static let streamBadEvent = FailureLabel(rawValue: "stream.bad_event")
}
