/// A parsed JSON document as one flat table of entries — a "tape" — that points into the document's bytes.
///
/// ``JSONParser`` checks a document and writes its tape; a ``JSONValue`` is then built from the tape in one pass
/// (``materialize(in:strings:root:values:keys:)``), every array and object allocated once at its exact size. Readers that only
/// need part of a document (the schema compiler reading a schema) read the tape directly and decode only the
/// strings and numbers they use: nothing is allocated per value.
///
/// Layout: each value is one entry, in document order. An object's entry is followed by its members, each a key
/// entry (a string flagged ``Entry/isKey``) and the value's entries; an array's by its elements. A container entry
/// records its member (or element) count and the index just past its last entry, so a reader can skip it whole.
/// Strings and numbers record where their bytes are: in the document for a number or a string without escapes,
/// in ``decoded`` for a string whose escapes the parser decoded.
struct JSONTape: Sendable {
    /// What an entry is.
    enum Kind: UInt8, Sendable {
        case null, falseValue, trueValue, number, string, array, object
    }

    /// One value (or object key).
    struct Entry: Sendable {
        /// What the value is.
        var kind: Kind
        /// A string that is an object member's key.
        var isKey = false
        /// A string whose (decoded) bytes are in ``JSONTape/decoded`` rather than in the document.
        var isDecoded = false
        /// A string whose bytes are all ASCII.
        var isASCII = false
        /// Number or string: the offset of its bytes. Array or object: how many elements or members it has.
        var first: UInt32 = 0
        /// Number or string: how many bytes it has. Array or object: the index just past its last entry.
        var second: UInt32 = 0
    }

    /// The entries, in document order.
    var entries: [Entry] = []
    /// The bytes of strings that had escapes, decoded.
    var decoded: [UInt8] = []

    /// Empties the tape, keeping its storage for the next document.
    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        decoded.removeAll(keepingCapacity: true)
    }

    /// Builds the value at `root` (the whole document by default) and everything inside it.
    /// - Parameters:
    ///   - document: The document the tape was read from.
    ///   - strings: Strings of up to 15 bytes already made (reused across documents).
    ///   - root: The entry of the value to build.
    ///   - values: A stack for values waiting for their container (reused; left holding the result alone).
    ///   - keys: A stack for keys waiting for their object (reused).
    func materialize(
        in document: UnsafeBufferPointer<UInt8>,
        strings: inout ShortStringTable,
        root: Int,
        values: inout [JSONValue],
        keys: inout [String]
    ) {
        entries.withUnsafeBufferPointer { entries in
            decoded.withUnsafeBufferPointer { decoded in
                Self.materialize(
                    entries: entries,
                    document: document,
                    decoded: decoded,
                    root: root,
                    strings: &strings,
                    values: &values,
                    keys: &keys
                )
            }
        }
    }

    /// ``materialize(in:strings:root:values:keys:)`` over the tape's buffers.
    ///
    /// Iterative: entries are visited last to first, so every container finds its contents finished on the two
    /// stacks, each array and object is allocated once at its exact size, and no document is deep enough to
    /// exhaust the call stack.
    static func materialize(
        entries: UnsafeBufferPointer<Entry>,
        document: UnsafeBufferPointer<UInt8>,
        decoded: UnsafeBufferPointer<UInt8>,
        root: Int,
        strings: inout ShortStringTable,
        values: inout [JSONValue],
        keys: inout [String]
    ) {
        values.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        let end: Int
        switch entries[root].kind {
        case .array, .object: end = Int(entries[root].second)
        default: end = root + 1
        }
        var index = end
        while index > root {
            index -= 1
            let entry = entries[index]
            switch entry.kind {
            case .null: values.append(.null)
            case .falseValue: values.append(.bool(false))
            case .trueValue: values.append(.bool(true))
            case .number:
                let literal = String(decoding: bytes(of: entry, document: document, decoded: decoded), as: UTF8.self)
                values.append(.number(JSONNumber(validatedLiteral: literal)))
            case .string:
                let text =
                    entry.isDecoded || entry.second > ShortStringTable.maximumLength
                    ? String(decoding: bytes(of: entry, document: document, decoded: decoded), as: UTF8.self)
                    : strings.string(in: document, from: Int(entry.first), count: Int(entry.second))
                if entry.isKey { keys.append(text) } else { values.append(.string(text)) }
            case .array:
                let count = Int(entry.first)
                var elements: [JSONValue] = []
                elements.reserveCapacity(count)
                for _ in 0..<count { elements.append(values.removeLast()) }
                values.append(.array(elements))
            case .object:
                let count = Int(entry.first)
                var members: [JSONObject.Member] = []
                members.reserveCapacity(count)
                for _ in 0..<count {
                    members.append(JSONObject.Member(key: keys.removeLast(), value: values.removeLast()))
                }
                values.append(.object(JSONObject(members)))
            }
        }
    }

    /// The bytes of a string or number entry.
    static func bytes(
        of entry: Entry,
        document: UnsafeBufferPointer<UInt8>,
        decoded: UnsafeBufferPointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8> {
        let range = Int(entry.first)..<Int(entry.first) + Int(entry.second)
        return UnsafeBufferPointer(rebasing: (entry.isDecoded ? decoded : document)[range])
    }
}
