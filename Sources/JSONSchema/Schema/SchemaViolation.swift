/// One way a JSON instance fails a JSON Schema: where in the instance, which schema keyword, and why.
///
/// Both locations are JSON Pointers (RFC 6901): reference tokens are separated by `/`, a `~` in a
/// property name is written `~0` and a `/` is written `~1`, and the empty string denotes the root.
///
/// ```swift
/// // schema {"properties": {"days": {"type": "integer"}}}, instance {"days": "5"}
/// violation.instanceLocation  // "/days"
/// violation.keywordLocation   // "/properties/days/type"
/// violation.keyword           // "type"
/// violation.message           // expected integer, got string "5"
/// ```
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the offending value in the instance (`""` for the root, `"/items/0/city"` deeper).
    public var instanceLocation: String
    /// JSON Pointer to the failing keyword in the schema along the evaluation path, for example
    /// `"/properties/city/type"`; a `$ref` followed on the way appears as a `$ref` token
    /// (`"/properties/home/$ref/required"`), as in the JSON Schema output formats.
    ///
    /// For a value rejected by a `false` schema this points at that schema itself.
    public var keywordLocation: String
    /// The failing keyword: `"type"`, `"required"`, `"anyOf"` …, or `"false"` when a `false` schema
    /// rejected the value.
    public var keyword: String
    /// A sentence a provider engineer can act on, for example `expected integer, got string "5"`.
    public var message: String
    /// The failing keyword's absolute location: the URI of the schema resource that holds it, `#`, and a JSON
    /// Pointer within that resource (`https://example.com/tool.json#/properties/city/type`). Unlike
    /// ``keywordLocation`` it does not follow the `$ref`s evaluation went through. A root schema without
    /// `$id` has the base URI `urn:vendor-verifier:schema`.
    public var absoluteKeywordLocation: String?

    /// Creates a violation.
    /// - Parameters:
    ///   - instanceLocation: JSON Pointer to the offending value in the instance.
    ///   - keywordLocation: JSON Pointer to the failing keyword in the schema, along the evaluation path.
    ///   - keyword: The failing keyword.
    ///   - message: A sentence describing the failure.
    ///   - absoluteKeywordLocation: The keyword's absolute URI, when known.
    public init(
        instanceLocation: String,
        keywordLocation: String,
        keyword: String,
        message: String,
        absoluteKeywordLocation: String? = nil
    ) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.keyword = keyword
        self.message = message
        self.absoluteKeywordLocation = absoluteKeywordLocation
    }

    /// The violation on one line: instance location, message, then the schema keyword location.
    public var description: String {
        let place = instanceLocation.isEmpty ? "root" : instanceLocation
        return "\(place): \(message) (schema \(keywordLocation.isEmpty ? "root" : keywordLocation))"
    }
}

extension SchemaViolation {
    /// Escapes one JSON Pointer reference token (`~` becomes `~0`, then `/` becomes `~1`).
    /// - Parameter token: A property name or other unescaped token.
    /// - Returns: The token as it must appear inside a JSON Pointer.
    static func escapePointerToken(_ token: String) -> String {
        var token = token
        let needsEscaping = token.withUTF8 { bytes in
            bytes.contains { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }
        }
        guard needsEscaping else { return token }
        var escaped = ""
        escaped.reserveCapacity(token.utf8.count + 4)
        for character in token.unicodeScalars {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
