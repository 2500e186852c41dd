/// How a suite's request probes are judged against the reference's status class.
public enum RequestPolicy: String, Sendable, Hashable, CaseIterable {
    /// A provider may be stricter than the reference: its 4xx where the reference accepted is a
    /// reported difference (a warning), while accepting what must be rejected is a failure.
    case compatible
    /// The status class must match the reference's in both directions.
    case parity
}
