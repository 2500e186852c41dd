import JSONSchema

/// One content block of a Messages answer, as decoded (non-streamed) or assembled (streamed).
public struct ObservedContentBlock: Sendable, Hashable {
    /// The block's position in `content`.
    public var position: Int
    /// `type` as sent (`text`, `thinking`, `tool_use`, …).
    public var type: String?
    /// A text block's `text`.
    public var text: String?
    /// A thinking block's `thinking`.
    public var thinking: String?
    /// A thinking block's `signature`.
    public var signature: String?
    /// A tool_use block's `id` as sent.
    public var id: JSONValue?
    /// A tool_use block's `name` as sent.
    public var name: JSONValue?
    /// A tool_use block's `input` as sent (for a stream: in `content_block_start`).
    public var input: JSONValue?
    /// For a streamed tool_use block: its `input_json_delta` fragments concatenated (`nil` when none came).
    public var inputJSON: String?
    /// For a streamed block: how many `input_json_delta` fragments it received.
    public var inputFragments = 0
    /// JSON Pointer of the block (for a stream: its `content_block_start` event).
    public var location: String

    /// Reads a block.
    /// - Parameters:
    ///   - value: The block as sent.
    ///   - position: Its position in `content`.
    ///   - location: Where it is.
    public init(_ value: JSONValue, position: Int, location: String) {
        self.position = position
        self.type = value["type"]?.stringValue
        self.text = value["text"]?.stringValue
        self.thinking = value["thinking"]?.stringValue
        self.signature = value["signature"]?.stringValue
        self.id = value["id"]
        self.name = value["name"]
        self.input = value["input"]
        self.location = location
    }

    /// Whether it is a tool_use block.
    public var isToolUse: Bool { type == "tool_use" }

    /// The call's arguments as a client reads them: the streamed fragments when any came, else `input`
    /// (serialized when an object, as sent otherwise).
    public var arguments: JSONValue? {
        if let inputJSON { return .string(inputJSON) }
        switch input {
        case .object?: return input.map { .string($0.serialized()) }
        default: return input
        }
    }
}

/// An Anthropic Messages answer as decoded from a body, or assembled from a stream.
public struct ObservedAnthropicMessage: Sendable, Hashable {
    /// `id`.
    public var id: String?
    /// `type` (`message`).
    public var type: String?
    /// `role` (`assistant`).
    public var role: String?
    /// `model`.
    public var model: String?
    /// The content blocks in order.
    public var blocks: [ObservedContentBlock]
    /// `stop_reason`.
    public var stopReason: String?
    /// `usage` (for a stream: the start's counts overwritten by the delta's, as the SDK keeps them).
    public var usage: JSONValue?
    /// For a stream: `message_start.message.usage`.
    public var startUsage: JSONValue?
    /// For a stream: the last `message_delta.usage`.
    public var deltaUsage: JSONValue?

    /// Creates a message.
    public init(
        id: String? = nil,
        type: String? = nil,
        role: String? = nil,
        model: String? = nil,
        blocks: [ObservedContentBlock] = [],
        stopReason: String? = nil,
        usage: JSONValue? = nil
    ) {
        self.id = id
        self.type = type
        self.role = role
        self.model = model
        self.blocks = blocks
        self.stopReason = stopReason
        self.usage = usage
    }

    /// The tool_use blocks in order.
    public var toolUses: [ObservedContentBlock] { blocks.filter(\.isToolUse) }

    /// The text blocks' text joined (`nil` when there is no text block).
    public var text: String? {
        let texts = blocks.filter { $0.type == "text" }.compactMap(\.text)
        return texts.isEmpty ? nil : texts.joined()
    }

    /// The thinking blocks' text joined (`nil` when there is none).
    public var thinking: String? {
        let texts = blocks.filter { $0.type == "thinking" }.compactMap(\.thinking)
        return texts.isEmpty ? nil : texts.joined()
    }
}

/// Decodes a non-streamed Messages body leniently: whatever can be read is kept, and each departure from the
/// Messages shape is noted for ``MessagesShape``.
public enum MessagesDecoder {
    /// Decodes a body.
    /// - Parameter value: The parsed body.
    /// - Returns: The message, when it has a Messages shape, and the departures noted.
    public static func decode(_ value: JSONValue) -> (ObservedAnthropicMessage?, [ShapeProblem]) {
        guard let object = value.objectValue else {
            return (nil, [ShapeProblem("The body is a JSON \(value.typeName), not a message object.", at: "")])
        }
        var problems: [ShapeProblem] = []
        if object["type"]?.stringValue == "error" || (object["error"] != nil && object["content"] == nil) {
            return (nil, [ShapeProblem("A 2xx body carries an error: \(value.serialized().clipped(200))", at: "/error")])
        }
        guard let content = object["content"]?.arrayValue else {
            return (nil, [ShapeProblem("`content` is missing or not an array of blocks.", at: "/content")])
        }
        if object["type"]?.stringValue != "message" {
            problems.append(ShapeProblem("`type` is \(object["type"]?.serialized() ?? "missing"), not \"message\".", at: "/type"))
        }
        if object["role"]?.stringValue != "assistant" {
            problems.append(ShapeProblem("`role` is \(object["role"]?.serialized() ?? "missing"), not \"assistant\".", at: "/role"))
        }
        if object["stop_reason"] == nil {
            problems.append(ShapeProblem("`stop_reason` is missing.", at: "/stop_reason"))
        }
        var blocks: [ObservedContentBlock] = []
        for (position, block) in content.enumerated() {
            let observed = ObservedContentBlock(block, position: position, location: "/content/\(position)")
            if observed.type == nil {
                problems.append(ShapeProblem("Content block \(position) has no string `type`.", at: "/content/\(position)"))
            } else if observed.type == "text", observed.text == nil {
                problems.append(ShapeProblem("Text block \(position) has no string `text`.", at: "/content/\(position)/text"))
            }
            blocks.append(observed)
        }
        let message = ObservedAnthropicMessage(
            id: object["id"]?.stringValue,
            type: object["type"]?.stringValue,
            role: object["role"]?.stringValue,
            model: object["model"]?.stringValue,
            blocks: blocks,
            stopReason: object["stop_reason"]?.stringValue,
            usage: object["usage"]
        )
        return (message, problems)
    }
}
