import Foundation
import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Parses JSON text used in the tables below.
private func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(text)
}

@Suite("JSON Schema features")
struct JSONSchemaFeatureTests {
    // MARK: ECMA-262 regular expressions

    @Test(
        "the regex engine follows ECMA-262 (u flag) search semantics",
        arguments: [
            // Unanchored search.
            ("b+", "abbc", true),
            // Anchors.
            ("^abc$", "abc", true),
            // $ does not match before a trailing newline (unlike Python).
            ("^abc$", "abc\n", false),
            // . does not match line terminators.
            ("^a.c$", "a\nc", false),
            // . matches an astral code point as one character.
            ("^.$", "🐲", true),
            // \d is ASCII only.
            (#"^\d$"#, "٣", false),
            // \w is ASCII only.
            (#"^\w+$"#, "é", false),
            // \s includes NBSP and BOM.
            (#"^\s+$"#, "\u{A0}\u{FEFF}", true),
            // \b word boundary.
            (#"\bcat\b"#, "a cat!", true),
            (#"\bcat\b"#, "concatenate", false),
            // Counted repetition.
            ("^a{2,3}$", "aaaa", false),
            ("^a{2,}$", "aaaa", true),
            // Lazy quantifiers accept the same strings.
            ("^a+?b$", "aaab", true),
            // Alternation inside groups.
            ("^(cat|dog)s?$", "dogs", true),
            // Classes, ranges and negation.
            ("^[^a-c]+$", "xyz", true),
            ("^[a-c-]+$", "a-b", true),
            // Escapes: \t, \x41, \u0041, \u{1F600}, \cA.
            (#"^\t\x41\u0042\u{1F600}\cA$"#, "\tAB😀\u{1}", true),
            // Unicode property escapes, with loose names.
            (#"^\p{Lu}\p{Ll}+$"#, "Élan", true),
            (#"^\p{digit}+$"#, "٣٤", true),
            (#"^\P{L}+$"#, "123", true),
            // Lookahead and lookbehind.
            ("^(?=.*\\d)[a-z\\d]+$", "abc1", true),
            ("^(?!.*\\d)[a-z\\d]+$", "abc1", false),
            ("(?<=\\$)\\d+", "cost $42", true),
            ("(?<!\\$)\\b\\d+", "$42", false),
            // Empty classes.
            ("^[]$", "", false),
            ("^[^]$", "x", true),
            // A lone ] and a non-quantifier { are literals (Annex B).
            ("^a]{b$", "a]{b", true),
        ]
    )
    func regexSemantics(pattern: String, subject: String, matches: Bool) throws {
        let regex = try ECMARegex(pattern)
        #expect(regex.matches(subject) == matches, "\(pattern) on \(subject)")
    }

    @Test(
        "invalid ECMA-262 patterns are rejected",
        arguments: [
            // Unclosed group.
            "^(abc",
            // Unclosed class.
            "[abc",
            // Nothing to repeat.
            "*a",
            // Python named groups.
            "(?P<name>x)",
            // Inline flags.
            "(?i)abc",
            // An escape that ECMA-262 does not define.
            #"\a"#,
            // Range out of order.
            "[z-a]",
            // Quantifier bounds out of order.
            "a{3,2}",
            // A named backreference to nothing.
            #"\k<missing>"#,
            // An unknown Unicode property.
            #"\p{NoSuchProperty}"#,
        ]
    )
    func invalidPatterns(pattern: String) {
        #expect(!ECMARegex.isValidSyntax(pattern))
        #expect(throws: ECMARegexError.self) { try ECMARegex(pattern) }
    }

    // MARK: Numbers

    @Test(
        "numbers are compared and divided exactly",
        arguments: [
            // 1.0 is an integer.
            (#"{"type":"integer"}"#, "1.0", true),
            // 1e400 is an integer far beyond Double.
            (#"{"type":"integer"}"#, "1e400", true),
            // Integers beyond 2^53 compare exactly.
            (#"{"maximum":9007199254740992}"#, "9007199254740993", false),
            (#"{"minimum":18446744073709551616}"#, "18446744073709551615", false),
            // multipleOf 0.01.
            (#"{"multipleOf":0.01}"#, "0.07", true),
            (#"{"multipleOf":0.01}"#, "4.99", true),
            (#"{"multipleOf":0.01}"#, "0.075", false),
            // multipleOf 0.1 where Double would fail (0.3 / 0.1 = 2.9999…).
            (#"{"multipleOf":0.1}"#, "0.3", true),
            // A big integer multiple.
            (#"{"multipleOf":7}"#, "70000000000000000000000000000000000007", true),
            // Exponent forms.
            (#"{"multipleOf":2.5e-3}"#, "1.25e-2", true),
            // const compares by value.
            (#"{"const":100}"#, "1e2", true),
            (#"{"enum":[0.1]}"#, "1e-1", true),
        ]
    )
    func exactNumbers(schema: String, instance: String, valid: Bool) throws {
        #expect(try JSONSchema(json(schema)).isValid(json(instance)) == valid)
    }

    // MARK: Output

    @Test("basic output lists every error with all four locations")
    func basicOutput() throws {
        let schema = try JSONSchema(
            json(
                ##"""
                {"$id":"https://example.com/tool.json","type":"object","properties":{"city":{"$ref":"#/$defs/name"},
                "days":{"type":"integer"}},"required":["unit"],"$defs":{"name":{"type":"string","minLength":2}}}
                """##
            )
        )
        let output = schema.basicOutput(for: try json(#"{"city":"X","days":"3"}"#))
        #expect(output["valid"] == false)
        let errors = try #require(output["errors"]?.arrayValue)
        #expect(errors.count == 3)
        #expect(errors[0]["keywordLocation"] == "/properties/city/$ref/minLength")
        #expect(errors[0]["absoluteKeywordLocation"] == "https://example.com/tool.json#/$defs/name/minLength")
        #expect(errors[0]["instanceLocation"] == "/city")
        #expect(errors[1]["instanceLocation"] == "/days")
        #expect(errors[2]["keywordLocation"] == "/required")
        #expect(errors.allSatisfy { $0["error"]?.stringValue?.isEmpty == false })
        let valid = schema.basicOutput(for: try json(#"{"city":"Rome","unit":"c"}"#))
        #expect(valid == ["valid": true, "errors": []])
    }

    @Test("every violation is reported, across nested applicators")
    func everyViolation() throws {
        let schema = try JSONSchema(
            json(
                #"""
                {"type":"object","properties":{"a":{"type":"array","items":{"type":"integer","minimum":0}}},
                "unevaluatedProperties":false,"allOf":[{"required":["b"]}]}
                """#
            )
        )
        let found = schema.validate(try json(#"{"a":[1,-1,"x",-2],"z":1}"#))
        #expect(found.map(\.instanceLocation) == ["/a/1", "/a/2", "/a/3", "", "/z"])
        #expect(found.map(\.keyword) == ["minimum", "type", "minimum", "required", "unevaluatedProperties"])
    }

    // MARK: Options

    @Test("format is an annotation by default and an assertion when asked")
    func formatAssertion() throws {
        let schema = try json(#"{"format":"date-time"}"#)
        #expect(try JSONSchema(schema).isValid("yesterday"))
        let asserted = try JSONSchema(schema, options: JSONSchema.Options(formatAssertion: true))
        #expect(!asserted.isValid("yesterday"))
        #expect(asserted.isValid("2024-02-29T12:00:00Z"))
        #expect(asserted.validate("yesterday").first?.keyword == "format")
    }

    @Test("the default draft applies to schemas without $schema")
    func defaultDraft() throws {
        let tuple = try json(#"{"items":[{"type":"integer"}],"additionalItems":false}"#)
        #expect(throws: SchemaError.self) { try JSONSchema(tuple) }
        let draft7 = try JSONSchema(tuple, options: JSONSchema.Options(defaultDraft: .draft7))
        #expect(draft7.draft == .draft7)
        #expect(draft7.isValid([1]))
        #expect(!draft7.isValid([1, 2]))
        #expect(JSONSchema.Draft(name: "7") == .draft7)
        #expect(JSONSchema.Draft(name: "2020-12") == .draft2020_12)
        #expect(JSONSchema.Draft(name: "4") == nil)
    }

    @Test("OpenAPI nullable can be turned off")
    func nullableOption() throws {
        let schema = try json(#"{"type":"string","nullable":true}"#)
        #expect(try JSONSchema(schema).isValid(nil))
        #expect(try !JSONSchema(schema, options: JSONSchema.Options(allowsNullable: false)).isValid(nil))
    }

    @Test("remote references resolve from the registry, never the network")
    func registry() throws {
        var registry = SchemaRegistry()
        registry.register(["type": "integer", "minimum": 1], as: "https://example.com/positive.json")
        let directory = NSTemporaryDirectory() + "schema-registry-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/defs", withIntermediateDirectories: true)
        try Data(#"{"type":"string","maxLength":3}"#.utf8).write(
            to: URL(fileURLWithPath: directory + "/defs/code.json")
        )
        registry.register(directory: directory, as: "https://schemas.example.org/")
        let schema = try JSONSchema(
            json(
                #"""
                {"properties":{"n":{"$ref":"https://example.com/positive.json"},
                "c":{"$ref":"https://schemas.example.org/defs/code.json"}}}
                """#
            ),
            options: JSONSchema.Options(registry: registry)
        )
        #expect(schema.isValid(try json(#"{"n":2,"c":"abc"}"#)))
        #expect(schema.validate(try json(#"{"n":0,"c":"abcd"}"#)).map(\.keyword) == ["minimum", "maxLength"])
        // Not registered: a clear error, no network access.
        let error = #expect(throws: SchemaError.self) {
            try JSONSchema(json(#"{"$ref":"https://schemas.example.org/defs/missing.json"}"#))
        }
        #expect(error?.message.contains("local schema registry") == true)
    }

    @Test("$dynamicRef resolves through the dynamic scope")
    func dynamicReferences() throws {
        var registry = SchemaRegistry()
        registry.register(
            try json(
                ##"""
                {"$id":"https://example.com/tree","$dynamicAnchor":"node","type":"object",
                "properties":{"children":{"type":"array","items":{"$dynamicRef":"#node"}}}}
                """##
            ),
            as: "https://example.com/tree"
        )
        let strict = try JSONSchema(
            json(
                ##"""
                {"$id":"https://example.com/strict-tree","$dynamicAnchor":"node","$ref":"tree",
                "unevaluatedProperties":false}
                """##
            ),
            options: JSONSchema.Options(registry: registry)
        )
        #expect(strict.isValid(try json(#"{"children":[{"children":[]}]}"#)))
        let found = strict.validate(try json(#"{"children":[{"daat":1}]}"#))
        #expect(found.map(\.instanceLocation) == ["/children/0/daat"])
    }

    // MARK: Meta-validation

    @Test(
        "metaValidate checks a schema against its draft's metaschema",
        arguments: [
            // Valid 2020-12.
            (#"{"type":"object","properties":{"a":{"type":"string"}}}"#, [String]()),
            // minLength must be a non-negative integer.
            (#"{"minLength":-1}"#, ["/minLength"]),
            // description must be a string.
            (#"{"description":3}"#, ["/description"]),
            // A nested type name that does not exist.
            (#"{"properties":{"a":{"type":"text"}}}"#, ["/properties/a/type"]),
            // Draft-07 tuple items are fine under draft-07.
            (#"{"$schema":"http://json-schema.org/draft-07/schema#","items":[{}]}"#, []),
        ]
    )
    func metaValidation(schema: String, locations: [String]) throws {
        let found = try JSONSchema.metaValidate(json(schema))
        #expect(Set(found.map(\.instanceLocation)) == Set(locations))
    }

    // MARK: Batch checking

    @Test("the batch checker gives one result per line and compiles each schema once")
    func batchChecker() throws {
        var checker = SchemaBatchChecker()
        let lines = [
            #"{"schema":{"type":"integer"},"instance":1}"#,
            #"{"schema":{"type":"integer"},"instance":"x"}"#,
            #"{"schema":{"items":[{"type":"string"}]},"instance":["a"],"draft":"7"}"#,
            #"{"schema":{"type":"text"},"instance":1}"#,
            #"not json"#,
            #"{"schema":{},"instance":1,"draft":"4"}"#,
            #"{"instance":1}"#,
        ]
        var results: [SchemaBatchChecker.LineResult] = []
        for (index, line) in lines.enumerated() {
            results.append(checker.check(line: Array(line.utf8), number: index + 1))
        }
        #expect(results.map(\.status) == [.valid, .invalid, .valid, .unusable, .unusable, .unusable, .unusable])
        #expect(results[1].output["errors"]?[0]?["keywordLocation"] == "/type")
        #expect(results[3].output["error"]?.stringValue?.contains("unknown type") == true)
        #expect(results.map { $0.output["line"] } == (1...7).map { .number(JSONNumber($0)) })
        #expect(checker.compilations == 3)
        #expect(SchemaBatchChecker.exitCode(results.map(\.status)) == 2)
        #expect(SchemaBatchChecker.exitCode([.valid, .invalid]) == 1)
        #expect(SchemaBatchChecker.exitCode([.valid]) == 0)
    }

    @Test("the batch checker's quick path (raw schema text as cache key) agrees with parsing the whole line")
    func batchCheckerQuickPath() throws {
        let lines = [
            #"{"schema":{"type":"integer"},"instance":1}"#,
            #" { "instance" : "x" , "schema" : {"type":"integer"} } "#,
            #"{"schema":{"type":"integer"},"instance":1.5,"draft":"7"}"#,
            #"{"schema":{"type":"integer"},"instance":1,"draft":7}"#,
            #"{"schema":{"type":"integer"},"instance":1,"draft":"4"}"#,
            #"{"schema":{"type":"text"},"instance":1}"#,
            #"{"schema":{"type":"text"},"instance":2}"#,
            #"{"schema":{"properties":{"a}":{"const":"]\"}"}}},"instance":{"a}":"x"}}"#,
            #"{"schema":{"type":"integer"},"instance":[1,}"#,
            #"{"schema":{"type":"integer"},"instance":1}}"#,
            #"{"schema":{"type":"integer"},"instance":1,"instance":"x"}"#,
            #"{"sch\u0065ma":{"type":"string"},"instance":1}"#,
            #"{"schema":tru,"instance":1}"#,
            #"{"schema":{"type":"integer"} x,"instance":1}"#,
            #"{"schema":{"type":"integer"}}"#,
            #"[1]"#,
            // A schema whose text begins with the previous line's schema text.
            #"{"schema":1,"instance":1}"#,
            #"{"schema":12,"instance":1}"#,
            #"{"schema":{"type":"integer"},"instance":2}"#,
            #"{"schema":{"type":"integer"}x,"instance":2}"#,
            #"{"schema":{"type":"integer"},"instance":2,"draft":"7"}"#,
        ]
        var quick = SchemaBatchChecker()
        var whole = SchemaBatchChecker()
        for (index, line) in lines.enumerated() {
            // Two passes, so the second meets every schema in the raw-text cache.
            for _ in 0..<2 {
                let result = quick.check(line: Array(line.utf8), number: index + 1)
                // An extra member sends the line down the whole-line parse, which ignores unknown members.
                var forced = line
                if let brace = forced.firstIndex(of: "{") {
                    forced.replaceSubrange(brace...brace, with: "{\"comment\":0,")
                }
                let reference = whole.check(line: Array(forced.utf8), number: index + 1)
                #expect(result.status == reference.status, "line \(index + 1)")
                let syntaxError = "line is not valid JSON"
                if reference.output["error"]?.stringValue?.hasPrefix(syntaxError) == true {
                    // The byte offset in the message moves with the extra member; the rest must agree.
                    #expect(result.output["error"]?.stringValue?.hasPrefix(syntaxError) == true, "line \(index + 1)")
                } else {
                    #expect(result.output == reference.output, "line \(index + 1)")
                }
            }
        }
        // Repeated lines are served from the cache (the one extra compile is the duplicate-member line, which
        // takes the whole-line path and its value-keyed cache).
        #expect(quick.compilations == whole.compilations + 1)
    }

    // MARK: Formats

    @Test(
        "asserted formats",
        arguments: [
            ("date-time", "1985-04-12T23:20:50.52Z", true),
            ("date-time", "1985-04-12 23:20:50Z", false),
            ("date", "2023-02-29", false),
            ("time", "23:59:60Z", true),
            ("duration", "P1Y2M3DT4H5M6S", true),
            ("duration", "PT", false),
            ("email", "joe.bloggs@example.com", true),
            ("email", "joe..bloggs@example.com", false),
            ("hostname", "api.example-host.com", true),
            ("hostname", "-bad.example", false),
            ("ipv4", "192.168.0.1", true),
            ("ipv4", "192.168.0.01", false),
            ("ipv6", "2001:db8::8a2e:370:7334", true),
            ("ipv6", "2001:db8::8a2e::7334", false),
            ("uri", "https://example.com/a?b=c#d", true),
            ("uri", "/relative", false),
            ("uri-reference", "/relative", true),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
            ("uuid", "123e4567e89b12d3a456426614174000", false),
            ("regex", "^[a-z]+$", true),
            ("regex", "^[a-z+$", false),
            ("json-pointer", "/a~1b/0", true),
            ("json-pointer", "a/b", false),
        ]
    )
    func formats(format: String, value: String, valid: Bool) throws {
        let schema = try JSONSchema(["format": .string(format)], options: JSONSchema.Options(formatAssertion: true))
        #expect(schema.isValid(.string(value)) == valid, "\(format): \(value)")
    }
}
