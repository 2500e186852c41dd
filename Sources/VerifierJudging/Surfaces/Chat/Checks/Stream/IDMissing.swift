import JSONSchema

/// `stream.id_missing`: a call's first fragment carries its `id` (a non-empty string).
///
/// Accumulators key a call by its first fragment (vLLM's `StreamingToolReconstructor`, the OpenAI
/// SDKs); an id that arrives later, or never, leaves the client without the id it must answer with.
public struct IDMissing: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamIDMissing]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        trace.fragmentsByIndex.compactMap { index, fragments in
            guard let first = fragments.first else { return nil }
            if let id = first.id?.stringValue, !id.isEmpty { return nil }
            let later = fragments.dropFirst().contains { $0.id?.stringValue?.isEmpty == false }
            return Finding(
                .streamIDMissing,
                .error,
                "The first fragment of call index \(index) carries no id"
                    + (later ? " (it arrives on a later fragment)." : " (no fragment carries one)."),
                at: first.location + "/id"
            )
        }
    }
}

extension FailureLabel {
    /// A call's first fragment carries no `id`.
    public static let streamIDMissing = FailureLabel(rawValue: "stream.id_missing")
}
