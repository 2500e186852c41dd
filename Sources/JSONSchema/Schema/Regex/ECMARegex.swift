/// An ECMA-262 regular expression as JSON Schema's `pattern` and `patternProperties` use it, matched in linear
/// time by a Pike VM (a Thompson NFA simulation) instead of a backtracking engine.
///
/// Semantics follow ECMA-262 with the `u` flag (patterns always work on Unicode code points), no other flags,
/// and search semantics: the pattern may match anywhere in the string unless it is anchored with `^`/`$`.
///
/// - `\d`, `\w`, `\b` are ASCII-only; `\s` is ECMA-262 white space plus line terminators; `.` matches any code
///   point except `\n`, `\r`, U+2028 and U+2029.
/// - `\p{…}`/`\P{…}` accept General_Category values and common binary properties, with loose name matching
///   (`\p{digit}` is `\p{Nd}`); `Script=` properties are rejected.
/// - Lookahead and lookbehind (any width) are evaluated by anchored sub-simulations memoised per position, under
///   a step budget (``stepBudget``). Backreferences parse (so `format: "regex"` accepts them) but cannot be
///   executed: compiling such a pattern throws ``ECMARegexError`` with `isUnsupported` set.
/// - Leniencies kept from ECMA-262 Annex B: a `{` that does not start a quantifier, and a lone `]` or `}`, are
///   literal characters; any ASCII punctuation may be escaped.
///
/// ```swift
/// let regex = try ECMARegex("^[a-z]+\\d{2,}$")
/// regex.matches("abc123")   // true
/// ```
struct ECMARegex: Sendable {
    /// The pattern as written.
    let source: String
    /// The compiled program.
    let program: RegexProgram

    /// The most NFA steps one lookaround-bearing match may take before it is abandoned.
    static let stepBudget = 2_000_000

    /// Parses and compiles a pattern.
    /// - Parameter source: The ECMA-262 pattern text (without slashes or flags).
    /// - Throws: ``ECMARegexError`` for a syntax error or an unsupported construct.
    init(_ source: String) throws(ECMARegexError) {
        self.source = source
        let tree = try RegexParser.parse(source)
        self.program = try RegexCompiler.compile(tree)
    }

    /// Whether `pattern` is a syntactically valid ECMA-262 regular expression (backreferences included).
    /// - Parameter pattern: The pattern text.
    /// - Returns: `true` when it parses.
    static func isValidSyntax(_ pattern: String) -> Bool {
        do {
            _ = try RegexParser.parse(pattern)
            return true
        } catch {
            return false
        }
    }

    /// Whether the pattern matches somewhere in `string`.
    ///
    /// A lookaround pattern that exhausts ``stepBudget`` counts as not matching; use ``search(_:)`` to tell.
    /// - Parameter string: The subject.
    /// - Returns: `true` when a match exists.
    func matches(_ string: String) -> Bool {
        search(string) == .match
    }

    /// Searches `string` and reports a match, no match, or an exhausted step budget.
    /// - Parameter string: The subject.
    /// - Returns: The outcome.
    func search(_ string: String) -> RegexSearchResult {
        var input: [UInt32] = []
        input.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars { input.append(scalar.value) }
        if let literal = program.literal {
            return RegexProgram.contains(input, literal) ? .match : .noMatch
        }
        var machine = PikeVM(program: program, input: input, budget: program.hasLookaround ? Self.stepBudget : nil)
        return machine.run()
    }
}

/// The outcome of one regex search.
enum RegexSearchResult: Sendable, Equatable {
    /// The pattern matches.
    case match
    /// The pattern does not match.
    case noMatch
    /// Evaluation stopped at the step budget (lookaround patterns only).
    case budgetExhausted
}

/// A pattern that could not be parsed or compiled.
struct ECMARegexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Offset of the problem in the pattern, in Unicode code points.
    var offset: Int
    /// What is wrong.
    var message: String
    /// Whether the pattern is valid ECMA-262 that this engine cannot execute (backreferences, huge repetition).
    var isUnsupported: Bool

    /// The error as one line.
    var description: String {
        "\(isUnsupported ? "unsupported" : "invalid") regular expression at offset \(offset): \(message)"
    }
}
