import JSONSchema

/// Every event of a streamed Anthropic Messages answer as parsed, in order: what the Messages stream checks
/// judge. It keeps what the grammar's invariants need (event names and types, block indices, deltas, stop
/// reason, usage, errors), never the whole event JSON.
public struct MessagesStreamTrace: Sendable, Hashable {
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
        /// `index` of a content-block event (`nil` when absent or not a non-negative integer).
        public var index: Int?
        /// Whether the event has an `index` member at all.
        public var hasIndex: Bool
        /// `content_block` of a `content_block_start`.
        public var block: JSONValue?
        /// `delta.type` of a `content_block_delta`.
        public var deltaType: String?
        /// The delta's text: `text`, `thinking`, `partial_json` or `signature`, by `delta.type`.
        public var deltaText: String?
        /// `message` of a `message_start` (its `content` left out).
        public var message: JSONValue?
        /// `delta.stop_reason` of a `message_delta`, when a string.
        public var stopReason: String?
        /// `usage` of a `message_delta`, or `message.usage` of a `message_start`.
        public var usage: JSONValue?
        /// `error` of an `error` event.
        public var error: JSONValue?
    }

    /// The event types of the Messages stream grammar.
    public static let knownTypes: Set<String> = [
        "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
        "message_stop", "ping", "error",
    ]

    /// The events in order.
    public let events: [Event]
    /// Anomalies of the SSE framing itself.
    public let anomalies: [SSEAnomaly]
    /// The tool_use blocks in order of their start, with the fragments sent to their index (read once: three
    /// checks and the assembler's neighbours use them).
    public let toolUseBlocks: [ToolUseBlock]

    /// Creates a trace.
    /// - Parameters:
    ///   - events: The events.
    ///   - anomalies: SSE framing anomalies.
    public init(events: [Event], anomalies: [SSEAnomaly] = []) {
        self.events = events
        self.anomalies = anomalies
        self.toolUseBlocks = Self.toolUseBlocks(in: events)
    }

    /// Parses decoded SSE events.
    /// - Parameters:
    ///   - sse: The events as the SSE decoder produced them.
    ///   - anomalies: The decoder's framing anomalies.
    public init(_ sse: [SSEEvent], anomalies: [SSEAnomaly]) {
        var events: [Event] = []
        events.reserveCapacity(sse.count)
        for (number, raw) in sse.enumerated() {
            var event = Event(number: number, kind: .event, byteOffset: raw.byteOffset, name: raw.event, hasIndex: false)
            let reading = TypedEventData.read(raw.data)
            guard let object = reading.object, let type = reading.type else {
                event.kind = reading.kind
                event.excerpt = reading.excerpt
                events.append(event)
                continue
            }
            event.type = type
            if let index = object["index"] {
                event.hasIndex = true
                if let number = index.intValue, number >= 0 { event.index = number }
            }
            switch type {
            case "message_start":
                if var message = object["message"]?.objectValue {
                    event.usage = message["usage"]
                    message["content"] = nil
                    event.message = .object(message)
                }
            case "content_block_start":
                event.block = object["content_block"]
            case "content_block_delta":
                let delta = object["delta"]
                event.deltaType = delta?["type"]?.stringValue
                switch event.deltaType {
                case "text_delta": event.deltaText = delta?["text"]?.stringValue
                case "thinking_delta": event.deltaText = delta?["thinking"]?.stringValue
                case "input_json_delta": event.deltaText = delta?["partial_json"]?.stringValue
                case "signature_delta": event.deltaText = delta?["signature"]?.stringValue
                default: break
                }
            case "message_delta":
                event.stopReason = object["delta"]?["stop_reason"]?.stringValue
                event.usage = object["usage"]
            case "error":
                event.error = object["error"] ?? .object(object)
            default:
                break
            }
            events.append(event)
        }
        self.init(events: events, anomalies: anomalies)
    }

    /// The readable events of one type.
    /// - Parameter type: The data `type`.
    /// - Returns: The events in order.
    public func events(ofType type: String) -> [Event] { events.filter { $0.type == type } }

    /// The number of the first `message_stop`, if any.
    public var stopNumber: Int? { events.first { $0.type == "message_stop" }?.number }
}

extension MessagesStreamTrace {
    /// A streamed `tool_use` block as its events tell it (before `message_stop`).
    public struct ToolUseBlock: Sendable, Hashable {
        /// The `index` of its `content_block_start`.
        public var index: Int
        /// The number of its `content_block_start` event.
        public var startEvent: Int
        /// `id` as sent.
        public var id: JSONValue?
        /// `name` as sent.
        public var name: JSONValue?
        /// Its `input_json_delta` fragments, concatenated.
        public var json: String
        /// How many fragments it received.
        public var fragments: Int
    }

    /// The tool_use blocks in order of their start, with the fragments sent to their index.
    static func toolUseBlocks(in events: [Event]) -> [ToolUseBlock] {
        var blocks: [ToolUseBlock] = []
        var open: [Int: Int] = [:]
        for event in events {
            if event.type == "message_stop" { break }
            switch event.type {
            case "content_block_start":
                guard let index = event.index else { continue }
                if event.block?["type"]?.stringValue == "tool_use" {
                    open[index] = blocks.count
                    blocks.append(
                        ToolUseBlock(
                            index: index,
                            startEvent: event.number,
                            id: event.block?["id"],
                            name: event.block?["name"],
                            json: "",
                            fragments: 0
                        )
                    )
                } else {
                    open[index] = nil
                }
            case "content_block_delta":
                guard event.deltaType == "input_json_delta", let index = event.index, let position = open[index] else {
                    continue
                }
                blocks[position].json += event.deltaText ?? ""
                blocks[position].fragments += 1
            default:
                continue
            }
        }
        return blocks
    }

    /// The JSON values written back to back in `text` (`{…}{…}`), or `nil` when it is not a run of complete
    /// objects and arrays.
    /// - Parameter text: The concatenated fragments.
    /// - Returns: Each value's text.
    public static func concatenatedValues(_ text: String) -> [Substring]? {
        var values: [Substring] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else {
                switch character {
                case "{", "[":
                    if depth == 0 { start = index }
                    depth += 1
                case "}", "]":
                    depth -= 1
                    if depth < 0 { return nil }
                    if depth == 0, let begin = start {
                        values.append(text[begin...index])
                        start = nil
                    }
                case "\"":
                    guard depth > 0 else { return nil }
                    inString = true
                default:
                    if depth == 0, !character.isWhitespace { return nil }
                }
            }
            index = text.index(after: index)
        }
        return depth == 0 && !inString ? values : nil
    }
}
