extension JSONSchema {
    /// Throws the first violation of a profile as a ``SchemaError`` naming its rule; the message mentions the
    /// others (``ToolSchemaProfile/violations(in:)`` lists them all).
    /// - Parameters:
    ///   - profile: The profile.
    ///   - schema: A schema that is already known to be valid JSON Schema.
    /// - Throws: ``SchemaError`` with ``SchemaError/rule`` set, when the schema breaks the profile.
    static func enforce(_ profile: ToolSchemaProfile, on schema: JSONValue) throws(SchemaError) {
        let violations = profile.violations(in: schema)
        guard let first = violations.first else { return }
        var message = first.message
        if violations.count > 1 {
            let others = violations.dropFirst()
            let shown = others.prefix(3).map { "\($0.rule.id) at \($0.location.isEmpty ? "the root" : $0.location)" }
            let rest = others.count > 3 ? " and \(others.count - 3) more" : ""
            message += " Also: \(shown.joined(separator: "; "))\(rest)."
        }
        throw SchemaError(location: first.location, message: message, rule: first.rule)
    }
}
