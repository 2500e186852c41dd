import Foundation
import VerifierCore

/// Draws argument values for a schema from the words and numbers of a user's message.
struct ValueSource {
    private var integers: [Int64]
    private var numbers: [String]
    private var quoted: [String]
    private var names: [String]
    private let lowered: String

    init(message: String) {
        lowered = message.lowercased()
        var integers: [Int64] = []
        var numbers: [String] = []
        var token = ""
        for character in message + " " {
            if character.isASCII,
                character.isNumber || (character == "." && !token.isEmpty) || (character == "-" && token.isEmpty)
            {
                token.append(character)
            } else {
                if token.hasSuffix(".") { token.removeLast() }
                if !token.isEmpty {
                    if let value = Int64(token) { integers.append(value) }
                    if JSONNumber(literal: token) != nil { numbers.append(token) }
                }
                token = ""
            }
        }
        self.integers = integers
        self.numbers = numbers
        var quoted: [String] = []
        for delimiter in ["'", "\""] {
            let parts = message.components(separatedBy: delimiter)
            if parts.count >= 3 {
                quoted += stride(from: 1, to: parts.count - 1, by: 2).map { parts[$0] }.filter {
                    !$0.isEmpty && $0.count < 4000
                }
            }
        }
        self.quoted = quoted
        let words = message.split(whereSeparator: { !$0.isLetter })
        self.names = words.dropFirst().filter { $0.first?.isUppercase ?? false }.map(String.init)
    }

    /// The schema `$ref`s resolve against (the tool's `parameters`).
    var root: JSONValue = .null

    /// The schema a local `$ref` (`#`, `#/$defs/…`, `#/definitions/…`) points at.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var node = root
        for token in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = node.objectValue, let next = object[key] {
                node = next
            } else if let array = node.arrayValue, let index = Int(key), array.indices.contains(index) {
                node = array[index]
            } else {
                return nil
            }
        }
        return node
    }

    mutating func value(for schema: JSONValue, name: String, depth: Int) -> JSONValue {
        guard depth < 24, let object = schema.objectValue else { return .string("example") }
        if let reference = object["$ref"]?.stringValue, let target = resolve(reference) {
            return value(for: target, name: name, depth: depth + 1)
        }
        if let constant = object["const"] { return constant }
        if let options = object["enum"]?.arrayValue, let first = options.first {
            return options.first { option in
                option.stringValue.map { lowered.contains($0.lowercased()) } ?? false
            } ?? first
        }
        for combinator in ["anyOf", "oneOf", "allOf"] {
            if let branches = object[combinator]?.arrayValue, let first = branches.first {
                // Deep inside a recursive structure, take a branch that ends it (one without a `$ref`).
                let ending = depth >= 6 ? branches.first { !$0.serialized().contains("\"$ref\"") } : nil
                return value(for: ending ?? first, name: name, depth: depth + 1)
            }
        }
        let type: String
        switch object["type"] {
        case .string(let single)?: type = single
        case .array(let list)?: type = list.compactMap(\.stringValue).first { $0 != "null" } ?? "null"
        default: type = object["properties"] != nil ? "object" : "string"
        }
        switch type {
        case "object":
            var result = JSONObject()
            let properties = object["properties"]?.objectValue ?? JSONObject()
            let required = Set((object["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            for member in properties where required.contains(member.key) {
                result[member.key] = value(for: member.value, name: member.key, depth: depth + 1)
            }
            return .object(result)
        case "array":
            let items = object["items"] ?? .object(JSONObject())
            // Recursive structures (a node's children are nodes) end with empty arrays once deep enough.
            let count = object["minItems"]?.intValue ?? (depth < 6 ? 1 : 0)
            let capped = min(count, object["maxItems"]?.intValue ?? count)
            var elements: [JSONValue] = []
            for _ in 0..<capped { elements.append(value(for: items, name: name, depth: depth + 1)) }
            return .array(elements)
        case "integer":
            var chosen = integers.isEmpty ? 1 : integers.removeFirst()
            if let minimum = object["minimum"]?.numberValue?.int64Value { chosen = max(chosen, minimum) }
            if let maximum = object["maximum"]?.numberValue?.int64Value { chosen = min(chosen, maximum) }
            return .number(JSONNumber(Int(chosen)))
        case "number":
            let literal = numbers.isEmpty ? "1.5" : numbers.removeFirst()
            let number = JSONNumber(literal: literal) ?? JSONNumber(1)
            if let minimum = object["minimum"]?.numberValue, number.decimal < minimum.decimal {
                return .number(minimum)
            }
            if let maximum = object["maximum"]?.numberValue, maximum.decimal < number.decimal {
                return .number(maximum)
            }
            return .number(number)
        case "boolean":
            return .bool(!lowered.contains(" not "))
        case "null":
            return .null
        default:
            return .string(string(for: object, name: name))
        }
    }

    private mutating func string(for schema: JSONObject, name: String) -> String {
        var text: String
        switch schema["format"]?.stringValue {
        case "date"?: text = "2024-01-15"
        case "date-time"?: text = "2024-01-15T09:30:00Z"
        case "time"?: text = "09:30:00"
        case "email"?: text = "user@example.com"
        case "uri"?, "url"?: text = "https://example.com"
        case "uuid"?: text = "123e4567-e89b-12d3-a456-426614174000"
        default:
            if !quoted.isEmpty {
                text = quoted.removeFirst()
            } else if !names.isEmpty {
                text = names.removeFirst()
            } else {
                text = name.isEmpty ? "example" : name.replacingOccurrences(of: "_", with: " ")
            }
        }
        let minimum = schema["minLength"]?.intValue ?? 0
        if text.unicodeScalars.count < minimum {
            text += String(repeating: "x", count: minimum - text.unicodeScalars.count)
        }
        if let maximum = schema["maxLength"]?.intValue, text.unicodeScalars.count > maximum {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(maximum)))
        }
        return text
    }
}
