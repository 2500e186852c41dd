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

        /// The keyword named `name`, or `nil` for any other key: one hash and one comparison, no allocation.
        static func named(_ name: String) -> Keyword? {
            var name = name
            return name.withUTF8 { lookup.keyword(named: $0) }
        }

        /// The keyword whose name has these UTF-8 bytes, or `nil`.
        static func named(bytes: UnsafeBufferPointer<UInt8>) -> Keyword? {
            lookup.keyword(named: bytes)
        }

        /// The name table, built once.
        private static let lookup = Lookup()

        /// Keywords by name bytes: an open-addressing table indexed by a hash of the length and three bytes.
        private struct Lookup {
            /// The names' UTF-8 bytes, in case order.
            let nameBytes: [[UInt8]] = Keyword.names.map { Array($0.utf8) }
            /// Raw values by slot, `-1` for an empty slot; a power of two about twice the number of keywords long,
            /// so probes are short and always end.
            var table = [Int8](repeating: -1, count: 128)
            let lengths: ClosedRange<Int>

            init() {
                lengths = (nameBytes.map(\.count).min() ?? 0)...(nameBytes.map(\.count).max() ?? 0)
                for keyword in Keyword.allCases {
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

            func keyword(named bytes: UnsafeBufferPointer<UInt8>) -> Keyword? {
                guard lengths.contains(bytes.count) else { return nil }
                var slot = Self.slot(of: bytes)
                while true {
                    let rawValue = Int(table[slot])
                    guard rawValue >= 0 else { return nil }
                    if nameBytes[rawValue].elementsEqual(bytes) { return Keyword(rawValue: rawValue) }
                    slot = (slot + 1) & (table.count - 1)
                }
            }
        }
    }

    /// The schema object.
    let object: JSONObject
    /// Bit `k` is set when keyword `k` is present.
    private var present: UInt64 = 0
    /// The keywords in member order, 16 bits each (raw value × 1024 + member position), the first eight packed
    /// into two words; the rest (or any at a position beyond 1023) in ``moreEntries``. Small, so the view is
    /// cheap to pass around, and searched from the end, so a repeated keyword's last value wins.
    private var firstEntries: (UInt64, UInt64) = (0, 0)
    private var moreEntries: [(keyword: Keyword, member: Int)] = []
    private var entryCount = 0
    /// The first repeated key, if any key appears twice.
    private(set) var duplicateKey: String?

    init(_ object: JSONObject) {
        self.object = object
        let members = object.members
        var repeatsKeyword = false
        var otherKeys = 0
        for index in members.indices {
            guard let keyword = Keyword.named(members[index].key) else {
                otherKeys += 1
                continue
            }
            let bit: UInt64 = 1 << UInt64(keyword.rawValue)
            if present & bit != 0 { repeatsKeyword = true }
            present |= bit
            if entryCount < 8, index < 1024 {
                let entry = UInt64(keyword.rawValue << 10 | index) << UInt64(16 * (entryCount % 4))
                if entryCount < 4 { firstEntries.0 |= entry } else { firstEntries.1 |= entry }
            } else {
                moreEntries.append((keyword, index))
            }
            entryCount += 1
        }
        // A keyword's name is ASCII and no other spelling is canonically equivalent to it (no keyword contains
        // K, ; or `, the only ASCII characters with non-ASCII canonical equivalents), so a key can only repeat
        // a keyword byte for byte, or be one of several other keys. Only then are keys compared as strings.
        if repeatsKeyword || otherKeys > 1 {
            duplicateKey = Self.firstRepeatedKey(members)
        }
    }

    /// The key reported as repeated: the first key that appears again later (up to 16 members), or the first
    /// member whose key appeared before (larger objects, compared through a set).
    private static func firstRepeatedKey(_ members: [JSONObject.Member]) -> String? {
        if members.count <= 16 {
            for index in members.indices {
                for later in (index + 1)..<members.count where members[later].key == members[index].key {
                    return members[index].key
                }
            }
            return nil
        }
        var seen = Set<String>()
        for member in members where !seen.insert(member.key).inserted { return member.key }
        return nil
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

    /// The value of a keyword that is present (searched from the last entry, so the last repetition wins).
    private func value(of keyword: Keyword) -> JSONValue? {
        var position = entryCount - 1
        while position >= 0 {
            if let entry = entry(position), entry.keyword == keyword { return object[entry.member].value }
            position -= 1
        }
        return nil
    }

    /// The keyword and member position of entry `index` (in member order).
    @inline(__always)
    private func entry(_ index: Int) -> (keyword: Keyword, member: Int)? {
        let inline = entryCount - moreEntries.count
        guard index < inline else { return moreEntries[index - inline] }
        let word = index < 4 ? firstEntries.0 : firstEntries.1
        let packed = Int(truncatingIfNeeded: word >> UInt64(16 * (index % 4))) & 0xFFFF
        guard let keyword = Keyword(rawValue: packed >> 10) else { return nil }
        return (keyword, packed & 0x3FF)
    }

    /// Calls `body` for each present known keyword with its value, in member order (or reversed).
    func forEachKeyword(reversed: Bool = false, _ body: (Keyword, JSONValue) -> Void) {
        for position in 0..<entryCount {
            guard let entry = entry(reversed ? entryCount - 1 - position : position) else { continue }
            body(entry.keyword, object[entry.member].value)
        }
    }

    /// Calls `body` for each present known keyword with its value, in member order, stopping at an error.
    func forEachKeywordThrowing(_ body: (Keyword, JSONValue) throws(SchemaError) -> Void) throws(SchemaError) {
        for position in 0..<entryCount {
            guard let entry = entry(position) else { continue }
            try body(entry.keyword, object[entry.member].value)
        }
    }
}
