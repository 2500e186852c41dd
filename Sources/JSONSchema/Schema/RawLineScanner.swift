/// Finds the byte ranges of the `schema`, `instance` and `draft` members of a batch line without parsing them.
///
/// Only the shape of the top-level object is checked here; each member's value is still parsed strictly by
/// ``JSONParser`` before use (or, for a schema, was parsed when its identical bytes were first seen). Anything
/// this scanner does not expect — another key, an escaped or duplicate key, a malformed structure — makes it
/// return `nil`, and the caller falls back to parsing the whole line.
enum RawLineScanner {
    /// The value ranges of the members found.
    struct Members {
        var schema: Range<Int>?
        var instance: Range<Int>?
        var draft: Range<Int>?
    }

    /// Scans one line.
    /// - Parameters:
    ///   - bytes: The line.
    ///   - schemaLength: Given the bytes from the start of the `schema` member's value to the end of the line,
    ///     the length of that value (found by the caller, which knows the texts it expects there), or `nil` to
    ///     give up on the line.
    ///   - instanceLength: The same for the `instance` member's value (the caller reads it there and then, so it
    ///     is gone over once).
    /// - Returns: The member ranges, or `nil` when the line needs the full parse.
    static func members(
        of bytes: UnsafeBufferPointer<UInt8>,
        schemaLength: (UnsafeBufferPointer<UInt8>) -> Int?,
        instanceLength: (UnsafeBufferPointer<UInt8>) -> Int?
    ) -> Members? {
        var position = skipSpace(bytes, from: 0)
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return nil }
        position += 1
        var members = Members()
        while true {
            position = skipSpace(bytes, from: position)
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
            let keyStart = position + 1
            var keyEnd = keyStart
            while keyEnd < bytes.count, bytes[keyEnd] != UInt8(ascii: "\"") {
                if bytes[keyEnd] == UInt8(ascii: "\\") { return nil }
                keyEnd += 1
            }
            guard keyEnd < bytes.count else { return nil }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])
            position = skipSpace(bytes, from: keyEnd + 1)
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
            position = skipSpace(bytes, from: position + 1)
            let isSchema = isKey(key, "schema")
            let isInstance = !isSchema && isKey(key, "instance")
            let valueEnd: Int
            if isSchema || isInstance {
                guard isSchema ? members.schema == nil : members.instance == nil, position < bytes.count else {
                    return nil
                }
                let rest = UnsafeBufferPointer(rebasing: bytes[position...])
                guard let length = isSchema ? schemaLength(rest) : instanceLength(rest), length > 0 else {
                    return nil
                }
                valueEnd = position + length
            } else {
                guard let end = skipValue(bytes, from: position) else { return nil }
                valueEnd = end
            }
            let range = position..<valueEnd
            if isSchema {
                members.schema = range
            } else if isInstance {
                members.instance = range
            } else if isKey(key, "draft") {
                guard members.draft == nil else { return nil }
                members.draft = range
            } else {
                return nil
            }
            position = skipSpace(bytes, from: valueEnd)
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { return nil }
            return skipSpace(bytes, from: position + 1) == bytes.count ? members : nil
        }
    }

    /// Whether a key's bytes spell `name`.
    private static func isKey(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        for position in 0..<key.count where key[position] != name.utf8Start[position] { return false }
        return true
    }

    private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return position
            }
        }
        return position
    }

    /// The offset of the first `"` or `\\` at or after `start` (or the end), found 8 bytes at a time.
    @inline(__always)
    private static func skipPlainStringBytes(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var position = start
        while position + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            let found =
                ByteSearch.zeroBytes(word ^ ByteSearch.repeated(UInt8(ascii: "\"")))
                | ByteSearch.zeroBytes(word ^ ByteSearch.repeated(UInt8(ascii: "\\")))
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
        }
        while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
            position += 1
        }
        return position
    }

    /// The offset of the first `"`, `{`, `}`, `[` or `]` at or after `start` (or the end), found 8 bytes at a time:
    /// inside an array or object nothing else changes where the value ends.
    @inline(__always)
    private static func skipToStructure(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var position = start
        while position + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            // Setting bit 5 turns `[` into `{` and `]` into `}` and no other byte into either.
            let folded = word | ByteSearch.repeated(0x20)
            let found =
                ByteSearch.zeroBytes(word ^ ByteSearch.repeated(UInt8(ascii: "\"")))
                | ByteSearch.zeroBytes(folded ^ ByteSearch.repeated(UInt8(ascii: "{")))
                | ByteSearch.zeroBytes(folded ^ ByteSearch.repeated(UInt8(ascii: "}")))
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
        }
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"):
                return position
            default:
                position += 1
            }
        }
        return position
    }

    /// The end of the value starting at `start`: strings and nesting are followed, nothing is validated.
    private static func skipValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var position = start
        var depth = 0
        while true {
            if depth > 0 { position = skipToStructure(bytes, from: position) }
            guard position < bytes.count else { break }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position = skipPlainStringBytes(bytes, from: position + 1)
                while position < bytes.count, bytes[position] == UInt8(ascii: "\\") {
                    position = skipPlainStringBytes(bytes, from: position + 2)
                }
                guard position < bytes.count else { return nil }
                position += 1
                if depth == 0 { return position }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { return position == start ? nil : position }
                depth -= 1
                position += 1
                if depth == 0 { return position }
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { return position == start ? nil : position }
                position += 1
            default:
                position += 1
            }
        }
        return depth == 0 && position > start ? position : nil
    }
}
