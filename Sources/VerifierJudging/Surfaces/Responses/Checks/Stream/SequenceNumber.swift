import JSONSchema

/// `stream.sequence_number`: every event carries an integer `sequence_number`, strictly increasing through the
/// stream. Clients that resume a stream or put events back in order rely on it; a repeated or backward number is
/// an event out of order (an error). A stream without any sequence numbers is a warning: the SDKs still read it,
/// but nothing can be resumed or reordered.
public struct SequenceNumber: ResponsesStreamCheck {
    public static let labels: [FailureLabel] = [.streamSequenceNumber]

    /// How many out-of-order events are reported one by one before the rest are counted.
    public static let reportedOneByOne = 3

    /// Creates the check.
    public init() {}

    public func findings(in trace: ResponsesStreamTrace) -> [Finding] {
        var readable = 0
        var numbered = 0
        for index in trace.events.indices where trace.isReadable(index) {
            readable += 1
            if trace.events[index].sequenceNumber != nil || trace.events[index].rawSequenceNumber != nil { numbered += 1 }
        }
        guard readable > 0 else { return [] }
        if numbered == 0 {
            return [
                Finding(
                    .streamSequenceNumber,
                    .warning,
                    "No event carries a `sequence_number`; the stream cannot be resumed or put back in order.",
                    at: "/events/0"
                )
            ]
        }
        var findings: [Finding] = []
        var disorder = 0
        var previous: (number: Int, event: Int)?
        for index in trace.events.indices where trace.isReadable(index) {
            let event = trace.events[index]
            let location = "/events/\(event.number)/sequence_number"
            guard let sequence = event.sequenceNumber else {
                disorder += 1
                if disorder <= Self.reportedOneByOne {
                    let what = event.rawSequenceNumber.map { "`sequence_number` \($0.serialized())" } ?? "no `sequence_number`"
                    findings.append(
                        Finding(.streamSequenceNumber, .error, "Event \(event.number) has \(what), unlike the rest.", at: location)
                    )
                }
                continue
            }
            guard let last = previous else {
                previous = (sequence, event.number)
                continue
            }
            if sequence > last.number {
                previous = (sequence, event.number)
            } else {
                disorder += 1
                if disorder <= Self.reportedOneByOne {
                    let how = sequence == last.number ? "repeats" : "goes back from"
                    findings.append(
                        Finding(
                            .streamSequenceNumber,
                            .error,
                            "Event \(event.number) \(how) sequence number \(last.number) (event \(last.event)) "
                                + "with \(sequence).",
                            at: location
                        )
                    )
                }
            }
        }
        if disorder > Self.reportedOneByOne {
            findings.append(
                Finding(
                    .streamSequenceNumber,
                    .error,
                    "\(disorder - Self.reportedOneByOne) more event(s) are out of sequence.",
                    at: "/events"
                )
            )
        }
        return findings
    }
}

extension FailureLabel {
    /// `sequence_number` missing, repeated or going back.
    public static let streamSequenceNumber = FailureLabel(rawValue: "stream.sequence_number")
}
