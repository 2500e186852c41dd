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

        /// Keywords by the UTF-8 length of their names, so a lookup compares a few names and hashes nothing.
        private static let byLength: [[(name: String, keyword: Keyword)]] = {
            var table: [[(name: String, keyword: Keyword)]] = []
            for keyword in Keyword.allCases {
                let length = keyword.name.utf8.count
                while table.count <= length { table.append([]) }
                table[length].append((keyword.name, keyword))
            }
            return table
        }()

        /// The keyword named `name`, or `nil` for any other key.
        static func named(_ name: String) -> Keyword? {
            let length = name.utf8.count
            guard length < byLength.count else { return nil }
            for entry in byLength[length] where entry.name == name { return entry.keyword }
            return nil
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
    subscript(_ keyword: Keyword) -> JSONValue? {
        guard has(keyword) else { return nil }
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
