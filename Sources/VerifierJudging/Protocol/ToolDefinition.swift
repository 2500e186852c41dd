import JSONSchema

/// A function tool offered in a request's `tools` array.
public struct ToolDefinition: Sendable, Hashable {
    /// `function.name`.
    public var name: String
    /// `function.parameters`, the arguments' JSON Schema (`nil` when the tool takes none).
    public var parameters: JSONValue?
    /// `function.strict`.
    public var strict: Bool

    /// Creates a tool definition.
    /// - Parameters:
    ///   - name: The function name.
    ///   - parameters: The arguments' JSON Schema.
    ///   - strict: Whether Structured Outputs was requested.
    public init(name: String, parameters: JSONValue?, strict: Bool = false) {
        self.name = name
        self.parameters = parameters
        self.strict = strict
    }

    /// Reads the function tools of a request body's `tools` array, skipping entries without a name.
    /// - Parameter tools: The `tools` value of a request body.
    /// - Returns: The tools in order.
    public static func tools(in tools: JSONValue?) -> [ToolDefinition] {
        guard let array = tools?.arrayValue else { return [] }
        return array.compactMap { entry in
            let function = entry["function"] ?? entry
            guard let name = function["name"]?.stringValue else { return nil }
            return ToolDefinition(
                name: name,
                parameters: function["parameters"],
                strict: function["strict"]?.boolValue ?? false
            )
        }
    }
}
