import JSONSchema

/// What a host answered, whatever API surface it was asked on: the protocol-neutral answer.
///
/// A surface's wire adapter (``ChatAdapter`` for Chat Completions) decodes an exchange into it; call,
/// contract and agreement checks read only this, so they hold on every surface unchanged. Wire and stream
/// checks, which judge the surface's own grammar, read the adapter's decoded form instead.
public struct HostAnswer: Sendable, Hashable {
    /// One tool call as the host made it.
    public struct Call: Sendable, Hashable {
        /// The call's position in the answer.
        public var index: Int
        /// The call id, when it is a string.
        public var id: String?
        /// The tool name, when it is a string.
        public var name: String?
        /// The name exactly as sent (to describe one that is not a string).
        public var rawName: JSONValue?
        /// How the surface names the name field in messages (`function.name` on Chat).
        public var nameField: String
        /// The arguments text exactly as the host sent it, when it sent text.
        public var argumentsText: String?
        /// The arguments, decoded once for all checks.
        public var arguments: DecodedArguments
        /// JSON Pointer of the call in the response (for a stream: the event that opened it, or `/events`).
        public var location: String
        /// JSON Pointer of the call's name.
        public var nameLocation: String
        /// JSON Pointer of the call's arguments.
        public var argumentsLocation: String

        /// Creates a call.
        /// - Parameters:
        ///   - index: The call's position.
        ///   - id: The call id.
        ///   - rawName: The name as sent.
        ///   - nameField: How the surface names the name field.
        ///   - arguments: The arguments as sent (text, or a surface's native object).
        ///   - location: Where the call is.
        ///   - nameLocation: Where its name is.
        ///   - argumentsLocation: Where its arguments are.
        public init(
            index: Int,
            id: String?,
            rawName: JSONValue?,
            nameField: String,
            arguments: JSONValue?,
            location: String,
            nameLocation: String,
            argumentsLocation: String
        ) {
            self.index = index
            self.id = id
            self.name = rawName?.stringValue
            self.rawName = rawName
            self.nameField = nameField
            self.argumentsText = arguments?.stringValue
            self.arguments = DecodedArguments(arguments)
            self.location = location
            self.nameLocation = nameLocation
            self.argumentsLocation = argumentsLocation
        }

        /// The parsed arguments as compared across answers: the decoded value, or the raw value when it
        /// does not parse.
        public var comparable: JSONValue {
            switch arguments {
            case .object(let object), .sentAsObject(let object): .object(object)
            case .doubleEncoded: argumentsText.flatMap { try? JSONValue.parse($0) } ?? .null
            case .notObject(let value): value
            case .notString(let value): value ?? .null
            case .empty: .string(argumentsText ?? "")
            case .invalidJSON(_, let text): .string(text)
            }
        }
    }

    /// The answer's text (`nil` when absent or not a string).
    public var text: String?
    /// The reasoning the host returned beside the answer.
    public var reasoning: String?
    /// The tool calls, in order.
    public var calls: [Call]
    /// Why the answer ended, normalised across surfaces (`nil` when the host gave no reason).
    public var stopReason: StopReason?
    /// The stop reason exactly as the surface wrote it (`finish_reason` on Chat).
    public var rawStopReason: String?
    /// Token counts, when reported.
    public var usage: TokenUsage?
    /// The model the host says answered.
    public var model: String?
    /// The aggregator's upstream host, when reported.
    public var upstreamProvider: String?
    /// JSON Pointer of the text (for a stream: `/events`).
    public var textLocation: String
    /// JSON Pointer of the reasoning (for a stream: `/events`).
    public var reasoningLocation: String
    /// JSON Pointer of the whole message (for a stream: `/events`).
    public var messageLocation: String
    /// Where contract and agreement findings about the answer point.
    public var pointers = AnswerPointers()

    /// Creates an answer.
    /// - Parameters:
    ///   - text: The answer's text.
    ///   - reasoning: The reasoning.
    ///   - calls: The tool calls.
    ///   - rawStopReason: The stop reason as the surface wrote it.
    ///   - stopReason: The normalised stop reason.
    ///   - usage: Token counts.
    ///   - locations: Where the message, its text and its reasoning are.
    public init(
        text: String?,
        reasoning: String?,
        calls: [Call],
        rawStopReason: String?,
        stopReason: StopReason?,
        usage: TokenUsage?,
        locations: (message: String, text: String, reasoning: String)
    ) {
        self.text = text
        self.reasoning = reasoning
        self.calls = calls
        self.rawStopReason = rawStopReason
        self.stopReason = stopReason
        self.usage = usage
        self.messageLocation = locations.message
        self.textLocation = locations.text
        self.reasoningLocation = locations.reasoning
    }

    /// Whether the answer carries tool calls.
    public var hasToolCalls: Bool { !calls.isEmpty }
}

/// Why an answer ended, normalised across surfaces (`tool_calls` / `tool_use`, `stop` / `end_turn`, …).
public struct StopReason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The normalised name.
    public let rawValue: String

    /// Creates a stop reason.
    /// - Parameter rawValue: The normalised name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The answer ended to call tools.
    public static let toolCalls = StopReason(rawValue: "tool_calls")
    /// The answer ended naturally.
    public static let endTurn = StopReason(rawValue: "end_turn")
    /// Generation hit the length limit.
    public static let length = StopReason(rawValue: "length")
    /// A content filter ended it.
    public static let contentFilter = StopReason(rawValue: "content_filter")
    /// A reason no other case names (the raw value tells which).
    public static let other = StopReason(rawValue: "other")

    public var description: String { rawValue }
}

/// Token counts of one answer.
public struct TokenUsage: Sendable, Hashable {
    /// Tokens of the prompt.
    public var promptTokens: Int?
    /// Tokens generated.
    public var completionTokens: Int?
    /// Their total, as the host reported it.
    public var totalTokens: Int?

    /// Creates counts.
    /// - Parameters:
    ///   - promptTokens: Tokens of the prompt.
    ///   - completionTokens: Tokens generated.
    ///   - totalTokens: The total as reported.
    public init(promptTokens: Int?, completionTokens: Int?, totalTokens: Int?) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
    }
}
