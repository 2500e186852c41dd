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

    /// The type whose name has these UTF-8 bytes, or `nil`: the bytes, packed little-endian into one word, are
    /// compared with the seven names packed the same way (`"null"` is `0x6C6C756E`: n, u, l, l).
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 8 else { return nil }
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            packed |= UInt64(byte) << shift
            shift += 8
        }
        switch packed {
        case 0x6C6C_756E: self = .null
        case 0x6E_6165_6C6F_6F62: self = .boolean
        case 0x7463_656A_626F: self = .object
        case 0x79_6172_7261: self = .array
        case 0x7265_626D_756E: self = .number
        case 0x676E_6972_7473: self = .string
        case 0x72_6567_6574_6E69: self = .integer
        default: return nil
        }
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
