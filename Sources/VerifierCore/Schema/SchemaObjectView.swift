/// The keywords of one schema object, indexed once so compiling asks "is `minLength` here?" in constant time
/// instead of scanning the members for each of the sixty-odd keywords.
struct SchemaObjectView {
    /// Every keyword the validator knows (all drafts), as a dense index.
    enum Keyword: Int, CaseIterable {
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

        /// The names' UTF-8 bytes, in case order.
        private static let nameBytes: [[UInt8]] = names.map { Array($0.utf8) }

        /// An open-addressing table from ``slot(of:)`` to raw values (`-1` for an empty slot).
        private static let table: [Int8] = {
            var table = [Int8](repeating: -1, count: tableSize)
            for keyword in Keyword.allCases {
                var slot = nameBytes[keyword.rawValue].withUnsafeBufferPointer { Self.slot(of: $0) }
                while table[slot] >= 0 { slot = (slot + 1) & (tableSize - 1) }
                table[slot] = Int8(keyword.rawValue)
            }
            return table
        }()
        /// A power of two, about twice the number of keywords, so probes are short and always end.
        private static let tableSize = 128
        private static let shortest = nameBytes.map(\.count).min() ?? 0
        private static let longest = nameBytes.map(\.count).max() ?? 0

        /// The first table slot to probe for a name: a hash of its length and three of its bytes.
        private static func slot(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
            let count = bytes.count
            var hash = UInt64(count)
            hash = hash &* 31 &+ UInt64(bytes[0])
            hash = hash &* 31 &+ UInt64(bytes[count / 2])
            hash = hash &* 31 &+ UInt64(bytes[count - 1])
            return Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 57)
        }

        /// The keyword named `name`, or `nil` for any other key: one hash and one comparison, no allocation.
        static func named(_ name: String) -> Keyword? {
            var name = name
            return name.withUTF8 { named(bytes: $0) }
        }

        /// The keyword whose name has these UTF-8 bytes, or `nil`.
        static func named(bytes: UnsafeBufferPointer<UInt8>) -> Keyword? {
            guard bytes.count >= shortest, bytes.count <= longest else { return nil }
            var slot = slot(of: bytes)
            while true {
                let rawValue = Int(table[slot])
                guard rawValue >= 0 else { return nil }
                if nameBytes[rawValue].elementsEqual(bytes) { return Keyword(rawValue: rawValue) }
                slot = (slot + 1) & (tableSize - 1)
            }
        }
    }

    /// The schema object.
    let object: JSONObject
    /// Bit `k` is set when keyword `k` is present.
    private var present: UInt64 = 0
    /// Member index per present keyword, in keyword order of appearance.
    private var entries: [(keyword: Keyword, member: Int)] = []
    /// The index of the first repeated key, if any key appears twice.
    private(set) var duplicateKey: String?

    init(_ object: JSONObject) {
        self.object = object
        let members = object.members
        entries.reserveCapacity(members.count)
        for index in members.indices {
            let key = members[index].key
            if members.count <= 16 {
                var later = index + 1
                while later < members.count {
                    if members[later].key == key, duplicateKey == nil { duplicateKey = key }
                    later += 1
                }
            }
            guard let keyword = Keyword.named(key) else { continue }
            present |= 1 << UInt64(keyword.rawValue)
            entries.append((keyword, index))
        }
        if members.count > 16, duplicateKey == nil {
            var seen = Set<String>()
            for member in members where !seen.insert(member.key).inserted {
                duplicateKey = member.key
                break
            }
        }
    }

    /// Whether the keyword is present.
    func has(_ keyword: Keyword) -> Bool {
        present & (1 << UInt64(keyword.rawValue)) != 0
    }

    /// The keyword's value (the last one if it is repeated).
    @inline(__always)
    subscript(_ keyword: Keyword) -> JSONValue? {
        guard has(keyword) else { return nil }
        return value(of: keyword)
    }

    /// The value of a keyword that is present.
    private func value(of keyword: Keyword) -> JSONValue? {
        for entry in entries.reversed() where entry.keyword == keyword { return object[entry.member].value }
        return nil
    }

    /// Calls `body` for each present known keyword with its value, in member order (or reversed).
    func forEachKeyword(reversed: Bool = false, _ body: (Keyword, JSONValue) -> Void) {
        if reversed {
            for entry in entries.reversed() { body(entry.keyword, object[entry.member].value) }
        } else {
            for entry in entries { body(entry.keyword, object[entry.member].value) }
        }
    }

    /// Calls `body` for each present known keyword with its value, in member order, stopping at an error.
    func forEachKeywordThrowing(_ body: (Keyword, JSONValue) throws(SchemaError) -> Void) throws(SchemaError) {
        for entry in entries { try body(entry.keyword, object[entry.member].value) }
    }
}
