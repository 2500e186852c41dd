/// A compiled pattern: NFA instructions for ``PikeVM``, with lookaround sub-programs.
final class RegexProgram: Sendable {
    /// One NFA instruction.
    enum Instruction: Sendable {
        /// Consume exactly this code point.
        case scalar(UInt32)
        /// Consume a code point in ``RegexProgram/sets``.
        case set(Int)
        /// Continue at both targets.
        case split(Int, Int)
        /// Continue at the target.
        case jump(Int)
        /// Continue only if the assertion holds here.
        case assert(RegexAssertion)
        /// Continue only if lookaround ``RegexProgram/lookarounds`` holds here.
        case lookaround(Int)
        /// A match.
        case match
    }

    /// A lookahead or lookbehind: its own program (reversed for lookbehind) and polarity.
    struct Lookaround: Sendable {
        /// The sub-program, run anchored at the position (backwards for lookbehind).
        let program: RegexProgram
        /// Whether it looks behind.
        let behind: Bool
        /// Whether it is negative.
        let negative: Bool
    }

    /// The instructions; execution starts at 0.
    let instructions: [Instruction]
    /// Character sets referred to by ``Instruction/set(_:)``.
    let sets: [RegexCharacterSet]
    /// Lookarounds referred to by ``Instruction/lookaround(_:)``.
    let lookarounds: [Lookaround]
    /// Whether this program or a nested one uses lookaround.
    let hasLookaround: Bool
    /// When the whole pattern is a plain string, its code points: a substring search replaces the NFA.
    let literal: [UInt32]?
    /// Whether the program can only match at position 0 (it starts with `^`).
    let anchoredAtStart: Bool

    init(
        instructions: [Instruction],
        sets: [RegexCharacterSet],
        lookarounds: [Lookaround],
        literal: [UInt32]?,
        anchoredAtStart: Bool
    ) {
        self.instructions = instructions
        self.sets = sets
        self.lookarounds = lookarounds
        self.hasLookaround = !lookarounds.isEmpty
        self.literal = literal
        self.anchoredAtStart = anchoredAtStart
    }

    /// Whether `haystack` contains `needle` as a run of code points.
    static func contains(_ haystack: [UInt32], _ needle: [UInt32]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        let first = needle[0]
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first {
                var offset = 1
                while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }
}

/// Turns a ``RegexNode`` tree into a ``RegexProgram``.
struct RegexCompiler {
    /// The most instructions one pattern may compile to (repetition counts multiply).
    static let maximumInstructions = 20_000

    private var instructions: [RegexProgram.Instruction] = []
    private var sets: [RegexCharacterSet] = []
    private var lookarounds: [RegexProgram.Lookaround] = []
    private let reversed: Bool

    private init(reversed: Bool) {
        self.reversed = reversed
    }

    /// Compiles a tree.
    /// - Parameters:
    ///   - tree: The parsed pattern.
    ///   - reversed: Whether to compile for matching backwards (lookbehind bodies).
    /// - Returns: The program.
    /// - Throws: ``ECMARegexError`` for backreferences or a program over ``maximumInstructions``.
    static func compile(_ tree: RegexNode, reversed: Bool = false) throws(ECMARegexError) -> RegexProgram {
        var compiler = RegexCompiler(reversed: reversed)
        try compiler.emit(tree, depth: 0)
        compiler.instructions.append(.match)
        var literal: [UInt32]?
        if !reversed { literal = Self.literal(of: tree) }
        var anchored = false
        if !reversed, case .assertion(.start) = Self.firstTerm(tree) { anchored = true }
        return RegexProgram(
            instructions: compiler.instructions,
            sets: compiler.sets,
            lookarounds: compiler.lookarounds,
            literal: literal,
            anchoredAtStart: anchored
        )
    }

    private static func firstTerm(_ tree: RegexNode) -> RegexNode {
        if case .concatenation(let terms) = tree, let first = terms.first { return first }
        return tree
    }

    /// The code points of a pattern that is only literal characters.
    private static func literal(of tree: RegexNode) -> [UInt32]? {
        switch tree {
        case .scalar(let value): return [value]
        case .concatenation(let terms):
            var result: [UInt32] = []
            for term in terms {
                guard case .scalar(let value) = term else { return nil }
                result.append(value)
            }
            return result
        default: return nil
        }
    }

    private func unsupported(_ message: String) -> ECMARegexError {
        ECMARegexError(offset: 0, message: message, isUnsupported: true)
    }

    private mutating func append(_ instruction: RegexProgram.Instruction) throws(ECMARegexError) {
        guard instructions.count < Self.maximumInstructions else {
            throw unsupported("the pattern compiles to more than \(Self.maximumInstructions) instructions")
        }
        instructions.append(instruction)
    }

    private mutating func emit(_ node: RegexNode, depth: Int) throws(ECMARegexError) {
        guard depth < 400 else { throw unsupported("the pattern nests too deeply") }
        switch node {
        case .empty:
            break
        case .scalar(let value):
            try append(.scalar(value))
        case .set(let set):
            sets.append(set)
            try append(.set(sets.count - 1))
        case .concatenation(let terms):
            for term in reversed ? terms.reversed() : terms { try emit(term, depth: depth + 1) }
        case .alternation(let alternatives):
            var jumps: [Int] = []
            for (index, alternative) in alternatives.enumerated() {
                if index < alternatives.count - 1 {
                    let split = instructions.count
                    try append(.split(split + 1, 0))
                    try emit(alternative, depth: depth + 1)
                    jumps.append(instructions.count)
                    try append(.jump(0))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try emit(alternative, depth: depth + 1)
                }
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let body, let minimum, let maximum):
            try emitRepetition(body, minimum: minimum, maximum: maximum, depth: depth)
        case .assertion(let assertion):
            try append(.assert(assertion))
        case .lookaround(let body, let behind, let negative):
            let program = try Self.compile(body, reversed: behind)
            lookarounds.append(RegexProgram.Lookaround(program: program, behind: behind, negative: negative))
            try append(.lookaround(lookarounds.count - 1))
        case .backreference:
            throw unsupported("backreferences cannot be matched in linear time and are not supported")
        }
    }

    private mutating func emitRepetition(
        _ body: RegexNode,
        minimum: Int,
        maximum: Int?,
        depth: Int
    ) throws(ECMARegexError) {
        guard minimum <= Self.maximumInstructions, (maximum ?? 0) <= Self.maximumInstructions else {
            throw unsupported("repetition count above \(Self.maximumInstructions)")
        }
        for _ in 0..<minimum { try emit(body, depth: depth + 1) }
        if let maximum {
            // Each optional copy: split(body, end).
            var splits: [Int] = []
            for _ in minimum..<maximum {
                splits.append(instructions.count)
                try append(.split(instructions.count + 1, 0))
                try emit(body, depth: depth + 1)
            }
            for split in splits { instructions[split] = .split(split + 1, instructions.count) }
        } else {
            // loop: split(body, end); body; jump loop.
            let loop = instructions.count
            try append(.split(loop + 1, 0))
            try emit(body, depth: depth + 1)
            try append(.jump(loop))
            instructions[loop] = .split(loop + 1, instructions.count)
        }
    }
}
