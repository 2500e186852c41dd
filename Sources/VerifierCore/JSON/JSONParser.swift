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
        var cursor = Cursor(bytes: buffer, maxDepth: options.maxDepth)
        return try cursor.parseDocument()
    }

    /// Parses a JSON text in a buffer, reusing the buffers of `workspace` (see ``Workspace``).
    /// - Parameters:
    ///   - buffer: The UTF-8 bytes of the JSON text.
    ///   - workspace: Buffers kept from earlier parses; they grow as needed and are handed back.
    /// - Returns: The value.
    /// - Throws: ``JSONParseError`` with the byte offset (from the start of `buffer`) of the first problem.
    func parse(buffer: UnsafeBufferPointer<UInt8>, workspace: inout Workspace) throws(JSONParseError) -> JSONValue {
        var cursor = Cursor(bytes: buffer, maxDepth: options.maxDepth)
        swap(&cursor.storage, &workspace.storage)
        defer { swap(&cursor.storage, &workspace.storage) }
        cursor.internsShortStrings = true
        return try cursor.parseDocument()
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
    /// (``SchemaBatchChecker`` parses two or three per line): the stacks of open containers, the scratch space for
    /// escaped strings, and a table of recently read short strings, so a key such as `"type"` read again is not
    /// decoded and validated again.
    struct Workspace: Sendable {
        fileprivate var storage = Storage()
    }

    /// The reusable state of a parse.
    fileprivate struct Storage: Sendable {
        /// Elements of the open arrays, innermost last.
        var elements: [JSONValue] = []
        /// Members of the open objects, innermost last.
        var members: [JSONObject.Member] = []
        /// The open containers.
        var frames: [Frame] = []
        /// Reused storage for strings that contain escapes.
        var scratch: [UInt8] = []
        /// Strings of at most 15 bytes by their bytes (see ``ShortStringTable``); empty unless interning.
        var shortStrings = ShortStringTable()

        /// Moves the top of a stack, from `start` on, into a new array of exactly that size.
        ///
        /// Swapping each element with `placeholder` (a value that owns no memory) moves it without a retain and a
        /// release, and the new array never shares the stack's large buffer.
        static func moveTop<Element>(of stack: inout [Element], from start: Int, placeholder: Element) -> [Element] {
            let count = stack.count - start
            var moved: [Element] = []
            moved.reserveCapacity(count)
            for offset in 0..<count {
                var element = placeholder
                swap(&element, &stack[start + offset])
                moved.append(element)
            }
            stack.removeLast(count)
            return moved
        }
    }

    /// An array or object whose members are still being read.
    ///
    /// The elements and members of all open containers share two stacks (``Storage/elements`` and
    /// ``Storage/members``); a frame remembers where its own begin, so each finished container is
    /// copied once into an array of exactly its size.
    fileprivate struct Frame: Sendable {
        var isObject: Bool
        var start: Int
        var pendingKey: String = ""
    }

    /// Reads one JSON text from a buffer; all state of one parse.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let count: Int
        let maxDepth: Int
        var index = 0
        /// A member that owns no memory, to fill moved-from stack slots.
        static let noMember = JSONObject.Member(key: "", value: .null)
        /// Stacks and scratch space (handed over by ``JSONParser/Workspace`` when parsing with one).
        var storage = Storage()
        /// Whether strings of at most 15 bytes are looked up in ``Storage/shortStrings`` before being decoded.
        var internsShortStrings = false

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.count = bytes.count
            self.maxDepth = maxDepth
        }

        // MARK: Document and containers

        mutating func parseDocument() throws(JSONParseError) -> JSONValue {
            guard count > 0 else {
                throw JSONParseError(offset: 0, message: "empty input")
            }
            if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                throw JSONParseError(offset: 0, message: "byte order mark (U+FEFF) is not allowed")
            }
            skipWhitespace()
            // A workspace may hold what an earlier parse left when it failed.
            if !storage.frames.isEmpty { storage.frames.removeAll(keepingCapacity: true) }
            if !storage.members.isEmpty { storage.members.removeAll(keepingCapacity: true) }
            if !storage.elements.isEmpty { storage.elements.removeAll(keepingCapacity: true) }
            while true {
                var value: JSONValue
                // Read the start of one value; containers push a frame and go round again.
                guard index < count else {
                    throw failure("expected a JSON value", at: index)
                }
                switch bytes[index] {
                case ASCII.openBrace:
                    try checkDepth(storage.frames.count)
                    // One allocation each for the usual small document, instead of growing 1, 2, 4, 8 …
                    if storage.frames.capacity == 0 { storage.frames.reserveCapacity(8) }
                    if storage.members.capacity == 0 { storage.members.reserveCapacity(16) }
                    index += 1
                    skipWhitespace()
                    if index < count, bytes[index] == ASCII.closeBrace {
                        index += 1
                        value = .object(JSONObject())
                    } else {
                        let key = try parseKey(context: "expected string key or '}'")
                        storage.frames.append(Frame(isObject: true, start: storage.members.count, pendingKey: key))
                        continue
                    }
                case ASCII.openBracket:
                    try checkDepth(storage.frames.count)
                    if storage.frames.capacity == 0 { storage.frames.reserveCapacity(8) }
                    if storage.elements.capacity == 0 { storage.elements.reserveCapacity(16) }
                    index += 1
                    skipWhitespace()
                    if index < count, bytes[index] == ASCII.closeBracket {
                        index += 1
                        value = .array([])
                    } else {
                        storage.frames.append(Frame(isObject: false, start: storage.elements.count))
                        continue
                    }
                case ASCII.quote:
                    value = .string(try parseString())
                case UInt8(ascii: "t"):
                    try expectLiteral("true")
                    value = .bool(true)
                case UInt8(ascii: "f"):
                    try expectLiteral("false")
                    value = .bool(false)
                case UInt8(ascii: "n"):
                    try expectLiteral("null")
                    value = .null
                case ASCII.minus, ASCII.zero...ASCII.nine:
                    value = .number(try parseNumber())
                default:
                    throw failure("expected a JSON value", at: index)
                }
                // Hand the finished value to the enclosing containers, closing those that end here.
                while true {
                    guard let top = storage.frames.indices.last else {
                        return try finish(value)
                    }
                    skipWhitespace()
                    let byte: UInt8? = index < count ? bytes[index] : nil
                    if storage.frames[top].isObject {
                        storage.members.append(JSONObject.Member(key: storage.frames[top].pendingKey, value: value))
                        if byte == ASCII.comma {
                            index += 1
                            skipWhitespace()
                            storage.frames[top].pendingKey = try parseKey(context: "expected string key after ','")
                            break
                        } else if byte == ASCII.closeBrace {
                            index += 1
                            let start = storage.frames.removeLast().start
                            let members = Storage.moveTop(of: &storage.members, from: start, placeholder: Self.noMember)
                            value = .object(JSONObject(members))
                        } else {
                            throw failure("expected ',' or '}' after object member", at: index)
                        }
                    } else {
                        storage.elements.append(value)
                        if byte == ASCII.comma {
                            index += 1
                            skipWhitespace()
                            break
                        } else if byte == ASCII.closeBracket {
                            index += 1
                            let start = storage.frames.removeLast().start
                            value = .array(Storage.moveTop(of: &storage.elements, from: start, placeholder: .null))
                        } else {
                            throw failure("expected ',' or ']' after array element", at: index)
                        }
                    }
                }
            }
        }

        /// Checks that nothing but whitespace follows the top-level value.
        mutating func finish(_ value: JSONValue) throws(JSONParseError) -> JSONValue {
            skipWhitespace()
            guard index == count else {
                throw JSONParseError(offset: index, message: "unexpected data after JSON value")
            }
            return value
        }

        func checkDepth(_ depth: Int) throws(JSONParseError) {
            if depth >= maxDepth {
                throw JSONParseError(offset: index, message: "nesting deeper than the limit of \(maxDepth)")
            }
        }

        /// Reads `"key"`, the `:` after it and the whitespace around it.
        mutating func parseKey(context: String) throws(JSONParseError) -> String {
            guard index < count, bytes[index] == ASCII.quote else {
                throw failure(context, at: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard index < count, bytes[index] == ASCII.colon else {
                throw failure("expected ':' after object key", at: index)
            }
            index += 1
            skipWhitespace()
            return key
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

        mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
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
            let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            return JSONNumber(validatedLiteral: literal)
        }

        @inline(__always)
        func isDigit(_ byte: UInt8) -> Bool {
            byte &- ASCII.zero < 10
        }

        // MARK: Strings

        /// Reads a string starting at its opening quote; runs without escapes are decoded in one go.
        mutating func parseString() throws(JSONParseError) -> String {
            let start = index + 1
            var position = start
            position = skipPlainASCII(from: position)
            while position < count {
                let byte = bytes[position]
                if byte >= 0x20, byte < 0x80, byte != ASCII.quote, byte != ASCII.backslash {
                    position += 1
                } else if byte == ASCII.quote {
                    index = position + 1
                    let content = UnsafeBufferPointer(rebasing: bytes[start..<position])
                    if internsShortStrings, content.count <= ShortStringTable.maximumLength {
                        return storage.shortStrings.string(for: content)
                    }
                    return String(decoding: content, as: UTF8.self)
                } else if byte == ASCII.backslash {
                    return try parseEscapedString(runStart: start, escapeAt: position)
                } else if byte >= 0x80 {
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
                let found = controls | (word & ByteSearch.repeated(0x80))
                    | ByteSearch.zeroBytes(word ^ ByteSearch.repeated(ASCII.quote))
                    | ByteSearch.zeroBytes(word ^ ByteSearch.repeated(ASCII.backslash))
                if found != 0 { return position + found.trailingZeroBitCount / 8 }
                position += 8
            }
            return position
        }

        /// Continues a string that has escapes, building its bytes in ``scratch``.
        mutating func parseEscapedString(runStart: Int, escapeAt: Int) throws(JSONParseError) -> String {
            storage.scratch.removeAll(keepingCapacity: true)
            var runStart = runStart
            var position = escapeAt
            while position < count {
                let byte = bytes[position]
                if byte >= 0x20, byte < 0x80, byte != ASCII.quote, byte != ASCII.backslash {
                    position += 1
                } else if byte == ASCII.quote {
                    storage.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                    index = position + 1
                    return String(decoding: storage.scratch, as: UTF8.self)
                } else if byte == ASCII.backslash {
                    storage.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
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

        /// Decodes the escape whose backslash is at `position` into ``scratch``; returns the offset after it.
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
            storage.scratch.append(replacement)
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

        /// Appends a Unicode scalar value (never a surrogate) to ``scratch`` as UTF-8.
        mutating func appendUTF8(_ value: UInt32) {
            switch value {
            case 0..<0x80:
                storage.scratch.append(UInt8(truncatingIfNeeded: value))
            case 0x80..<0x800:
                storage.scratch.append(UInt8(truncatingIfNeeded: 0xC0 | value >> 6))
                storage.scratch.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
            case 0x800..<0x10000:
                storage.scratch.append(UInt8(truncatingIfNeeded: 0xE0 | value >> 12))
                storage.scratch.append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F))
                storage.scratch.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
            default:
                storage.scratch.append(UInt8(truncatingIfNeeded: 0xF0 | value >> 18))
                storage.scratch.append(UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F))
                storage.scratch.append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F))
                storage.scratch.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
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
