extension JSONSchema {
    /// Validates an instance and returns the result in the JSON Schema "basic" output format.
    ///
    /// ```json
    /// {"valid": false,
    ///  "errors": [{"keywordLocation": "/properties/days/type",
    ///              "absoluteKeywordLocation": "urn:vendor-verifier:schema#/properties/days/type",
    ///              "instanceLocation": "/days",
    ///              "error": "expected integer, got string \"5\""}]}
    /// ```
    ///
    /// `errors` lists every violation ``validate(_:)`` finds (empty when valid), in the same order.
    /// - Parameter instance: The value to validate.
    /// - Returns: The basic output unit.
    public func basicOutput(for instance: JSONValue) -> JSONValue {
        Self.basicOutput(validate(instance))
    }

    /// The basic output unit for a list of violations.
    /// - Parameter violations: Violations from ``validate(_:)``.
    /// - Returns: `{"valid": …, "errors": […]}`.
    public static func basicOutput(_ violations: [SchemaViolation]) -> JSONValue {
        var errors: [JSONValue] = []
        errors.reserveCapacity(violations.count)
        for violation in violations {
            var error = JSONObject()
            error.append("keywordLocation", .string(violation.keywordLocation))
            if let absolute = violation.absoluteKeywordLocation {
                error.append("absoluteKeywordLocation", .string(absolute))
            }
            error.append("instanceLocation", .string(violation.instanceLocation))
            error.append("error", .string(violation.message))
            errors.append(.object(error))
        }
        var output = JSONObject()
        output.append("valid", .bool(violations.isEmpty))
        output.append("errors", .array(errors))
        return .object(output)
    }
}
