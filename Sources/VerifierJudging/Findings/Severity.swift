import JSONSchema

/// How much a finding counts against a provider.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Informational: reported, never gated.
    case info
    /// A tolerated deviation that clients usually survive (for example `""` arguments for an empty call).
    case warning
    /// A defect that breaks clients; deterministic layers gate on these.
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Orders by rank: info < warning < error.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
