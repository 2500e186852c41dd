import JSONSchema

/// A check of the Chat Completions wire form of one answer: a pure function of what the adapter decoded.
///
/// Chat wire checks live in `Surfaces/Chat/Checks/Wire/`, one file per check, beside the labels they make.
public protocol ChatWireCheck: Check {
    /// Judges one decoded answer.
    /// - Parameter context: The body as decoded, and the Chat message when one could be read.
    /// - Returns: Findings; empty when the wire form passes.
    func findings(in context: ChatWireContext) -> [Finding]
}

/// A way in which a body departs from the Chat Completions shape, as the decoder or the stream assembler
/// noticed it; ``WireShape`` reports each as `wire.shape`.
public struct ShapeProblem: Sendable, Hashable {
    /// A whole sentence.
    public var message: String
    /// JSON Pointer of the offending value (for a stream: `/events/<n>/…`).
    public var location: String

    /// Creates a problem.
    /// - Parameters:
    ///   - message: A whole sentence.
    ///   - location: Where it was seen.
    public init(_ message: String, at location: String) {
        self.message = message
        self.location = location
    }
}

/// Everything a ``ChatWireCheck`` may look at for one answer.
public struct ChatWireContext: Sendable {
    /// Why a body was not read as JSON, when it was not.
    public struct Unreadable: Sendable, Hashable {
        /// The parse error (`nil` for an empty body).
        public var error: JSONParseError?
        /// The body's first bytes, for the finding.
        public var excerpt: String
    }

    /// The request as the fixture wrote it.
    public var request: ChatRequest
    /// Whether the request asked for a stream.
    public var streamed: Bool
    /// Set when the body (or the plain body that answered a stream request) is not JSON.
    public var unreadable: Unreadable?
    /// Departures from the Chat shape, in the order they were seen.
    public var shapeProblems: [ShapeProblem]
    /// The first choice's message, when one could be read.
    public var message: ObservedMessage?
    /// Each call's arguments, decoded once (same order as `message.toolCalls`).
    public var arguments: [DecodedArguments]

    /// Creates a context.
    /// - Parameters:
    ///   - request: The request.
    ///   - streamed: Whether a stream was asked for.
    ///   - unreadable: Why the body was not JSON.
    ///   - shapeProblems: Departures from the Chat shape.
    ///   - message: The message, when read.
    public init(
        request: ChatRequest,
        streamed: Bool,
        unreadable: Unreadable? = nil,
        shapeProblems: [ShapeProblem] = [],
        message: ObservedMessage?
    ) {
        self.request = request
        self.streamed = streamed
        self.unreadable = unreadable
        self.shapeProblems = shapeProblems
        self.message = message
        self.arguments = message?.toolCalls.map { DecodedArguments($0.arguments) } ?? []
    }
}
