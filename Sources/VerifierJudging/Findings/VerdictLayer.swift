import JSONSchema

/// The verdict layers of DESIGN §5, which are reported side by side and never blended.
public enum VerdictLayer: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Did a usable response arrive at all (status, transport, timeouts).
    case delivery
    /// Is the response or stream well-formed OpenAI Chat Completions (deterministic).
    case wire
    /// Are emitted calls well-formed and valid against the tools' schemas (deterministic).
    case schema
    /// Does each labelled case get what its contract says (deterministic).
    case contract
    /// Does the provider behave like the reference (statistical).
    case agreement

    /// The order in which a failing item's primary label is chosen: the earliest layer explains the rest.
    var precedence: Int {
        switch self {
        case .delivery: 0
        case .wire: 1
        case .schema: 2
        case .contract: 3
        case .agreement: 4
        }
    }

    /// Orders layers by precedence.
    public static func < (lhs: VerdictLayer, rhs: VerdictLayer) -> Bool { lhs.precedence < rhs.precedence }
}
