import JSONSchema

/// `stream.item_lifecycle`: every output item is added once, at the next `output_index`, then done once; its
/// content parts are added and done inside it; and every delta names an item that is open (added, not yet done)
/// by its `output_index` and `item_id`. Clients build the answer from these events: an item never done is never
/// handed to the agent, and a delta for an unknown item is dropped. An item event without `output_index` is an
/// error too: OpenAI's documented stream handling (and its SDKs' accumulators) place items and deltas by it; the
/// rest of the check then follows the items by `item_id`, as an id-keyed client (Codex) would.
public struct ItemLifecycle: ResponsesStreamCheck {
    public static let labels: [FailureLabel] = [.streamItemLifecycle]

    /// Creates the check.
    public init() {}

    /// One item as its events tell it.
    struct Item {
        var id: String?
        var type: String
        var added: Int
        var done: Int?
        var openParts: [Int: Int] = [:]
    }

    public func findings(in trace: ResponsesStreamTrace) -> [Finding] {
        var findings: [Finding] = []
        var items: [Int: Item] = [:]
        var order = 0
        func fail(_ text: String, _ event: ResponsesStreamTrace.Event) {
            findings.append(Finding(.streamItemLifecycle, .error, text, at: "/events/\(event.number)"))
        }
        var unindexed = 0
        var firstUnindexed: Int?
        for index in trace.events.indices where trace.events[index].outputIndex == nil {
            guard let type = trace.events[index].type, ResponsesStreamTrace.isItemEvent(type) else { continue }
            unindexed += 1
            if firstUnindexed == nil { firstUnindexed = index }
        }
        if let index = firstUnindexed {
            let first = trace.events[index]
            fail(
                "\(unindexed) item event(s) carry no `output_index` (the first: event \(first.number), "
                    + "\(first.type ?? "")); clients that place items and deltas by it, as OpenAI's stream handling "
                    + "does, lose them.",
                first
            )
        }
        for event in trace.events {
            guard case .event = event.kind, let type = event.type else { continue }
            if event.isTerminal || type == "error" { break }
            switch type {
            case "response.output_item.added":
                guard let index = event.slot else { continue }
                if let previous = items[index] {
                    fail("Item \(index) is added again at event \(event.number) (first at event \(previous.added)).", event)
                    continue
                }
                if index != order {
                    fail("Item \(index) is added at event \(event.number) where item \(order) comes next.", event)
                }
                order = max(order, index) + 1
                items[index] = Item(
                    id: event.item?["id"]?.stringValue,
                    type: event.item?["type"]?.stringValue ?? "untyped",
                    added: event.number
                )
            case "response.output_item.done":
                guard let index = event.slot, var item = items[index] else {
                    fail(
                        "`response.output_item.done` at event \(event.number) is for item "
                            + "\(Self.name(event)), which was never added.",
                        event
                    )
                    continue
                }
                if let done = item.done {
                    fail("Item \(index) is done again at event \(event.number) (first at event \(done)).", event)
                    continue
                }
                for (part, added) in item.openParts.sorted(by: { $0.key < $1.key }) {
                    fail("Content part \(part) of item \(index), added at event \(added), is never done.", event)
                }
                item.openParts = [:]
                item.done = event.number
                items[index] = item
            default:
                guard ResponsesStreamTrace.isItemEvent(type) else { continue }
                guard let index = event.slot, var item = items[index] else {
                    fail("Event \(event.number) (\(type)) is for item \(Self.name(event)), which was never added.", event)
                    continue
                }
                if let done = item.done {
                    fail("Event \(event.number) (\(type)) arrives after item \(index) was done at event \(done).", event)
                    continue
                }
                if let id = event.itemID, let expected = item.id, id != expected {
                    fail("Event \(event.number) (\(type)) names the item \(id), but item \(index) is \(expected).", event)
                }
                if type == "response.content_part.added", let part = event.contentIndex {
                    item.openParts[part] = event.number
                } else if type == "response.content_part.done", let part = event.contentIndex {
                    if item.openParts.removeValue(forKey: part) == nil {
                        fail("Content part \(part) of item \(index) is done at event \(event.number) but was never added.", event)
                    }
                }
                items[index] = item
            }
        }
        // A stream cut before its terminal event, or failed, leaves items open: that is `stream.truncated`'s or
        // `stream.error_event`'s.
        guard let terminal = trace.terminal, terminal.type != "response.failed" else { return findings }
        for (index, item) in items.sorted(by: { $0.key < $1.key }) where item.done == nil {
            findings.append(
                Finding(
                    .streamItemLifecycle,
                    .error,
                    "Item \(index) (\(item.type)), added at event \(item.added), is never done "
                        + "(no `response.output_item.done` before the terminal event).",
                    at: "/events/\(item.added)"
                )
            )
        }
        return findings
    }
}

extension ItemLifecycle {
    /// How a finding names the item an event is about.
    static func name(_ event: ResponsesStreamTrace.Event) -> String {
        if let index = event.outputIndex { return String(index) }
        if let id = event.itemID ?? event.item?["id"]?.stringValue { return id }
        return "(no output_index or item_id)"
    }
}

extension FailureLabel {
    /// An output item or content part not added, not done, added twice, or out of order; a delta for no open item.
    public static let streamItemLifecycle = FailureLabel(rawValue: "stream.item_lifecycle")
}
