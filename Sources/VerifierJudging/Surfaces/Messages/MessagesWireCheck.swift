import JSONSchema

/// A check of the Anthropic Messages wire form of one answer: a pure function of what the adapter decoded.
///
/// Messages wire checks live in `Surfaces/Messages/Checks/Wire/`, one file per check, beside their labels.
public protocol MessagesWireCheck: Check {
    /// Judges one decoded answer.
    /// - Parameter context: The body (or stream) as decoded, and the message when one could be read.
    /// - Returns: Findings; empty when the wire form passes.
    func findings(in context: MessagesWireContext) -> [Finding]
}

/// A check of a streamed Messages answer's event sequence: a pure function of the parsed trace.
///
/// Messages stream checks live in `Surfaces/Messages/Checks/Stream/`, one file per check.
public protocol MessagesStreamCheck: Check {
    /// Judges one stream.
    /// - Parameter trace: The parsed events.
    /// - Returns: Findings; empty when the stream passes.
    func findings(in trace: MessagesStreamTrace) -> [Finding]
}

/// Everything a ``MessagesWireCheck`` may look at for one answer.
public struct MessagesWireContext: Sendable {
    /// The request as the fixture wrote it (Chat form).
    public var request: ChatRequest
    /// Whether the request asked for a stream.
    public var streamed: Bool
    /// Set when the body is not JSON.
    public var unreadable: ChatWireContext.Unreadable?
    /// Set when the body (or the stream) is in another surface's shape, saying which.
    public var foreignShape: String?
    /// Departures from the Messages shape, in the order they were seen.
    public var shapeProblems: [ShapeProblem]
    /// The message, when one could be read (assembled, for a stream).
    public var message: ObservedAnthropicMessage?
    /// For a stream: its events.
    public var trace: MessagesStreamTrace?

    /// Creates a context.
    /// - Parameters:
    ///   - request: The request.
    ///   - streamed: Whether a stream was asked for.
    ///   - unreadable: Why the body was not JSON.
    ///   - foreignShape: Which other surface's shape the body has.
    ///   - shapeProblems: Departures from the Messages shape.
    ///   - message: The message, when read.
    ///   - trace: The stream's events.
    public init(
        request: ChatRequest,
        streamed: Bool,
        unreadable: ChatWireContext.Unreadable? = nil,
        foreignShape: String? = nil,
        shapeProblems: [ShapeProblem] = [],
        message: ObservedAnthropicMessage?,
        trace: MessagesStreamTrace? = nil
    ) {
        self.request = request
        self.streamed = streamed
        self.unreadable = unreadable
        self.foreignShape = foreignShape
        self.shapeProblems = shapeProblems
        self.message = message
        self.trace = trace
    }
}
