import JSONSchema

/// `stream.name_fragmented`: a call's first fragment carries its full `function.name`, and later
/// fragments do not add to it.
///
/// vLLM's streaming tests require the full name in the first delta; clients that take the first
/// name (rather than concatenating) call a truncated tool name otherwise.
public struct NameFragmented: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamNameFragmented]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        trace.fragmentsByIndex.compactMap { index, fragments in
            guard let first = fragments.first else { return nil }
            guard let name = first.name?.stringValue, !name.isEmpty else {
                return Finding(
                    .streamNameFragmented,
                    .error,
                    "The first fragment of call index \(index) carries no function name.",
                    at: first.location + "/function/name"
                )
            }
            let pieces = fragments.dropFirst().filter {
                StreamTrace.relation(of: $0, to: first, toolNames: toolNames) == .nameFragment
            }
            guard let piece = pieces.first else { return nil }
            let whole = name + pieces.compactMap { $0.name?.stringValue }.joined()
            return Finding(
                .streamNameFragmented,
                .error,
                "Call index \(index)'s name arrives in \(pieces.count + 1) pieces (\"\(name)\" first, \"\(whole)\" joined).",
                at: piece.location + "/function/name"
            )
        }
    }
}

extension FailureLabel {
    /// A call's name arrived in pieces, or not on its first fragment.
    public static let streamNameFragmented = FailureLabel(rawValue: "stream.name_fragmented")
}
