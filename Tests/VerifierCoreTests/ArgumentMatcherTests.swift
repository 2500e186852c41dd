import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Argument matching")
struct ArgumentMatcherTests {
    static func expected(_ json: String) throws -> ExpectedCall {
        try #require(ExpectedCall(json: try JSONValue.parse(json)))
    }

    static func object(_ json: String) throws -> JSONObject {
        try #require(try JSONValue.parse(json).objectValue)
    }

    @Test(arguments: [
        // Exact match.
        (#"{"city":["Paris"]}"#, #"{"city":"Paris"}"#, true),
        // An integer is accepted for a number, by value.
        (#"{"n":[1.0]}"#, #"{"n":1}"#, true),
        // But not a string for a number.
        (#"{"n":[1]}"#, #"{"n":"1"}"#, false),
        // "" means the argument may be omitted.
        (#"{"city":["Paris"],"unit":["celsius",""]}"#, #"{"city":"Paris"}"#, true),
        // Without "" it may not.
        (#"{"city":["Paris"],"unit":["celsius"]}"#, #"{"city":"Paris"}"#, false),
        // An unexpected extra argument fails.
        (#"{"city":["Paris"]}"#, #"{"city":"Paris","x":1}"#, false),
        // Strings are case-sensitive without the leniency.
        (#"{"city":["Paris"]}"#, #"{"city":"paris"}"#, false),
        // Arrays element by element, numbers by value.
        (#"{"xs":[[1,2.0]]}"#, #"{"xs":[1.0,2]}"#, true),
        // BFCL nested objects: fields are lists of acceptable values.
        (#"{"prefs":[{"size":["large"],"milk":["oat",""]}]}"#, #"{"prefs":{"size":"large"}}"#, true),
        (#"{"prefs":[{"size":["large"]}]}"#, #"{"prefs":{"size":"small"}}"#, false),
    ])
    func typedEquality(expected: String, actual: String, matches: Bool) throws {
        let expectation = try Self.expected(#"{"name":"f","arguments":"# + expected + "}")
        let problems = ArgumentMatcher().mismatches(name: "f", arguments: try Self.object(actual), against: expectation)
        #expect(problems.isEmpty == matches, "\(problems)")
    }

    @Test func stringNormalisationIsANamedLeniency() throws {
        let expectation = try Self.expected(#"{"f":{"city":["New York"]}}"#)
        let actual = try Self.object(#"{"city":"new-york"}"#)
        #expect(!ArgumentMatcher().mismatches(name: "f", arguments: actual, against: expectation).isEmpty)
        #expect(
            ArgumentMatcher(leniency: .normalizeStrings).mismatches(name: "f", arguments: actual, against: expectation)
                .isEmpty
        )
    }

    @Test func wrongNameIsReported() throws {
        let problems = ArgumentMatcher().mismatches(
            name: "g",
            arguments: JSONObject(),
            against: try Self.expected(#"{"name":"f"}"#)
        )
        #expect(problems == ["called g instead of f"])
    }

    /// BFCL pairs parallel calls greedily in order: the first expectation takes the first call it accepts.
    /// Here expectation 0 accepts x = 1 or 2 and expectation 1 accepts only x = 1. The answer [x=1, x=2]
    /// is correct, but greedy pairing gives call 0 (x=1) to expectation 0 and leaves expectation 1 with
    /// x=2, a false failure. The maximum matching pairs 0↔1 and 1↔0.
    @Test func bipartiteMatchingFixesBFCLGreedyPairing() throws {
        let expected = [
            try Self.expected(#"{"f":{"x":[1,2]}}"#),
            try Self.expected(#"{"f":{"x":[1]}}"#),
        ]
        let calls: [(name: String?, arguments: JSONObject?)] = [
            ("f", try Self.object(#"{"x":1}"#)),
            ("f", try Self.object(#"{"x":2}"#)),
        ]
        let matcher = ArgumentMatcher()
        // Greedy, as BFCL does it.
        var taken = Set<Int>()
        var greedy: [Int?] = []
        for expectation in expected {
            let pick = calls.indices.first { index in
                !taken.contains(index)
                    && matcher.mismatches(
                        name: calls[index].name,
                        arguments: calls[index].arguments,
                        against: expectation
                    ).isEmpty
            }
            if let pick { taken.insert(pick) }
            greedy.append(pick)
        }
        #expect(greedy == [0, nil])
        #expect(matcher.match(calls: calls, expected: expected) == [1, 0])
    }

    @Test func matchingLeavesUnmatchedExpectationsNil() throws {
        let expected = [try Self.expected(#"{"f":{"x":[1]}}"#), try Self.expected(#"{"f":{"x":[3]}}"#)]
        let calls: [(name: String?, arguments: JSONObject?)] = [("f", try Self.object(#"{"x":1}"#))]
        #expect(ArgumentMatcher().match(calls: calls, expected: expected) == [0, nil])
    }
}
