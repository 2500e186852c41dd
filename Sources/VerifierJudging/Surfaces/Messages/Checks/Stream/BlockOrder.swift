import JSONSchema

/// `stream.block_order`: the grammar's order. `message_start` comes first and once; content blocks are
/// opened one at a time with indices 0, 1, 2… in order; every delta and stop names the open block, with a
/// delta of its kind; every start has a stop before `message_delta`; nothing but `ping` follows `message_stop`.
/// Anthropic's SDKs apply a delta to the block at its `index`: a gap or a reused index puts text and
/// arguments into the wrong block, or nowhere.
public struct BlockOrder: MessagesStreamCheck {
    public static let labels: [FailureLabel] = [.streamBlockOrder]

    /// The delta types each block type takes.
    static let deltas: [String: Set<String>] = [
        "text": ["text_delta", "citations_delta"], "thinking": ["thinking_delta", "signature_delta"],
        "tool_use": ["input_json_delta"], "redacted_thinking": [], "server_tool_use": ["input_json_delta"],
    ]

    /// Creates the check.
    public init() {}

    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        var findings: [Finding] = []
        func problem(_ event: MessagesStreamTrace.Event, _ text: String) {
            findings.append(Finding(.streamBlockOrder, .error, "Event \(event.number): \(text)", at: "/events/\(event.number)"))
        }
        var started = false
        var stopped = false
        var blocks = 0
        var open: (index: Int, type: String?)?
        for event in trace.events {
            guard case .event = event.kind, let type = event.type, type != "ping", type != "error" else { continue }
            if stopped {
                problem(event, "\(type) after `message_stop`.")
                continue
            }
            if !started, type != "message_start" {
                problem(event, "\(type) before `message_start`.")
                started = true
            }
            switch type {
            case "message_start":
                if started { problem(event, "a second `message_start`.") }
                started = true
            case "content_block_start":
                if let current = open {
                    problem(event, "block \(event.index.map(String.init) ?? "?") starts while block \(current.index) is open.")
                }
                guard let index = event.index else {
                    problem(event, "`content_block_start` without a valid `index`.")
                    continue
                }
                if index != blocks {
                    problem(event, "block index \(index) where the next block is \(blocks) (indices run 0, 1, 2… in order).")
                }
                blocks += 1
                open = (index, event.block?["type"]?.stringValue)
            case "content_block_delta":
                guard let index = event.index, let current = open, current.index == index else {
                    problem(event, "a delta for block \(event.index.map(String.init) ?? "?"), which is not the open block.")
                    continue
                }
                if let kind = current.type, let accepted = Self.deltas[kind], let delta = event.deltaType,
                    !accepted.contains(delta)
                {
                    problem(event, "a \(delta) for block \(index), a \(kind) block.")
                }
            case "content_block_stop":
                guard let index = event.index, let current = open, current.index == index else {
                    problem(event, "a stop for block \(event.index.map(String.init) ?? "?"), which is not open.")
                    continue
                }
                open = nil
            case "message_delta":
                if let current = open {
                    problem(event, "`message_delta` while block \(current.index) is still open (no `content_block_stop`).")
                    open = nil
                }
            case "message_stop":
                stopped = true
            default:
                continue
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// Content blocks out of order, not contiguous, overlapping or never stopped; events out of the grammar's order.
    public static let streamBlockOrder = FailureLabel(rawValue: "stream.block_order")
}
