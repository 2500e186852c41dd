/// A ``JSONTape`` and its document as a ``SchemaSource``: values are entry indices, and nothing is decoded or
/// allocated until the compiler asks for a string, a number or a whole value.
///
/// It holds the tape's buffers, not the tape: make one inside ``JSONTape/withSource(document:_:)`` and do not let
/// it escape.
struct JSONTapeSource: SchemaSource {
    let entries: UnsafeBufferPointer<JSONTape.Entry>
    let document: UnsafeBufferPointer<UInt8>
    let decoded: UnsafeBufferPointer<UInt8>

    /// The entry index just past the value at `index` and everything inside it.
    @inline(__always)
    func end(_ index: Int) -> Int {
        switch entries[index].kind {
        case .array, .object: Int(entries[index].second)
        default: index + 1
        }
    }

    func kind(_ value: Int) -> JSONKind {
        switch entries[value].kind {
        case .null: .null
        case .falseValue, .trueValue: .boolean
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    func bool(_ value: Int) -> Bool? {
        switch entries[value].kind {
        case .trueValue: true
        case .falseValue: false
        default: nil
        }
    }

    func string(_ value: Int) -> String? {
        guard entries[value].kind == .string else { return nil }
        return String(decoding: bytes(value), as: UTF8.self)
    }

    func number(_ value: Int) -> JSONNumber? {
        guard entries[value].kind == .number else { return nil }
        return JSONNumber(validatedLiteral: String(decoding: bytes(value), as: UTF8.self))
    }

    func elements(_ value: Int) -> Elements? {
        guard entries[value].kind == .array else { return nil }
        return Elements(source: self, position: value + 1, remaining: Int(entries[value].first))
    }

    func members(_ value: Int) -> Members? {
        guard entries[value].kind == .object else { return nil }
        return Members(source: self, position: value + 1, remaining: Int(entries[value].first))
    }

    func count(_ value: Int) -> Int {
        switch entries[value].kind {
        case .array, .object: Int(entries[value].first)
        default: 0
        }
    }

    func string(key: Int) -> String {
        String(decoding: bytes(key), as: UTF8.self)
    }

    func keyword(_ key: Int) -> SchemaKeywordName? {
        SchemaKeywordName.named(bytes: bytes(key))
    }

    func json(_ value: Int) -> JSONValue {
        var strings = ShortStringTable()
        var values: [JSONValue] = []
        var keys: [String] = []
        JSONTape.materialize(
            entries: entries,
            document: document,
            decoded: decoded,
            root: value,
            strings: &strings,
            values: &values,
            keys: &keys
        )
        return values.popLast() ?? .null
    }

    /// A member is coded by its value's entry index.
    func code(ofMember value: Int, at position: Int) -> UInt32? {
        UInt32(exactly: value)
    }

    func member(_ object: Int, code: UInt32) -> Int {
        Int(code)
    }

    func withUTF8<Result>(_ value: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard entries[value].kind == .string else { return nil }
        return body(bytes(value))
    }

    /// Equal bytes are equal strings, and different ASCII bytes are different strings; only keys with other bytes
    /// are compared as strings (where canonically equivalent spellings are equal).
    func keysEqual(_ first: Int, _ second: Int) -> Bool {
        if ByteSearch.equal(bytes(first), bytes(second)) { return true }
        if entries[first].isASCII && entries[second].isASCII { return false }
        return string(key: first) == string(key: second)
    }

    /// The bytes of a string or number entry.
    @inline(__always)
    func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        JSONTape.bytes(of: entries[index], document: document, decoded: decoded)
    }

    /// The elements of an array entry: each next one starts where the previous one ends.
    struct Elements: Sequence, IteratorProtocol {
        let source: JSONTapeSource
        var position: Int
        var remaining: Int

        var underestimatedCount: Int { remaining }

        mutating func next() -> Int? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let value = position
            position = source.end(value)
            return value
        }
    }

    /// The members of an object entry: a key entry, then the value's entries.
    struct Members: Sequence, IteratorProtocol {
        let source: JSONTapeSource
        var position: Int
        var remaining: Int

        var underestimatedCount: Int { remaining }

        mutating func next() -> (key: Int, value: Int)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let key = position
            let value = key + 1
            position = source.end(value)
            return (key, value)
        }
    }
}

extension JSONTape {
    /// Calls `body` with the tape, over `document`, as a ``SchemaSource``.
    /// - Parameters:
    ///   - document: The document the tape was read from.
    ///   - body: Reads the source (which must not escape it).
    func withSource<Result>(
        document: UnsafeBufferPointer<UInt8>,
        _ body: (JSONTapeSource) throws(SchemaError) -> Result
    ) throws(SchemaError) -> Result {
        try entries.withUnsafeBufferPointer { (entries) throws(SchemaError) -> Result in
            try decoded.withUnsafeBufferPointer { (decoded) throws(SchemaError) -> Result in
                try body(JSONTapeSource(entries: entries, document: document, decoded: decoded))
            }
        }
    }
}
