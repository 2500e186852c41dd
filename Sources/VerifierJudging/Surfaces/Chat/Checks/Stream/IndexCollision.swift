import JSONSchema

/// `stream.index_collision`: two calls streamed under one `index`; with the tolerated variants
/// `stream.id_repeated` and `stream.name_repeated` (warnings).
///
/// A later fragment of an index that carries a different id, or a second complete tool name, is
/// another call reusing the index: accumulators merge the two into one broken call (Ollama reusing
/// index 0, smolagents PR #1958; Nebius/Cerebras shifting indices, dirac PR #215).
///
/// Re-sending the same id or the same full name on later fragments is a warning, not a failure:
/// real servers do it (vLLM's Hermes path re-sends the id on every chunk, its `append_delta_bring_id`
/// test helper tolerates it) and the common accumulators keep the first value.
public struct IndexCollision: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamIndexCollision, .streamIDRepeated, .streamNameRepeated]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        var idRepeats: [(Int, String)] = []
        var nameRepeats: [(Int, String)] = []
        for (index, fragments) in trace.fragmentsByIndex {
            guard let first = fragments.first else { continue }
            var collided = false
            for fragment in fragments.dropFirst() {
                switch StreamTrace.relation(of: fragment, to: first, toolNames: toolNames) {
                case .collision(let what) where !collided:
                    collided = true
                    findings.append(
                        Finding(
                            .streamIndexCollision,
                            .error,
                            "Two calls share index \(index): \(what).",
                            at: fragment.location
                        )
                    )
                case .repeated(let id, let name):
                    if id { idRepeats.append((index, fragment.location)) }
                    if name { nameRepeats.append((index, fragment.location)) }
                default:
                    break
                }
            }
        }
        if let (index, location) = idRepeats.first {
            findings.append(
                Finding(
                    .streamIDRepeated,
                    .warning,
                    "The call id is sent again on \(idRepeats.count) later fragment(s) (first for index \(index)).",
                    at: location + "/id"
                )
            )
        }
        if let (index, location) = nameRepeats.first {
            findings.append(
                Finding(
                    .streamNameRepeated,
                    .warning,
                    "The function name is sent again on \(nameRepeats.count) later fragment(s) (first for index \(index)).",
                    at: location + "/function/name"
                )
            )
        }
        return findings
    }
}

extension FailureLabel {
    /// Two calls were streamed under one `index`.
    public static let streamIndexCollision = FailureLabel(rawValue: "stream.index_collision")
    /// A call's `id` was sent again on later fragments (warning).
    public static let streamIDRepeated = FailureLabel(rawValue: "stream.id_repeated")
    /// A call's full name was sent again on later fragments (warning).
    public static let streamNameRepeated = FailureLabel(rawValue: "stream.name_repeated")
}
