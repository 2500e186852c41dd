/// Serialises ``JSONValue``s to UTF-8 JSON text, writing number literals exactly as stored.
///
/// Output is compact by default (`{"a":1,"b":[true,null]}`). Member order and duplicate keys are
/// kept unless ``Options/sortKeys`` is set. Strings are escaped minimally: `\"`, `\\`, `\n`, `\r`,
/// `\t`, `\b`, `\f`, and other C0 controls as `\u00XX` (lowercase hex); everything else, including
/// `/`, U+2028, U+2029 and all non-ASCII text, is written as raw UTF-8.
///
/// For every value `v`, `try JSONValue.parse(v.serialized()) == v`.
///
/// ```swift
/// let value: JSONValue = ["b": [true, nil], "a": 1]
/// value.serialized()                                    // {"b":[true,null],"a":1}
/// value.serialized(options: .init(sortKeys: true))     // {"a":1,"b":[true,null]}
/// ```
public struct JSONWriter: Sendable {
    /// How the text is laid out.
    public struct Options: Sendable, Hashable {
        /// Whether to indent with two spaces per level and put each element and member on its own line.
        public var pretty: Bool = false
        /// Whether to order object members by key (by UTF-8 bytes, stable for duplicates), for canonical output.
        public var sortKeys: Bool = false

        /// Creates options.
        /// - Parameters:
        ///   - pretty: Whether to indent (two spaces per level, `"key": value`).
        ///   - sortKeys: Whether to order object members by key.
        public init(pretty: Bool = false, sortKeys: Bool = false) {
            self.pretty = pretty
            self.sortKeys = sortKeys
        }
    }

    /// The layout this writer produces.
    public var options: Options

    /// Creates a writer.
    /// - Parameter options: The layout to produce.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Appends the JSON text of `value` to `buffer`.
    /// - Parameters:
    ///   - value: The value to write.
    ///   - buffer: The buffer the UTF-8 text is appended to.
    public func write(_ value: JSONValue, into buffer: inout [UInt8]) {
        writeValue(value, depth: 0, into: &buffer)
    }

    /// The JSON text of `value` as UTF-8 bytes.
    /// - Parameter value: The value to write.
    /// - Returns: The UTF-8 text.
    public func bytes(for value: JSONValue) -> [UInt8] {
        var buffer: [UInt8] = []
        write(value, into: &buffer)
        return buffer
    }

    /// The JSON text of `value`.
    /// - Parameter value: The value to write.
    /// - Returns: The text.
    public func string(for value: JSONValue) -> String {
        String(decoding: bytes(for: value), as: UTF8.self)
    }

    // MARK: Values

    private func writeValue(_ value: JSONValue, depth: Int, into buffer: inout [UInt8]) {
        switch value {
        case .null:
            buffer.append(contentsOf: "null".utf8)
        case .bool(let flag):
            buffer.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .number(let number):
            buffer.append(contentsOf: number.literal.utf8)
        case .string(let text):
            Self.writeString(text, into: &buffer)
        case .array(let elements):
            writeArray(elements, depth: depth, into: &buffer)
        case .object(let object):
            writeObject(object, depth: depth, into: &buffer)
        }
    }

    private func writeArray(_ elements: [JSONValue], depth: Int, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "["))
        guard !elements.isEmpty else {
            buffer.append(UInt8(ascii: "]"))
            return
        }
        for (position, element) in elements.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: ",")) }
            newline(depth: depth + 1, into: &buffer)
            writeValue(element, depth: depth + 1, into: &buffer)
        }
        newline(depth: depth, into: &buffer)
        buffer.append(UInt8(ascii: "]"))
    }

    private func writeObject(_ object: JSONObject, depth: Int, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        guard !object.isEmpty else {
            buffer.append(UInt8(ascii: "}"))
            return
        }
        let members = options.sortKeys ? Self.sortedMembers(object.members) : object.members
        for (position, member) in members.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: ",")) }
            newline(depth: depth + 1, into: &buffer)
            Self.writeString(member.key, into: &buffer)
            buffer.append(UInt8(ascii: ":"))
            if options.pretty { buffer.append(UInt8(ascii: " ")) }
            writeValue(member.value, depth: depth + 1, into: &buffer)
        }
        newline(depth: depth, into: &buffer)
        buffer.append(UInt8(ascii: "}"))
    }

    /// In pretty mode, starts a new line indented for `depth`; in compact mode, does nothing.
    private func newline(depth: Int, into buffer: inout [UInt8]) {
        guard options.pretty else { return }
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// Members ordered by the UTF-8 bytes of their keys; members with equal keys keep their order.
    private static func sortedMembers(_ members: [JSONObject.Member]) -> [JSONObject.Member] {
        let keyed = members.enumerated().map { (position: $0.offset, key: Array($0.element.key.utf8)) }
        let order = keyed.sorted { lhs, rhs in
            if lhs.key == rhs.key { return lhs.position < rhs.position }
            return lhs.key.lexicographicallyPrecedes(rhs.key)
        }
        return order.map { members[$0.position] }
    }

    // MARK: Strings

    private static func writeString(_ text: String, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for position in bytes.indices {
                let byte = bytes[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                appendEscape(for: byte, into: &buffer)
                runStart = position + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        default:
            buffer.append(contentsOf: "u00".utf8)
            buffer.append(hexDigit(byte >> 4))
            buffer.append(hexDigit(byte & 0x0F))
        }
    }
}

/// The lowercase hex digit for a value below 16.
private func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
}

extension JSONValue {
    /// The JSON text of this value.
    /// - Parameter options: The layout (compact and in member order by default).
    /// - Returns: The text.
    public func serialized(options: JSONWriter.Options = .init()) -> String {
        JSONWriter(options: options).string(for: self)
    }

    /// The JSON text of this value as UTF-8 bytes.
    /// - Parameter options: The layout (compact and in member order by default).
    /// - Returns: The UTF-8 text.
    public func serializedBytes(options: JSONWriter.Options = .init()) -> [UInt8] {
        JSONWriter(options: options).bytes(for: self)
    }

    /// Appends the JSON text of this value to `buffer`.
    /// - Parameters:
    ///   - buffer: The buffer the UTF-8 text is appended to.
    ///   - options: The layout (compact and in member order by default).
    public func write(into buffer: inout [UInt8], options: JSONWriter.Options = .init()) {
        JSONWriter(options: options).write(self, into: &buffer)
    }
}
