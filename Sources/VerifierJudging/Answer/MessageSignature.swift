import JSONSchema

/// What parity compares of an answer: content, finish_reason, and each call's name and parsed arguments.
public struct MessageSignature: Sendable, Hashable {
    /// One call.
    public struct Call: Sendable, Hashable {
        /// The name when it is a string.
        public var name: String?
        /// The arguments parsed when they parse (else the raw value).
        public var arguments: JSONValue
    }

    /// Content text (`null` and absent read as empty).
    public var content: String
    /// `finish_reason`.
    public var finishReason: String?
    /// The calls in order.
    public var calls: [Call]

    /// A signature from its parts.
    /// - Parameters:
    ///   - content: The content text.
    ///   - finishReason: The finish reason.
    ///   - calls: The calls in order.
    public init(content: String, finishReason: String?, calls: [Call]) {
        self.content = content
        self.finishReason = finishReason
        self.calls = calls
    }

    /// The signature of a neutral answer.
    /// - Parameter answer: The answer.
    public init(_ answer: HostAnswer) {
        content = answer.text ?? ""
        finishReason = answer.rawStopReason
        calls = answer.calls.map { Call(name: $0.name, arguments: $0.comparable) }
    }
}
