/// The JSON Schema type names, as a set.
struct SchemaTypeSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let null = SchemaTypeSet(rawValue: 1 << 0)
    static let boolean = SchemaTypeSet(rawValue: 1 << 1)
    static let object = SchemaTypeSet(rawValue: 1 << 2)
    static let array = SchemaTypeSet(rawValue: 1 << 3)
    static let number = SchemaTypeSet(rawValue: 1 << 4)
    static let string = SchemaTypeSet(rawValue: 1 << 5)
    static let integer = SchemaTypeSet(rawValue: 1 << 6)

    /// The type names in the order messages list them.
    static let names = ["null", "boolean", "object", "array", "number", "string", "integer"]

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The type for a name, or `nil` for an unknown name.
    init?(name: String) {
        // Choose the one candidate by first byte and length, then compare once.
        let candidate: SchemaTypeSet
        switch (name.utf8.first, name.utf8.count) {
        case (UInt8(ascii: "s"), 6): candidate = .string
        case (UInt8(ascii: "o"), 6): candidate = .object
        case (UInt8(ascii: "i"), 7): candidate = .integer
        case (UInt8(ascii: "n"), 6): candidate = .number
        case (UInt8(ascii: "b"), 7): candidate = .boolean
        case (UInt8(ascii: "a"), 5): candidate = .array
        case (UInt8(ascii: "n"), 4): candidate = .null
        default: return nil
        }
        guard name == Self.names[candidate.rawValue.trailingZeroBitCount] else { return nil }
        self = candidate
    }

    /// The type whose name has these UTF-8 bytes, or `nil`: the bytes, packed into a word, are compared with the
    /// seven names packed the same way.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 8 else { return nil }
        let packed = Self.pack(bytes)
        guard let position = Self.packedNames.firstIndex(of: packed) else { return nil }
        self.init(rawValue: 1 << UInt8(position))
    }

    /// The names' bytes packed little-endian into words, in bit order.
    private static let packedNames: [UInt64] = names.map { name in
        var name = name
        return name.withUTF8 { pack($0) }
    }

    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
        return UInt64(littleEndian: word)
    }

    /// Whether `value` is of one of the types in the set (`integer` admits `1.0`, `number` admits integers).
    func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .null: contains(.null)
        case .bool: contains(.boolean)
        case .string: contains(.string)
        case .array: contains(.array)
        case .object: contains(.object)
        case .number(let number):
            contains(.number) || (contains(.integer) && (number.isIntegerLiteral || number.isMathematicalInteger))
        }
    }
}
