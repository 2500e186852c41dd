/// A JSON value that keeps everything a provider sent: number literals exactly as written,
/// object member order, and duplicate keys.
///
/// Provider output is judged in this form. A strict `Codable` decode would throw away exactly the
/// defects the verifier exists to find (arguments sent as an object, `1.0` where an integer is
/// expected, a key sent twice), so nothing a provider sends is decoded any other way.
///
/// ```swift
/// let value = try JSONValue.parse(#"{"n": 12345678901234567890, "n": 1.0}"#)
/// value["n"]                     // .number(1.0) — the last duplicate wins, as in JavaScript
/// value.objectValue?.duplicateKeys // ["n"]
/// value.serialized()             // {"n":12345678901234567890,"n":1.0}
/// ```
public enum JSONValue: Sendable, Hashable {
    /// The literal `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as the literal the sender wrote.
    case number(JSONNumber)
    /// A string, with escapes decoded.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object, members in the order they arrived, duplicates included.
    case object(JSONObject)
}

extension JSONValue {
    /// The value of member `key` when this is an object, else `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and the index is in range, else `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// The string when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number when this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The integer when this is a number with an exact `Int` value.
    public var intValue: Int? {
        numberValue?.int64Value.flatMap { Int(exactly: $0) }
    }

    /// The elements when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name as JSON Schema spells it (`"integer"` is reported as `"number"`).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Structural equality where numbers compare by value and objects ignore member order
    /// (the last duplicate wins), as a JSON consumer would compare two documents.
    /// - Parameter other: The value to compare with.
    /// - Returns: `true` when both denote the same JSON data.
    public func semanticallyEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a.numericallyEquals(b)
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.semanticallyEquals($1) }
        case (.object(let a), .object(let b)):
            let aKeys = Set(a.keys)
            guard aKeys == Set(b.keys) else { return false }
            for key in aKeys {
                guard let left = a[key], let right = b[key], left.semanticallyEquals(right) else { return false }
            }
            return true
        default: return false
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
