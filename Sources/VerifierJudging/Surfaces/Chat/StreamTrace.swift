import JSONSchema

/// Every event of a streamed answer as parsed, in order: what the stream checks judge.
///
/// The trace keeps only what the invariants need (roles, fragment identities, finish reasons,
/// usage placement, byte offsets), never the whole chunk JSON.
public struct StreamTrace: Sendable, Hashable {
    /// One `chat.completion.chunk` tool-call fragment of choice 0.
    public struct Fragment: Sendable, Hashable {
        /// `index` as sent (`nil` when absent or not a non-negative integer).
        public var index: Int?
        /// `id` as sent.
        public var id: JSONValue?
        /// `type` as sent.
        public var type: JSONValue?
        /// `function.name` as sent.
        public var name: JSONValue?
        /// `function.arguments` as sent.
        public var arguments: JSONValue?
        /// JSON Pointer of the fragment.
        public var location: String
    }

    /// One SSE event.
    public struct Event: Sendable, Hashable {
        /// What the event was.
        public enum Kind: Sendable, Hashable {
            /// A chunk object.
            case chunk
            /// `data: [DONE]`.
            case done
            /// A `data:` line that is not a chunk, with the reason.
            case invalid(String)
        }

        /// 0-based position in the stream.
        public var number: Int
        /// What it was.
        public var kind: Kind
        /// Offset of the event's first byte in the body.
        public var byteOffset: Int
        /// The raw `data` text, clipped (kept for invalid events only).
        public var excerpt: String?
        /// Number of entries in `choices`, or `nil` when there is no `choices` array.
        public var choiceCount: Int?
        /// The non-null `usage` object, when present.
        public var usage: JSONValue?
        /// The top-level `model`, when present.
        public var model: String?
        /// The aggregator's upstream host (OpenRouter's top-level `provider`), when present.
        public var upstreamProvider: String?
        /// `delta.role` of choice 0.
        public var role: String?
        /// `delta.content` of choice 0 when a string.
        public var content: String?
        /// `delta.reasoning_content` / `delta.reasoning` of choice 0.
        public var reasoning: String?
        /// Tool-call fragments of choice 0.
        public var fragments: [Fragment]
        /// `finish_reason` of choice 0 when non-null.
        public var finishReason: String?

        /// Whether a non-null `usage` object was present.
        public var hasUsage: Bool { usage != nil }

        /// Whether the event is a usage-only chunk: `choices` empty and `usage` set.
        public var isUsageChunk: Bool { choiceCount == 0 && hasUsage }

        /// Whether the event carries anything for choice 0 (content, reasoning, role or calls).
        public var carriesDelta: Bool {
            role != nil || !(content ?? "").isEmpty || !(reasoning ?? "").isEmpty || !fragments.isEmpty
        }
    }

    /// The events in order.
    public var events: [Event]
    /// Anomalies of the SSE framing itself.
    public var anomalies: [SSEAnomaly]

    /// Creates a trace.
    /// - Parameters:
    ///   - events: The events.
    ///   - anomalies: SSE framing anomalies.
    public init(events: [Event], anomalies: [SSEAnomaly] = []) {
        self.events = events
        self.anomalies = anomalies
    }

    /// The number of the `[DONE]` event, if any.
    public var doneNumber: Int? { events.first { $0.kind == .done }?.number }

    /// The usage a client reading up to `[DONE]` sees: the last non-null `usage` before it.
    public var usageObject: JSONValue? { beforeDone.last { $0.hasUsage }?.usage }

    /// The events before `[DONE]` (all of them when there is none).
    public var beforeDone: ArraySlice<Event> {
        guard let done = doneNumber else { return events[...] }
        return events[..<done]
    }
}

extension StreamTrace {
    /// The tool-call fragments before `[DONE]` grouped by `index`, in order of first appearance.
    /// Fragments without a valid index are left out (the assembler labels them).
    public var fragmentsByIndex: [(index: Int, fragments: [Fragment])] {
        var order: [Int] = []
        var groups: [Int: [Fragment]] = [:]
        for event in beforeDone {
            for fragment in event.fragments {
                guard let index = fragment.index else { continue }
                if groups[index] == nil { order.append(index) }
                groups[index, default: []].append(fragment)
            }
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// How a later fragment of an index relates to the first one.
    public enum FragmentRelation: Sendable, Hashable {
        /// Carries neither id nor name: an arguments continuation, as expected.
        case continuation
        /// Carries the same id and/or the same full name again (a tolerated variant).
        case repeated(id: Bool, name: Bool)
        /// Carries a different id, or a second complete tool name: another call under the same index.
        case collision(String)
        /// Carries more name text for the same call: the name was split.
        case nameFragment
    }

    /// Classifies a later fragment against the first fragment of its index.
    /// - Parameters:
    ///   - fragment: A later fragment.
    ///   - first: The first fragment of the same index.
    ///   - toolNames: The names the request offered.
    /// - Returns: The relation.
    public static func relation(of fragment: Fragment, to first: Fragment, toolNames: Set<String>) -> FragmentRelation {
        if let id = fragment.id, let firstID = first.id, id != firstID {
            return .collision("id \(firstID.serialized()) then \(id.serialized())")
        }
        let sameID = fragment.id != nil && fragment.id == first.id
        guard let name = fragment.name?.stringValue, !name.isEmpty else {
            return sameID ? .repeated(id: true, name: false) : .continuation
        }
        guard let firstName = first.name?.stringValue, !firstName.isEmpty else { return .nameFragment }
        if name == firstName { return .repeated(id: sameID, name: true) }
        if toolNames.contains(firstName), toolNames.contains(name) {
            return .collision("name \"\(firstName)\" then \"\(name)\"")
        }
        return .nameFragment
    }
}
