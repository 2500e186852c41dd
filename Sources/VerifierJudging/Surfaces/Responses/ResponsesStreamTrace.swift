import JSONSchema

/// Every event of a streamed OpenAI Responses answer as parsed, in order: what the Responses stream checks
/// judge. It keeps what the grammar's invariants need (event names and types, sequence numbers, item and
/// content indices, deltas, done texts, items, the lifecycle events' responses, errors).
public struct ResponsesStreamTrace: Sendable, Hashable {
    /// One SSE event.
    public struct Event: Sendable, Hashable {
        /// Whether the event's data could be read.
        public typealias Kind = TypedEventKind

        /// 0-based position in the stream.
        public var number: Int
        /// What it was.
        public var kind: Kind
        /// Offset of the event's first byte in the body.
        public var byteOffset: Int
        /// The SSE `event:` field (`nil` when the event has none).
        public var name: String?
        /// The data's `type`.
        public var type: String?
        /// The raw `data` text, clipped (kept for invalid and foreign events only).
        public var excerpt: String?
        /// `sequence_number`, when an integer.
        public var sequenceNumber: Int?
        /// `sequence_number` as sent, when it is present but not an integer.
        public var rawSequenceNumber: JSONValue?
        /// `output_index`, when a non-negative integer.
        public var outputIndex: Int?
        /// The output item the event is about: its `output_index`, or — for a host that leaves it out — the item
        /// its `item_id` names (an added item without an index takes the next one), as an id-keyed client reads it.
        public var slot: Int?
        /// `content_index` (or `summary_index`), when a non-negative integer.
        public var contentIndex: Int?
        /// `item_id`, when a string.
        public var itemID: String?
        /// `item` of `response.output_item.added` / `.done`.
        public var item: JSONValue?
        /// `part` of `response.content_part.added` / `.done`.
        public var part: JSONValue?
        /// `delta` of a `*.delta` event, when a string.
        public var delta: String?
        /// The full text of a `*.done` event: `text`, or `arguments` of `response.function_call_arguments.done`.
        public var doneText: String?
        /// `name` of `response.function_call_arguments.done`, as sent.
        public var doneName: JSONValue?
        /// `response` of a lifecycle event (`response.created`, `.in_progress`, `.completed`, `.incomplete`,
        /// `.failed`, `.queued`).
        public var response: JSONValue?
        /// `error` of an `error` event (the event itself when it has no `error` member).
        public var error: JSONValue?

        /// Whether it is a terminal event: `response.completed`, `response.incomplete` or `response.failed`.
        public var isTerminal: Bool {
            type == "response.completed" || type == "response.incomplete" || type == "response.failed"
        }
    }

    /// The event types of the Responses stream grammar (those a tool-calling answer can carry, and the built-in
    /// tools' events, which clients know).
    public static let knownTypes: Set<String> = [
        "response.created", "response.in_progress", "response.queued", "response.completed", "response.incomplete",
        "response.failed", "response.output_item.added", "response.output_item.done", "response.content_part.added",
        "response.content_part.done", "response.output_text.delta", "response.output_text.done",
        "response.output_text.annotation.added", "response.refusal.delta", "response.refusal.done",
        "response.function_call_arguments.delta", "response.function_call_arguments.done",
        "response.reasoning_text.delta", "response.reasoning_text.done", "response.reasoning_summary_part.added",
        "response.reasoning_summary_part.done", "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done", "response.custom_tool_call_input.delta",
        "response.custom_tool_call_input.done", "response.file_search_call.in_progress",
        "response.file_search_call.searching", "response.file_search_call.completed",
        "response.web_search_call.in_progress", "response.web_search_call.searching",
        "response.web_search_call.completed", "response.code_interpreter_call.in_progress",
        "response.code_interpreter_call.interpreting", "response.code_interpreter_call.completed",
        "response.code_interpreter_call_code.delta", "response.code_interpreter_call_code.done",
        "response.image_generation_call.in_progress", "response.image_generation_call.generating",
        "response.image_generation_call.partial_image", "response.image_generation_call.completed",
        "response.mcp_call.in_progress", "response.mcp_call.completed", "response.mcp_call.failed",
        "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done", "response.mcp_list_tools.in_progress",
        "response.mcp_list_tools.completed", "response.mcp_list_tools.failed", "error",
    ]

    /// The events in order.
    public let events: [Event]
    /// Anomalies of the SSE framing itself.
    public let anomalies: [SSEAnomaly]
    /// The position of the first terminal event, if any (found once: most checks need it).
    public let terminalIndex: Int?

    /// Creates a trace.
    /// - Parameters:
    ///   - events: The events.
    ///   - anomalies: SSE framing anomalies.
    public init(events: [Event], anomalies: [SSEAnomaly] = []) {
        self.events = Self.slotted(events)
        self.anomalies = anomalies
        self.terminalIndex = self.events.firstIndex { $0.isTerminal }
    }

    /// Gives each item event its slot: the `output_index`, else the slot of the item its `item_id` names.
    static func slotted(_ events: [Event]) -> [Event] {
        var events = events
        var byID: [String: Int] = [:]
        var next = 0
        for position in events.indices {
            let event = events[position]
            guard case .event = event.kind, let type = event.type, type.hasPrefix("response.") else { continue }
            let id = event.item?["id"]?.stringValue ?? event.itemID
            var slot = event.outputIndex
            if slot == nil, let id { slot = byID[id] }
            if slot == nil, type == "response.output_item.added" { slot = next }
            if type == "response.output_item.added", let slot {
                next = max(next, slot + 1)
                if let id { byID[id] = slot }
            }
            events[position].slot = slot
        }
        return events
    }

    /// Whether an event of this type is about one output item, and so carries `output_index`.
    /// - Parameter type: The event type.
    /// - Returns: `true` for item, content-part, delta and done events.
    public static func isItemEvent(_ type: String) -> Bool {
        type.hasPrefix("response.output_item.") || type.hasPrefix("response.content_part.")
            || type.hasPrefix("response.output_text.") || type.hasPrefix("response.function_call_arguments.")
            || type.hasPrefix("response.reasoning_") || type.hasPrefix("response.refusal.")
    }

    /// Parses decoded SSE events.
    /// - Parameters:
    ///   - sse: The events as the SSE decoder produced them.
    ///   - anomalies: The decoder's framing anomalies.
    public init(_ sse: [SSEEvent], anomalies: [SSEAnomaly]) {
        var events: [Event] = []
        events.reserveCapacity(sse.count)
        for (number, raw) in sse.enumerated() {
            var event = Event(number: number, kind: .event, byteOffset: raw.byteOffset, name: raw.event)
            let reading = TypedEventData.read(raw.data)
            guard let object = reading.object, let type = reading.type else {
                event.kind = reading.kind
                event.excerpt = reading.excerpt
                events.append(event)
                continue
            }
            event.type = type
            if let sequence = object["sequence_number"] {
                if let number = sequence.intValue { event.sequenceNumber = number } else { event.rawSequenceNumber = sequence }
            }
            if let index = object["output_index"]?.intValue, index >= 0 { event.outputIndex = index }
            if let index = (object["content_index"] ?? object["summary_index"])?.intValue, index >= 0 {
                event.contentIndex = index
            }
            event.itemID = object["item_id"]?.stringValue
            switch type {
            case "response.output_item.added", "response.output_item.done":
                event.item = object["item"]
            case "response.content_part.added", "response.content_part.done", "response.reasoning_summary_part.added",
                "response.reasoning_summary_part.done":
                event.part = object["part"]
            case "response.function_call_arguments.done":
                event.doneText = object["arguments"]?.stringValue
                event.doneName = object["name"]
            case "error":
                event.error = object["error"] ?? .object(object)
            default:
                if type.hasSuffix(".delta") {
                    event.delta = object["delta"]?.stringValue
                } else if type.hasSuffix(".done") {
                    event.doneText = object["text"]?.stringValue
                } else if type.hasPrefix("response."), let response = object["response"] {
                    event.response = response
                }
            }
            events.append(event)
        }
        self.init(events: events, anomalies: anomalies)
    }

    /// The first terminal event, if any.
    public var terminal: Event? { terminalIndex.map { events[$0] } }

    /// Whether the event at a position is readable (a JSON object with a string `type`).
    /// - Parameter index: The position.
    /// - Returns: `true` for a readable event.
    public func isReadable(_ index: Int) -> Bool {
        if case .event = events[index].kind { return true }
        return false
    }
}

extension ResponsesStreamTrace {
    /// A streamed function call as its events tell it, up to the first terminal event.
    public struct FunctionCall: Sendable, Hashable {
        /// Its `output_index`.
        public var outputIndex: Int
        /// The item id given in `response.output_item.added`.
        public var itemID: String?
        /// The number of the `response.output_item.added` event.
        public var addedEvent: Int
        /// Its `response.function_call_arguments.delta` deltas, concatenated.
        public var deltas: String
        /// How many deltas it received.
        public var deltaCount: Int
        /// `arguments` of its `response.function_call_arguments.done` (`nil` when none came, or not a string).
        public var doneArguments: String?
        /// The number of its `response.function_call_arguments.done` event.
        public var doneArgumentsEvent: Int?
        /// The item of its `response.output_item.done`.
        public var doneItem: JSONValue?
        /// The number of its `response.output_item.done` event.
        public var doneItemEvent: Int?
    }

    /// The function-call items in order of their `response.output_item.added`, with what arrived for them.
    public var functionCalls: [FunctionCall] {
        var calls: [FunctionCall] = []
        var open: [Int: Int] = [:]
        for event in events {
            if event.isTerminal { break }
            guard let index = event.slot else { continue }
            switch event.type {
            case "response.output_item.added":
                if event.item?["type"]?.stringValue == "function_call" {
                    open[index] = calls.count
                    calls.append(
                        FunctionCall(
                            outputIndex: index,
                            itemID: event.item?["id"]?.stringValue,
                            addedEvent: event.number,
                            deltas: "",
                            deltaCount: 0
                        )
                    )
                } else {
                    open[index] = nil
                }
            case "response.function_call_arguments.delta":
                guard let position = open[index] else { continue }
                calls[position].deltas += event.delta ?? ""
                calls[position].deltaCount += 1
            case "response.function_call_arguments.done":
                guard let position = open[index], calls[position].doneArgumentsEvent == nil else { continue }
                calls[position].doneArguments = event.doneText
                calls[position].doneArgumentsEvent = event.number
            case "response.output_item.done":
                guard let position = open[index], calls[position].doneItemEvent == nil, let item = event.item else {
                    continue
                }
                calls[position].doneItem = item
                calls[position].doneItemEvent = event.number
            default:
                continue
            }
        }
        return calls
    }
}
