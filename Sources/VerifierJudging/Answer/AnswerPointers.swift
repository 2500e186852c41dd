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

    /// Creates pointers.
    /// - Parameters:
    ///   - message: The message.
    ///   - calls: The list of tool calls.
    ///   - argumentsSuffix: Appended to a call's pointer for its arguments.
    ///   - usage: The usage.
    ///   - promptTokens: The prompt-token count.
    ///   - stopField: The stop reason's field name.
    public init(
        message: String = "",
        calls: String = "",
        argumentsSuffix: String = "",
        usage: String = "",
        promptTokens: String = "",
        stopField: String = "stop reason"
    ) {
        self.message = message
        self.calls = calls
        self.argumentsSuffix = argumentsSuffix
        self.usage = usage
        self.promptTokens = promptTokens
        self.stopField = stopField
    }

    /// The arguments of the call at `index`.
    /// - Parameter index: The call's position.
    /// - Returns: Its pointer.
    public func arguments(ofCall index: Int) -> String { calls + "/\(index)" + argumentsSuffix }
}
