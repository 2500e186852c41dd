/// A schema that is itself malformed or unusable, so nothing can be validated against it.
///
/// This is always a fixture or request problem, never the provider's fault.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the offending part of the schema (`""` for the root). For a problem inside a
    /// resource loaded from the registry, the resource's URI followed by `#` and the pointer.
    public var location: String
    /// What is wrong, as a sentence.
    public var message: String

    /// Creates a schema error.
    /// - Parameters:
    ///   - location: JSON Pointer to the offending part of the schema.
    ///   - message: What is wrong.
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    /// The error on one line, location first.
    public var description: String {
        "invalid schema at \(location.isEmpty ? "the root" : location): \(message)"
    }
}
