import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The MFJS tool-schema profile (``ToolSchemaProfile/mfjs``): walle's whole corpus with the right reasons, one
/// tripping and one near-miss schema per rule, hostile shapes, and the command line.
@Suite("MFJS tool-schema profile")
struct MFJSProfileTests {
    static let mfjsOptions = JSONSchema.Options(profile: .mfjs)

    /// Compiles a schema text with options; the error when it is not JSON or not usable.
    static func compile(_ text: String, options: JSONSchema.Options) -> (any Error)? {
        do {
            _ = try JSONSchema(try JSONValue.parse(text), options: options)
            return nil
        } catch {
            return error
        }
    }

    // MARK: walle corpus

    /// walle's expected error text (a substring, first match wins) → the MFJS rules that express the same
    /// reason. A line must be reported under one of its rules, so a wrong reason fails the test. Most rows name
    /// one rule; walle's "minLength"/"required" texts are shared by `$ref` and `anyOf` siblings.
    static let expectedRules: [(expect: String, rules: Set<ToolSchemaRule>)] = [
        ("infinite recursion", [.mfjsInfiniteRecursion]),
        ("schema depth exceeds maximum limit", [.mfjsDepth]),
        ("patternProperties", [.mfjsUnsupportedKeyword]),
        ("contain '/' character", [.mfjsSlashInName]),
        ("enum array cannot be empty", [.mfjsEnumEmpty]),
        ("cannot have more than 1000 items", [.mfjsEnumSize]),
        ("cannot be empty", [.mfjsEmptyName]),
        ("reserved for JSON Schema", [.mfjsReservedPropertyName]),
        ("is not defined in properties", [.mfjsRequiredUndeclared]),
        ("'properties' keyword is missing", [.mfjsRequiredUndeclared]),
        ("does not match any type", [.mfjsEnumType]),
        ("not a valid number", [.mfjsEnumType]),
        ("not allowed in combination with enum", [.mfjsEnumType]),
        ("allowed in combination with multiple types", [.mfjsMultipleTypes]),
        ("is not allowed in combination", [.mfjsMultipleTypes]),
        ("not a valid integer", [.mfjsIntegerBound]),
        ("greater than", [.mfjsBoundsOrder]),
        ("invalid keywords", [.mfjsKeywordTypeMismatch]),
        ("not allowed at the same level as $ref", [.mfjsRefSiblings]),
        ("not allowed at the same level as anyOf", [.mfjsAnyOfSiblings]),
        ("not allowed at the same level", [.mfjsRefSiblings, .mfjsAnyOfSiblings]),
        ("type should be defined in the referenced schema", [.mfjsRefSiblings]),
        ("type should be defined in anyOf", [.mfjsAnyOfSiblings]),
        ("minLength", [.mfjsRefSiblings, .mfjsAnyOfSiblings]),
        ("required", [.mfjsRefSiblings, .mfjsAnyOfSiblings]),
        ("must be at root level", [.mfjsRootOnlyKeyword]),
        ("JSON schema parsing error", [.mfjsNumberRange]),
    ]

    @Test("with the MFJS profile every walle invalid schema is rejected, for walle's reason")
    func walleInvalid() throws {
        let entries = try JSONSchemaCorpusTests.entries("invalid")
        #expect(entries.count == 182)
        var byJSONSchema = 0
        var byProfile = 0
        var firstMatches = 0
        var used: [String: Int] = [:]
        var byRule: [String: Int] = [:]
        for entry in entries {
            let place = "\(entry.suite)/invalid.jsonl:\(entry.line)"
            let plain = JSONSchemaCorpusTests.compile(entry.text)
            let error = Self.compile(entry.text, options: Self.mfjsOptions)
            guard let error else {
                Issue.record("\(place) accepted with the MFJS profile (walle: \(entry.expect ?? ""))")
                continue
            }
            if plain != nil {
                // Not JSON Schema at all: the draft's own rules reject it first, and no profile rule is named.
                byJSONSchema += 1
                #expect((error as? SchemaError)?.rule == nil, "\(place): \(error)")
                continue
            }
            byProfile += 1
            let schemaError = try #require(error as? SchemaError, "\(place): \(error)")
            let rule = try #require(schemaError.rule, "\(place) rejected without a rule: \(schemaError)")
            let expect = entry.expect ?? ""
            guard let row = Self.expectedRules.first(where: { expect.contains($0.expect) }) else {
                Issue.record("\(place): no mapping for walle's \"\(expect)\"")
                continue
            }
            used[row.expect, default: 0] += 1
            let reported = Set(ToolSchemaProfile.mfjs.violations(in: try JSONValue.parse(entry.text)).map(\.rule))
            #expect(reported.contains(rule), "\(place): the thrown rule is not among the violations")
            let got = reported.map(\.id).sorted()
            #expect(
                !reported.isDisjoint(with: row.rules),
                "\(place): walle says \"\(expect)\", expected \(row.rules.map(\.id).sorted()), got \(got)"
            )
            byRule[rule.id, default: 0] += 1
            if row.rules.contains(rule) {
                firstMatches += 1
            } else {
                print("  \(place): first rule \(rule.id), walle's reason is \(got) (\(expect))")
            }
        }
        print(
            "walle invalid with MFJS: \(byJSONSchema + byProfile) rejected (\(byJSONSchema) by JSON Schema, "
                + "\(byProfile) by MFJS rules; first rule = walle's reason for \(firstMatches))"
        )
        for (rule, count) in byRule.sorted(by: { $0.key < $1.key }) { print("  \(count) × \(rule)") }
        #expect(byJSONSchema == 89)
        #expect(byProfile == 93)
        #expect(firstMatches == byProfile)
        for row in Self.expectedRules where used[row.expect] == nil {
            Issue.record("mapping row matched nothing, remove it: \(row.expect)")
        }
    }

    @Test("with the MFJS profile every walle valid schema compiles, apart from the documented $id exceptions")
    func walleValid() throws {
        let entries = try JSONSchemaCorpusTests.entries("valid")
        #expect(entries.count == 213)
        var accepted = 0
        for entry in entries {
            let place = "\(entry.suite)/valid.jsonl:\(entry.line)"
            let error = Self.compile(entry.text, options: Self.mfjsOptions)
            let documented = JSONSchemaCorpusTests.rejectedValid.contains {
                $0.suite == entry.suite && $0.line == entry.line
            }
            if documented {
                #expect((error as? SchemaError)?.rule == nil, "\(place): \(String(describing: error))")
            } else if let error {
                Issue.record("\(place) rejected with the MFJS profile: \(error)")
            } else {
                accepted += 1
            }
            // The profile never contradicts walle on its own valid schemas, documented exceptions included.
            let violations = ToolSchemaProfile.mfjs.violations(in: try JSONValue.parse(entry.text))
            #expect(violations.isEmpty, "\(place): \(violations)")
        }
        print("walle valid with MFJS: \(accepted) accepted, 3 documented $id exceptions")
        #expect(accepted == 210)
    }

    // MARK: One rule at a time

    /// A rule, a schema that breaks only it (first violation), and a near miss that is MFJS.
    struct RuleCase: Sendable, CustomTestStringConvertible {
        var rule: ToolSchemaRule
        var breaks: String
        var nearMiss: String
        var testDescription: String { rule.id }
    }

    static let ruleCases: [RuleCase] = [
        // A keyword outside MFJS; `pattern` is one of MFJS's.
        RuleCase(
            rule: .mfjsUnsupportedKeyword,
            breaks: #"{"type":"string","format":"date"}"#,
            nearMiss: #"{"type":"string","pattern":"^[0-9]{4}$"}"#
        ),
        // `items: true` is a boolean subschema; `additionalProperties: false` may be one.
        RuleCase(
            rule: .mfjsBooleanSchema,
            breaks: #"{"type":"array","items":true}"#,
            nearMiss: #"{"type":"object","additionalProperties":false}"#
        ),
        // $defs below the root; at the root it is fine.
        RuleCase(
            rule: .mfjsRootOnlyKeyword,
            breaks: #"{"type":"object","properties":{"a":{"type":"object","$defs":{"x":{"type":"string"}}}}}"#,
            nearMiss: ##"{"type":"object","properties":{"a":{"$ref":"#/$defs/x"}},"$defs":{"x":{"type":"string"}}}"##
        ),
        // A property named like a keyword; `$id` and `type` are fine names.
        RuleCase(
            rule: .mfjsReservedPropertyName,
            breaks: #"{"type":"object","properties":{"anyOf":{"type":"string"}}}"#,
            nearMiss: #"{"type":"object","properties":{"type":{"type":"string"},"$id":{"type":"string"}}}"#
        ),
        // An empty property name; a blank one is a name.
        RuleCase(
            rule: .mfjsEmptyName,
            breaks: #"{"type":"object","properties":{"":{"type":"string"}}}"#,
            nearMiss: #"{"type":"object","properties":{" ":{"type":"string"}}}"#
        ),
        // '/' in a property name inside $defs; at the top level it is allowed.
        RuleCase(
            rule: .mfjsSlashInName,
            breaks: #"{"$defs":{"d":{"type":"object","properties":{"a/b":{"type":"string"}}}},"type":"object"}"#,
            nearMiss: #"{"type":"object","properties":{"a/b":{"type":"string"}}}"#
        ),
        // minLength next to type number; next to string it applies.
        RuleCase(
            rule: .mfjsKeywordTypeMismatch,
            breaks: #"{"type":"number","minLength":1}"#,
            nearMiss: #"{"type":"string","minLength":1}"#
        ),
        // A type list with items; a type list with enum (one type and null) is fine.
        RuleCase(
            rule: .mfjsMultipleTypes,
            breaks: #"{"type":["array","null"],"items":{"type":"string"}}"#,
            nearMiss: #"{"type":["string","null"],"enum":["a",null],"description":"d"}"#
        ),
        // A keyword beside $ref; description beside it is fine.
        RuleCase(
            rule: .mfjsRefSiblings,
            breaks:
                ##"{"type":"object","properties":{"a":{"$ref":"#/$defs/s","default":"x"}},"$defs":{"s":{"type":"string"}}}"##,
            nearMiss:
                ##"{"type":"object","properties":{"a":{"$ref":"#/$defs/s","description":"x"}},"$defs":{"s":{"type":"string"}}}"##
        ),
        // type beside anyOf; title beside it is fine.
        RuleCase(
            rule: .mfjsAnyOfSiblings,
            breaks: #"{"type":"string","anyOf":[{"type":"string"},{"type":"null"}]}"#,
            nearMiss: #"{"title":"t","anyOf":[{"type":"string"},{"type":"null"}]}"#
        ),
        // A JSON-Pointer $ref outside $defs; "#" itself is fine.
        RuleCase(
            rule: .mfjsRefTarget,
            breaks: ##"{"type":"object","properties":{"a":{"type":"string"},"b":{"$ref":"#/properties/a"}}}"##,
            nearMiss:
                ##"{"type":"object","properties":{"a":{"type":"string"},"b":{"anyOf":[{"$ref":"#"},{"type":"null"}]}}}"##
        ),
        // 101 anyOf branches; 100 are fine.
        RuleCase(
            rule: .mfjsAnyOfSize,
            breaks: #"{"anyOf":["# + Array(repeating: #"{"type":"string"}"#, count: 101).joined(separator: ",") + "]}",
            nearMiss: #"{"anyOf":["# + Array(repeating: #"{"type":"string"}"#, count: 100).joined(separator: ",") + "]}"
        ),
        // An empty enum; one value is fine.
        RuleCase(
            rule: .mfjsEnumEmpty,
            breaks: #"{"type":"string","enum":[]}"#,
            nearMiss: #"{"type":"string","enum":["only"]}"#
        ),
        // 1001 enum values; 1000 are fine.
        RuleCase(
            rule: .mfjsEnumSize,
            breaks: #"{"type":"integer","enum":["# + (0...1000).map(String.init).joined(separator: ",") + "]}",
            nearMiss: #"{"type":"integer","enum":["# + (1...1000).map(String.init).joined(separator: ",") + "]}"
        ),
        // A fractional value under type integer; 2.0 is a whole number.
        RuleCase(
            rule: .mfjsEnumType,
            breaks: #"{"type":"integer","enum":[1,2.5]}"#,
            nearMiss: #"{"type":"integer","enum":[1,2.0]}"#
        ),
        // A fractional bound for an integer; 1.0 is whole.
        RuleCase(
            rule: .mfjsIntegerBound,
            breaks: #"{"type":"integer","minimum":0.5}"#,
            nearMiss: #"{"type":"integer","minimum":1.0,"maximum":1e1}"#
        ),
        // minItems above maxItems; equal bounds are fine.
        RuleCase(
            rule: .mfjsBoundsOrder,
            breaks: #"{"type":"array","items":{"type":"string"},"minItems":3,"maxItems":2}"#,
            nearMiss: #"{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":2}"#
        ),
        // A required name not declared; declared it is fine.
        RuleCase(
            rule: .mfjsRequiredUndeclared,
            breaks: #"{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}"#,
            nearMiss: #"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}"#
        ),
        // A number beyond Double; the largest double is fine.
        RuleCase(
            rule: .mfjsNumberRange,
            breaks: #"{"type":"number","maximum":1e309}"#,
            nearMiss: #"{"type":"number","maximum":1.7976931348623157e308}"#
        ),
        // 1001 properties in all (two objects); 1000 are fine.
        RuleCase(
            rule: .mfjsPropertyCount,
            breaks: MFJSProfileTests.manyProperties(1001),
            nearMiss: MFJSProfileTests.manyProperties(1000)
        ),
        // Six nested property levels; five are fine.
        RuleCase(
            rule: .mfjsDepth,
            breaks: MFJSProfileTests.nestedProperties(6),
            nearMiss: MFJSProfileTests.nestedProperties(5)
        ),
        // A node that requires a node; an optional `next` ends the chain.
        RuleCase(
            rule: .mfjsInfiniteRecursion,
            breaks: ##"{"type":"object","properties":{"next":{"$ref":"#"}},"required":["next"]}"##,
            nearMiss: ##"{"type":"object","properties":{"next":{"$ref":"#"}}}"##
        ),
    ]

    /// An object schema with `count` string properties, split over the root and one nested object.
    static func manyProperties(_ count: Int) -> String {
        let inner = (0..<(count - 1)).map { #""p\#($0)":{"type":"string"}"# }.joined(separator: ",")
        return #"{"type":"object","properties":{"nested":{"type":"object","properties":{\#(inner)}}}}"#
    }

    /// `levels` nested `properties` (root properties are level 1).
    static func nestedProperties(_ levels: Int) -> String {
        var schema = #"{"type":"string"}"#
        for _ in 0..<levels { schema = #"{"type":"object","properties":{"a":\#(schema)}}"# }
        return schema
    }

    @Test("each rule: a schema breaking it is rejected with its id, a near miss compiles", arguments: ruleCases)
    func rule(_ testCase: RuleCase) throws {
        let breaking = try JSONValue.parse(testCase.breaks)
        // Valid JSON Schema without the profile…
        _ = try JSONSchema(breaking)
        // …but not MFJS, and the first reason is this rule.
        let error = #expect(throws: SchemaError.self) { try JSONSchema(breaking, options: Self.mfjsOptions) }
        #expect(error?.rule == testCase.rule, "\(String(describing: error))")
        #expect(error?.description.contains("[\(testCase.rule.id)]") == true)
        let violations = ToolSchemaProfile.mfjs.violations(in: breaking)
        #expect(violations.map(\.rule) == [testCase.rule], "\(violations)")
        #expect(violations.allSatisfy { !$0.message.isEmpty })
        // The near miss is MFJS.
        let nearMiss = try JSONValue.parse(testCase.nearMiss)
        #expect(
            ToolSchemaProfile.mfjs.violations(in: nearMiss).isEmpty,
            "\(ToolSchemaProfile.mfjs.violations(in: nearMiss))"
        )
        _ = try JSONSchema(nearMiss, options: Self.mfjsOptions)
    }

    @Test("every rule has a case, and the rule ids are unique and stable")
    func ruleList() {
        #expect(Set(Self.ruleCases.map(\.rule)) == Set(MFJSProfile.rules))
        #expect(Set(MFJSProfile.rules.map(\.id)).count == MFJSProfile.rules.count)
        #expect(MFJSProfile.rules.allSatisfy { $0.id.hasPrefix("mfjs.") && !$0.summary.isEmpty })
        #expect(ToolSchemaRule.mfjsDepth.id == "mfjs.depth")
        #expect(ToolSchemaRule.mfjsInfiniteRecursion.id == "mfjs.infinite_recursion")
    }

    // MARK: Details

    @Test("locations are JSON Pointers, and every violation is listed")
    func locations() throws {
        let schema = try JSONValue.parse(
            #"{"type":"object","properties":{"a":{"type":"string","minItems":1},"b":{"type":"object","#
                + #""patternProperties":{"x":{}}}},"$defs":{"e/f":{"type":"string"}}}"#
        )
        let violations = ToolSchemaProfile.mfjs.violations(in: schema)
        #expect(violations.map(\.rule) == [.mfjsKeywordTypeMismatch, .mfjsUnsupportedKeyword, .mfjsSlashInName])
        #expect(
            violations.map(\.location) == ["/properties/a/minItems", "/properties/b/patternProperties", "/$defs/e~1f"]
        )
        let error = #expect(throws: SchemaError.self) { try JSONSchema(schema, options: Self.mfjsOptions) }
        #expect(error?.location == "/properties/a/minItems")
        #expect(error?.message.contains("mfjs.unsupported_keyword at /properties/b/patternProperties") == true)
    }

    @Test("depth counts through $ref and stops at recursion; the report names the level")
    func depthThroughReferences() throws {
        // Three levels in the root, three more in the definition: six.
        let deep = try JSONValue.parse(
            ##"{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"object","##
                + ##""properties":{"c":{"$ref":"#/$defs/d"}}}}}},"$defs":{"d":{"type":"object","properties":{"##
                + ##""e":{"type":"object","properties":{"f":{"type":"object","properties":{"g":{"type":"string"}}}}}}}}}"##
        )
        let violations = ToolSchemaProfile.mfjs.violations(in: deep)
        #expect(violations.map(\.rule) == [.mfjsDepth])
        #expect(violations.first?.location == "/$defs/d/properties/e/properties/f/properties/g")
        #expect(violations.first?.message.contains("#/$defs/d") == true)
        // A recursive linked list (MFJS's own example) is two levels deep however long the list.
        let list = try JSONValue.parse(
            ##"{"type":"object","properties":{"list":{"$ref":"#/$defs/node"}},"$defs":{"node":{"type":"object","##
                + ##""properties":{"value":{"type":"number"},"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},"##
                + ##""additionalProperties":false,"required":["next","value"]}},"additionalProperties":false,"##
                + ##""required":["list"]}"##
        )
        #expect(ToolSchemaProfile.mfjs.violations(in: list).isEmpty)
        // The limit is configurable.
        let loose = ToolSchemaProfile.mfjs(MFJSProfile(limits: MFJSProfile.Limits(maximumDepth: 6)))
        #expect(loose.violations(in: deep).isEmpty)
    }

    @Test("infinite recursion through items and mutual $defs, and where it is reported")
    func recursion() throws {
        let mutual = try JSONValue.parse(
            ##"{"type":"object","properties":{"x":{"$ref":"#/$defs/a"}},"required":["x"],"$defs":{"##
                + ##""a":{"type":"object","properties":{"y":{"$ref":"#/$defs/b"}},"required":["y"]},"##
                + ##""b":{"type":"array","items":{"$ref":"#/$defs/a"}}}}"##
        )
        let violations = ToolSchemaProfile.mfjs.violations(in: mutual)
        #expect(violations.map(\.rule) == [.mfjsInfiniteRecursion])
        #expect(violations.first?.location == "/properties/x/$ref")
        // One required member that ends is enough (walle's reading), and so is a null branch.
        for text in [
            ##"{"type":"object","properties":{"n":{"type":"string"},"next":{"$ref":"#"}},"required":["n","next"]}"##,
            ##"{"type":"object","properties":{"next":{"anyOf":[{"$ref":"#"},{"type":"null"}]}},"required":["next"]}"##,
            ##"{"anyOf":[{"type":"object","properties":{"next":{"$ref":"#"}},"required":["next"]},{"type":"null"}]}"##,
        ] {
            #expect(ToolSchemaProfile.mfjs.violations(in: try JSONValue.parse(text)).isEmpty, "\(text)")
        }
    }

    @Test("without a profile nothing changes")
    func plainJSONSchema() throws {
        #expect(JSONSchema.Options().profile == .jsonSchema)
        let schema = try JSONValue.parse(#"{"type":"object","patternProperties":{"^x":{"type":"string"}}}"#)
        #expect(ToolSchemaProfile.jsonSchema.violations(in: schema).isEmpty)
        _ = try JSONSchema(schema)
        _ = try JSONSchema(schema, options: JSONSchema.Options(profile: .jsonSchema))
        #expect(ToolSchemaProfile(name: "mfjs") == .mfjs)
        #expect(ToolSchemaProfile(name: "json-schema") == .jsonSchema)
        #expect(ToolSchemaProfile(name: "openai") == nil)
        // The draft's own errors carry no rule.
        let error = #expect(throws: SchemaError.self) {
            try JSONSchema(try JSONValue.parse(#"{"type":"text"}"#), options: Self.mfjsOptions)
        }
        #expect(error?.rule == nil)
    }

    // MARK: Hostile schemas

    @Test("hostile shapes stay linear and never recurse", .timeLimit(.minutes(1)))
    func hostile() throws {
        // 120 nested property levels (240 JSON levels): one depth violation.
        let deep = try JSONValue.parse(Self.nestedProperties(120))
        #expect(ToolSchemaProfile.mfjs.violations(in: deep).map(\.rule) == [.mfjsDepth])
        // A diamond of 2 000 definitions, each referring to the next twice through anyOf: 2^2000 paths.
        let count = 2_000
        var definitions: [String] = []
        for index in 0..<count {
            let next = index + 1 < count ? ##"{"$ref":"#/$defs/d\##(index + 1)"}"## : ##"{"type":"string"}"##
            definitions.append(#""d\#(index)":{"anyOf":[\#(next),\#(next)]}"#)
        }
        let diamond = try JSONValue.parse(
            ##"{"type":"object","properties":{"a":{"$ref":"#/$defs/d0"}},"$defs":{\##(definitions.joined(separator: ","))}}"##
        )
        let clock = ContinuousClock()
        let began = clock.now
        #expect(ToolSchemaProfile.mfjs.violations(in: diamond).isEmpty)
        // 20 000 properties, all required: name lookups are hashed, not quadratic.
        let names = (0..<20_000).map { "p\($0)" }
        let wide = try JSONValue.parse(
            #"{"type":"object","properties":{"#
                + names.map { #""\#($0)":{"type":"string"}"# }.joined(separator: ",")
                + #"},"required":["# + names.map { #""\#($0)""# }.joined(separator: ",") + "]}"
        )
        #expect(ToolSchemaProfile.mfjs.violations(in: wide).map(\.rule) == [.mfjsPropertyCount])
        // A required ring through 2 000 definitions that never ends.
        var ring: [String] = []
        for index in 0..<count {
            ring.append(
                ##""r\##(index)":{"type":"object","properties":{"n":{"$ref":"#/$defs/r\##((index + 1) % count)"}},"##
                    + ##""required":["n"]}"##
            )
        }
        let endless = try JSONValue.parse(##"{"$ref":"#/$defs/r0","$defs":{\##(ring.joined(separator: ","))}}"##)
        // (2 000 properties and 2 000 levels are over the limits too.)
        #expect(
            ToolSchemaProfile.mfjs.violations(in: endless).map(\.rule) == [
                .mfjsPropertyCount, .mfjsDepth, .mfjsInfiniteRecursion,
            ]
        )
        #expect(clock.now - began < .seconds(10))
    }

    // MARK: Command line

    @Test("verifier schema check --profile mfjs: an MFJS violation is unusable (exit 2) and names the rule")
    func commandLine() async throws {
        let directory = TestPaths.temporaryDirectory("schema-mfjs")
        func write(_ name: String, _ text: String) throws -> String {
            let path = directory + "/" + name
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let schema = try write("schema.json", #"{"type":"object","patternProperties":{"^x":{"type":"string"}}}"#)
        let instance = try write("instance.json", #"{"x1":"a"}"#)
        let plain = try await CommandRunner.verifier(["schema", "check", schema, instance])
        #expect(plain.status == 0, "\(plain.stderr)")
        let strict = try await CommandRunner.verifier(["schema", "check", "--profile", "mfjs", schema, instance])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("mfjs.unsupported_keyword"), "\(strict.stderr)")
        #expect(strict.stderr.contains("/patternProperties"))
        let lines = try write(
            "pairs.jsonl",
            #"{"schema":{"type":"object","properties":{"n":{"type":"integer"}}},"instance":{"n":1}}"# + "\n"
                + #"{"schema":{"type":"integer","minimum":0.5},"instance":1}"# + "\n"
        )
        let batch = try await CommandRunner.verifier(["schema", "check", "--profile", "mfjs", "--jsonl", lines])
        #expect(batch.status == 2)
        let results = batch.stdout.split(separator: "\n").map { try? JSONValue.parse(String($0)) }
        #expect(results.map { $0?["valid"]?.boolValue } == [true, nil])
        #expect(results.last??["error"]?.stringValue?.contains("mfjs.integer_bound") == true)
        let unknown = try await CommandRunner.verifier(["schema", "check", "--profile", "openai", schema, instance])
        #expect(unknown.status == 64)
    }
}
