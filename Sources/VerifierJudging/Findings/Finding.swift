import JSONSchema

/// One labelled observation about a provider's response, pointing at the evidence that shows it.
public struct Finding: Sendable, Hashable {
    /// The taxonomy label.
    public var label: FailureLabel
    /// How much it counts.
    public var severity: Severity
    /// A whole sentence a provider engineer can act on.
    public var message: String
    /// Where in the response it was seen, as a JSON Pointer (for a stream: `events/<n>/…`).
    public var location: String?

    /// Creates a finding.
    /// - Parameters:
    ///   - label: The taxonomy label.
    ///   - severity: How much it counts.
    ///   - message: A whole sentence describing what the provider did.
    ///   - location: Where in the response it was seen.
    public init(_ label: FailureLabel, _ severity: Severity, _ message: String, at location: String? = nil) {
        self.label = label
        self.severity = severity
        self.message = message
        self.location = location
    }
}

extension Array where Element == Finding {
    /// The finding that explains the item best: the highest severity, then the earliest layer.
    public var primary: Finding? {
        self.min { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            return lhs.label < rhs.label
        }
    }
}
