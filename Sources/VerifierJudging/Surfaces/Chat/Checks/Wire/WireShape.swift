import JSONSchema

/// `wire.shape`: the JSON does not have the chat-completion shape (no `choices`, no `message`, wrong types,
/// a plain body where a stream was asked for, a streamed role other than `assistant`).
public struct WireShape: ChatWireCheck {
    public static let labels: [FailureLabel] = [.wireShape]

    /// Creates the check.
    public init() {}

    public func findings(in context: ChatWireContext) -> [Finding] {
        context.shapeProblems.map { Finding(.wireShape, .error, $0.message, at: $0.location) }
    }
}

extension FailureLabel {
    /// The JSON does not have the chat-completion shape (no `choices`, no `message`, wrong types).
    public static let wireShape = FailureLabel(rawValue: "wire.shape")
}
