/// A schema that is itself malformed or unusable, so nothing can be validated against it.
///
/// This is always a fixture or request problem, never the provider's fault.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the offending part of the schema (`""` for the root). For a problem inside a
    /// resource loaded from the registry, the resource's URI followed by `#` and the pointer.
    public var location: String
    /// What is wrong, as a sentence.
    public var message: String
    /// The ``ToolSchemaProfile`` rule the schema breaks (such as `mfjs.depth`), or `nil` when the schema is not
    /// usable JSON Schema at all.
    public var rule: ToolSchemaRule?

    /// Creates a schema error.
    /// - Parameters:
    ///   - location: JSON Pointer to the offending part of the schema.
    ///   - message: What is wrong.
    ///   - rule: The profile rule broken, if that is the reason.
    public init(location: String, message: String, rule: ToolSchemaRule? = nil) {
        self.location = location
        self.message = message
        self.rule = rule
    }

    /// The error on one line, location first (and the profile rule, when there is one).
    public var description: String {
        let place = location.isEmpty ? "the root" : location
        if let rule { return "invalid schema at \(place): [\(rule.id)] \(message)" }
        return "invalid schema at \(place): \(message)"
    }
}
