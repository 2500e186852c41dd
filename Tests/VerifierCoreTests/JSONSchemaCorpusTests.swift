import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Meta-validation on real tool schemas: Moonshot's walle corpus (`Fixtures/schema-corpus/walle`, MIT, see its
/// `SOURCE.md`) and the schemas of the official test suite.
@Suite("JSON Schema meta-validation corpus")
struct JSONSchemaCorpusTests {
    static let walleRoot = TestPaths.repositoryRoot + "/Fixtures/schema-corpus/walle/testdata/validator_cases"

    /// One corpus line.
    struct Entry: Sendable {
        var suite: String
        var line: Int
        var text: String
        /// For invalid entries, walle's expected error text.
        var expect: String?
    }

    /// Loads `valid.jsonl` or `invalid.jsonl` of every suite.
    static func entries(_ kind: String) throws -> [Entry] {
        var result: [Entry] = []
        for suite in try FileManager.default.contentsOfDirectory(atPath: walleRoot).sorted() {
            let path = "\(walleRoot)/\(suite)/\(kind).jsonl"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                if kind == "valid" {
                    result.append(Entry(suite: suite, line: index + 1, text: String(line)))
                } else {
                    let entry = try JSONValue.parse(String(line))
                    result.append(
                        Entry(
                            suite: suite,
                            line: index + 1,
                            text: entry["schema"]?.stringValue ?? "",
                            expect: entry["expect"]?.stringValue
                        )
                    )
                }
            }
        }
        return result
    }

    /// Compiles a schema text; the error when it is not JSON or not a usable schema.
    static func compile(_ text: String) -> (any Error)? {
        do {
            _ = try JSONSchema(try JSONValue.parse(text))
            return nil
        } catch {
            return error
        }
    }

    /// Walle `valid.jsonl` schemas this validator rejects, with the reason (documented in
    /// `docs/json-schema.md`).
    static let rejectedValid: [(suite: String, line: Int, reason: String)] = [
        ("TestID", 3, "$id \"#user\" carries a fragment; 2020-12 forbids that (its metaschema pattern ^[^#]*#?$)"),
        ("TestID", 5, "$id with a JSON-Pointer fragment is not allowed in 2020-12 (metaschema pattern ^[^#]*#?$)"),
        ("TestID", 6, "$id with a JSON-Pointer fragment is not allowed in 2020-12 (metaschema pattern ^[^#]*#?$)"),
    ]

    /// Walle `invalid.jsonl` rejections that are rules of walle's MFJS profile, not of JSON Schema: the
    /// schemas are valid 2020-12, so this validator accepts them. Matched on walle's expected message, first
    /// match wins. Mirrored in `docs/json-schema.md`.
    static let acceptedInvalid: [(expect: String, reason: String)] = [
        (
            "infinite recursion",
            "a required chain of $refs through properties or items can never be satisfied by a "
                + "finite value, but every step descends into the instance, so evaluation ends: valid JSON Schema"
        ),
        (
            "schema depth exceeds maximum limit",
            "walle caps nesting at 5 levels; JSON Schema has no cap (this "
                + "validator allows 256)"
        ),
        ("patternProperties", "MFJS forbids patternProperties; JSON Schema has it (ECMA-262 patterns, linear time)"),
        ("contain '/' character", "any property or $defs name is valid; \"/\" is escaped as ~1 in JSON Pointers"),
        ("enum array cannot be empty", "enum: [] is valid JSON Schema (it accepts nothing)"),
        ("cannot be empty", "the empty string is a valid property name and $defs name"),
        (
            "reserved for JSON Schema",
            "a property may be named like a keyword ($ref, anyOf …); property names are data"
        ),
        ("is not defined in properties", "required names need not be declared in properties"),
        ("'properties' keyword is missing", "required without properties is valid JSON Schema"),
        ("does not match any type", "enum values outside type are unreachable, not an error"),
        ("not a valid number", "enum values outside type are unreachable, not an error"),
        ("not allowed in combination with enum", "enum next to several types is valid JSON Schema"),
        ("more than 1000 items", "JSON Schema puts no limit on enum; membership is hashed, so size costs nothing"),
        ("not a valid integer", "fractional bounds next to type integer are valid JSON Schema"),
        ("greater than", "minimum above maximum (or minLength above maxLength …) is valid, merely unsatisfiable"),
        (
            "invalid keywords",
            "keywords for another type (minLength next to type number) are valid; they do not "
                + "apply to that type"
        ),
        ("is not allowed in combination", "keywords for several types next to a type list are valid JSON Schema"),
        ("not allowed at the same level", "keywords next to $ref or anyOf are valid; 2020-12 evaluates both"),
        ("type should be defined in", "type next to anyOf or $ref is valid; both apply"),
        ("minLength", "keywords next to $ref or anyOf are valid; 2020-12 evaluates both"),
        ("required", "keywords next to $ref or anyOf are valid; 2020-12 evaluates both"),
        ("must be at root level", "$id in a subschema is valid: it starts an embedded schema resource"),
        ("allowed in combination with multiple types", "$id in a subschema is valid: it starts an embedded resource"),
        ("JSON schema parsing error", "1.7976931348623157e+309 is valid JSON; the lossless parser keeps it exactly"),
    ]

    @Test("every walle valid schema compiles, apart from the documented exceptions")
    func walleValid() throws {
        let entries = try Self.entries("valid")
        #expect(entries.count == 213)
        var exceptions = 0
        for entry in entries {
            let error = Self.compile(entry.text)
            let documented = Self.rejectedValid.contains { $0.suite == entry.suite && $0.line == entry.line }
            if documented {
                exceptions += 1
                #expect(error != nil, "documented exception now compiles: \(entry.suite):\(entry.line)")
            } else if let error {
                Issue.record("\(entry.suite)/valid.jsonl:\(entry.line) rejected: \(error)")
            }
        }
        print("walle valid: \(entries.count - exceptions) compile, \(exceptions) documented exceptions")
    }

    @Test("every walle invalid schema is rejected, or accepted for a documented reason")
    func walleInvalid() throws {
        let entries = try Self.entries("invalid")
        #expect(entries.count == 182)
        var rejected = 0
        var accepted: [String: Int] = [:]
        for entry in entries {
            guard Self.compile(entry.text) == nil else {
                rejected += 1
                continue
            }
            let expect = entry.expect ?? ""
            guard let category = Self.acceptedInvalid.first(where: { expect.contains($0.expect) }) else {
                Issue.record(
                    "\(entry.suite)/invalid.jsonl:\(entry.line) accepted without a documented reason: \(expect)"
                )
                continue
            }
            accepted[category.expect, default: 0] += 1
        }
        print("walle invalid: \(rejected) rejected, \(accepted.values.reduce(0, +)) accepted as valid JSON Schema")
        for (category, count) in accepted.sorted(by: { $0.key < $1.key }) { print("  \(count) × \(category)") }
        // Keeps the list honest: a change in what is rejected must update the documentation.
        #expect(rejected == 89)
        for category in Self.acceptedInvalid where accepted[category.expect] == nil {
            Issue.record("exception category matched nothing, remove it: \(category.expect)")
        }
    }

    @Test("the hand-written checks agree with the metaschemas on every corpus and suite schema")
    func agreesWithMetaschema() throws {
        var schemas: [(String, JSONValue)] = []
        for entry in try Self.entries("valid") + Self.entries("invalid") {
            if let value = try? JSONValue.parse(entry.text) {
                schemas.append(("walle \(entry.suite):\(entry.line)", value))
            }
        }
        let suite = JSONSchemaSuiteTests.suiteRoot + "/tests"
        for draft in ["draft2020-12", "draft7"] {
            for path in try FileManager.default.subpathsOfDirectory(atPath: suite + "/" + draft).sorted()
            where path.hasSuffix(".json") {
                let data = try #require(FileManager.default.contents(atPath: suite + "/" + draft + "/" + path))
                for group in try JSONValue.parse(bytes: data).arrayValue ?? [] {
                    if let schema = group["schema"] { schemas.append(("\(draft)/\(path)", schema)) }
                }
            }
        }
        var options = JSONSchema.Options()
        options.registry = JSONSchemaSuiteTests.registry
        var checked = 0
        for (name, schema) in schemas {
            let draftOptions =
                name.hasPrefix("draft7")
                ? JSONSchema.Options(defaultDraft: .draft7, registry: options.registry) : options
            let metaschemaViolations = try JSONSchema.metaValidate(schema, options: draftOptions)
            var compileError: SchemaError?
            do {
                _ = try JSONSchema(schema, options: draftOptions)
            } catch {
                compileError = error
            }
            checked += 1
            if !metaschemaViolations.isEmpty {
                #expect(
                    compileError != nil,
                    "\(name): the metaschema rejects it (\(metaschemaViolations[0])) but it compiles"
                )
            } else if let compileError {
                // Beyond the metaschema: regexes, references, loops, duplicate keys, nesting, unknown $schema.
                let extra = [
                    "regular expression", "cannot resolve", "infinite recursion", "more than once", "nested more",
                    "unknown $schema", "not supported",
                ]
                #expect(
                    extra.contains { compileError.message.contains($0) },
                    "\(name): only compile rejects it: \(compileError)"
                )
            }
        }
        #expect(checked > 1_000)
    }
}
