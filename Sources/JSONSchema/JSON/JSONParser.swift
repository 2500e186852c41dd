/// A strict RFC 8259 JSON parser over UTF-8 bytes that keeps what a provider sent exactly.
///
/// Every byte a provider sends goes through this parser, so it is strict where lenient parsers are
/// forgiving and exact where they round:
///
/// - Number literals are kept as text (`12345678901234567890`, `1.0`, `1e400`, `-0`), after being
///   checked against the grammar (`01`, `1.`, `.5`, `+1`, `1e` are rejected).
/// - Object members keep their order, and duplicate keys are all kept.
/// - Strings must be valid UTF-8 (no overlong forms, no encoded surrogates, nothing above U+10FFFF,
///   no truncated sequences or stray continuation bytes), must not contain raw control characters,
///   and `\u` escapes must not leave a surrogate unpaired.
/// - Only space, tab, LF and CR count as whitespace, before and after the value; anything else after
///   the value is an error, and so is empty input.
/// - A UTF-8 byte order mark at the start is rejected. RFC 8259 §8.1 lets a parser ignore one, but
///   a provider that sends one is not sending conforming JSON text, and the verifier should see it.
/// - Nesting deeper than ``Options/maxDepth`` is an error. The parser never recurses, so no input
///   can overflow the stack.
///
/// Errors carry the byte offset of the problem (see ``JSONParseError``).
///
/// ```swift
/// let value = try JSONParser().parse(bytes: chunkBytes)
/// let shallow = JSONParser(options: .init(maxDepth: 32))
/// ```
public struct JSONParser: Sendable {
    /// Limits applied while parsing.
    public struct Options: Sendable, Hashable {
        /// The deepest nesting of arrays and objects accepted (a top-level `[]` is depth 1).
        ///
        /// Parsing itself never recurses, but comparing, writing and freeing a parsed value does,
        /// so very large limits only move the risk of deep recursion to the code that uses the value.
        public var maxDepth: Int

        /// Creates options.
        /// - Parameter maxDepth: The deepest nesting of arrays and objects accepted.
        public init(maxDepth: Int = 512) {
            self.maxDepth = maxDepth
        }
    }

    /// The limits this parser applies.
    public var options: Options

    /// Creates a parser.
    /// - Parameter options: The limits to apply.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses a JSON text given as a string (its UTF-8 bytes are parsed).
    /// - Parameter text: The JSON text.
    /// - Returns: The value.
    /// - Throws: ``JSONParseError`` with the byte offset of the first problem.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in parseResult(buffer) }
        return try result.get()
    }

    /// Parses a JSON text given as UTF-8 bytes, without copying them when they are contiguous.
    /// - Parameter bytes: The UTF-8 bytes of the JSON text.
    /// - Returns: The value.
    /// - Throws: ``JSONParseError`` with the byte offset (from the first byte of `bytes`) of the first problem.
    public func parse(bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        if let result = bytes.withContiguousStorageIfAvailable({ buffer in parseResult(buffer) }) {
            return try result.get()
        }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in parseResult(buffer) }.get()
    }

    /// Parses a JSON text in a buffer of UTF-8 bytes.
    /// - Parameter buffer: The UTF-8 bytes of the JSON text.
    /// - Returns: The value.
    /// - Throws: ``JSONParseError`` with the byte offset (from the start of `buffer`) of the first problem.
    public func parse(buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var workspace = Workspace()
        return try parse(buffer: buffer, workspace: &workspace)
    }

    /// Parses a JSON text in a buffer, reusing the buffers of `workspace` (see ``Workspace``).
    /// - Parameters:
    ///   - buffer: The UTF-8 bytes of the JSON text.
    ///   - workspace: Buffers kept from earlier parses; they grow as needed and are handed back.
    /// - Returns: The value.
    /// - Throws: ``JSONParseError`` with the byte offset (from the start of `buffer`) of the first problem.
    func parse(buffer: UnsafeBufferPointer<UInt8>, workspace: inout Workspace) throws(JSONParseError) -> JSONValue {
        try read(buffer: buffer, workspace: &workspace)
        return workspace.materialize(document: buffer)
    }

    /// Checks a JSON text in a buffer and leaves its tape in `workspace.tape` (see ``JSONTape``), without building
    /// a ``JSONValue``.
    /// - Parameters:
    ///   - buffer: The UTF-8 bytes of the JSON text; the tape points into them.
    ///   - workspace: Buffers kept from earlier parses.
    /// - Throws: ``JSONParseError`` with the byte offset (from the start of `buffer`) of the first problem.
    func read(buffer: UnsafeBufferPointer<UInt8>, workspace: inout Workspace) throws(JSONParseError) {
        _ = try run(buffer, stopsAfterValue: false, workspace: &workspace)
    }

    /// Reads the JSON value at the start of a buffer onto `workspace.tape`, like
    /// ``read(buffer:workspace:)``, but stops where the value ends: whatever follows it is not looked at.
    /// - Parameters:
    ///   - buffer: Bytes starting with a JSON value (no whitespace before it); the tape points into them.
    ///   - workspace: Buffers kept from earlier parses.
    /// - Returns: The offset just past the value, so the value's text is `buffer[0..<offset]`.
    /// - Throws: ``JSONParseError`` with the byte offset of the first problem within the value.
    func readValue(atStartOf buffer: UnsafeBufferPointer<UInt8>, workspace: inout Workspace) throws(JSONParseError)
        -> Int
    {
        try run(buffer, stopsAfterValue: true, workspace: &workspace)
    }

    /// Parses with the workspace's buffers lent to a cursor (and handed back, whatever happens); returns the offset
    /// where reading stopped.
    private func run(
        _ buffer: UnsafeBufferPointer<UInt8>,
        stopsAfterValue: Bool,
        workspace: inout Workspace
    ) throws(JSONParseError) -> Int {
        var cursor = Cursor(bytes: buffer, maxDepth: options.maxDepth)
        cursor.stopsAfterValue = stopsAfterValue
        swap(&cursor.tape, &workspace.tape)
        swap(&cursor.frames, &workspace.frames)
        defer {
            swap(&cursor.tape, &workspace.tape)
            swap(&cursor.frames, &workspace.frames)
        }
        try cursor.parseDocument()
        return cursor.index
    }

    private func parseResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        do throws(JSONParseError) {
            return .success(try parse(buffer: buffer))
        } catch {
            return .failure(error)
        }
    }
}

extension JSONValue {
    /// Parses a JSON text with the default limits (see ``JSONParser`` for what is accepted).
    /// - Parameter text: The JSON text.
    /// - Returns: The value.
    /// - Throws: ``JSONParseError`` with the byte offset of the first problem.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(text)
    }

    /// Parses UTF-8 bytes with the default limits (see ``JSONParser`` for what is accepted).
    /// - Parameter bytes: The UTF-8 bytes of the JSON text; contiguous storage is read in place.
    /// - Returns: The value.
    /// - Throws: ``JSONParseError`` with the byte offset of the first problem.
    public static func parse(bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(bytes: bytes)
    }
}

// MARK: - The byte cursor

private enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
}

extension JSONParser {
    /// Buffers one parser can keep from one document to the next, for callers that parse many small documents
    /// (``SchemaBatchChecker`` parses two or three per line): the tape, the stack of open containers, the stacks
    /// used to build a value from the tape, and a table of recently read short strings, so a key such as `"type"`
    /// read again is not decoded and validated again.
    struct Workspace: Sendable {
        /// The tape of the last document read.
        var tape = JSONTape()
        /// The open containers.
        fileprivate var frames: [Frame] = []
        /// Values and keys waiting for their container while a value is built from the tape.
        fileprivate var values: [JSONValue] = []
        fileprivate var keys: [String] = []
        /// Strings of at most 15 bytes by their bytes (see ``ShortStringTable``).
        var shortStrings = ShortStringTable()

        /// Builds the value of the document on ``tape`` (read by ``JSONParser/read(buffer:workspace:)``).
        /// - Parameter document: The bytes the tape was read from.
        mutating func materialize(document: UnsafeBufferPointer<UInt8>) -> JSONValue {
            tape.materialize(in: document, strings: &shortStrings, root: 0, values: &values, keys: &keys)
            return values.popLast() ?? .null
        }
    }

    /// An array or object whose contents are still being read: its entry on the tape, which gets the count and
    /// the end index when the container closes.
    fileprivate struct Frame: Sendable {
        var entry: Int
        var count: UInt32
        var isObject: Bool
    }

    /// Reads one JSON text from a buffer onto a tape; all state of one parse.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let count: Int
        let maxDepth: Int
        var index = 0
        /// The tape being written (handed over by ``JSONParser/Workspace``).
        var tape = JSONTape()
        /// The open containers, innermost last.
        var frames: [Frame] = []
        /// Whether reading ends with the first value (its end is `index`), instead of checking that only
        /// whitespace follows it.
        var stopsAfterValue = false

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.count = bytes.count
            self.maxDepth = maxDepth
        }

        // MARK: Document and containers

        mutating func parseDocument() throws(JSONParseError) {
            guard count > 0 else {
                throw JSONParseError(offset: 0, message: "empty input")
            }
            guard count <= Int(UInt32.max) else {
                throw JSONParseError(offset: 0, message: "documents of 4 GiB or more are not supported")
            }
            if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                throw JSONParseError(offset: 0, message: "byte order mark (U+FEFF) is not allowed")
            }
            skipWhitespace()
            // A workspace may hold what an earlier parse left.
            tape.removeAll()
            frames.removeAll(keepingCapacity: true)
            // One allocation for the usual small document, instead of growing 1, 2, 4, 8 …
            if tape.entries.capacity == 0 { tape.entries.reserveCapacity(64) }
            while true {
                // Read the start of one value; containers push a frame and go round again.
                guard index < count else {
                    throw failure("expected a JSON value", at: index)
                }
                switch bytes[index] {
                case ASCII.openBrace:
                    try checkDepth(frames.count)
                    let entry = tape.entries.count
                    tape.entries.append(JSONTape.Entry(kind: .object))
                    index += 1
                    skipWhitespace()
                    if index < count, bytes[index] == ASCII.closeBrace {
                        index += 1
                        tape.entries[entry].second = UInt32(truncatingIfNeeded: tape.entries.count)
                    } else {
                        try parseKey(context: "expected string key or '}'")
                        frames.append(Frame(entry: entry, count: 0, isObject: true))
                        continue
                    }
                case ASCII.openBracket:
                    try checkDepth(frames.count)
                    let entry = tape.entries.count
                    tape.entries.append(JSONTape.Entry(kind: .array))
                    index += 1
                    skipWhitespace()
                    if index < count, bytes[index] == ASCII.closeBracket {
                        index += 1
                        tape.entries[entry].second = UInt32(truncatingIfNeeded: tape.entries.count)
                    } else {
                        frames.append(Frame(entry: entry, count: 0, isObject: false))
                        continue
                    }
                case ASCII.quote:
                    try parseString(isKey: false)
                case UInt8(ascii: "t"):
                    try expectLiteral("true")
                    tape.entries.append(JSONTape.Entry(kind: .trueValue))
                case UInt8(ascii: "f"):
                    try expectLiteral("false")
                    tape.entries.append(JSONTape.Entry(kind: .falseValue))
                case UInt8(ascii: "n"):
                    try expectLiteral("null")
                    tape.entries.append(JSONTape.Entry(kind: .null))
                case ASCII.minus, ASCII.zero...ASCII.nine:
                    try parseNumber()
                default:
                    throw failure("expected a JSON value", at: index)
                }
                // A value is finished: count it in its container, and close the containers that end here.
                while true {
                    guard let top = frames.indices.last else {
                        return try finish()
                    }
                    skipWhitespace()
                    let byte: UInt8? = index < count ? bytes[index] : nil
                    frames[top].count += 1
                    if frames[top].isObject {
                        if byte == ASCII.comma {
                            index += 1
                            skipWhitespace()
                            try parseKey(context: "expected string key after ','")
                            break
                        } else if byte != ASCII.closeBrace {
                            throw failure("expected ',' or '}' after object member", at: index)
                        }
                    } else {
                        if byte == ASCII.comma {
                            index += 1
                            skipWhitespace()
                            break
                        } else if byte != ASCII.closeBracket {
                            throw failure("expected ',' or ']' after array element", at: index)
                        }
                    }
                    index += 1
                    let frame = frames.removeLast()
                    tape.entries[frame.entry].first = frame.count
                    tape.entries[frame.entry].second = UInt32(truncatingIfNeeded: tape.entries.count)
                }
            }
        }

        /// Checks that nothing but whitespace follows the top-level value (unless ``stopsAfterValue``).
        mutating func finish() throws(JSONParseError) {
            if stopsAfterValue { return }
            skipWhitespace()
            guard index == count else {
                throw JSONParseError(offset: index, message: "unexpected data after JSON value")
            }
        }

        func checkDepth(_ depth: Int) throws(JSONParseError) {
            if depth >= maxDepth {
                throw JSONParseError(offset: index, message: "nesting deeper than the limit of \(maxDepth)")
            }
        }

        /// Reads `"key"`, the `:` after it and the whitespace around it.
        mutating func parseKey(context: String) throws(JSONParseError) {
            guard index < count, bytes[index] == ASCII.quote else {
                throw failure(context, at: index)
            }
            try parseString(isKey: true)
            skipWhitespace()
            guard index < count, bytes[index] == ASCII.colon else {
                throw failure("expected ':' after object key", at: index)
            }
            index += 1
            skipWhitespace()
        }

        @inline(__always)
        mutating func skipWhitespace() {
            while index < count {
                let byte = bytes[index]
                guard
                    byte == ASCII.space || byte == ASCII.lineFeed || byte == ASCII.carriageReturn
                        || byte == ASCII.tab
                else { return }
                index += 1
            }
        }

        // MARK: Scalars

        mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
            let start = index
            let length = word.utf8CodeUnitCount
            for position in 0..<length {
                let offset = start + position
                guard offset < count, bytes[offset] == word.utf8Start[position] else {
                    throw failure("expected '\(word)'", at: offset)
                }
            }
            index = start + length
        }

        mutating func parseNumber() throws(JSONParseError) {
            let start = index
            var position = index
            if bytes[position] == ASCII.minus {
                position += 1
            }
            guard position < count, isDigit(bytes[position]) else {
                throw failure("expected digit after '-'", at: position)
            }
            if bytes[position] == ASCII.zero {
                position += 1
                if position < count, isDigit(bytes[position]) {
                    throw JSONParseError(offset: position, message: "leading zeros are not allowed in numbers")
                }
            } else {
                while position < count, isDigit(bytes[position]) { position += 1 }
            }
            if position < count, bytes[position] == ASCII.dot {
                position += 1
                guard position < count, isDigit(bytes[position]) else {
                    throw failure("expected digit after decimal point", at: position)
                }
                while position < count, isDigit(bytes[position]) { position += 1 }
            }
            if position < count, bytes[position] == ASCII.lowerE || bytes[position] == ASCII.upperE {
                position += 1
                if position < count, bytes[position] == ASCII.plus || bytes[position] == ASCII.minus {
                    position += 1
                }
                guard position < count, isDigit(bytes[position]) else {
                    throw failure("expected digit in exponent", at: position)
                }
                while position < count, isDigit(bytes[position]) { position += 1 }
            }
            index = position
            tape.entries.append(
                JSONTape.Entry(
                    kind: .number,
                    first: UInt32(truncatingIfNeeded: start),
                    second: UInt32(truncatingIfNeeded: position - start)
                )
            )
        }

        @inline(__always)
        func isDigit(_ byte: UInt8) -> Bool {
            byte &- ASCII.zero < 10
        }

        // MARK: Strings

        /// Reads a string starting at its opening quote onto the tape: its bytes in the document, or, when it has
        /// escapes, decoded at the end of ``JSONTape/decoded``.
        mutating func parseString(isKey: Bool) throws(JSONParseError) {
            let start = index + 1
            var position = start
            var isASCII = true
            position = skipPlainASCII(from: position)
            while position < count {
                let byte = bytes[position]
                if byte >= 0x20, byte < 0x80, byte != ASCII.quote, byte != ASCII.backslash {
                    position += 1
                } else if byte == ASCII.quote {
                    index = position + 1
                    tape.entries.append(
                        JSONTape.Entry(
                            kind: .string,
                            isKey: isKey,
                            isASCII: isASCII,
                            first: UInt32(truncatingIfNeeded: start),
                            second: UInt32(truncatingIfNeeded: position - start)
                        )
                    )
                    return
                } else if byte == ASCII.backslash {
                    return try parseEscapedString(runStart: start, escapeAt: position, isKey: isKey)
                } else if byte >= 0x80 {
                    isASCII = false
                    position = try validateUTF8Sequence(at: position)
                } else {
                    throw controlCharacterError(byte, at: position)
                }
            }
            throw JSONParseError(offset: count, message: "unexpected end of input in string")
        }

        /// Skips 8 bytes at a time while none of them is `"`, `\\`, a control character or non-ASCII.
        ///
        /// Returns the offset of the first such byte, or of the last few bytes when fewer than 8 remain; the
        /// byte-by-byte loop examines the rest.
        @inline(__always)
        func skipPlainASCII(from start: Int) -> Int {
            guard let base = bytes.baseAddress else { return start }
            var position = start
            while position + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                // A byte below 0x20 borrows in the subtraction; borrows only ever flag later bytes, so the lowest
                // flagged byte is a real one.
                let controls = (word &- ByteSearch.repeated(0x20)) & ~word & ByteSearch.repeated(0x80)
                let found =
                    controls | (word & ByteSearch.repeated(0x80))
                    | ByteSearch.zeroBytes(word ^ ByteSearch.repeated(ASCII.quote))
                    | ByteSearch.zeroBytes(word ^ ByteSearch.repeated(ASCII.backslash))
                if found != 0 { return position + found.trailingZeroBitCount / 8 }
                position += 8
            }
            return position
        }

        /// Continues a string that has escapes, decoding its bytes onto the end of ``JSONTape/decoded``.
        mutating func parseEscapedString(runStart: Int, escapeAt: Int, isKey: Bool) throws(JSONParseError) {
            let decodedStart = tape.decoded.count
            var runStart = runStart
            var position = escapeAt
            while position < count {
                let byte = bytes[position]
                if byte >= 0x20, byte < 0x80, byte != ASCII.quote, byte != ASCII.backslash {
                    position += 1
                } else if byte == ASCII.quote {
                    tape.decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                    index = position + 1
                    tape.entries.append(
                        JSONTape.Entry(
                            kind: .string,
                            isKey: isKey,
                            isDecoded: true,
                            first: UInt32(truncatingIfNeeded: decodedStart),
                            second: UInt32(truncatingIfNeeded: tape.decoded.count - decodedStart)
                        )
                    )
                    return
                } else if byte == ASCII.backslash {
                    tape.decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                    position = try decodeEscape(at: position)
                    runStart = position
                } else if byte >= 0x80 {
                    position = try validateUTF8Sequence(at: position)
                } else {
                    throw controlCharacterError(byte, at: position)
                }
            }
            throw JSONParseError(offset: count, message: "unexpected end of input in string")
        }

        /// Decodes the escape whose backslash is at `position` onto ``JSONTape/decoded``; returns the offset after it.
        mutating func decodeEscape(at position: Int) throws(JSONParseError) -> Int {
            guard position + 1 < count else {
                throw JSONParseError(offset: count, message: "unexpected end of input in string")
            }
            let replacement: UInt8
            switch bytes[position + 1] {
            case ASCII.quote: replacement = ASCII.quote
            case ASCII.backslash: replacement = ASCII.backslash
            case ASCII.slash: replacement = ASCII.slash
            case UInt8(ascii: "b"): replacement = 0x08
            case UInt8(ascii: "f"): replacement = 0x0C
            case UInt8(ascii: "n"): replacement = 0x0A
            case UInt8(ascii: "r"): replacement = 0x0D
            case UInt8(ascii: "t"): replacement = 0x09
            case UInt8(ascii: "u"):
                return try decodeUnicodeEscape(at: position)
            default:
                throw JSONParseError(
                    offset: position,
                    message: "invalid escape sequence '\\\(Self.describeCharacter(bytes[position + 1]))'"
                )
            }
            tape.decoded.append(replacement)
            return position + 2
        }

        /// Decodes `\uXXXX` (and the low half of a surrogate pair after it) at `position`.
        mutating func decodeUnicodeEscape(at position: Int) throws(JSONParseError) -> Int {
            let unit = try readHex4(at: position + 2)
            var scalarValue = UInt32(unit)
            var end = position + 6
            if unit >= 0xDC00, unit <= 0xDFFF {
                throw JSONParseError(
                    offset: position,
                    message: "unpaired low surrogate \\u\(Self.hex4(unit)) (no high surrogate before it)"
                )
            }
            if unit >= 0xD800, unit <= 0xDBFF {
                let unpaired = JSONParseError(
                    offset: position,
                    message: "unpaired high surrogate \\u\(Self.hex4(unit)) (not followed by a low surrogate)"
                )
                guard end + 1 < count, bytes[end] == ASCII.backslash, bytes[end + 1] == UInt8(ascii: "u") else {
                    throw unpaired
                }
                let low = try readHex4(at: end + 2)
                guard low >= 0xDC00, low <= 0xDFFF else {
                    throw unpaired
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                end += 6
            }
            appendUTF8(scalarValue)
            return end
        }

        /// Reads four hex digits starting at `position`.
        func readHex4(at position: Int) throws(JSONParseError) -> UInt16 {
            var value: UInt16 = 0
            for offset in position..<(position + 4) {
                guard offset < count else {
                    throw JSONParseError(offset: count, message: "unexpected end of input in \\u escape")
                }
                let byte = bytes[offset]
                let digit: UInt8
                switch byte {
                case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default:
                    throw JSONParseError(
                        offset: offset,
                        message: "expected hex digit in \\u escape, found \(Self.describe(byte))"
                    )
                }
                value = value << 4 | UInt16(digit)
            }
            return value
        }

        /// Appends a Unicode scalar value (never a surrogate) to ``JSONTape/decoded`` as UTF-8.
        mutating func appendUTF8(_ value: UInt32) {
            switch value {
            case 0..<0x80:
                tape.decoded.append(UInt8(truncatingIfNeeded: value))
            case 0x80..<0x800:
                tape.decoded.append(UInt8(truncatingIfNeeded: 0xC0 | value >> 6))
                tape.decoded.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
            case 0x800..<0x10000:
                tape.decoded.append(UInt8(truncatingIfNeeded: 0xE0 | value >> 12))
                tape.decoded.append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F))
                tape.decoded.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
            default:
                tape.decoded.append(UInt8(truncatingIfNeeded: 0xF0 | value >> 18))
                tape.decoded.append(UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F))
                tape.decoded.append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F))
                tape.decoded.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
            }
        }

        /// Checks the multi-byte UTF-8 sequence whose lead byte is at `position`; returns the offset after it.
        ///
        /// Follows the well-formed byte sequences of Unicode §3.9 table 3-7, reporting the first byte that
        /// cannot belong to a well-formed sequence.
        func validateUTF8Sequence(at position: Int) throws(JSONParseError) -> Int {
            let lead = bytes[position]
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            var secondProblem = ""
            switch lead {
            case 0x80...0xBF:
                throw JSONParseError(
                    offset: position,
                    message: "invalid UTF-8: unexpected continuation byte \(Self.hexByte(lead))"
                )
            case 0xC0, 0xC1:
                throw JSONParseError(
                    offset: position,
                    message: "invalid UTF-8: overlong encoding (lead byte \(Self.hexByte(lead)))"
                )
            case 0xC2...0xDF:
                length = 2
            case 0xE0:
                length = 3
                secondRange = 0xA0...0xBF
                secondProblem = "overlong encoding"
            case 0xED:
                length = 3
                secondRange = 0x80...0x9F
                secondProblem = "encoded surrogate (U+D800...U+DFFF)"
            case 0xE1...0xEF:
                length = 3
            case 0xF0:
                length = 4
                secondRange = 0x90...0xBF
                secondProblem = "overlong encoding"
            case 0xF1...0xF3:
                length = 4
            case 0xF4:
                length = 4
                secondRange = 0x80...0x8F
                secondProblem = "code point above U+10FFFF"
            case 0xF5...0xF7:
                throw JSONParseError(
                    offset: position,
                    message: "invalid UTF-8: code point above U+10FFFF (lead byte \(Self.hexByte(lead)))"
                )
            default:
                throw JSONParseError(
                    offset: position,
                    message: "invalid UTF-8: byte \(Self.hexByte(lead)) never appears in UTF-8"
                )
            }
            for offset in (position + 1)..<(position + length) {
                guard offset < count else {
                    throw JSONParseError(offset: count, message: "invalid UTF-8: truncated sequence at end of input")
                }
                let byte = bytes[offset]
                guard byte & 0xC0 == 0x80 else {
                    throw JSONParseError(
                        offset: offset,
                        message: "invalid UTF-8: truncated sequence "
                            + "(expected continuation byte, found \(Self.hexByte(byte)))"
                    )
                }
                if offset == position + 1, !secondRange.contains(byte) {
                    throw JSONParseError(
                        offset: offset,
                        message: "invalid UTF-8: \(secondProblem) (\(Self.hexByte(lead)) \(Self.hexByte(byte)))"
                    )
                }
            }
            return position + length
        }

        func controlCharacterError(_ byte: UInt8, at position: Int) -> JSONParseError {
            JSONParseError(
                offset: position,
                message: "unescaped control character U+\(Self.hex4(UInt16(byte))) in string"
            )
        }

        // MARK: Messages

        /// An error saying what was expected at `position`, and what was found there instead.
        func failure(_ expected: String, at position: Int) -> JSONParseError {
            guard position < count else {
                return JSONParseError(offset: position, message: "unexpected end of input: \(expected)")
            }
            return JSONParseError(offset: position, message: "\(expected), found \(Self.describe(bytes[position]))")
        }

        /// `'x'` for printable ASCII, otherwise `byte 0xNN`.
        static func describe(_ byte: UInt8) -> String {
            if byte > 0x20, byte < 0x7F {
                return "'\(Character(Unicode.Scalar(byte)))'"
            }
            return "byte \(hexByte(byte))"
        }

        /// The character itself for printable ASCII, otherwise `0xNN`.
        static func describeCharacter(_ byte: UInt8) -> String {
            if byte > 0x20, byte < 0x7F {
                return String(Character(Unicode.Scalar(byte)))
            }
            return hexByte(byte)
        }

        static func hexByte(_ byte: UInt8) -> String {
            let digits = String(byte, radix: 16, uppercase: true)
            return "0x" + (digits.count < 2 ? "0" + digits : digits)
        }

        static func hex4(_ value: UInt16) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }
}
