import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Labelled suites: format and loading")
struct FixtureSuiteTests {
    /// Writes a suite file named `demo.json` and returns its path.
    static func write(_ text: String, name: String = "demo") -> String {
        let path = TestPaths.temporaryDirectory("suite") + "/\(name).json"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static let weather =
        #"{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}"#

    /// A suite with one case per line: `cases` are spliced in, one per line, from line 4 on.
    static func suite(_ cases: [String], extra: String = "") -> String {
        "{\n\"suite\": \"demo\",\(extra)\n\"cases\": [\n" + cases.joined(separator: ",\n") + "\n]\n}\n"
    }

    static func good(_ id: String = "a", expect: String = #"{"calls": "none"}"#) -> String {
        #"{"id": "\#(id)", "request": {"messages": [{"role": "user", "content": "hi"}], "tools": [\#(weather)]}, "expect": \#(expect)}"#
    }

    @Test func shippedSuitesLoadWithTensOfCasesEach() throws {
        let fixtures = TestPaths.repositoryRoot + "/Fixtures"
        let names = SuiteCatalog.discover(fixtures: fixtures).filter { !$0.isReplay }.map(\.name)
        #expect(
            Set(names).isSuperset(of: [
                "tool-choice", "parallel", "multi-turn", "irrelevance", "requests", "schema", "edge", "usage",
                "usage-kimi",
            ])
        )
        for name in names {
            let suite = try FixtureSuite.load(path: fixtures + "/suites/\(name).json")
            #expect(suite.cases.count >= 14, "\(name) has \(suite.cases.count) cases")
            #expect(Set(suite.cases.map(\.id)).count == suite.cases.count)
        }
        // The default selection leaves out the Kimi-only suite unless the model is a Kimi model.
        let defaults = try SuiteCatalog.load(fixtures: fixtures, model: "mock-model").map(\.name)
        #expect(!defaults.contains("usage-kimi"))
        #expect(try SuiteCatalog.load(fixtures: fixtures, model: "kimi-k3").map(\.name).contains("usage-kimi"))
    }

    @Test func readsEveryExpectationKindWithLines() throws {
        let cases = [
            Self.good("none"),
            Self.good("some", expect: #"{"calls": "some"}"#),
            Self.good("two", expect: #"{"calls": 2}"#),
            Self.good(
                "list",
                expect: #"{"calls": [{"name": "get_weather", "arguments": {"city": ["Paris", "paris"]}}]}"#
            ),
            #"{"id": "probe", "modes": "nonstream", "request": {"messages": [{"role": "user", "content": "hi"}], "tools": []}, "expect": {"status": "4xx"}}"#,
            Self.good("oracle", expect: #"{"oracle": "reference"}"#),
            #"{"id": "tokens", "repeat": 3, "request": {"messages": [{"role": "user", "content": "hi"}]}, "expect": {"prompt_tokens": 91}}"#,
        ]
        let suite = try FixtureSuite.load(path: Self.write(Self.suite(cases)))
        #expect(suite.cases.map(\.line) == [4, 5, 6, 7, 8, 9, 10])
        #expect(suite.cases[0].expectation.calls == CaseExpectation.Calls.none)
        #expect(suite.cases[1].expectation.calls == .some)
        #expect(suite.cases[2].expectation.calls == .count(2))
        guard case .list(let expected)? = suite.cases[3].expectation.calls else {
            Issue.record("expected a call list")
            return
        }
        #expect(expected.first?.name == "get_weather")
        #expect(suite.cases[4].expectation.status == .clientError)
        #expect(suite.cases[4].modes == .nonstream)
        #expect(suite.cases[5].expectation.oracleReference)
        #expect(suite.cases[6].expectation.promptTokens == 91)
        #expect(suite.cases[6].repeatCount == 3)
        #expect(suite.requestCount == 2 * 4 + 1 + 2 + 2 * 3)
        #expect(suite.cases[0].qualifiedID == "demo/none")
    }

    @Test(arguments: [
        // Bad JSON: the line of the error.
        ("{\n\"suite\": \"demo\",\n\"cases\": [\n{\"id\": \n", "demo.json:5: not JSON"),
        // An unknown field in a case, at its line.
        (
            suite([good(), #"{"id": "b", "requst": {}, "expect": {"calls": "none"}}"#]),
            "demo.json:5: case `b`: unknown field `requst`"
        ),
        // A duplicate id names the first line.
        (suite([good(), good()]), "demo.json:5: the id `a` is used twice (first on line 4)"),
        // A request the API must reject, without a 4xx expectation.
        (
            suite([
                #"{"id": "e", "request": {"messages": [{"role": "user", "content": "hi"}], "tools": []}, "expect": {"calls": "none"}}"#
            ]),
            "demo.json:4: case `e`: the request is invalid for the API (`tools` must not be empty"
        ),
        // A named tool_choice for a tool the request does not offer.
        (
            suite([
                #"{"id": "n", "request": {"messages": [{"role": "user", "content": "hi"}], "tools": [\#(weather)], "tool_choice": {"type": "function", "function": {"name": "nope"}}}, "expect": {"calls": 1}}"#
            ]),
            "`tool_choice` names `nope`, which is not among the tools"
        ),
        // An expectation naming a tool missing from the request.
        (
            suite([good("x", expect: #"{"calls": [{"name": "get_stock", "arguments": {}}]}"#)]),
            "demo.json:4: case `x`: the expected call names `get_stock`, which the request does not offer"
        ),
        // An expected argument the tool does not have.
        (
            suite([good("y", expect: #"{"calls": [{"name": "get_weather", "arguments": {"town": ["Paris"]}}]}"#)]),
            "`get_weather` has no parameter `town`"
        ),
        // A tool schema that is not JSON Schema.
        (
            suite([
                #"{"id": "s", "request": {"messages": [{"role": "user", "content": "hi"}], "tools": [{"type":"function","function":{"name":"f","parameters":{"type":"objekt"}}}]}, "expect": {"calls": "none"}}"#
            ]),
            "is not a valid JSON Schema"
        ),
        // Expectations that cannot be combined.
        (suite([good("c", expect: #"{"status": "4xx", "calls": "none"}"#)]), "`status` cannot be combined"),
        // An empty expectation.
        (suite([good("z", expect: "{}")]), "`expect` needs at least one of"),
        // Fields the runner sets.
        (
            suite([
                #"{"id": "m", "request": {"model": "x", "messages": [{"role": "user", "content": "hi"}]}, "expect": {"oracle": "reference"}}"#
            ]),
            "`model` is set by the runner"
        ),
        // A suite whose name does not match its file.
        ("{\"suite\": \"other\", \"cases\": [" + good() + "]}", "`suite` is `other` but the file is named `demo.json`"),
        // reasoning: kept without reasoning in the history.
        (
            suite([good("r", expect: #"{"calls": "none", "reasoning": "kept"}"#)]),
            "needs an assistant message with `reasoning_content`"
        ),
    ])
    func problemsNameFileAndLine(text: String, message: String) {
        #expect {
            try FixtureSuite.load(path: Self.write(text))
        } throws: { error in
            guard let error = error as? VerifierError, error.code == .invalidFixture else { return false }
            return error.message.contains(message)
                ? true
                : {
                    print(error.message); return false
                }()
        }
    }

    @Test func unknownSuiteNameIsRefusedWithTheKnownNames() {
        #expect {
            try SuiteCatalog.load(fixtures: TestPaths.repositoryRoot + "/Fixtures", names: ["tool-chioce"])
        } throws: { error in
            (error as? VerifierError)?.message.contains("unknown suite `tool-chioce`") ?? false
        }
    }

    @Test func lineMapPointsAtNestedValues() {
        let text = "{\n  \"a\": [\n    1,\n    {\"b/c\": \n      true}\n  ]\n}"
        let map = JSONLineMap(bytes: Array(text.utf8))
        #expect(map.line(for: "/a") == 2)
        #expect(map.line(for: "/a/0") == 3)
        #expect(map.line(for: "/a/1") == 4)
        #expect(map.line(for: "/a/1/b~1c") == 5)
        #expect(map.line(for: "/a/1/missing") == 4)
    }

    @Test func samplingSpreadsEvenlyAndKeepsAll() {
        let chosen = (0..<10).filter { RunCases.isSampled($0, of: 10, cap: 4) }
        #expect(chosen == [0, 2, 5, 7])
        #expect((0..<5).filter { RunCases.isSampled($0, of: 5, cap: 8) }.count == 5)
        #expect((0..<640).filter { RunCases.isSampled($0, of: 640, cap: 64) }.count == 64)
    }
}
