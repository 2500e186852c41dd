/// Read access to the JSON values of a schema document, so the compiler reads a parsed ``JSONValue`` tree and a
/// ``JSONTape`` with the same code.
///
/// A value is a `Value` handle (a ``JSONValue`` itself, or a tape entry's index); the source answers what it is
/// and decodes only what the compiler asks for. Object keys have their own handle type, because most keys are
/// only compared with the keyword names (``keyword(_:)``) and never need to become a `String`.
protocol SchemaSource {
    /// A JSON value of the document.
    associatedtype Value
    /// An object member's key.
    associatedtype Key
    /// The elements of an array, in order.
    associatedtype Elements: Sequence<Value>
    /// The members of an object, in order (duplicates included).
    associatedtype Members: Sequence<(key: Key, value: Value)>

    /// What kind of value it is.
    func kind(_ value: Value) -> JSONKind
    /// The boolean, when the value is `true` or `false`.
    func bool(_ value: Value) -> Bool?
    /// The string, when the value is a string.
    func string(_ value: Value) -> String?
    /// The number, when the value is a number.
    func number(_ value: Value) -> JSONNumber?
    /// The elements, when the value is an array.
    func elements(_ value: Value) -> Elements?
    /// The members, when the value is an object.
    func members(_ value: Value) -> Members?
    /// How many elements or members an array or object has (0 for anything else).
    func count(_ value: Value) -> Int
    /// The key as a string.
    func string(key: Key) -> String
    /// The schema keyword the key names, if any.
    func keyword(_ key: Key) -> SchemaKeywordName?
    /// The value as a ``JSONValue`` (built, for a tape).
    func json(_ value: Value) -> JSONValue
    /// A compact code for a member's value in its object (see ``member(_:code:)``), when one fits 32 bits.
    func code(ofMember value: Value, at position: Int) -> UInt32?
    /// The member value of `object` that ``code(ofMember:at:)`` encoded.
    func member(_ object: Value, code: UInt32) -> Value
    /// Calls `body` with a string's UTF-8 bytes (which must not escape it); `nil` when the value is not a string.
    func withUTF8<Result>(_ value: Value, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result?
    /// Whether two keys are equal as Swift strings (canonically equivalent), as duplicate keys are found.
    func keysEqual(_ first: Key, _ second: Key) -> Bool
}

/// The kind of a JSON value.
enum JSONKind: Sendable {
    case null, boolean, number, string, array, object

    /// The JSON Schema type name (as ``JSONValue/typeName`` spells it).
    var typeName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension SchemaSource {
    /// Whether the value can be a schema: an object or a boolean.
    func isSchema(_ value: Value) -> Bool {
        switch kind(value) {
        case .object, .boolean: true
        default: false
        }
    }

    /// The JSON Schema type name of the value.
    func typeName(_ value: Value) -> String {
        kind(value).typeName
    }

    /// The type a string value names, when it names one.
    @inline(__always)
    func typeSet(_ value: Value) -> SchemaTypeSet? {
        withUTF8(value) { SchemaTypeSet(utf8: $0) } ?? nil
    }

    /// Whether two strings have the same code points (the same UTF-8 bytes); `false` unless both are strings.
    func sameCodePoints(_ first: Value, _ second: Value) -> Bool {
        withUTF8(first) { firstBytes in withUTF8(second) { ByteSearch.equal(firstBytes, $0) } ?? false } ?? false
    }
}

/// Parsed ``JSONValue`` trees as a ``SchemaSource``: the general compiler's documents, and the public API.
struct JSONValueSource: SchemaSource {
    func kind(_ value: JSONValue) -> JSONKind {
        switch value {
        case .null: .null
        case .bool: .boolean
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    func bool(_ value: JSONValue) -> Bool? { value.boolValue }
    func string(_ value: JSONValue) -> String? { value.stringValue }
    func number(_ value: JSONValue) -> JSONNumber? { value.numberValue }
    func elements(_ value: JSONValue) -> [JSONValue]? { value.arrayValue }

    func members(_ value: JSONValue) -> LazyMapSequence<[JSONObject.Member], (key: String, value: JSONValue)>? {
        guard case .object(let object) = value else { return nil }
        return object.members.lazy.map { (key: $0.key, value: $0.value) }
    }

    func count(_ value: JSONValue) -> Int {
        switch value {
        case .array(let elements): elements.count
        case .object(let object): object.count
        default: 0
        }
    }

    func string(key: String) -> String { key }
    func keyword(_ key: String) -> SchemaKeywordName? { SchemaKeywordName.named(key) }
    func json(_ value: JSONValue) -> JSONValue { value }

    /// A member is coded by its position.
    func code(ofMember value: JSONValue, at position: Int) -> UInt32? {
        position <= Int(UInt32.max) ? UInt32(position) : nil
    }

    func member(_ object: JSONValue, code: UInt32) -> JSONValue {
        guard case .object(let members) = object else { return .null }
        return members[Int(code)].value
    }

    func withUTF8<Result>(_ value: JSONValue, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard case .string(var text) = value else { return nil }
        return text.withUTF8(body)
    }

    func keysEqual(_ first: String, _ second: String) -> Bool { first == second }
}
