import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("JSON parser")
struct JSONParserTests {
    /// An input the parser must reject, with the byte offset and a fragment of the message it must report.
    struct Rejection: Sendable, CustomTestStringConvertible {
        var input: [UInt8]
        var offset: Int
        var message: String

        init(_ text: String, _ offset: Int, _ message: String) {
            self.input = Array(text.utf8)
            self.offset = offset
            self.message = message
        }

        init(bytes: [UInt8], _ offset: Int, _ message: String) {
            self.input = bytes
            self.offset = offset
            self.message = message
        }

        var testDescription: String {
            let shown = input.prefix(24).map { byte in
                byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "<\(String(byte, radix: 16))>"
            }
            return shown.joined() + (input.count > 24 ? "…" : "") + " @\(offset)"
        }
    }

    /// `"` + bytes + `"`.
    static func quoted(_ bytes: [UInt8]) -> [UInt8] {
        [0x22] + bytes + [0x22]
    }

    /// The error parsing `bytes` throws, or `nil` when it parses.
    static func failure(_ bytes: [UInt8], options: JSONParser.Options = .init()) -> JSONParseError? {
        do {
            _ = try JSONParser(options: options).parse(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    static func number(_ literal: String) throws -> JSONNumber {
        try #require(JSONNumber(literal: literal))
    }

    // MARK: Numbers

    @Test(arguments: [
        "12345678901234567890",  // beyond UInt64 as well as 2^53
        "-9223372036854775809",  // one below Int64.min
        "9007199254740993",  // 2^53 + 1, which a Double would round
        "1.0",  // fraction kept, not collapsed to 1
        "1",  // plain integer
        "1e400",  // beyond Double range
        "1E+2",  // capital E with explicit plus
        "1e-7",  // negative exponent
        "-0",  // negative zero kept
        "-0.0",  // negative zero with fraction
        "0",  // zero
        "0.5",  // leading zero before the point is fine
        "123.456e-789",  // fraction and exponent together
        "2.50e1",  // trailing zero in the fraction kept
        "0.10000000000000001",  // more digits than a Double holds
    ])
    func numberLiteralKeptExactly(literal: String) throws {
        let value = try JSONValue.parse(literal)
        #expect(value == .number(try Self.number(literal)))
        #expect(value.numberValue?.literal == literal)
        let inArray = try JSONValue.parse("[\(literal)]")
        #expect(inArray[0]?.numberValue?.literal == literal)
    }

    @Test func oneAndOnePointZeroAreDistinctLiteralsButNumericallyEqual() throws {
        let one = try #require(try JSONValue.parse("1").numberValue)
        let onePointZero = try #require(try JSONValue.parse("1.0").numberValue)
        #expect(one != onePointZero)
        #expect(one.literal == "1")
        #expect(onePointZero.literal == "1.0")
        #expect(one.numericallyEquals(onePointZero))
        #expect(one.isIntegerLiteral)
        #expect(!onePointZero.isIntegerLiteral)
        #expect(!one.numericallyEquals(try Self.number("1.5")))
    }

    @Test(arguments: [
        ("1.0", true),  // zero fraction
        ("1e2", true),  // exponent makes it whole
        ("1.5", false),  // real fraction
        ("2.50e1", true),  // 25
        ("25e-1", false),  // 2.5
        ("-0", true),  // negative zero
        ("0.0", true),  // zero with fraction
        ("1e400", true),  // huge but whole
        ("1e-400", false),  // tiny
        ("12345678901234567890.000", true),  // big integer spelled with a fraction
    ])
    func isMathematicalInteger(literal: String, expected: Bool) throws {
        #expect(try Self.number(literal).isMathematicalInteger == expected)
    }

    @Test(
        arguments: [
            ("0", Int64(0)),  // zero
            ("-0", Int64(0)),  // negative zero
            ("42", Int64(42)),  // plain
            ("1.0", Int64(1)),  // whole number with fraction
            ("1e2", Int64(100)),  // exponent
            ("1E+2", Int64(100)),  // capital exponent
            ("2.50e1", Int64(25)),  // fraction and exponent
            ("100e-2", Int64(1)),  // negative exponent, still whole
            ("9223372036854775807", Int64.max),  // largest
            ("-9223372036854775808", Int64.min),  // smallest
            ("-9.223372036854775808e18", Int64.min),  // smallest, in scientific notation
        ] as [(String, Int64)]
    )
    func int64Value(literal: String, expected: Int64) throws {
        #expect(try Self.number(literal).int64Value == expected)
    }

    @Test(arguments: [
        "1.5",  // not whole
        "9223372036854775808",  // Int64.max + 1
        "-9223372036854775809",  // Int64.min - 1
        "12345678901234567890",  // far too big
        "1e400",  // whole but huge
        "1e-400",  // tiny fraction
    ])
    func int64ValueIsNil(literal: String) throws {
        #expect(try Self.number(literal).int64Value == nil)
    }

    @Test(arguments: [
        ("0.1", "0.10000000000000001"),  // differs only past Double precision
        ("-1", "0"),  // sign
        ("-2", "-1"),  // both negative
        ("-1", "-0.5"),  // negative magnitudes compare reversed
        ("0.5", "1"),  // fraction below one
        ("1e399", "1e400"),  // beyond Double range
        ("99", "1e2"),  // exponent form
        ("12345678901234567889", "12345678901234567890"),  // beyond Int64
        ("0", "1e-400"),  // tiny positive
        ("-1e-400", "-0"),  // tiny negative
        ("1e9999999999", "1e99999999999"),  // eleven-digit exponents stay exact
        ("1e-99999999999", "1e-9999999999"),  // and so do negative ones
    ])
    func decimalLessThan(smaller: String, larger: String) throws {
        let lhs = try Self.number(smaller).decimal
        let rhs = try Self.number(larger).decimal
        #expect(lhs < rhs)
        #expect(!(rhs < lhs))
        #expect(lhs != rhs)
    }

    @Test(arguments: [
        ("1e2", "100"),  // exponent vs plain
        ("-0", "0"),  // zero has no sign
        ("1", "1.000"),  // trailing fraction zeros
        ("10e-1", "1"),  // negative exponent
        ("2.50e1", "25"),  // fraction and exponent
        ("0.0e5", "-0.00"),  // zeros in any spelling
        ("1E+2", "1e2"),  // exponent spellings
    ])
    func decimalEqual(lhs: String, rhs: String) throws {
        let left = try Self.number(lhs)
        let right = try Self.number(rhs)
        #expect(left.decimal == right.decimal)
        #expect(left.decimal.hashValue == right.decimal.hashValue)
        #expect(!(left.decimal < right.decimal))
        #expect(left.numericallyEquals(right))
    }

    // MARK: Objects

    @Test func keyOrderIsKept() throws {
        let value = try JSONValue.parse(#"{"z":1,"a":2,"m":{"y":true,"b":false}}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m"])
        #expect(value["m"]?.objectValue?.keys == ["y", "b"])
    }

    @Test func duplicateKeysAreAllKeptAndTheLastWinsOnLookup() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3,"b":4,"c":5,"a":6}"#)
        let object = try #require(value.objectValue)
        #expect(object.count == 6)
        #expect(object.keys == ["a", "b", "a", "b", "c", "a"])
        #expect(object.duplicateKeys == ["a", "b"])
        #expect(value["a"] == 6)
        #expect(value["b"] == 4)
        #expect(object.members.map(\.value) == [1, 2, 3, 4, 5, 6])
    }

    @Test func nestedStructureIsExact() throws {
        let value = try JSONValue.parse(#"[1, "a", null, true, false, {}, [], {"k": [[]]}, -2.5e-3]"#)
        let expected: JSONValue = .array([
            .number(JSONNumber(1)), .string("a"), .null, .bool(true), .bool(false),
            .object(JSONObject()), .array([]),
            .object(JSONObject([JSONObject.Member(key: "k", value: .array([.array([])]))])),
            .number(try Self.number("-2.5e-3")),
        ])
        #expect(value == expected)
    }

    // MARK: Strings

    @Test func allEscapesDecode() throws {
        let text = #""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \u0000 \uFFFF""#
        let value = try JSONValue.parse(text)
        #expect(value == .string("\" \\ / \u{8} \u{C} \n \r \t A é € \u{0} \u{FFFF}"))
    }

    @Test(
        arguments: [
            (#""\uD83D\uDE00""#, UInt32(0x1F600)),  // emoji, upper-case hex
            (#""\ud834\udd1e""#, UInt32(0x1D11E)),  // musical symbol, lower-case hex
            (#""\uD800\uDC00""#, UInt32(0x10000)),  // first supplementary scalar
            (#""\uDBFF\uDFFF""#, UInt32(0x10FFFF)),  // last scalar
        ] as [(String, UInt32)]
    )
    func surrogatePairDecodesToOneScalar(text: String, scalar: UInt32) throws {
        let decoded = try #require(try JSONValue.parse(text).stringValue)
        #expect(decoded.unicodeScalars.map(\.value) == [scalar])
    }

    @Test(
        arguments: [
            ([0xC2, 0x80], UInt32(0x80)),  // smallest two-byte
            ([0xDF, 0xBF], UInt32(0x7FF)),  // largest two-byte
            ([0xE0, 0xA0, 0x80], UInt32(0x800)),  // smallest three-byte
            ([0xED, 0x9F, 0xBF], UInt32(0xD7FF)),  // just below the surrogates
            ([0xEE, 0x80, 0x80], UInt32(0xE000)),  // just above the surrogates
            ([0xEF, 0xBF, 0xBF], UInt32(0xFFFF)),  // largest three-byte
            ([0xF0, 0x90, 0x80, 0x80], UInt32(0x10000)),  // smallest four-byte
            ([0xF4, 0x8F, 0xBF, 0xBF], UInt32(0x10FFFF)),  // largest scalar
            ([0xE2, 0x80, 0xA8], UInt32(0x2028)),  // line separator is allowed raw
        ] as [([UInt8], UInt32)]
    )
    func validUTF8Boundaries(bytes: [UInt8], scalar: UInt32) throws {
        let decoded = try #require(try JSONValue.parse(bytes: Self.quoted(bytes)).stringValue)
        #expect(decoded.unicodeScalars.map(\.value) == [scalar])
        // The same bytes after an escape take the slow path.
        let escaped = try #require(try JSONValue.parse(bytes: Self.quoted(Array(#"\n"#.utf8) + bytes)).stringValue)
        #expect(escaped.unicodeScalars.map(\.value) == [0x0A, scalar])
    }

    @Test func nonASCIITextAndLongRunsDecode() throws {
        let long = String(repeating: "abcdefgh", count: 40)
        #expect(try JSONValue.parse("\"\(long)\"") == .string(long))
        #expect(try JSONValue.parse(#""Zürich — 東京 😀""#) == .string("Zürich — 東京 😀"))
        #expect(try JSONValue.parse(#""\u00fcber \"x\" caf\u00e9 naïve""#) == .string("über \"x\" café naïve"))
        #expect(try JSONValue.parse("\"\u{7F}\"") == .string("\u{7F}"))  // DEL is not a control character in JSON
        #expect(try JSONValue.parse(#""""#) == .string(""))
    }

    // MARK: Rejections

    @Test(arguments: [
        Rejection("", 0, "empty input"),  // nothing at all
        Rejection("   ", 3, "unexpected end of input: expected a JSON value"),  // only whitespace
        Rejection("01", 1, "leading zeros"),  // leading zero
        Rejection("-01", 2, "leading zeros"),  // leading zero after minus
        Rejection("00", 1, "leading zeros"),  // double zero
        Rejection("1.", 2, "expected digit after decimal point"),  // point without digits
        Rejection("1.e5", 2, "expected digit after decimal point, found 'e'"),  // point then exponent
        Rejection(".5", 0, "expected a JSON value, found '.'"),  // no integer part
        Rejection("+1", 0, "expected a JSON value, found '+'"),  // plus sign
        Rejection("1e", 2, "unexpected end of input: expected digit in exponent"),  // empty exponent
        Rejection("1e+", 3, "expected digit in exponent"),  // exponent sign only
        Rejection("1E-x", 3, "expected digit in exponent, found 'x'"),  // exponent letter
        Rejection("-", 1, "unexpected end of input: expected digit after '-'"),  // lone minus
        Rejection("-a", 1, "expected digit after '-', found 'a'"),  // minus then letter
        Rejection("- 1", 1, "expected digit after '-'"),  // minus then space
        Rejection("NaN", 0, "expected a JSON value, found 'N'"),  // not a JSON number
        Rejection("Infinity", 0, "expected a JSON value"),  // not a JSON number
        Rejection("-Infinity", 1, "expected digit after '-'"),  // not a JSON number
        Rejection("0x10", 1, "unexpected data after JSON value"),  // hex
        Rejection("1 2", 2, "unexpected data after JSON value"),  // two values
        Rejection("[1]]", 3, "unexpected data after JSON value"),  // extra bracket
        Rejection("{}}", 2, "unexpected data after JSON value"),  // extra brace
        Rejection("\"a\"\u{0}", 3, "unexpected data after JSON value"),  // trailing NUL
        Rejection("tru", 3, "unexpected end of input: expected 'true'"),  // truncated literal
        Rejection("trUe", 2, "expected 'true', found 'U'"),  // wrong case inside literal
        Rejection("True", 0, "expected a JSON value, found 'T'"),  // capitalised literal
        Rejection("nul", 3, "expected 'null'"),  // truncated null
        Rejection("falsy", 4, "expected 'false', found 'y'"),  // wrong last letter
        Rejection("truex", 4, "unexpected data after JSON value"),  // literal then letter
        Rejection("[1,]", 3, "expected a JSON value, found ']'"),  // trailing comma in array
        Rejection("[,1]", 1, "expected a JSON value, found ','"),  // leading comma
        Rejection("[1 2]", 3, "expected ',' or ']' after array element, found '2'"),  // missing comma
        Rejection("[1", 2, "unexpected end of input: expected ',' or ']' after array element"),  // unclosed
        Rejection("[1,2", 4, "unexpected end of input"),  // unclosed after second element
        Rejection("[", 1, "unexpected end of input: expected a JSON value"),  // only an opener
        Rejection("[1}", 2, "expected ',' or ']' after array element, found '}'"),  // wrong closer
        Rejection("{", 1, "unexpected end of input: expected string key or '}'"),  // only an opener
        Rejection(#"{"a" 1}"#, 5, "expected ':' after object key, found '1'"),  // missing colon
        Rejection(#"{"a"}"#, 4, "expected ':' after object key"),  // key without value
        Rejection(#"{"a""#, 4, "unexpected end of input: expected ':' after object key"),  // cut after key
        Rejection(#"{"a":}"#, 5, "expected a JSON value, found '}'"),  // colon without value
        Rejection(#"{"a":1,}"#, 7, "expected string key after ',', found '}'"),  // trailing comma in object
        Rejection(#"{"a":1 "b":2}"#, 7, "expected ',' or '}' after object member"),  // missing comma
        Rejection(#"{"a":1]"#, 6, "expected ',' or '}' after object member, found ']'"),  // wrong closer
        Rejection("{a:1}", 1, "expected string key or '}', found 'a'"),  // unquoted key
        Rejection("{'a':1}", 1, "expected string key or '}'"),  // single-quoted key
        Rejection("{1:1}", 1, "expected string key or '}', found '1'"),  // number key
        Rejection("'a'", 0, "expected a JSON value, found '''"),  // single-quoted string
        Rejection("\"abc", 4, "unexpected end of input in string"),  // unterminated string
        Rejection("\"abc\\", 5, "unexpected end of input in string"),  // ends in a backslash
        Rejection(#""\x""#, 1, #"invalid escape sequence '\x'"#),  // unknown escape
        Rejection(#""ab\'""#, 3, #"invalid escape sequence '\''"#),  // escaped single quote
        Rejection(#""\U0041""#, 1, "invalid escape sequence"),  // capital U
        Rejection(#""\u12G4""#, 5, "expected hex digit in \\u escape, found 'G'"),  // bad hex digit
        Rejection(#""\u12""#, 5, "expected hex digit in \\u escape, found '\"'"),  // short \u escape
        Rejection("\"\\u12", 5, "unexpected end of input in \\u escape"),  // \u cut by end of input
        Rejection("/* c */ 1", 0, "expected a JSON value, found '/'"),  // comments are not JSON
        Rejection("\u{0B}1", 0, "expected a JSON value, found byte 0x0B"),  // vertical tab is not whitespace
        Rejection("\u{0C}1", 0, "expected a JSON value, found byte 0x0C"),  // form feed is not whitespace
        Rejection("\u{A0}1", 0, "expected a JSON value, found byte 0xC2"),  // no-break space is not whitespace
        Rejection("\u{FEFF}1", 0, "byte order mark"),  // UTF-8 BOM is rejected
        Rejection("\u{FEFF}", 0, "byte order mark"),  // BOM alone
        Rejection(bytes: [0xFF], 0, "expected a JSON value, found byte 0xFF"),  // invalid byte outside a string
    ])
    func invalidGrammarIsRejectedAtTheRightOffset(rejection: Rejection) throws {
        let error = try #require(Self.failure(rejection.input))
        #expect(error.offset == rejection.offset)
        #expect(error.message.contains(rejection.message), "message was: \(error.message)")
        #expect(error.description == "invalid JSON at byte \(rejection.offset): \(error.message)")
    }

    @Test(arguments: [
        Rejection(bytes: quoted([0x80]), 1, "unexpected continuation byte 0x80"),  // stray continuation
        Rejection(bytes: quoted([0x61, 0xBF, 0x61]), 2, "unexpected continuation byte 0xBF"),  // stray, mid-text
        Rejection(bytes: quoted([0xC3, 0xA9, 0xA9]), 3, "unexpected continuation byte"),  // one too many
        Rejection(bytes: quoted([0xC0, 0xAF]), 1, "overlong encoding"),  // overlong '/' (two bytes)
        Rejection(bytes: quoted([0xC1, 0xBF]), 1, "overlong encoding"),  // overlong U+007F
        Rejection(bytes: quoted([0xE0, 0x80, 0xAF]), 2, "overlong encoding"),  // overlong '/' (three bytes)
        Rejection(bytes: quoted([0xE0, 0x9F, 0xBF]), 2, "overlong encoding"),  // overlong U+07FF
        Rejection(bytes: quoted([0xF0, 0x80, 0x80, 0xAF]), 2, "overlong encoding"),  // overlong (four bytes)
        Rejection(bytes: quoted([0xF0, 0x8F, 0xBF, 0xBF]), 2, "overlong encoding"),  // overlong U+FFFF
        Rejection(bytes: quoted([0xED, 0xA0, 0x80]), 2, "encoded surrogate"),  // U+D800 in UTF-8
        Rejection(bytes: quoted([0xED, 0xBF, 0xBF]), 2, "encoded surrogate"),  // U+DFFF in UTF-8
        Rejection(bytes: quoted([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]), 2, "encoded surrogate"),  // CESU-8 pair
        Rejection(bytes: quoted([0xF4, 0x90, 0x80, 0x80]), 2, "above U+10FFFF"),  // U+110000
        Rejection(bytes: quoted([0xF5, 0x80, 0x80, 0x80]), 1, "above U+10FFFF"),  // lead byte too high
        Rejection(bytes: quoted([0xF8, 0x88, 0x80, 0x80, 0x80]), 1, "byte 0xF8 never appears"),  // five-byte form
        Rejection(bytes: quoted([0xFE]), 1, "byte 0xFE never appears"),  // never valid
        Rejection(bytes: quoted([0xFF]), 1, "byte 0xFF never appears"),  // never valid
        Rejection(bytes: quoted([0xC3]), 2, "truncated sequence"),  // two-byte cut by the quote
        Rejection(bytes: quoted([0xE2, 0x82]), 3, "truncated sequence"),  // three-byte cut by the quote
        Rejection(bytes: quoted([0xF0, 0x9F, 0x98]), 4, "truncated sequence"),  // four-byte cut by the quote
        Rejection(bytes: quoted([0x61, 0x62, 0xC3, 0x78]), 4, "found 0x78"),  // lead then ASCII
        Rejection(bytes: quoted([0xE2, 0x28, 0xA1]), 2, "truncated sequence"),  // bad second byte
        Rejection(bytes: [0x22, 0xE2, 0x82], 3, "truncated sequence at end of input"),  // cut by end of input
        Rejection(bytes: quoted(Array(#"\n"#.utf8) + [0xFF]), 3, "0xFF"),  // after an escape (slow path)
        Rejection(bytes: quoted(Array("abcdefghijklmnop".utf8) + [0x80]), 17, "continuation"),  // after a long run
        Rejection(bytes: Array(#"{""#.utf8) + [0x80] + Array(#"":1}"#.utf8), 2, "continuation"),  // in a key
    ])
    func invalidUTF8IsRejectedAtTheBadByte(rejection: Rejection) throws {
        let error = try #require(Self.failure(rejection.input))
        #expect(error.offset == rejection.offset)
        #expect(error.message.hasPrefix("invalid UTF-8: "), "message was: \(error.message)")
        #expect(error.message.contains(rejection.message), "message was: \(error.message)")
    }

    @Test(arguments: [
        Rejection(#""\ud800""#, 1, "unpaired high surrogate \\uD800"),  // high surrogate alone
        Rejection(#""\uDBFF""#, 1, "unpaired high surrogate \\uDBFF"),  // last high surrogate alone
        Rejection(#""\ud800x""#, 1, "unpaired high surrogate"),  // high surrogate then ASCII
        Rejection(#""\ud800\n""#, 1, "unpaired high surrogate"),  // high surrogate then other escape
        Rejection(#""\ud800\u0041""#, 1, "unpaired high surrogate"),  // high surrogate then BMP escape
        Rejection(#""\ud800\ud800""#, 1, "unpaired high surrogate"),  // two high surrogates
        Rejection(#""\udc00""#, 1, "unpaired low surrogate \\uDC00"),  // low surrogate alone
        Rejection(#""ab\udfff""#, 3, "unpaired low surrogate \\uDFFF"),  // low surrogate after text
        Rejection(#""\udc00\ud800""#, 1, "unpaired low surrogate"),  // pair in the wrong order
        Rejection(#""\uD83D\uDE00\uDE00""#, 13, "unpaired low surrogate"),  // pair then a stray low
        Rejection(#""\ud800\u12G4""#, 11, "expected hex digit"),  // bad hex in the would-be low half
        Rejection("\"\\ud800", 1, "unpaired high surrogate"),  // high surrogate then end of input
    ])
    func loneSurrogatesAreRejected(rejection: Rejection) throws {
        let error = try #require(Self.failure(rejection.input))
        #expect(error.offset == rejection.offset)
        #expect(error.message.contains(rejection.message), "message was: \(error.message)")
    }

    @Test(arguments: [
        Rejection(bytes: quoted([0x0A]), 1, "unescaped control character U+000A"),  // raw line feed
        Rejection(bytes: quoted([0x61, 0x09]), 2, "unescaped control character U+0009"),  // raw tab
        Rejection(bytes: quoted([0x00]), 1, "unescaped control character U+0000"),  // raw NUL
        Rejection(bytes: quoted([0x1F]), 1, "unescaped control character U+001F"),  // last C0 control
        Rejection(bytes: quoted([0x0D]), 1, "U+000D"),  // raw carriage return
        Rejection(bytes: quoted(Array(#"\t"#.utf8) + [0x0A]), 3, "U+000A"),  // after an escape (slow path)
        Rejection(bytes: quoted(Array("abcdefghijklmnop".utf8) + [0x01]), 17, "U+0001"),  // after a long run
    ])
    func controlCharactersInStringsAreRejected(rejection: Rejection) throws {
        let error = try #require(Self.failure(rejection.input))
        #expect(error.offset == rejection.offset)
        #expect(error.message.contains(rejection.message), "message was: \(error.message)")
    }

    @Test func expectThrowsReportsTheParseError() {
        let error = #expect(throws: JSONParseError.self) {
            try JSONValue.parse(#"{"a" 1}"#)
        }
        #expect(error == JSONParseError(offset: 5, message: "expected ':' after object key, found '1'"))
        #expect(error?.description == "invalid JSON at byte 5: expected ':' after object key, found '1'")
    }

    // MARK: Depth

    @Test func hundredThousandOpenBracketsThrowInsteadOfCrashing() throws {
        let input = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let error = try #require(Self.failure(input))
        #expect(error.offset == 512)
        #expect(error.message.contains("nesting deeper than the limit of 512"))
    }

    @Test func deeplyNestedObjectsThrow() throws {
        let input = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
        let error = try #require(Self.failure(input))
        #expect(error.offset == 512 * 5)
        #expect(error.message.contains("nesting"))
    }

    @Test func nestingUpToTheLimitParses() throws {
        let atLimit = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        var value = try JSONValue.parse(atLimit)
        var depth = 0
        while case .array(let elements) = value, let first = elements.first {
            value = first
            depth += 1
        }
        #expect(depth == 511)
        #expect(value == .array([]))
        let overLimit = "[" + atLimit + "]"
        #expect(Self.failure(Array(overLimit.utf8))?.offset == 512)
    }

    @Test(
        arguments: [
            (0, "1", nil),  // scalars need no depth
            (0, "[]", 0),  // no container allowed at all
            (2, "[[1]]", nil),  // exactly at the limit
            (2, "[[[1]]]", 2),  // one too deep
            (2, #"{"a":{"b":[1]}}"#, 10),  // mixed containers
        ] as [(Int, String, Int?)]
    )
    func customDepthLimit(maxDepth: Int, text: String, errorOffset: Int?) {
        let error = Self.failure(Array(text.utf8), options: JSONParser.Options(maxDepth: maxDepth))
        #expect(error?.offset == errorOffset)
    }

    // MARK: Whitespace and input forms

    @Test(arguments: [
        (" \t\n\r1 \t\n\r", "1"),  // all four whitespace bytes around a scalar
        ("[ 1 , 2 ]", "[1,2]"),  // spaces inside an array
        ("{ \"a\" : 1 , \"b\" :\n[ ] }", #"{"a":1,"b":[]}"#),  // spaces everywhere in an object
        ("\r\n{}\r\n", "{}"),  // CRLF around an empty object
        ("[\t]", "[]"),  // whitespace inside an empty array
        ("{\n}", "{}"),  // whitespace inside an empty object
    ])
    func whitespaceIsAllowedBetweenTokens(text: String, compact: String) throws {
        #expect(try JSONValue.parse(text).serialized() == compact)
    }

    @Test func parsesEveryKindOfByteCollection() throws {
        let text = #"{"a":[1,2.0,"x"]}"#
        let expected = try JSONValue.parse(text)
        let array = Array(text.utf8)
        #expect(try JSONValue.parse(bytes: array) == expected)
        #expect(try JSONValue.parse(bytes: text.utf8) == expected)
        #expect(try JSONValue.parse(bytes: array.lazy.map { $0 }) == expected)  // not contiguous
        #expect(try JSONValue.parse(bytes: ContiguousArray(array)) == expected)
        let padded = Array("xx".utf8) + array
        #expect(try JSONValue.parse(bytes: padded[2...]) == expected)
        let result = array.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try JSONParser().parse(buffer: buffer) }
        }
        #expect(try result.get() == expected)
    }

    @Test func offsetsInASliceCountFromTheSliceStart() throws {
        let padded = Array("xx[1,]".utf8)
        let error = #expect(throws: JSONParseError.self) {
            try JSONValue.parse(bytes: padded[2...])
        }
        #expect(error?.offset == 3)
        let lazyError = #expect(throws: JSONParseError.self) {
            try JSONValue.parse(bytes: padded[2...].lazy.map { $0 })
        }
        #expect(lazyError?.offset == 3)
    }

    @Test func parserCanBeReusedAfterAnError() throws {
        let parser = JSONParser()
        #expect(throws: JSONParseError.self) { try parser.parse("[1,") }
        #expect(try parser.parse(#"["\n", "ok"]"#) == ["\n", "ok"])
        #expect(try parser.parse(#"["\t"]"#) == ["\t"])
    }

    // MARK: Round trips

    @Test(arguments: [
        #"{"a":1,"b":[true,null]}"#,  // the basic shape
        #"{"n":12345678901234567890,"n":1.0,"m":-0,"e":1E+2,"f":1e400}"#,  // literals and duplicates
        #"[]"#,  // empty array
        #"{}"#,  // empty object
        #""\u0000\u001f\"\\\n\r\t\b\f/ é 😀 "# + "\u{2028}\"",  // escapes; U+2028 stays raw
        #"[[[[[]]]],{"":{"":""}}]"#,  // empty keys and nesting
        #"{"z":{"y":[1,2,{"x":null}]},"a":false}"#,  // order not sorted
    ])
    func compactTextRoundTripsByteForByte(text: String) throws {
        let value = try JSONValue.parse(text)
        #expect(value.serialized() == text)
        #expect(try JSONValue.parse(value.serialized(options: .init(pretty: true))) == value)
    }
}
