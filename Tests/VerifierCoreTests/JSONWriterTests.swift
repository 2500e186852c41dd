import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("JSON writer")
struct JSONWriterTests {
    static func number(_ literal: String) throws -> JSONNumber {
        try #require(JSONNumber(literal: literal))
    }

    // MARK: Compact output

    @Test func compactOutputHasNoSpaces() {
        let value: JSONValue = .object(JSONObject([("a", 1), ("b", [true, nil])]))
        #expect(value.serialized() == #"{"a":1,"b":[true,null]}"#)
    }

    @Test(arguments: [
        (JSONValue.null, "null"),  // null
        (JSONValue.bool(true), "true"),  // true
        (JSONValue.bool(false), "false"),  // false
        (JSONValue.string(""), #""""#),  // empty string
        (JSONValue.array([]), "[]"),  // empty array
        (JSONValue.object(JSONObject()), "{}"),  // empty object
        (JSONValue.number(JSONNumber(-42)), "-42"),  // integer initialiser
    ])
    func scalarsAndEmptyContainers(value: JSONValue, text: String) {
        #expect(value.serialized() == text)
        #expect(value.serialized(options: .init(pretty: true)) == text)
    }

    @Test(arguments: [
        "1.0",  // fraction kept
        "1e400",  // beyond Double
        "-0",  // negative zero
        "12345678901234567890",  // beyond Int64
        "1E+2",  // exponent spelling kept
        "2.50e1",  // trailing zero kept
        "-9223372036854775809",  // below Int64.min
    ])
    func numberLiteralsAreWrittenExactly(literal: String) throws {
        let value = JSONValue.array([.number(try Self.number(literal))])
        #expect(value.serialized() == "[\(literal)]")
    }

    @Test func memberOrderAndDuplicatesAreKept() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":2,"b":3}"#)
        #expect(value.serialized() == #"{"b":1,"a":2,"b":3}"#)
    }

    // MARK: String escaping

    @Test(arguments: [
        ("\"", #""\"""#),  // quote
        ("\\", #""\\""#),  // backslash
        ("\n", #""\n""#),  // line feed
        ("\r", #""\r""#),  // carriage return
        ("\t", #""\t""#),  // tab
        ("\u{8}", #""\b""#),  // backspace
        ("\u{C}", #""\f""#),  // form feed
        ("\u{0}", #""\u0000""#),  // NUL
        ("\u{1}", #""\u0001""#),  // other C0 control
        ("\u{1B}", #""\u001b""#),  // escape, lowercase hex
        ("\u{1F}", #""\u001f""#),  // last C0 control
        ("\u{7F}", "\"\u{7F}\""),  // DEL stays raw
        ("/", #""/""#),  // slash is not escaped
        ("</script>", #""</script>""#),  // nor in HTML-looking text
        ("\u{2028}\u{2029}", "\"\u{2028}\u{2029}\""),  // line and paragraph separators stay raw
        ("é", "\"é\""),  // two-byte UTF-8 stays raw
        ("東京", "\"東京\""),  // three-byte UTF-8 stays raw
        ("😀", "\"😀\""),  // four-byte UTF-8 stays raw
        ("a\"b\\c\nd", #""a\"b\\c\nd""#),  // escapes between plain runs
        ("plain text", #""plain text""#),  // nothing to escape
    ])
    func stringsAreEscapedMinimally(text: String, json: String) throws {
        let value = JSONValue.string(text)
        #expect(value.serialized() == json)
        #expect(try JSONValue.parse(json) == value)
    }

    @Test func keysAreEscapedLikeStrings() {
        let value: JSONValue = .object(JSONObject([("a\"b\n", 1)]))
        #expect(value.serialized() == #"{"a\"b\n":1}"#)
    }

    // MARK: Pretty output

    @Test func prettyOutputIndentsByTwoSpaces() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":[true,null],"c":{},"d":[],"e":{"f":"g","h":[[]]}}"#)
        let expected = """
            {
              "a": 1,
              "b": [
                true,
                null
              ],
              "c": {},
              "d": [],
              "e": {
                "f": "g",
                "h": [
                  []
                ]
              }
            }
            """
        #expect(value.serialized(options: .init(pretty: true)) == expected)
    }

    @Test func prettyTopLevelArray() {
        let value: JSONValue = [1, "x"]
        #expect(value.serialized(options: .init(pretty: true)) == "[\n  1,\n  \"x\"\n]")
    }

    // MARK: Sorted keys

    @Test func sortKeysOrdersEveryObject() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":2,"c":{"z":1,"y":[{"q":1,"p":2}]}}"#)
        #expect(value.serialized(options: .init(sortKeys: true)) == #"{"a":2,"b":1,"c":{"y":[{"p":2,"q":1}],"z":1}}"#)
        // The value itself is untouched.
        #expect(value.serialized() == #"{"b":1,"a":2,"c":{"z":1,"y":[{"q":1,"p":2}]}}"#)
    }

    @Test func sortKeysIsStableForDuplicates() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":1,"b":2,"a":0,"b":3}"#)
        #expect(value.serialized(options: .init(sortKeys: true)) == #"{"a":1,"a":0,"b":1,"b":2,"b":3}"#)
    }

    @Test func sortKeysComparesUTF8Bytes() {
        // "Z" (0x5A) < "a" (0x61) < "aa" < "b" < "e\u{301}" (0x65 0xCC) < "z" < "é" (0xC3) < "😀" (0xF0).
        let keys = ["😀", "é", "z", "e\u{301}", "b", "aa", "a", "Z"]
        let value = JSONValue.object(JSONObject(keys.map { ($0, JSONValue.null) }))
        let sorted = value.serialized(options: .init(sortKeys: true))
        let expected =
            "{"
            + ["Z", "a", "aa", "b", "e\u{301}", "z", "é", "😀"]
            .map { "\"\($0)\":null" }
            .joined(separator: ",") + "}"
        #expect(Array(sorted.utf8) == Array(expected.utf8))
    }

    @Test func prettyAndSortedTogether() throws {
        let value = try JSONValue.parse(#"{"b":[],"a":{"d":1,"c":2}}"#)
        let expected = """
            {
              "a": {
                "c": 2,
                "d": 1
              },
              "b": []
            }
            """
        #expect(value.serialized(options: .init(pretty: true, sortKeys: true)) == expected)
    }

    // MARK: Output forms

    @Test func bytesStringAndAppendAgree() throws {
        let value = try JSONValue.parse(#"{"k":["é",1.50,null]}"#)
        let text = value.serialized()
        #expect(text == #"{"k":["é",1.50,null]}"#)
        #expect(value.serializedBytes() == Array(text.utf8))
        var buffer = Array("prefix:".utf8)
        value.write(into: &buffer)
        #expect(buffer == Array("prefix:\(text)".utf8))
        var pretty: [UInt8] = []
        value.write(into: &pretty, options: .init(pretty: true))
        #expect(pretty == Array(value.serialized(options: .init(pretty: true)).utf8))
        #expect(JSONWriter().string(for: value) == text)
        #expect(JSONWriter(options: .init(sortKeys: true)).bytes(for: value) == Array(text.utf8))
    }

    // MARK: Round trips

    /// A small deterministic generator (SplitMix64), so the generated values are the same on every run.
    struct SplitMix64 {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ bound: Int) -> Int {
            Int(next() % UInt64(bound))
        }
    }

    static let literals = [
        "0", "-0", "1", "1.0", "-1.5e-7", "1e400", "1E+2", "12345678901234567890", "0.10000000000000001",
        "-9223372036854775809", "2.50e1", "3.141592653589793238462643383279",
    ]
    static let scalars: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}",
        "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "東", "\u{D7FF}", "\u{E000}", "\u{2028}", "\u{2029}",
        "\u{FEFF}", "\u{FFFF}", "😀", "\u{10FFFF}", "\u{301}",
    ]

    static func randomString(_ random: inout SplitMix64) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<random.below(12) {
            text.append(scalars[random.below(scalars.count)])
        }
        return String(text)
    }

    static func randomValue(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        let kind = depth > 4 ? random.below(4) : random.below(6)
        switch kind {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2: return .number(JSONNumber(validatedLiteral: literals[random.below(literals.count)]))
        case 3: return .string(randomString(&random))
        case 4:
            return .array((0..<random.below(5)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<random.below(5) {
                // Few distinct keys, so duplicates are common.
                let key = random.below(3) == 0 ? "dup" : randomString(&random)
                object.append(key, randomValue(&random, depth: depth + 1))
            }
            return .object(object)
        }
    }

    @Test(arguments: [
        JSONWriter.Options(),  // compact
        JSONWriter.Options(pretty: true),  // pretty
    ])
    func generatedValuesRoundTrip(options: JSONWriter.Options) throws {
        var random = SplitMix64(state: 20_241_125)
        var containers = 0
        for _ in 0..<500 {
            let value = Self.randomValue(&random, depth: 0)
            if value.arrayValue != nil || value.objectValue != nil { containers += 1 }
            let text = value.serialized(options: options)
            let reparsed = try JSONValue.parse(text)
            #expect(reparsed == value, "\(text)")
            // Writing the reparsed value gives the same bytes again.
            #expect(reparsed.serialized(options: options) == text)
        }
        #expect(containers > 100)
    }

    @Test func sortedOutputIsCanonicalForReorderedObjects() throws {
        let first = try JSONValue.parse(#"{"b":{"y":1,"x":[2,{"n":1,"m":2}]},"a":"s"}"#)
        let second = try JSONValue.parse(#"{"a":"s","b":{"x":[2,{"m":2,"n":1}],"y":1}}"#)
        #expect(first != second)
        let options = JSONWriter.Options(sortKeys: true)
        #expect(first.serializedBytes(options: options) == second.serializedBytes(options: options))
    }
}
