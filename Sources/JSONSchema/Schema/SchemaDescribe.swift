/// Short, bounded renderings of values for violation messages.
enum SchemaDescribe {
    /// Longest rendering of a value before it is cut with `…`.
    static let maximumLength = 80

    /// `string "5"`, `number 1.5`, `null`, `object {"a":1}` — the type name, then the value.
    static func value(_ value: JSONValue) -> String {
        if case .null = value { return "null" }
        return "\(value.typeName) \(json(value))"
    }

    /// Compact JSON, cut with `…` past ``maximumLength`` characters.
    static func json(_ value: JSONValue) -> String {
        var renderer = Renderer(budget: maximumLength)
        renderer.render(value, depth: 0)
        return renderer.result
    }

    /// `"string"`, `"string or null"`, `"string, number or null"`.
    static func list(_ items: [String], conjunction: String = "or") -> String {
        guard let last = items.last else { return "nothing" }
        guard items.count > 1 else { return last }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// `1 item`, `3 items`.
    static func count(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }

    /// Why each alternative of `anyOf`/`oneOf` failed, bounded in length.
    static func reasons(_ reasons: [(Int, SchemaViolation)], at pointer: String) -> String {
        let shown = 4
        var parts: [String] = []
        for (position, violation) in reasons.prefix(shown) {
            let place = violation.instanceLocation == pointer ? "" : "at \(violation.instanceLocation): "
            parts.append("#\(position): " + truncated(place + violation.message, to: 160))
        }
        if reasons.count > shown { parts.append("…") }
        return parts.joined(separator: "; ")
    }

    private static func truncated(_ text: String, to length: Int) -> String {
        guard text.count > length else { return text }
        return String(text.prefix(length - 1)) + "…"
    }

    /// Writes compact JSON into a bounded buffer.
    private struct Renderer {
        var text = ""
        var budget: Int
        /// Whether anything was left out.
        var isCut = false

        /// The rendering, ending in `…` when something was left out.
        var result: String { isCut && !text.hasSuffix("…") ? text + "…" : text }

        mutating func emit(_ piece: String) {
            guard budget > 0 else {
                isCut = isCut || !piece.isEmpty
                return
            }
            let length = piece.count
            if length <= budget {
                text += piece
                budget -= length
            } else {
                text += piece.prefix(budget)
                budget = 0
                isCut = true
            }
        }

        mutating func render(_ value: JSONValue, depth: Int) {
            switch value {
            case .null: emit("null")
            case .bool(let flag): emit(flag ? "true" : "false")
            case .number(let number): emit(number.literal)
            case .string(let string): emit(SchemaDescribe.quoted(string, limit: budget + 1))
            case .array(let elements):
                guard depth < 8 else { return emit("[…]") }
                emit("[")
                for (position, element) in elements.enumerated() {
                    if budget <= 0 { return emit("]") }
                    if position > 0 { emit(",") }
                    render(element, depth: depth + 1)
                }
                emit("]")
            case .object(let object):
                guard depth < 8 else { return emit("{…}") }
                emit("{")
                for (position, member) in object.enumerated() {
                    if budget <= 0 { return emit("}") }
                    if position > 0 { emit(",") }
                    emit(SchemaDescribe.quoted(member.key, limit: budget + 1) + ":")
                    render(member.value, depth: depth + 1)
                }
                emit("}")
            }
        }
    }

    /// A JSON string literal; stops escaping once it is longer than `limit` (the caller cuts it).
    private static func quoted(_ string: String, limit: Int) -> String {
        // Printable ASCII without quotes or backslashes, short enough: the literal is the string in quotes.
        let utf8 = string.utf8
        if utf8.count < limit,
            !utf8.contains(where: { $0 < 0x20 || $0 >= 0x80 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        {
            return "\"" + string + "\""
        }
        var result = "\""
        var length = 1
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
            length += 1
            if length > limit { return result }
        }
        return result + "\""
    }
}
