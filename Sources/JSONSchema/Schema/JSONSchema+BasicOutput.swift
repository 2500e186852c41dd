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
        .object(
            JSONObject([
                JSONObject.Member(key: "valid", value: .bool(violations.isEmpty)),
                JSONObject.Member(key: "errors", value: basicOutputErrors(violations)),
            ])
        )
    }

    /// The `errors` array of the basic output unit.
    /// - Parameter violations: Violations from ``validate(_:)``.
    /// - Returns: One `{keywordLocation, absoluteKeywordLocation?, instanceLocation, error}` object per violation.
    static func basicOutputErrors(_ violations: [SchemaViolation]) -> JSONValue {
        var errors: [JSONValue] = []
        errors.reserveCapacity(violations.count)
        for violation in violations {
            var members: [JSONObject.Member] = []
            members.reserveCapacity(4)
            members.append(JSONObject.Member(key: "keywordLocation", value: .string(violation.keywordLocation)))
            if let absolute = violation.absoluteKeywordLocation {
                members.append(JSONObject.Member(key: "absoluteKeywordLocation", value: .string(absolute)))
            }
            members.append(JSONObject.Member(key: "instanceLocation", value: .string(violation.instanceLocation)))
            members.append(JSONObject.Member(key: "error", value: .string(violation.message)))
            errors.append(.object(JSONObject(members)))
        }
        return .array(errors)
    }
}
