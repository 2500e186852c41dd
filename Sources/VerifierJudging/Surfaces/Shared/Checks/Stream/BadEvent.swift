import JSONSchema

/// `stream.bad_event`: every `data:` line must be an event object (Chat: a chunk, or `[DONE]`), in valid UTF-8,
/// and the last event must be terminated.
///
/// An unterminated final event is a warning: the WHATWG rules tell clients to discard it, so a
/// spec-following client loses whatever it carried.
public struct BadEvent: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamBadEvent]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        let invalid = trace.events.compactMap { event -> (Int, String, String?)? in
            if case .invalid(let reason) = event.kind { return (event.number, reason, event.excerpt) }
            return nil
        }
        return Self.findings(invalid: invalid, anomalies: trace.anomalies)
    }

    static func findings(invalid: [(number: Int, reason: String, excerpt: String?)], anomalies: [SSEAnomaly])
        -> [Finding]
    {
        var findings: [Finding] = []
        for event in invalid {
            findings.append(
                Finding(
                    .streamBadEvent,
                    .error,
                    "Event \(event.number) is \(event.reason): \(event.excerpt ?? "")",
                    at: "/events/\(event.number)"
                )
            )
        }
        for anomaly in anomalies {
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

extension BadEvent: MessagesStreamCheck {
    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        let invalid = trace.events.compactMap { event -> (Int, String, String?)? in
            if case .invalid(let reason) = event.kind { return (event.number, reason, event.excerpt) }
            return nil
        }
        return Self.findings(invalid: invalid, anomalies: trace.anomalies)
    }
}

extension FailureLabel {
    /// A `data:` line is not JSON (or not a chunk object).
    public static let streamBadEvent = FailureLabel(rawValue: "stream.bad_event")
}

extension BadEvent: ResponsesStreamCheck {
    public func findings(in trace: ResponsesStreamTrace) -> [Finding] {
        let invalid = trace.events.compactMap { event -> (Int, String, String?)? in
            if case .invalid(let reason) = event.kind { return (event.number, reason, event.excerpt) }
            return nil
        }
        return Self.findings(invalid: invalid, anomalies: trace.anomalies)
    }
}
