import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Runs the official JSON-Schema-Test-Suite (copied into `Resources/JSON-Schema-Test-Suite`, MIT, see its
/// `SOURCE.md`) for drafts 2020-12 and 7: required, optional and optional/format tests.
///
/// Every required test must pass. Optional and format tests that fail must be listed in
/// ``JSONSchemaSuiteTests/skipList`` with a reason; a listed test that starts passing fails this test, so the
/// list stays honest. The counts are printed.
@Suite("JSON-Schema-Test-Suite")
struct JSONSchemaSuiteTests {
    /// Which part of a draft's tests.
    enum Part: String, CaseIterable, Sendable {
        case required, optional, format
    }

    /// A failing test that is expected to fail, with the reason.
    struct Skip: Sendable {
        /// `draft2020-12` or `draft7`.
        var draft: String
        /// File relative to the draft folder, e.g. `optional/format/idn-hostname.json`.
        var file: String
        /// The group's description.
        var group: String
        /// The test's description; `nil` skips the whole group.
        var test: String?
        /// Why it fails.
        var reason: String
    }

    static let suiteRoot = TestPaths.repositoryRoot + "/Tests/VerifierCoreTests/Resources/JSON-Schema-Test-Suite"

    /// Known failures of optional and format tests (required tests may not be skipped). Mirrored in
    /// `docs/json-schema.md`, "Skip list".
    static let skipList: [Skip] = []

    /// The registry serving the suite's `remotes/` at `http://localhost:1234/`.
    static var registry: SchemaRegistry {
        var registry = SchemaRegistry()
        registry.register(directory: suiteRoot + "/remotes", as: "http://localhost:1234/")
        return registry
    }

    /// The test files of one draft and part, sorted.
    static func files(draft: String, part: Part) throws -> [String] {
        let base = suiteRoot + "/tests/" + draft
        let folder: String
        switch part {
        case .required: folder = base
        case .optional: folder = base + "/optional"
        case .format: folder = base + "/optional/format"
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        return names.sorted().map { folder + "/" + $0 }
    }

    @Test(
        "the official suite passes (skips documented)",
        arguments: [
            ("draft2020-12", Part.required), ("draft2020-12", Part.optional), ("draft2020-12", Part.format),
            ("draft7", Part.required), ("draft7", Part.optional), ("draft7", Part.format),
        ]
    )
    func suite(draft: String, part: Part) throws {
        var options = JSONSchema.Options(
            defaultDraft: draft == "draft7" ? .draft7 : .draft2020_12,
            formatAssertion: part == .format,
            registry: Self.registry
        )
        options.maximumEvaluationDepth = 512
        let draftRoot = Self.suiteRoot + "/tests/" + draft + "/"
        var passed = 0
        var failed = 0
        var skipped = 0
        var usedSkips = Set<String>()
        for path in try Self.files(draft: draft, part: part) {
            let file = String(path.dropFirst(draftRoot.count))
            let data = try #require(FileManager.default.contents(atPath: path))
            guard case .array(let groups) = try JSONValue.parse(bytes: data) else {
                Issue.record("\(file) is not an array of groups")
                continue
            }
            for group in groups {
                let groupName = group["description"]?.stringValue ?? "?"
                let schema = try #require(group["schema"])
                let compiled: Result<JSONSchema, SchemaError>
                do {
                    compiled = .success(try JSONSchema(schema, options: options))
                } catch {
                    compiled = .failure(error)
                }
                for test in group["tests"]?.arrayValue ?? [] {
                    let testName = test["description"]?.stringValue ?? "?"
                    let expected = test["valid"]?.boolValue ?? true
                    let instance = test["data"] ?? .null
                    var outcome: String?
                    switch compiled {
                    case .success(let schema):
                        let valid = schema.isValid(instance)
                        let violations = schema.collectViolations(instance)
                        if valid != expected {
                            outcome = "expected valid=\(expected), got \(valid) \(violations.prefix(2))"
                        } else if violations.isEmpty != valid {
                            outcome = "isValid says \(valid) but validate found \(violations.count) violations"
                        }
                    case .failure(let error):
                        outcome = "schema rejected: \(error)"
                    }
                    let skip = Self.skipList.firstIndex {
                        $0.draft == draft && $0.file == file && $0.group == groupName
                            && ($0.test == nil || $0.test == testName)
                    }
                    if let skip {
                        usedSkips.insert("\(skip)")
                        if part == .required {
                            Issue.record("required test \(file) / \(groupName) / \(testName) may not be skipped")
                        }
                        if outcome == nil {
                            Issue.record("skip-list entry now passes, remove it: \(file) / \(groupName) / \(testName)")
                        }
                        skipped += 1
                    } else if let outcome {
                        failed += 1
                        Issue.record("\(file) / \(groupName) / \(testName): \(outcome)")
                    } else {
                        passed += 1
                    }
                }
            }
        }
        print(
            "JSON-Schema-Test-Suite \(draft) \(part.rawValue): \(passed) passed, \(failed) failed, \(skipped) skipped"
        )
        for (index, skip) in Self.skipList.enumerated() where skip.draft == draft && !usedSkips.contains("\(index)") {
            let partOfSkip: Part =
                skip.file.hasPrefix("optional/format/")
                ? .format : skip.file.hasPrefix("optional/") ? .optional : .required
            if partOfSkip == part {
                Issue.record("skip-list entry matched no test: \(skip.file) / \(skip.group) / \(skip.test ?? "*")")
            }
        }
    }
}
