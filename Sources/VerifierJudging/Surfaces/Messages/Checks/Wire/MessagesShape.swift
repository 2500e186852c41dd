import JSONSchema

/// `wire.messages_shape`: the body departs from the Messages shape (`type: message`, `role: assistant`,
/// `content` an array of typed blocks, `stop_reason` present; a stream's `message_start` alike).
public struct MessagesShape: MessagesWireCheck {
    public static let labels: [FailureLabel] = [.wireMessagesShape]

    /// Creates the check.
    public init() {}

    public func findings(in context: MessagesWireContext) -> [Finding] {
        context.shapeProblems.map { Finding(.wireMessagesShape, .error, $0.message, at: $0.location) }
    }
}

extension FailureLabel {
    /// The body or a stream's message departs from the Messages shape.
    public static let wireMessagesShape = FailureLabel(rawValue: "wire.messages_shape")
}
