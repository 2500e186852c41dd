import JSONSchema

/// A check of the OpenAI Responses wire form of one answer: a pure function of what the adapter decoded.
///
/// Responses wire checks live in `Surfaces/Responses/Checks/Wire/`, one file per check, beside their labels.
public protocol ResponsesWireCheck: Check {
    /// Judges one decoded answer.
    /// - Parameter context: The body (or stream) as decoded, and the response when one could be read.
    /// - Returns: Findings; empty when the wire form passes.
    func findings(in context: ResponsesWireContext) -> [Finding]
}

/// A check of a streamed Responses answer's event sequence: a pure function of the parsed trace.
///
/// Responses stream checks live in `Surfaces/Responses/Checks/Stream/`, one file per check.
public protocol ResponsesStreamCheck: Check {
    /// Judges one stream.
    /// - Parameter trace: The parsed events.
    /// - Returns: Findings; empty when the stream passes.
    func findings(in trace: ResponsesStreamTrace) -> [Finding]
}

/// Everything a ``ResponsesWireCheck`` may look at for one answer.
public struct ResponsesWireContext: Sendable {
    /// The request as the fixture wrote it (Chat form).
    public var request: ChatRequest
    /// Whether the request asked for a stream.
    public var streamed: Bool
    /// Set when the body is not JSON.
    public var unreadable: ChatWireContext.Unreadable?
    /// Set when the body (or the stream) is in another surface's shape, saying which.
    public var foreignShape: String?
    /// Departures from the Responses shape, in the order they were seen.
    public var shapeProblems: [ShapeProblem]
    /// The response, when one could be read (assembled, for a stream).
    public var response: ObservedResponse?
    /// For a stream: its events.
    public var trace: ResponsesStreamTrace?

    /// Creates a context.
    /// - Parameters:
    ///   - request: The request.
    ///   - streamed: Whether a stream was asked for.
    ///   - unreadable: Why the body was not JSON.
    ///   - foreignShape: Which other surface's shape the body has.
    ///   - shapeProblems: Departures from the Responses shape.
    ///   - response: The response, when read.
    ///   - trace: The stream's events.
    public init(
        request: ChatRequest,
        streamed: Bool,
        unreadable: ChatWireContext.Unreadable? = nil,
        foreignShape: String? = nil,
        shapeProblems: [ShapeProblem] = [],
        response: ObservedResponse?,
        trace: ResponsesStreamTrace? = nil
    ) {
        self.request = request
        self.streamed = streamed
        self.unreadable = unreadable
        self.foreignShape = foreignShape
        self.shapeProblems = shapeProblems
        self.response = response
        self.trace = trace
    }
}
