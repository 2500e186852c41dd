import JSONSchema

/// A tool call as the provider sent it, kept raw so that every defect stays visible.
public struct ObservedToolCall: Sendable, Hashable {
    /// The position in `tool_calls` (non-streaming) or the streamed `index`.
    public var index: Int
    /// `id` as sent (any JSON type, or `nil` when absent).
    public var id: JSONValue?
    /// `type` as sent.
    public var type: JSONValue?
    /// `function.name` as sent.
    public var name: JSONValue?
    /// `function.arguments` as sent: normally a string; some hosts send an object.
    public var arguments: JSONValue?
    /// JSON Pointer of the call in the response (or in the first stream event that carried it).
    public var location: String

    /// Creates an observed call.
    /// - Parameters:
    ///   - index: Position or streamed index.
    ///   - id: `id` as sent.
    ///   - type: `type` as sent.
    ///   - name: `function.name` as sent.
    ///   - arguments: `function.arguments` as sent.
    ///   - location: JSON Pointer of the call.
    public init(
        index: Int,
        id: JSONValue?,
        type: JSONValue?,
        name: JSONValue?,
        arguments: JSONValue?,
        location: String
    ) {
        self.index = index
        self.id = id
        self.type = type
        self.name = name
        self.arguments = arguments
        self.location = location
    }

    /// The name when it is a string.
    public var nameString: String? { name?.stringValue }
}
