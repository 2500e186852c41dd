/// Every keyword the validator knows (all drafts), as a dense index, and the lookup from a key to its keyword.
enum SchemaKeywordName: Int, CaseIterable, Sendable {
    case id, schema, ref, dynamicRef, recursiveRef, anchor, dynamicAnchor, recursiveAnchor, vocabulary, comment
    case defs, definitions, title, description, defaultValue, deprecated, readOnly, writeOnly, examples
    case type, enumeration, constant, multipleOf, maximum, exclusiveMaximum, minimum, exclusiveMinimum
    case maxLength, minLength, pattern, maxItems, minItems, uniqueItems, maxContains, minContains
    case maxProperties, minProperties, required, dependentRequired, dependencies, properties, patternProperties
    case additionalProperties, dependentSchemas, propertyNames, items, prefixItems, additionalItems, contains
    case ifKeyword, thenKeyword, elseKeyword, not, allOf, anyOf, oneOf, unevaluatedItems, unevaluatedProperties
    case contentSchema, contentEncoding, contentMediaType, format, nullable

    /// The keyword's name in a schema.
    var name: String { Self.names[rawValue] }

    /// Names in case order.
    static let names: [String] = [
        "$id", "$schema", "$ref", "$dynamicRef", "$recursiveRef", "$anchor", "$dynamicAnchor",
        "$recursiveAnchor", "$vocabulary", "$comment", "$defs", "definitions", "title", "description",
        "default", "deprecated", "readOnly", "writeOnly", "examples", "type", "enum", "const", "multipleOf",
        "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
        "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties",
        "required", "dependentRequired", "dependencies", "properties", "patternProperties",
        "additionalProperties", "dependentSchemas", "propertyNames", "items", "prefixItems", "additionalItems",
        "contains", "if", "then", "else", "not", "allOf", "anyOf", "oneOf", "unevaluatedItems",
        "unevaluatedProperties", "contentSchema", "contentEncoding", "contentMediaType", "format", "nullable",
    ]

    /// The keyword named `name`, or `nil` for any other key: one hash and one comparison, no allocation.
    static func named(_ name: String) -> SchemaKeywordName? {
        var name = name
        return name.withUTF8 { lookup.keyword(named: $0) }
    }

    /// The keyword whose name has these UTF-8 bytes, or `nil`.
    static func named(bytes: UnsafeBufferPointer<UInt8>) -> SchemaKeywordName? {
        lookup.keyword(named: bytes)
    }

    /// The name table, built once.
    private static let lookup = Lookup()

    /// Keywords by name bytes: an open-addressing table indexed by a hash of the length and three bytes.
    private struct Lookup {
        /// The names' UTF-8 bytes, in case order.
        let nameBytes: [[UInt8]] = SchemaKeywordName.names.map { Array($0.utf8) }
        /// Raw values by slot, `-1` for an empty slot; a power of two about twice the number of keywords long,
        /// so probes are short and always end.
        var table = [Int8](repeating: -1, count: 128)
        let lengths: ClosedRange<Int>

        init() {
            lengths = (nameBytes.map(\.count).min() ?? 0)...(nameBytes.map(\.count).max() ?? 0)
            for keyword in SchemaKeywordName.allCases {
                var slot = nameBytes[keyword.rawValue].withUnsafeBufferPointer { Self.slot(of: $0) }
                while table[slot] >= 0 { slot = (slot + 1) & (table.count - 1) }
                table[slot] = Int8(keyword.rawValue)
            }
        }

        /// The first slot to probe for a name.
        static func slot(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
            let count = bytes.count
            var hash = UInt64(count)
            hash = hash &* 31 &+ UInt64(bytes[0])
            hash = hash &* 31 &+ UInt64(bytes[count / 2])
            hash = hash &* 31 &+ UInt64(bytes[count - 1])
            return Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 57)
        }

        func keyword(named bytes: UnsafeBufferPointer<UInt8>) -> SchemaKeywordName? {
            guard lengths.contains(bytes.count) else { return nil }
            var slot = Self.slot(of: bytes)
            while true {
                let rawValue = Int(table[slot])
                guard rawValue >= 0 else { return nil }
                let matches = nameBytes[rawValue].withUnsafeBufferPointer { ByteSearch.equal($0, bytes) }
                if matches { return SchemaKeywordName(rawValue: rawValue) }
                slot = (slot + 1) & (table.count - 1)
            }
        }
    }
}
