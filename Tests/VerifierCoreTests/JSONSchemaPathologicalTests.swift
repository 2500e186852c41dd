import Foundation
import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Parses JSON text used below.
private func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(text)
}

/// Runs `body` and returns how long it took.
private func timed(_ body: () throws -> Void) rethrows -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    return clock.now - start
}

/// Hostile schemas and instances end with a clear error or in bounded time: never a hang, a stack overflow or a
/// crash.
@Suite("JSON Schema pathological inputs")
struct JSONSchemaPathologicalTests {
    // MARK: Deep nesting

    @Test("a schema nested far beyond the limit is rejected quickly, without recursion")
    func deepSchema() throws {
        var schema: JSONValue = ["type": "integer"]
        for _ in 0..<2_000 { schema = ["properties": ["a": schema]] }
        let error = #expect(throws: SchemaError.self) { try JSONSchema(schema) }
        #expect(error?.message.contains("nested more than 256 levels") == true)
    }

    @Test("a recursive schema against a very deep instance stops at the evaluation depth limit")
    func deepInstanceThroughRecursion() throws {
        let schema = try JSONSchema(json(##"{"items":{"$ref":"#"},"type":"array"}"##))
        var instance: JSONValue = []
        for _ in 0..<1_500 { instance = [instance] }
        let found = schema.validate(instance)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("levels deep") == true)
        #expect(!schema.isValid(instance))
        // Shallow instances are unaffected.
        var shallow: JSONValue = []
        for _ in 0..<100 { shallow = [shallow] }
        #expect(schema.isValid(shallow))
    }

    @Test("the evaluation depth limit is configurable")
    func evaluationDepthOption() throws {
        var options = JSONSchema.Options()
        options.maximumEvaluationDepth = 10
        let schema = try JSONSchema(json(##"{"items":{"$ref":"#"}}"##), options: options)
        var instance: JSONValue = 1
        for _ in 0..<20 { instance = [instance] }
        #expect(!schema.isValid(instance))
        options.maximumEvaluationDepth = 100
        #expect(try JSONSchema(json(##"{"items":{"$ref":"#"}}"##), options: options).isValid(instance))
    }

    // MARK: Reference loops

    @Test(
        "$ref loops that never descend into the instance are rejected at compile time",
        arguments: [
            // The root refers to itself.
            ##"{"$ref":"#"}"##,
            // Two definitions refer to each other.
            ##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##,
            // Through a combinator.
            ##"{"anyOf":[{"type":"string"},{"$ref":"#"}]}"##,
            // Through allOf and an anchor.
            ##"{"$anchor":"top","allOf":[{"$ref":"#top"}]}"##,
            // Through if/then.
            ##"{"if":true,"then":{"$ref":"#"}}"##,
            // Through a $dynamicRef whose static target is itself.
            ##"{"$dynamicAnchor":"x","$dynamicRef":"#x"}"##,
            // A draft-07 definitions loop.
            ##"""
            {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"a":{"$ref":"#/definitions/a"}},
            "$ref":"#/definitions/a"}
            """##,
        ]
    )
    func referenceLoops(schema: String) throws {
        let value = try json(schema)
        let error = #expect(throws: SchemaError.self) { try JSONSchema(value) }
        #expect(error?.message.contains("infinite recursion") == true)
    }

    @Test("recursion that descends into the instance is fine, and unreachable loops are ignored")
    func descendingRecursion() throws {
        let tree = try JSONSchema(
            json(
                ##"""
                {"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array",
                "items":{"$ref":"#"}}},"$defs":{"loop":{"$ref":"#/$defs/loop"}}}
                """##
            )
        )
        #expect(tree.isValid(try json(#"{"value":1,"children":[{"value":2,"children":[]}]}"#)))
        #expect(
            tree.validate(try json(#"{"children":[{"children":[{"value":"x"}]}]}"#)).map(\.instanceLocation) == [
                "/children/0/children/0/value"
            ]
        )
    }

    // MARK: Size

    @Test("a huge enum compiles once and checks membership in constant time")
    func hugeEnum() throws {
        let values = (0..<100_000).map { JSONValue.string("value-\($0)") }
        let objects = (0..<10_000).map { JSONValue.object(JSONObject([("id", .number(JSONNumber($0)))])) }
        var schema: JSONSchema?
        let compile = try timed { schema = try JSONSchema(["enum": .array(values + objects)]) }
        let compiled = try #require(schema)
        let check = timed {
            for index in stride(from: 0, to: 100_000, by: 7) {
                #expect(compiled.isValid(.string("value-\(index)")))
            }
            #expect(!compiled.isValid("value-100000"))
            #expect(compiled.isValid(.object(JSONObject([("id", 9_999.0)]))))
            #expect(!compiled.isValid(.object(JSONObject([("id", 10_000)]))))
        }
        #expect(compile < .seconds(5))
        #expect(check < .seconds(2))
        // The message stays short.
        let message = try #require(compiled.validate("nope").first?.message)
        #expect(message.count < 250)
    }

    @Test("huge arrays, objects and uniqueItems stay linear")
    func hugeInstances() throws {
        let array = JSONValue.array((0..<200_000).map { .number(JSONNumber($0)) })
        let unique = try JSONSchema(json(#"{"type":"array","uniqueItems":true,"items":{"type":"integer"}}"#))
        let object = JSONValue.object(JSONObject((0..<50_000).map { ("k\($0)", JSONValue.number(JSONNumber($0))) }))
        let properties = try JSONSchema(json(#"{"additionalProperties":{"type":"integer"},"required":["k49999"]}"#))
        let elapsed = timed {
            #expect(unique.isValid(array))
            #expect(unique.validate(.array([1, 2, 1.0])).map(\.keyword) == ["uniqueItems"])
            #expect(properties.isValid(object))
        }
        #expect(elapsed < .seconds(5))
    }

    // MARK: Regular expressions

    @Test(
        "catastrophic-backtracking patterns run in linear time",
        arguments: [
            // Nested quantifiers.
            ("^(a+)+$", String(repeating: "a", count: 50_000) + "b"),
            // Overlapping alternation.
            ("^(a|a)*$", String(repeating: "a", count: 50_000) + "b"),
            // Overlapping repeats.
            ("^(x+x+)+y$", String(repeating: "x", count: 50_000)),
            // The classic e-mail-like ReDoS.
            (
                #"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}"#
                    + #"(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$"#,
                String(repeating: "a", count: 20_000) + "!"
            ),
            // Words and spaces.
            (#"^(\w+\s?)*$"#, String(repeating: "word ", count: 10_000) + "!"),
        ]
    )
    func catastrophicPatterns(pattern: String, subject: String) throws {
        let schema = try JSONSchema(["pattern": .string(pattern)])
        let elapsed = timed { #expect(!schema.isValid(.string(subject))) }
        #expect(elapsed < .seconds(3))
    }

    @Test("lookaround patterns are bounded by the step budget")
    func lookaroundBudget() throws {
        let schema = try JSONSchema(["pattern": "^(?=(a+)+b)(?!(a|a)*c)"])
        let subject = String(repeating: "a", count: 20_000)
        var found: [SchemaViolation] = []
        let elapsed = timed { found = schema.validate(.string(subject)) }
        #expect(elapsed < .seconds(10))
        #expect(found.count == 1)
        #expect(try JSONSchema(["pattern": "^(?=.*[A-Z])(?=.*\\d).{8,}$"]).isValid("Passw0rdX"))
        #expect(try !JSONSchema(["pattern": "^(?=.*[A-Z])(?=.*\\d).{8,}$"]).isValid("password1"))
    }

    @Test(
        "patterns this engine cannot run in bounded time are rejected with a clear error",
        arguments: [
            // A numbered backreference.
            #"^(a+)\1$"#,
            // A named backreference.
            #"(?<q>['"]).*\k<q>"#,
            // A repetition count that would blow up the program.
            "a{100000}",
            // Nested repetition counts.
            "(a{1000}){1000}",
        ]
    )
    func unsupportedPatterns(pattern: String) throws {
        let error = #expect(throws: SchemaError.self) { try JSONSchema(["pattern": .string(pattern)]) }
        #expect(error?.location == "/pattern")
        #expect(error?.message.contains("not supported") == true)
    }

    // MARK: Numbers

    @Test("multipleOf with extreme exponents is decided quickly")
    func extremeMultipleOf() throws {
        let elapsed = try timed {
            #expect(try !JSONSchema(json(#"{"multipleOf":0.123456789}"#)).isValid(json("1e308")))
            #expect(try JSONSchema(json(#"{"multipleOf":1e-100000}"#)).isValid(json("1e100000")))
            #expect(try JSONSchema(json(#"{"multipleOf":7}"#)).isValid(json("7e99999999")))
            #expect(try !JSONSchema(json(#"{"multipleOf":3}"#)).isValid(json("1e99999999")))
            _ = try JSONSchema(json(#"{"multipleOf":0.12345678901234567890123456789}"#)).isValid(json("1e308"))
        }
        #expect(elapsed < .seconds(2))
    }
}
