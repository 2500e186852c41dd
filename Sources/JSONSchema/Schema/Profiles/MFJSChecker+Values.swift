extension MFJSChecker {
    /// `enum`: not empty, not too long, scalar values of the declared types.
    mutating func checkEnum(_ values: [JSONValue], types: [String]?, at location: String) {
        if values.isEmpty {
            report(.mfjsEnumEmpty, location, "enum is empty, so no value could ever be generated.")
        }
        if values.count > limits.maximumEnumValues {
            report(
                .mfjsEnumSize,
                location,
                "enum has \(values.count) values; MFJS allows at most \(limits.maximumEnumValues)."
            )
        }
        guard let types else {
            if let value = values.first(where: { $0.arrayValue != nil || $0.objectValue != nil }) {
                report(
                    .mfjsEnumType,
                    location,
                    "enum values must be strings, numbers, booleans or null; found \(value.typeName)."
                )
            }
            return
        }
        let list = types.joined(separator: ", ")
        if let structured = types.first(where: { !Self.scalarTypes.contains($0) }) {
            report(.mfjsEnumType, location, "enum is not allowed with type \(structured) (type is \(list)).")
            return
        }
        if types.count > 2 || (types.count == 2 && !types.contains("null")) {
            report(
                .mfjsEnumType,
                location,
                "enum goes with one type, or one type and null; type is \(list)."
            )
            return
        }
        for (position, value) in values.enumerated() where !types.contains(where: { Self.matches(value, $0) }) {
            report(
                .mfjsEnumType,
                location + "/\(position)",
                "enum value \(Self.excerpt(value)) is not of the declared type (\(list))."
            )
            return
        }
    }

    /// A value's JSON text, shortened for messages.
    static func excerpt(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// Whether a value is an instance of a JSON Schema type name.
    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (value, type) {
        case (.string, "string"), (.bool, "boolean"), (.null, "null"), (.number, "number"), (.array, "array"),
            (.object, "object"):
            true
        case (.number(let number), "integer"): number.isMathematicalInteger
        default: false
        }
    }

    /// Whole bounds for integers; lower bounds not above upper ones.
    mutating func checkBounds(_ object: JSONObject, types: Set<String>?, at pointer: String) {
        if let types, types.contains("integer") {
            for key in ["minimum", "maximum"] {
                if let bound = object[key]?.numberValue, !bound.isMathematicalInteger {
                    report(
                        .mfjsIntegerBound,
                        pointer + "/" + key,
                        "\(key) \(bound.literal) is not a whole number, but type is integer."
                    )
                }
            }
        }
        for (lower, upper) in [("minimum", "maximum"), ("minLength", "maxLength"), ("minItems", "maxItems")] {
            guard let low = object[lower]?.numberValue, let high = object[upper]?.numberValue else { continue }
            if high.decimal < low.decimal {
                report(
                    .mfjsBoundsOrder,
                    pointer + "/" + lower,
                    "\(lower) \(low.literal) is greater than \(upper) \(high.literal)."
                )
            }
        }
    }

    // MARK: Numbers

    /// Every number anywhere in the schema (including `enum`, `default`, unknown keywords) fits a `Double`.
    mutating func checkNumbers(_ schema: JSONValue) {
        var stack: [(value: JSONValue, pointer: String)] = [(schema, "")]
        var found: [(String, String)] = []
        while let (value, pointer) = stack.popLast() {
            switch value {
            case .number(let number):
                if !(Double(number.literal)?.isFinite ?? false) { found.append((pointer, number.literal)) }
            case .array(let elements):
                for (position, element) in elements.enumerated().reversed() {
                    stack.append((element, pointer + "/\(position)"))
                }
            case .object(let object):
                for member in object.reversed() {
                    stack.append((member.value, pointer + "/" + SchemaViolation.escapePointerToken(member.key)))
                }
            default:
                break
            }
        }
        for (pointer, literal) in found {
            report(
                .mfjsNumberRange,
                pointer,
                "The number \(literal) is beyond the range of a 64-bit float; MFJS parsers reject the schema."
            )
        }
    }
}
