import JSONSchema

/// Decides whether an emitted call satisfies an ``ExpectedCall``, and matches parallel calls to
/// expectations without regard to order.
///
/// Equality is typed: numbers compare by value, so an integer is accepted where a number is expected
/// (`1` matches `1.0`), but a string never matches a number. String normalisation is a named
/// leniency, off by default. Parallel calls are paired by a maximum bipartite matching: BFCL's
/// checker pairs greedily, in order, and can fail a correct answer when one expectation accepts
/// values another needs.
public struct ArgumentMatcher: Sendable {
    /// Tolerances that may be switched on, each reported by name in the scorecard.
    public struct Leniency: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Compare strings case-insensitively, ignoring whitespace and the punctuation `,./-_*^` (as
        /// BFCL's `standardize_string` does).
        public static let normalizeStrings = Leniency(rawValue: 1)
    }

    /// The tolerances in force.
    public var leniency: Leniency

    /// Creates a matcher.
    /// - Parameter leniency: The tolerances in force.
    public init(leniency: Leniency = []) {
        self.leniency = leniency
    }

    /// Why an emitted call does not satisfy an expectation, or an empty list when it does.
    /// - Parameters:
    ///   - name: The emitted call's name.
    ///   - arguments: The emitted call's decoded arguments.
    ///   - expected: The expectation.
    /// - Returns: One sentence per mismatch.
    public func mismatches(name: String?, arguments: JSONObject?, against expected: ExpectedCall) -> [String] {
        guard name == expected.name else {
            return ["called \(name ?? "no name") instead of \(expected.name)"]
        }
        guard let arguments else { return ["the arguments of \(expected.name) are not a JSON object"] }
        return mismatches(arguments, expected.arguments, path: "")
    }

    private func mismatches(_ actual: JSONObject, _ expected: [(name: String, acceptable: [JSONValue])], path: String)
        -> [String]
    {
        var problems: [String] = []
        let expectedNames = Set(expected.map(\.name))
        for (name, acceptable) in expected {
            let location = path + "/" + name
            guard let value = actual[name] else {
                if !acceptable.contains(.string("")) { problems.append("\(location) is missing") }
                continue
            }
            if !acceptable.contains(where: { accepts($0, value, path: location) }) {
                let choices = acceptable.filter { $0 != .string("") }.map { $0.serialized().clipped(40) }
                problems.append(
                    "\(location) is \(value.serialized().clipped(60)), expected one of \(choices.joined(separator: ", "))"
                )
            }
        }
        for member in actual where !expectedNames.contains(member.key) {
            problems.append("\(path)/\(member.key) is not an expected argument")
        }
        return problems
    }

    /// Whether `value` equals the acceptable value `expected`.
    func accepts(_ expected: JSONValue, _ value: JSONValue, path: String) -> Bool {
        switch (expected, value) {
        case (.number(let a), .number(let b)):
            return a.numericallyEquals(b)
        case (.string(let a), .string(let b)):
            return leniency.contains(.normalizeStrings) ? Self.normalized(a) == Self.normalized(b) : a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { accepts($0, $1, path: path) }
        case (.object(let nested), .object(let actual)):
            // BFCL's nested form: each field is again a list of acceptable values.
            let fields = nested.map { member in (member.key, member.value.arrayValue ?? [member.value]) }
            return mismatches(actual, fields, path: path).isEmpty
        default:
            return expected == value
        }
    }

    static func normalized(_ text: String) -> String {
        let dropped: Set<Character> = [" ", ",", ".", "/", "-", "_", "*", "^", "\t", "\n"]
        return String(text.lowercased().filter { !dropped.contains($0) })
    }

    /// Pairs emitted calls with expected calls, order-free, maximising the number of satisfied pairs.
    /// - Parameters:
    ///   - calls: The emitted calls (name and decoded arguments).
    ///   - expected: The expected calls.
    /// - Returns: For each expected call, the index of the emitted call paired with it (or `nil`).
    public func match(calls: [(name: String?, arguments: JSONObject?)], expected: [ExpectedCall]) -> [Int?] {
        let edges: [[Int]] = expected.map { expectation in
            calls.indices.filter { index in
                mismatches(name: calls[index].name, arguments: calls[index].arguments, against: expectation).isEmpty
            }
        }
        return BipartiteMatching.maximum(left: expected.count, right: calls.count, edges: edges)
    }
}

/// Maximum bipartite matching by augmenting paths (Kuhn's algorithm); sizes here are small.
enum BipartiteMatching {
    /// - Parameters:
    ///   - left: Number of left vertices.
    ///   - right: Number of right vertices.
    ///   - edges: For each left vertex, the right vertices it may pair with.
    /// - Returns: For each left vertex, its partner or `nil`.
    static func maximum(left: Int, right: Int, edges: [[Int]]) -> [Int?] {
        var partnerOfRight = [Int?](repeating: nil, count: right)
        func augment(_ vertex: Int, _ visited: inout [Bool]) -> Bool {
            for candidate in edges[vertex] where !visited[candidate] {
                visited[candidate] = true
                if let holder = partnerOfRight[candidate] {
                    if augment(holder, &visited) {
                        partnerOfRight[candidate] = vertex
                        return true
                    }
                } else {
                    partnerOfRight[candidate] = vertex
                    return true
                }
            }
            return false
        }
        for vertex in 0..<left {
            var visited = [Bool](repeating: false, count: right)
            _ = augment(vertex, &visited)
        }
        var result = [Int?](repeating: nil, count: left)
        for (rightIndex, holder) in partnerOfRight.enumerated() {
            if let holder { result[holder] = rightIndex }
        }
        return result
    }
}
