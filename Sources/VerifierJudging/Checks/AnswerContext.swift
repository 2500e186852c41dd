import JSONSchema

/// Everything an ``AnswerCheck`` may look at for one answer: the request and the neutral answer.
public struct AnswerContext: Sendable {
    /// The request as the fixture wrote it.
    public var request: ChatRequest
    /// The tools offered, by name.
    public var toolsByName: [String: ToolDefinition]
    /// The answer, as the surface's adapter decoded it.
    public var answer: HostAnswer
    /// Whether the answer was streamed.
    public var streamed: Bool
    /// Compiled schemas, shared across answers.
    public var schemas: SchemaCache

    /// Creates a context.
    /// - Parameters:
    ///   - request: The request.
    ///   - answer: The neutral answer.
    ///   - streamed: Whether the answer was streamed.
    ///   - schemas: The schema cache.
    public init(request: ChatRequest, answer: HostAnswer, streamed: Bool, schemas: SchemaCache) {
        self.request = request
        var tools: [String: ToolDefinition] = [:]
        for tool in request.tools where tools[tool.name] == nil { tools[tool.name] = tool }
        self.toolsByName = tools
        self.answer = answer
        self.streamed = streamed
        self.schemas = schemas
    }
}
