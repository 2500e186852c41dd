/// The shape rules of the draft metaschemas, written out by hand so every malformed keyword gets a precise
/// ``SchemaError`` (and so compiling never needs to evaluate a metaschema).
///
/// They mirror the draft-07 and 2020-12 metaschemas keyword by keyword (the 2019-09 rules are the 2020-12 ones
/// with array-form `items` and `additionalItems`). On top of the metaschemas: a key may not appear twice in a
/// schema object or in `properties`, and OpenAPI `nullable` must be a boolean when that extension is on.
///
/// The checks read the schema through a ``SchemaSource``; a value is only built as a ``JSONValue`` to word an
/// error.
enum SchemaKeywordChecks {
    /// Checks every known keyword of one schema object.
    /// - Parameters:
    ///   - view: The schema object, indexed.
    ///   - location: Its location, for errors (a JSON Pointer, or `uri#pointer` for a registry resource);
    ///     only computed when there is an error.
    ///   - dialect: The dialect it is read with.
    ///   - allowsNullable: Whether `nullable` is a keyword.
    /// - Throws: ``SchemaError`` for the first malformed keyword.
    static func check<Source: SchemaSource>(
        _ view: SchemaObjectView<Source>,
        at location: () -> String,
        dialect: SchemaDialect,
        allowsNullable: Bool
    ) throws(SchemaError) {
        if let key = view.duplicateKey {
            throw SchemaError(
                location: location(),
                message: "schema object has the key \(SchemaDescribe.json(.string(key))) more than once"
            )
        }
        let source = view.source
        let draft7 = dialect.isDraft7
        let is2020 = dialect.is2020
        for position in 0..<view.keywordCount {
            let (keyword, value) = view.entry(position)
            func at() -> String { location() + "/" + SchemaViolation.escapePointerToken(keyword.name) }
            func shape(_ expected: String) -> SchemaError {
                SchemaError(location: at(), message: "\(keyword.name) must be \(expected), got \(source.typeName(value))")
            }
            switch keyword {
            case .id:
                guard let id = source.string(value) else { throw shape("a string") }
                if !draft7, let hash = id.firstIndex(of: "#"), id.index(after: hash) != id.endIndex {
                    throw SchemaError(
                        location: at(),
                        message: "$id must not contain a non-empty fragment (use $anchor), got "
                            + SchemaDescribe.json(source.json(value))
                    )
                }
            case .schema, .ref, .comment, .title, .description, .format, .contentMediaType, .contentEncoding:
                guard source.kind(value) == .string else { throw shape("a string") }
            case .dynamicRef where is2020, .recursiveRef where !draft7 && !is2020:
                guard source.kind(value) == .string else { throw shape("a string") }
            case .anchor where !draft7, .dynamicAnchor where is2020:
                guard let name = source.string(value) else { throw shape("a string") }
                guard isAnchorName(name) else {
                    throw SchemaError(
                        location: at(),
                        message: "\(keyword.name) must be a plain name (letters, digits, -, _, .), got "
                            + SchemaDescribe.json(source.json(value))
                    )
                }
            case .recursiveAnchor where !draft7 && !is2020, .deprecated where !draft7, .writeOnly where !draft7,
                .nullable where allowsNullable, .uniqueItems, .readOnly:
                guard source.kind(value) == .boolean else { throw shape("a boolean") }
            case .vocabulary where !draft7:
                guard let vocabularies = source.members(value) else { throw shape("an object") }
                for entry in vocabularies where source.kind(entry.value) != .boolean {
                    throw SchemaError(
                        location: at() + "/" + SchemaViolation.escapePointerToken(source.string(key: entry.key)),
                        message: "$vocabulary values must be booleans, got \(source.typeName(entry.value))"
                    )
                }
            case .defs where !draft7, .dependentSchemas where !draft7, .definitions, .properties, .patternProperties:
                guard let schemas = source.members(value) else { throw shape("an object") }
                if keyword == .properties, let duplicate = firstDuplicateKey(value, source) {
                    throw SchemaError(
                        location: at(),
                        message: "properties has the key \(SchemaDescribe.json(.string(duplicate))) more than once"
                    )
                }
                for entry in schemas where !source.isSchema(entry.value) {
                    try schema(
                        entry.value,
                        source,
                        at() + "/" + SchemaViolation.escapePointerToken(source.string(key: entry.key))
                    )
                }
            case .additionalProperties, .propertyNames, .contains, .ifKeyword, .thenKeyword, .elseKeyword, .not:
                try schema(value, source, at)
            case .additionalItems where !is2020, .unevaluatedItems where !draft7,
                .unevaluatedProperties where !draft7, .contentSchema where !draft7:
                try schema(value, source, at)
            case .items:
                if !is2020, let elements = source.elements(value) {
                    try schemaArray(elements, source, keyword, at)
                } else {
                    try schema(value, source, at)
                }
            case .prefixItems where is2020, .allOf, .anyOf, .oneOf:
                guard let elements = source.elements(value) else { throw shape("an array of schemas") }
                try schemaArray(elements, source, keyword, at)
            case .type:
                try type(value, source, at)
            case .enumeration, .examples:
                guard source.kind(value) == .array else { throw shape("an array") }
            case .multipleOf:
                guard let number = source.number(value) else { throw shape("a number") }
                guard number.decimal > JSONDecimal(validatedLiteral: "0") else {
                    throw SchemaError(
                        location: at(),
                        message: "multipleOf must be greater than 0, got \(number.literal)"
                    )
                }
            case .maximum, .minimum, .exclusiveMaximum, .exclusiveMinimum:
                guard source.kind(value) == .number else { throw shape("a number") }
            case .maxLength, .minLength, .maxItems, .minItems, .maxProperties, .minProperties,
                .maxContains where !draft7, .minContains where !draft7:
                guard let number = source.number(value), isCount(number) else {
                    throw SchemaError(
                        location: at(),
                        message:
                            "\(keyword.name) must be a non-negative integer, got \(SchemaDescribe.value(source.json(value)))"
                    )
                }
            case .pattern:
                guard source.kind(value) == .string else { throw shape("a string") }
            case .required:
                try stringArray(value, source, keyword, at)
            case .dependentRequired where !draft7:
                guard let entries = source.members(value) else { throw shape("an object") }
                for entry in entries {
                    try stringArray(entry.value, source, keyword) {
                        at() + "/" + SchemaViolation.escapePointerToken(source.string(key: entry.key))
                    }
                }
            case .dependencies:
                guard let entries = source.members(value) else { throw shape("an object") }
                for entry in entries {
                    let entryLocation = {
                        at() + "/" + SchemaViolation.escapePointerToken(source.string(key: entry.key))
                    }
                    if source.kind(entry.value) == .array {
                        try stringArray(entry.value, source, keyword, entryLocation)
                    } else {
                        try schema(entry.value, source, entryLocation)
                    }
                }
            default:
                continue
            }
        }
    }

    /// Whether a number is a non-negative integer (`1.0` and `1e2` are; `-0` is too).
    private static func isCount(_ number: JSONNumber) -> Bool {
        let literal = number.literal.utf8
        if number.isIntegerLiteral { return literal.first != UInt8(ascii: "-") || number.decimal.isZero }
        return number.isMathematicalInteger && (literal.first != UInt8(ascii: "-") || number.decimal.isZero)
    }

    /// The first key that appears twice in an object, without hashing for small objects.
    static func firstDuplicateKey<Source: SchemaSource>(_ object: Source.Value, _ source: Source) -> String? {
        let count = source.count(object)
        guard count > 1, let members = source.members(object) else { return nil }
        guard count <= 16 else {
            var seen = Set<String>()
            for member in members where !seen.insert(source.string(key: member.key)).inserted {
                return source.string(key: member.key)
            }
            return nil
        }
        // Each member against the ones after it, with a copy of the iterator for the rest.
        var outer = members.makeIterator()
        while let member = outer.next() {
            var later = outer
            while let other = later.next() {
                if source.keysEqual(other.key, member.key) { return source.string(key: member.key) }
            }
        }
        return nil
    }

    /// Whether `name` is a valid `$anchor`/`$dynamicAnchor` (`^[A-Za-z_][-A-Za-z0-9._]*$`).
    static func isAnchorName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
            (first >= "A" && first <= "Z") || (first >= "a" && first <= "z") || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy {
            ($0 >= "A" && $0 <= "Z") || ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9")
                || "-_.".unicodeScalars
                    .contains($0)
        }
    }

    /// A subschema must be an object or a boolean.
    static func schema(_ value: JSONValue, _ at: String) throws(SchemaError) {
        try schema(value, JSONValueSource()) { at }
    }

    /// A subschema must be an object or a boolean (location computed only on error).
    static func schema<Source: SchemaSource>(_ value: Source.Value, _ source: Source, _ at: () -> String)
        throws(SchemaError)
    {
        guard !source.isSchema(value) else { return }
        throw SchemaError(
            location: at(),
            message: "a schema must be an object or a boolean, got \(source.typeName(value))"
        )
    }

    private static func schema<Source: SchemaSource>(_ value: Source.Value, _ source: Source, _ at: String)
        throws(SchemaError)
    {
        try schema(value, source) { at }
    }

    private static func schemaArray<Source: SchemaSource>(
        _ elements: Source.Elements,
        _ source: Source,
        _ keyword: SchemaKeywordName,
        _ at: () -> String
    ) throws(SchemaError) {
        var position = 0
        for element in elements {
            try schema(element, source) { at() + "/\(position)" }
            position += 1
        }
        guard position > 0 else {
            throw SchemaError(location: at(), message: "\(keyword.name) must contain at least one schema")
        }
    }

    private static func stringArray<Source: SchemaSource>(
        _ value: Source.Value,
        _ source: Source,
        _ keyword: SchemaKeywordName,
        _ location: () -> String
    ) throws(SchemaError) {
        guard let elements = source.elements(value) else {
            throw SchemaError(
                location: location(),
                message: "\(keyword.name) must be an array of strings, got \(source.typeName(value))"
            )
        }
        // Entries repeat when their code points do: an entry of a short list is compared with the entries before
        // it (nothing allocated), one of a long list through a table of the strings before it.
        let isLong = source.count(value) > 32
        var earlierTexts: [String: [String]] = [:]
        for (position, element) in elements.enumerated() {
            guard source.kind(element) == .string else {
                throw SchemaError(
                    location: location() + "/\(position)",
                    message: "\(keyword.name) entries must be strings, got \(source.typeName(element))"
                )
            }
            var repeated = false
            if isLong {
                let text = source.string(element) ?? ""
                repeated = earlierTexts[text]?.contains(where: { $0.utf8.elementsEqual(text.utf8) }) == true
                earlierTexts[text, default: []].append(text)
            } else {
                for earlier in elements.prefix(position) where source.sameCodePoints(earlier, element) {
                    repeated = true
                    break
                }
            }
            guard !repeated else {
                throw SchemaError(
                    location: location() + "/\(position)",
                    message: "\(keyword.name) lists \(SchemaDescribe.json(source.json(element))) twice"
                )
            }
        }
    }

    private static func type<Source: SchemaSource>(_ value: Source.Value, _ source: Source, _ location: () -> String)
        throws(SchemaError)
    {
        if source.typeSet(value) != nil { return }
        let at = location()
        let known = "expected one of null, boolean, object, array, number, string, integer"
        if source.kind(value) == .string {
            throw SchemaError(
                location: at,
                message: "unknown type \(SchemaDescribe.json(source.json(value))); \(known)"
            )
        }
        guard let elements = source.elements(value) else {
            throw SchemaError(
                location: at,
                message: "type must be a type name or an array of type names, got \(source.typeName(value))"
            )
        }
        guard source.count(value) > 0 else {
            throw SchemaError(location: at, message: "type must list at least one type name")
        }
        var seen = SchemaTypeSet()
        for (position, element) in elements.enumerated() {
            guard source.kind(element) == .string else {
                throw SchemaError(
                    location: at + "/\(position)",
                    message: "type names must be strings, got \(source.typeName(element))"
                )
            }
            guard let type = source.typeSet(element) else {
                throw SchemaError(
                    location: at + "/\(position)",
                    message: "unknown type \(SchemaDescribe.json(source.json(element))); \(known)"
                )
            }
            guard !seen.contains(type) else {
                throw SchemaError(
                    location: at + "/\(position)",
                    message: "type \"\(source.string(element) ?? "")\" is listed twice"
                )
            }
            seen.insert(type)
        }
    }
}
