/// The shape rules of the draft metaschemas, written out by hand so every malformed keyword gets a precise
/// ``SchemaError`` (and so compiling never needs to evaluate a metaschema).
///
/// They mirror the draft-07 and 2020-12 metaschemas keyword by keyword (the 2019-09 rules are the 2020-12 ones
/// with array-form `items` and `additionalItems`). On top of the metaschemas: a key may not appear twice in a
/// schema object or in `properties`, and OpenAPI `nullable` must be a boolean when that extension is on.
enum SchemaKeywordChecks {
    /// Checks every known keyword of one schema object.
    /// - Parameters:
    ///   - view: The schema object, indexed.
    ///   - location: Its location, for errors (a JSON Pointer, or `uri#pointer` for a registry resource);
    ///     only computed when there is an error.
    ///   - dialect: The dialect it is read with.
    ///   - allowsNullable: Whether `nullable` is a keyword.
    /// - Throws: ``SchemaError`` for the first malformed keyword.
    static func check(
        _ view: SchemaObjectView,
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
        let draft7 = dialect.isDraft7
        let is2020 = dialect.is2020
        try view.forEachKeywordThrowing { keyword, value throws(SchemaError) in
            let key = keyword.name
            func at() -> String { location() + "/" + SchemaViolation.escapePointerToken(key) }
            switch keyword {
            case .id:
                guard case .string(let id) = value else { throw shape(key, "a string", value, at()) }
                if !draft7, let hash = id.firstIndex(of: "#"), id.index(after: hash) != id.endIndex {
                    throw SchemaError(
                        location: at(),
                        message:
                            "$id must not contain a non-empty fragment (use $anchor), got \(SchemaDescribe.json(value))"
                    )
                }
            case .schema, .ref, .comment, .title, .description, .format, .contentMediaType, .contentEncoding:
                guard case .string = value else { throw shape(key, "a string", value, at()) }
            case .dynamicRef where is2020, .recursiveRef where !draft7 && !is2020:
                guard case .string = value else { throw shape(key, "a string", value, at()) }
            case .anchor where !draft7, .dynamicAnchor where is2020:
                guard case .string(let name) = value else { throw shape(key, "a string", value, at()) }
                guard isAnchorName(name) else {
                    throw SchemaError(
                        location: at(),
                        message:
                            "\(key) must be a plain name (letters, digits, -, _, .), got \(SchemaDescribe.json(value))"
                    )
                }
            case .recursiveAnchor where !draft7 && !is2020, .deprecated where !draft7, .writeOnly where !draft7,
                .nullable where allowsNullable, .uniqueItems, .readOnly:
                guard case .bool = value else { throw shape(key, "a boolean", value, at()) }
            case .vocabulary where !draft7:
                guard case .object(let vocabularies) = value else { throw shape(key, "an object", value, at()) }
                for entry in vocabularies where entry.value.boolValue == nil {
                    throw SchemaError(
                        location: at() + "/" + SchemaViolation.escapePointerToken(entry.key),
                        message: "$vocabulary values must be booleans, got \(entry.value.typeName)"
                    )
                }
            case .defs where !draft7, .dependentSchemas where !draft7, .definitions, .properties, .patternProperties:
                guard case .object(let schemas) = value else { throw shape(key, "an object", value, at()) }
                if keyword == .properties, let duplicate = Self.firstDuplicateKey(schemas) {
                    throw SchemaError(
                        location: at(),
                        message: "properties has the key \(SchemaDescribe.json(.string(duplicate))) more than once"
                    )
                }
                for entry in schemas where entry.value.objectValue == nil && entry.value.boolValue == nil {
                    try schema(entry.value, at() + "/" + SchemaViolation.escapePointerToken(entry.key))
                }
            case .additionalProperties, .propertyNames, .contains, .ifKeyword, .thenKeyword, .elseKeyword, .not:
                try schema(value, at)
            case .additionalItems where !is2020, .unevaluatedItems where !draft7,
                .unevaluatedProperties where !draft7, .contentSchema where !draft7:
                try schema(value, at)
            case .items:
                if case .array(let elements) = value, !is2020 {
                    try schemaArray(elements, key, at)
                } else {
                    try schema(value, at)
                }
            case .prefixItems where is2020, .allOf, .anyOf, .oneOf:
                guard case .array(let elements) = value else { throw shape(key, "an array of schemas", value, at()) }
                try schemaArray(elements, key, at)
            case .type:
                try type(value, at)
            case .enumeration, .examples:
                guard case .array = value else { throw shape(key, "an array", value, at()) }
            case .multipleOf:
                guard case .number(let number) = value else { throw shape(key, "a number", value, at()) }
                guard number.decimal > JSONDecimal(validatedLiteral: "0") else {
                    throw SchemaError(
                        location: at(),
                        message: "multipleOf must be greater than 0, got \(number.literal)"
                    )
                }
            case .maximum, .minimum, .exclusiveMaximum, .exclusiveMinimum:
                guard case .number = value else { throw shape(key, "a number", value, at()) }
            case .maxLength, .minLength, .maxItems, .minItems, .maxProperties, .minProperties,
                .maxContains where !draft7, .minContains where !draft7:
                guard case .number(let number) = value, number.isIntegerLiteral || number.isMathematicalInteger,
                    !number.literal.hasPrefix("-") || number.decimal.isZero
                else {
                    throw SchemaError(
                        location: at(),
                        message: "\(key) must be a non-negative integer, got \(SchemaDescribe.value(value))"
                    )
                }
            case .pattern:
                guard case .string = value else { throw shape(key, "a string", value, at()) }
            case .required:
                try stringArray(value, key, at)
            case .dependentRequired where !draft7:
                guard case .object(let entries) = value else { throw shape(key, "an object", value, at()) }
                for entry in entries {
                    try stringArray(entry.value, key) { at() + "/" + SchemaViolation.escapePointerToken(entry.key) }
                }
            case .dependencies:
                guard case .object(let entries) = value else { throw shape(key, "an object", value, at()) }
                for entry in entries {
                    let entryLocation = { at() + "/" + SchemaViolation.escapePointerToken(entry.key) }
                    if case .array = entry.value {
                        try stringArray(entry.value, key, entryLocation)
                    } else {
                        try schema(entry.value, entryLocation)
                    }
                }
            default:
                return
            }
        }
    }

    /// The first key that appears twice, without hashing for small objects.
    static func firstDuplicateKey(_ object: JSONObject) -> String? {
        let members = object.members
        guard members.count > 1 else { return nil }
        guard members.count <= 16 else { return object.duplicateKeys.first }
        for index in members.indices {
            for later in (index + 1)..<members.count where members[later].key == members[index].key {
                return members[index].key
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

    private static func shape(_ key: String, _ expected: String, _ value: JSONValue, _ at: String) -> SchemaError {
        SchemaError(location: at, message: "\(key) must be \(expected), got \(value.typeName)")
    }

    private static func string(_ value: JSONValue, _ key: String, _ at: String) throws(SchemaError) -> String {
        guard case .string(let text) = value else { throw shape(key, "a string", value, at) }
        return text
    }

    private static func boolean(_ value: JSONValue, _ key: String, _ at: String) throws(SchemaError) {
        guard case .bool = value else { throw shape(key, "a boolean", value, at) }
    }

    /// A subschema must be an object or a boolean.
    static func schema(_ value: JSONValue, _ at: String) throws(SchemaError) {
        try schema(value) { at }
    }

    /// A subschema must be an object or a boolean (location computed only on error).
    static func schema(_ value: JSONValue, _ at: () -> String) throws(SchemaError) {
        switch value {
        case .object, .bool: return
        default:
            throw SchemaError(location: at(), message: "a schema must be an object or a boolean, got \(value.typeName)")
        }
    }

    private static func schemaArray(_ elements: [JSONValue], _ key: String, _ at: () -> String) throws(SchemaError) {
        guard !elements.isEmpty else {
            throw SchemaError(location: at(), message: "\(key) must contain at least one schema")
        }
        for (position, element) in elements.enumerated() where element.objectValue == nil && element.boolValue == nil {
            try schema(element, at() + "/\(position)")
        }
    }

    private static func stringArray(_ value: JSONValue, _ key: String, _ location: () -> String) throws(SchemaError) {
        guard case .array(let elements) = value else { throw shape(key, "an array of strings", value, location()) }
        var seen: [String] = []
        seen.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw SchemaError(
                    location: location() + "/\(position)",
                    message: "\(key) entries must be strings, got \(element.typeName)"
                )
            }
            let repeated =
                elements.count > 32
                ? seen.contains(text) && seen.contains(where: { $0.utf8.elementsEqual(text.utf8) })
                : seen.contains(where: { $0.utf8.elementsEqual(text.utf8) })
            guard !repeated else {
                throw SchemaError(
                    location: location() + "/\(position)",
                    message: "\(key) lists \(SchemaDescribe.json(element)) twice"
                )
            }
            seen.append(text)
        }
    }

    private static func type(_ value: JSONValue, _ location: () -> String) throws(SchemaError) {
        if case .string(let name) = value, SchemaTypeSet(name: name) != nil { return }
        let at = location()
        let known = "expected one of null, boolean, object, array, number, string, integer"
        switch value {
        case .string(let name):
            guard SchemaTypeSet(name: name) != nil else {
                throw SchemaError(location: at, message: "unknown type \(SchemaDescribe.json(value)); \(known)")
            }
        case .array(let elements):
            guard !elements.isEmpty else {
                throw SchemaError(location: at, message: "type must list at least one type name")
            }
            var seen: [String] = []
            for (position, element) in elements.enumerated() {
                guard case .string(let name) = element else {
                    throw SchemaError(
                        location: at + "/\(position)",
                        message: "type names must be strings, got \(element.typeName)"
                    )
                }
                guard SchemaTypeSet(name: name) != nil else {
                    throw SchemaError(
                        location: at + "/\(position)",
                        message: "unknown type \(SchemaDescribe.json(element)); \(known)"
                    )
                }
                guard !seen.contains(name) else {
                    throw SchemaError(location: at + "/\(position)", message: "type \"\(name)\" is listed twice")
                }
                seen.append(name)
            }
        default:
            throw SchemaError(
                location: at,
                message: "type must be a type name or an array of type names, got \(value.typeName)"
            )
        }
    }
}
