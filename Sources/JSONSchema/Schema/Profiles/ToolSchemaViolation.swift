/// A place where a schema breaks a rule of a ``ToolSchemaProfile``.
public struct ToolSchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// The rule broken.
    public var rule: ToolSchemaRule
    /// JSON Pointer to the offending part of the schema (`""` for the root).
    public var location: String
    /// What is wrong, as a sentence.
    public var message: String

    /// Creates a violation.
    /// - Parameters:
    ///   - rule: The rule broken.
    ///   - location: JSON Pointer to the offending part of the schema.
    ///   - message: What is wrong, as a sentence.
    public init(rule: ToolSchemaRule, location: String, message: String) {
        self.rule = rule
        self.location = location
        self.message = message
    }

    /// The violation on one line: rule, location, message.
    public var description: String {
        "\(rule.id) at \(location.isEmpty ? "the root" : location): \(message)"
    }
}
