import JSONSchema

/// pass^k for repeated cases: the chance that a case passes in **all** of k independent tries (Yao et al.,
/// τ-bench, 2024), the reliability an agent needs, as opposed to pass@k (at least one of k).
///
/// For a case tried n times with c passes, the unbiased estimate is C(c, k) / C(n, k); pass^k is its mean over
/// the cases tried at least k times. pass^1 is the plain pass rate.
public struct PassAtK: Sendable, Hashable {
    /// Tries and passes of one case (and mode).
    public struct Tally: Sendable, Hashable {
        /// Times the case was tried.
        public var tries: Int
        /// Times it passed.
        public var passes: Int
        /// Creates a tally.
        /// - Parameters:
        ///   - tries: Tries.
        ///   - passes: Passes.
        public init(tries: Int, passes: Int) {
            self.tries = tries
            self.passes = passes
        }
    }

    /// The tallies of the repeated cases (those tried at least twice).
    public var tallies: [Tally]

    /// Creates pass^k from per-case tallies; cases tried once are left out.
    /// - Parameter tallies: One tally per case (and mode).
    public init(tallies: [Tally]) {
        self.tallies = tallies.filter { $0.tries >= 2 }
    }

    /// The largest number of tries of any repeated case.
    public var maxK: Int { tallies.map(\.tries).max() ?? 0 }

    /// pass^k, or `nil` when no case was tried k times (or `k < 1`).
    /// - Parameter k: The number of tries that must all pass.
    /// - Returns: The mean of C(c, k) / C(n, k) over the cases with n ≥ k.
    public func value(k: Int) -> Double? {
        guard k >= 1 else { return nil }
        let eligible = tallies.filter { $0.tries >= k }
        guard !eligible.isEmpty else { return nil }
        let total = eligible.reduce(0.0) { sum, tally in
            sum + Self.choose(tally.passes, k) / Self.choose(tally.tries, k)
        }
        return total / Double(eligible.count)
    }

    /// C(n, k) as a floating-point number (0 when k > n).
    static func choose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var result = 1.0
        let k = min(k, n - k)
        if k == 0 { return 1 }
        for index in 1...k { result = result * Double(n - k + index) / Double(index) }
        return result
    }

    /// `{"cases": N, "repeats": max tries, "values": {"1": …, "2": …}}`, or `null` without repeated cases.
    public var json: JSONValue {
        guard !tallies.isEmpty else { return .null }
        var values = JSONObject()
        for k in 1...maxK {
            values[String(k)] = value(k: k).map { .number(JSONNumber(rounded6: $0)) } ?? .null
        }
        return [
            "cases": .number(JSONNumber(tallies.count)), "repeats": .number(JSONNumber(maxK)),
            "values": .object(values),
        ]
    }
}
