/// Where the parts of an answer sit in what the surface returned, as JSON Pointers, and what the surface
/// calls its stop reason: what surface-neutral checks point their findings at.
///
/// The adapter of each surface fills them (Chat Completions: `/choices/0/message/tool_calls`,
/// `finish_reason`), so a contract or agreement finding points into the surface the answer came from.
public struct AnswerPointers: Sendable, Hashable {
    /// The message as a whole.
    public var message: String
    /// The list of tool calls.
    public var calls: String
    /// Appended to a call's pointer for its arguments (Chat: `/function/arguments`).
    public var argumentsSuffix: String
    /// The token usage.
    public var usage: String
    /// The prompt-token count.
    public var promptTokens: String
    /// The name of the stop reason's field, for messages (Chat: `finish_reason`).
    public var stopField: String
    /// Where each call sits among the surface's parts, when calls are not a list of their own (Messages:
    /// `tool_use` blocks among the `content` blocks); `nil` when call `i` is at `calls/i`.
    public var callPositions: [Int]?

    /// Creates pointers.
    /// - Parameters:
    ///   - message: The message.
    ///   - calls: The list of tool calls.
    ///   - argumentsSuffix: Appended to a call's pointer for its arguments.
    ///   - usage: The usage.
    ///   - promptTokens: The prompt-token count.
    ///   - stopField: The stop reason's field name.
    ///   - callPositions: Each call's position among the surface's parts, when not its own list.
    public init(
        message: String = "",
        calls: String = "",
        argumentsSuffix: String = "",
        usage: String = "",
        promptTokens: String = "",
        stopField: String = "stop reason",
        callPositions: [Int]? = nil
    ) {
        self.message = message
        self.calls = calls
        self.argumentsSuffix = argumentsSuffix
        self.usage = usage
        self.promptTokens = promptTokens
        self.stopField = stopField
        self.callPositions = callPositions
    }

    /// The arguments of the call at `index`.
    /// - Parameter index: The call's position.
    /// - Returns: Its pointer.
    public func arguments(ofCall index: Int) -> String {
        let position = callPositions.flatMap { index < $0.count ? $0[index] : nil } ?? index
        return calls + "/\(position)" + argumentsSuffix
    }
}
