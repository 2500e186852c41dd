/// Runs a ``RegexProgram`` over code points by simulating all NFA threads in lock step.
///
/// Time is O(input × instructions) for programs without lookaround. Each lookaround is decided once per
/// position by an anchored sub-simulation and memoised; a shared step budget bounds the total work.
struct PikeVM {
    private let program: RegexProgram
    private let input: [UInt32]
    /// Steps left, or `nil` for no budget.
    private var budget: Int?
    private var exhausted = false
    /// Memoised lookaround results per (lookaround, position): 0 unknown, 1 holds, 2 fails.
    private var memo: [[UInt8]]

    init(program: RegexProgram, input: [UInt32], budget: Int?) {
        self.program = program
        self.input = input
        self.budget = budget
        self.memo = program.lookarounds.map { _ in [] }
    }

    /// Searches the whole input for a match starting anywhere.
    mutating func run() -> RegexSearchResult {
        let found = simulate(program, from: 0, anchored: program.anchoredAtStart, backwards: false)
        if exhausted { return .budgetExhausted }
        return found ? .match : .noMatch
    }

    /// Whether `program` matches starting at `start` (anchored), or anywhere after it (unanchored).
    private mutating func simulate(_ program: RegexProgram, from start: Int, anchored: Bool, backwards: Bool) -> Bool {
        let instructions = program.instructions
        let count = instructions.count
        var current: [Int32] = []
        var next: [Int32] = []
        current.reserveCapacity(count)
        next.reserveCapacity(count)
        var marks = [Int](repeating: -1, count: count)
        var generation = 0
        var stack: [Int32] = []
        var matched = false
        var position = start

        // Adds the epsilon closure of `pc` at `position` to `list`.
        func addClosure(
            _ pc: Int,
            at position: Int,
            into list: inout [Int32],
            _ vm: inout PikeVM
        ) {
            stack.append(Int32(pc))
            while let top = stack.popLast() {
                let pc = Int(top)
                guard marks[pc] != generation else { continue }
                marks[pc] = generation
                switch instructions[pc] {
                case .jump(let target):
                    stack.append(Int32(target))
                case .split(let first, let second):
                    stack.append(Int32(second))
                    stack.append(Int32(first))
                case .assert(let assertion):
                    if vm.holds(assertion, at: position) { stack.append(Int32(pc + 1)) }
                case .lookaround(let index):
                    if vm.lookaroundHolds(program, index, at: position) { stack.append(Int32(pc + 1)) }
                case .match:
                    matched = true
                case .scalar, .set:
                    list.append(Int32(pc))
                }
            }
        }

        generation += 1
        addClosure(0, at: position, into: &current, &self)
        while true {
            if matched { return true }
            let atEnd = backwards ? position == 0 : position == input.count
            if atEnd { return false }
            if current.isEmpty && anchored { return false }
            if let remaining = budget {
                let cost = current.count + 1
                if remaining < cost {
                    exhausted = true
                    budget = 0
                    return false
                }
                budget = remaining - cost
            }
            if exhausted { return false }
            let scalar = backwards ? input[position - 1] : input[position]
            let following = backwards ? position - 1 : position + 1
            generation += 1
            next.removeAll(keepingCapacity: true)
            for pc in current {
                let index = Int(pc)
                let accepts: Bool
                switch instructions[index] {
                case .scalar(let value): accepts = value == scalar
                case .set(let set): accepts = program.sets[set].contains(scalar)
                default: accepts = false
                }
                if accepts { addClosure(index + 1, at: following, into: &next, &self) }
            }
            if !anchored && !matched {
                addClosure(0, at: following, into: &next, &self)
            }
            swap(&current, &next)
            position = following
        }
    }

    private func isWord(at index: Int) -> Bool {
        guard index >= 0, index < input.count else { return false }
        return RegexCharacterSet.word.contains(input[index])
    }

    private func holds(_ assertion: RegexAssertion, at position: Int) -> Bool {
        switch assertion {
        case .start: position == 0
        case .end: position == input.count
        case .wordBoundary: isWord(at: position - 1) != isWord(at: position)
        case .notWordBoundary: isWord(at: position - 1) == isWord(at: position)
        }
    }

    private mutating func lookaroundHolds(_ owner: RegexProgram, _ index: Int, at position: Int) -> Bool {
        let lookaround = owner.lookarounds[index]
        // Memoise only the top-level program's lookarounds; nested ones are rare and re-run.
        let cacheable = owner === program
        if cacheable {
            if memo[index].isEmpty { memo[index] = [UInt8](repeating: 0, count: input.count + 1) }
            let cached = memo[index][position]
            if cached != 0 { return cached == 1 }
        }
        let found = simulate(lookaround.program, from: position, anchored: true, backwards: lookaround.behind)
        let result = found != lookaround.negative
        if cacheable && !exhausted { memo[index][position] = result ? 1 : 2 }
        return result
    }
}
