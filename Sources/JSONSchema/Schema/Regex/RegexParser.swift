/// One node of a parsed ECMA-262 pattern.
indirect enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// One code point.
    case scalar(UInt32)
    /// A character class (also `.`, `\d`, `\p{…}` …).
    case set(RegexCharacterSet)
    /// A sequence.
    case concatenation([RegexNode])
    /// Alternatives.
    case alternation([RegexNode])
    /// A quantified node; `maximum == nil` is unbounded.
    case repetition(RegexNode, minimum: Int, maximum: Int?)
    /// A zero-width position test.
    case assertion(RegexAssertion)
    /// A lookahead or lookbehind.
    case lookaround(RegexNode, behind: Bool, negative: Bool)
    /// A backreference to a capture group (parsed, not executable).
    case backreference
}

/// A zero-width assertion that depends only on the position.
enum RegexAssertion: Sendable, Hashable {
    /// `^`: the start of the input (patterns carry no `m` flag).
    case start
    /// `$`: the end of the input.
    case end
    /// `\b`.
    case wordBoundary
    /// `\B`.
    case notWordBoundary
}

/// A recursive-descent parser for ECMA-262 patterns (with the `u` flag, plus the Annex B leniencies listed on
/// ``ECMARegex``).
struct RegexParser {
    private let scalars: [UInt32]
    private var position = 0
    private var groupNames: Set<String> = []
    private var namedReferences: [(name: String, offset: Int)] = []
    private var captureCount = 0
    private var highestBackreference = (number: 0, offset: 0)
    /// Nesting depth of groups, bounded so the recursive descent cannot exhaust the stack.
    private var depth = 0
    private static let maximumDepth = 200

    private init(_ pattern: String) {
        scalars = pattern.unicodeScalars.map(\.value)
    }

    /// Parses a whole pattern.
    /// - Parameter pattern: The pattern text.
    /// - Returns: The syntax tree.
    /// - Throws: ``ECMARegexError`` on a syntax error.
    static func parse(_ pattern: String) throws(ECMARegexError) -> RegexNode {
        var parser = RegexParser(pattern)
        let tree = try parser.parseDisjunction()
        if parser.position < parser.scalars.count {
            // Only an unmatched ")" stops a top-level disjunction early.
            throw parser.error("unmatched )")
        }
        for reference in parser.namedReferences where !parser.groupNames.contains(reference.name) {
            throw ECMARegexError(
                offset: reference.offset,
                message: "\\k<\(reference.name)> names no group",
                isUnsupported: false
            )
        }
        if parser.highestBackreference.number > parser.captureCount {
            throw ECMARegexError(
                offset: parser.highestBackreference.offset,
                message: "backreference \\\(parser.highestBackreference.number) exceeds the \(parser.captureCount) "
                    + "capture groups",
                isUnsupported: false
            )
        }
        return tree
    }

    // MARK: Helpers

    private func error(_ message: String) -> ECMARegexError {
        ECMARegexError(offset: position, message: message, isUnsupported: false)
    }

    private var atEnd: Bool { position >= scalars.count }

    private func peek(_ offset: Int = 0) -> UInt32? {
        let index = position + offset
        return index < scalars.count ? scalars[index] : nil
    }

    private mutating func take(_ value: Character) -> Bool {
        guard let scalar = value.unicodeScalars.first, peek() == scalar.value else { return false }
        position += 1
        return true
    }

    private static func code(_ character: Character) -> UInt32 {
        character.unicodeScalars.first?.value ?? 0
    }

    private static func isDigit(_ value: UInt32?) -> Bool {
        guard let value else { return false }
        return value >= 0x30 && value <= 0x39
    }

    private static func hexValue(_ value: UInt32?) -> UInt32? {
        guard let value else { return nil }
        switch value {
        case 0x30...0x39: return value - 0x30
        case 0x41...0x46: return value - 0x41 + 10
        case 0x61...0x66: return value - 0x61 + 10
        default: return nil
        }
    }

    private static func isAsciiLetter(_ value: UInt32?) -> Bool {
        guard let value else { return false }
        return (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }

    // MARK: Grammar

    private mutating func parseDisjunction() throws(ECMARegexError) -> RegexNode {
        var alternatives = [try parseAlternative()]
        while take("|") {
            alternatives.append(try parseAlternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(ECMARegexError) -> RegexNode {
        var terms: [RegexNode] = []
        while let next = peek(), next != Self.code("|"), next != Self.code(")") {
            terms.append(try parseTerm())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .concatenation(terms)
        }
    }

    private mutating func parseTerm() throws(ECMARegexError) -> RegexNode {
        let start = position
        guard let next = peek() else { throw error("unexpected end of pattern") }
        var atom: RegexNode
        var quantifiable = true
        switch next {
        case Self.code("^"):
            position += 1
            return .assertion(.start)
        case Self.code("$"):
            position += 1
            return .assertion(.end)
        case Self.code("("):
            (atom, quantifiable) = try parseGroup()
        case Self.code("."):
            position += 1
            atom = .set(.dot)
        case Self.code("["):
            atom = .set(try parseClass())
        case Self.code("\\"):
            if peek(1) == Self.code("b") || peek(1) == Self.code("B") {
                let negated = peek(1) == Self.code("B")
                position += 2
                return .assertion(negated ? .notWordBoundary : .wordBoundary)
            }
            atom = try parseAtomEscape()
        case Self.code("*"), Self.code("+"), Self.code("?"):
            throw error("nothing to repeat")
        case Self.code("{"):
            if lookingAtQuantifierBraces() { throw error("nothing to repeat") }
            position += 1
            atom = .scalar(next)
        default:
            position += 1
            atom = .scalar(next)
        }
        guard let quantifier = try parseQuantifier() else { return atom }
        guard quantifiable else {
            position = start
            throw error("a lookaround cannot be repeated")
        }
        return .repetition(atom, minimum: quantifier.minimum, maximum: quantifier.maximum)
    }

    /// Whether the input at the cursor is `{n}`, `{n,}` or `{n,m}`.
    private func lookingAtQuantifierBraces() -> Bool {
        var index = position
        guard index < scalars.count, scalars[index] == Self.code("{") else { return false }
        index += 1
        var digits = 0
        while index < scalars.count, Self.isDigit(scalars[index]) {
            index += 1
            digits += 1
        }
        guard digits > 0, index < scalars.count else { return false }
        if scalars[index] == Self.code("}") { return true }
        guard scalars[index] == Self.code(",") else { return false }
        index += 1
        while index < scalars.count, Self.isDigit(scalars[index]) { index += 1 }
        return index < scalars.count && scalars[index] == Self.code("}")
    }

    private mutating func parseQuantifier() throws(ECMARegexError) -> (minimum: Int, maximum: Int?)? {
        var result: (minimum: Int, maximum: Int?)
        switch peek() {
        case Self.code("*"):
            position += 1
            result = (0, nil)
        case Self.code("+"):
            position += 1
            result = (1, nil)
        case Self.code("?"):
            position += 1
            result = (0, 1)
        case Self.code("{") where lookingAtQuantifierBraces():
            position += 1
            let minimum = readDecimal()
            var maximum: Int? = minimum
            if take(",") {
                maximum = Self.isDigit(peek()) ? readDecimal() : nil
            }
            position += 1  // "}"
            if let maximum, maximum < minimum {
                throw error("numbers out of order in {} quantifier")
            }
            result = (minimum, maximum)
        default:
            return nil
        }
        _ = take("?")  // Lazy and greedy quantifiers accept the same strings.
        return result
    }

    /// Reads decimal digits, saturating far above any supported repetition count.
    private mutating func readDecimal() -> Int {
        var value = 0
        while let next = peek(), Self.isDigit(next) {
            value = min(value * 10 + Int(next - 0x30), 1_000_000_000)
            position += 1
        }
        return value
    }

    private mutating func parseGroup() throws(ECMARegexError) -> (RegexNode, quantifiable: Bool) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw error("groups nested too deeply") }
        position += 1  // "("
        var lookaround: (behind: Bool, negative: Bool)?
        if take("?") {
            if take(":") {
                // Non-capturing group.
            } else if take("=") {
                lookaround = (false, false)
            } else if take("!") {
                lookaround = (false, true)
            } else if peek() == Self.code("<"), peek(1) == Self.code("=") {
                position += 2
                lookaround = (true, false)
            } else if peek() == Self.code("<"), peek(1) == Self.code("!") {
                position += 2
                lookaround = (true, true)
            } else if take("<") {
                let name = try parseGroupName()
                guard groupNames.insert(name).inserted else { throw error("duplicate group name \(name)") }
                captureCount += 1
            } else {
                throw error("invalid group: (? must be followed by :, =, !, <=, <! or <name>")
            }
        } else {
            captureCount += 1
        }
        let inner = try parseDisjunction()
        guard take(")") else { throw error("unterminated group") }
        if let lookaround {
            return (.lookaround(inner, behind: lookaround.behind, negative: lookaround.negative), false)
        }
        return (inner, true)
    }

    /// Reads `name>` after `(?<` or `\k<`.
    private mutating func parseGroupName() throws(ECMARegexError) -> String {
        var name = String.UnicodeScalarView()
        while let next = peek(), next != Self.code(">") {
            guard let scalar = Unicode.Scalar(next) else { throw error("invalid group name") }
            let isStart = scalar.properties.isIDStart || next == Self.code("$") || next == Self.code("_")
            let isContinue =
                scalar.properties.isIDContinue || next == Self.code("$") || next == 0x200C
                || next == 0x200D
            guard name.isEmpty ? isStart : isContinue else { throw error("invalid group name") }
            name.append(scalar)
            position += 1
        }
        guard take(">"), !name.isEmpty else { throw error("invalid group name") }
        return String(name)
    }

    private mutating func parseAtomEscape() throws(ECMARegexError) -> RegexNode {
        let start = position
        position += 1  // "\"
        guard let next = peek() else { throw error("\\ at end of pattern") }
        if next >= Self.code("1") && next <= Self.code("9") {
            let number = readDecimal()
            if number > highestBackreference.number { highestBackreference = (number, start) }
            return .backreference
        }
        if next == Self.code("k") {
            position += 1
            guard take("<") else { throw error("\\k must be followed by <name>") }
            let name = try parseGroupName()
            namedReferences.append((name, start))
            return .backreference
        }
        if let set = try parseClassEscape() {
            return .set(set)
        }
        return .scalar(try parseCharacterEscape(inClass: false))
    }

    /// Parses `\d \D \s \S \w \W \p{…} \P{…}` after the backslash, or returns `nil` for another escape.
    private mutating func parseClassEscape() throws(ECMARegexError) -> RegexCharacterSet? {
        guard let next = peek() else { return nil }
        switch next {
        case Self.code("d"):
            position += 1
            return .digits
        case Self.code("D"):
            position += 1
            return RegexCharacterSet.digits.inverted
        case Self.code("s"):
            position += 1
            return .whitespace
        case Self.code("S"):
            position += 1
            return RegexCharacterSet.whitespace.inverted
        case Self.code("w"):
            position += 1
            return .word
        case Self.code("W"):
            position += 1
            return RegexCharacterSet.word.inverted
        case Self.code("p"), Self.code("P"):
            let start = position - 1
            position += 1
            guard take("{") else { throw error("\\p must be followed by {property}") }
            var name = ""
            while let scalar = peek(), scalar != Self.code("}") {
                guard let character = Unicode.Scalar(scalar) else { throw error("invalid property name") }
                name.unicodeScalars.append(character)
                position += 1
            }
            guard take("}") else { throw error("unterminated \\p{") }
            guard let property = UnicodeProperty(name: name) else {
                throw ECMARegexError(
                    offset: start,
                    message: "unknown or unsupported Unicode property \(name)",
                    isUnsupported: UnicodeProperty.isScriptProperty(name)
                )
            }
            return RegexCharacterSet(property: property, negated: next == Self.code("P"))
        default:
            return nil
        }
    }

    /// Parses a character escape after the backslash (`\n`, `\x41`, `\u{1F600}`, `\cA`, `\0`, `\/` …).
    private mutating func parseCharacterEscape(inClass: Bool) throws(ECMARegexError) -> UInt32 {
        guard let next = peek() else { throw error("\\ at end of pattern") }
        position += 1
        switch next {
        case Self.code("t"): return 0x09
        case Self.code("n"): return 0x0A
        case Self.code("v"): return 0x0B
        case Self.code("f"): return 0x0C
        case Self.code("r"): return 0x0D
        case Self.code("b") where inClass: return 0x08
        case Self.code("-") where inClass: return next
        case Self.code("c"):
            guard Self.isAsciiLetter(peek()), let letter = peek() else {
                throw error("\\c must be followed by an ASCII letter")
            }
            position += 1
            return letter % 32
        case Self.code("0"):
            if Self.isDigit(peek()) { throw error("octal escapes are not allowed") }
            return 0
        case Self.code("x"):
            guard let high = Self.hexValue(peek()), let low = Self.hexValue(peek(1)) else {
                throw error("\\x must be followed by two hex digits")
            }
            position += 2
            return high * 16 + low
        case Self.code("u"):
            return try parseUnicodeEscape()
        default:
            // Identity escapes: syntax characters, "/", and (Annex B leniency) any other ASCII punctuation.
            let isAsciiPunctuation =
                (next >= 0x21 && next <= 0x2F) || (next >= 0x3A && next <= 0x40) || (next >= 0x5B && next <= 0x60)
                || (next >= 0x7B && next <= 0x7E) || next == 0x20
            guard isAsciiPunctuation else {
                position -= 1
                throw error("invalid escape \\\(Unicode.Scalar(next).map { String($0) } ?? "?")")
            }
            return next
        }
    }

    /// Parses `XXXX`, `{X…}` or a surrogate pair `XXXX\uXXXX` after `\u`.
    private mutating func parseUnicodeEscape() throws(ECMARegexError) -> UInt32 {
        if take("{") {
            var value: UInt32 = 0
            var digits = 0
            while let digit = Self.hexValue(peek()) {
                value = value * 16 + digit
                digits += 1
                position += 1
                guard value <= 0x10FFFF else { throw error("code point out of range") }
            }
            guard digits > 0, take("}") else { throw error("invalid \\u{…} escape") }
            return value
        }
        guard let first = readHex4() else { throw error("\\u must be followed by four hex digits") }
        if first >= 0xD800, first <= 0xDBFF, peek() == Self.code("\\"), peek(1) == Self.code("u") {
            let saved = position
            position += 2
            if let second = readHex4(), second >= 0xDC00, second <= 0xDFFF {
                return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            position = saved
        }
        return first
    }

    private mutating func readHex4() -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = Self.hexValue(peek(offset)) else { return nil }
            value = value * 16 + digit
        }
        position += 4
        return value
    }

    private mutating func parseClass() throws(ECMARegexError) -> RegexCharacterSet {
        position += 1  // "["
        let negated = take("^")
        var set = RegexCharacterSet()
        while true {
            guard let next = peek() else { throw error("unterminated character class") }
            if next == Self.code("]") {
                position += 1
                break
            }
            let first = try parseClassAtom()
            if peek() == Self.code("-"), let after = peek(1), after != Self.code("]") {
                position += 1
                let second = try parseClassAtom()
                switch (first, second) {
                case (.scalar(let low), .scalar(let high)):
                    guard low <= high else { throw error("range out of order in character class") }
                    set.addRange(low, high)
                case (.set(let left), .set(let right)):
                    // Annex B: a range with a class escape at either end is the three atoms.
                    set.formUnion(left)
                    set.addRange(Self.code("-"), Self.code("-"))
                    set.formUnion(right)
                case (.scalar(let low), .set(let right)):
                    set.addRange(low, low)
                    set.addRange(Self.code("-"), Self.code("-"))
                    set.formUnion(right)
                case (.set(let left), .scalar(let high)):
                    set.formUnion(left)
                    set.addRange(Self.code("-"), Self.code("-"))
                    set.addRange(high, high)
                }
            } else {
                switch first {
                case .scalar(let value): set.addRange(value, value)
                case .set(let other): set.formUnion(other)
                }
            }
        }
        return negated ? set.inverted : set
    }

    private enum ClassAtom {
        case scalar(UInt32)
        case set(RegexCharacterSet)
    }

    private mutating func parseClassAtom() throws(ECMARegexError) -> ClassAtom {
        guard let next = peek() else { throw error("unterminated character class") }
        guard next == Self.code("\\") else {
            position += 1
            return .scalar(next)
        }
        position += 1
        if let set = try parseClassEscape() { return .set(set) }
        if let digit = peek(), digit >= Self.code("1") && digit <= Self.code("9") {
            throw error("backreferences are not allowed in a character class")
        }
        return .scalar(try parseCharacterEscape(inClass: true))
    }
}
