import Foundation
import JSONSchema
import VerifierJudging

/// What a run will send, computed before any traffic (`verifier plan`): requests per suite to the
/// candidate and the reference, an estimate of prompt tokens, the most completion tokens the requests
/// allow, and from the configured prices a cost ceiling.
public struct RunPlan: Sendable {
    /// One suite's share.
    public struct Row: Sendable, Hashable {
        /// The suite.
        public var suite: String
        /// Cases (with repeats).
        public var cases: Int
        /// Requests to the candidate (modes, reasoning variants, parity twins).
        public var candidateRequests: Int
        /// Requests to the reference.
        public var referenceRequests: Int
        /// Estimated prompt tokens over the candidate's requests (about four bytes a token).
        public var promptTokens: Int
        /// The most completion tokens the candidate's requests allow.
        public var maxCompletionTokens: Int
        /// The candidate's answers judged (one per case and mode; twins and variants not counted).
        public var answers = 0
        /// Cases the candidate's API surface cannot express: skipped, never sent (counted in `cases` only).
        public var inexpressible = 0
    }

    /// Completion tokens assumed for a request that sets no `max_tokens`/`max_completion_tokens`.
    public static let assumedMaxTokens = 4096

    /// Per suite, in run order.
    public var rows: [Row]
    /// The candidate.
    public var candidate: ProviderConfiguration
    /// The reference, if run.
    public var reference: ProviderConfiguration?
    /// The shard planned (`nil`: every case).
    public var shard: Shard?

    /// Plans a run.
    /// - Parameter run: The run as configured.
    /// - Returns: The plan.
    /// - Throws: ``VerifierError`` when a replay file cannot be read.
    public static func make(_ run: VerificationRun) throws(VerifierError) -> RunPlan {
        var iterator = try run.cases.makeIterator()
        var rows: [String: Row] = [:]
        var order: [String] = []
        while let runCase = iterator.next() {
            if rows[runCase.suite] == nil {
                order.append(runCase.suite)
                rows[runCase.suite] = Row(
                    suite: runCase.suite,
                    cases: 0,
                    candidateRequests: 0,
                    referenceRequests: 0,
                    promptTokens: 0,
                    maxCompletionTokens: 0
                )
            }
            rows[runCase.suite]?.cases += 1
            if let candidate = run.candidates.first, candidate.api != .chat {
                let prepared = runCase.request.prepared(model: candidate.model, stream: false, extraBody: nil)
                if SurfaceTranslation.translate(prepared, to: candidate.api).reason != nil {
                    rows[runCase.suite]?.inexpressible += 1
                    continue
                }
            }
            let all = run.requestCount(of: runCase, skipping: 0)
            let referenceRequests = run.reference == nil ? 0 : runCase.modes.count
            let candidateRequests = (all - referenceRequests) / max(run.candidates.count, 1)
            let body = runCase.request.body
            let maxTokens =
                body["max_completion_tokens"]?.intValue ?? body["max_tokens"]?.intValue ?? assumedMaxTokens
            rows[runCase.suite]?.answers += runCase.modes.count
            rows[runCase.suite]?.candidateRequests += candidateRequests
            rows[runCase.suite]?.referenceRequests += referenceRequests
            rows[runCase.suite]?.promptTokens += candidateRequests * estimatedPromptTokens(body)
            rows[runCase.suite]?.maxCompletionTokens += candidateRequests * maxTokens
        }
        return RunPlan(
            rows: order.compactMap { rows[$0] },
            candidate: run.candidates.first ?? ProviderConfiguration(name: "", baseURL: "", model: ""),
            reference: run.reference,
            shard: run.configuration.limits.shard
        )
    }

    /// A rough prompt size: the bytes of the messages and tools over four (chat templates add a few
    /// tokens per message; real counts come from usage).
    static func estimatedPromptTokens(_ body: JSONValue) -> Int {
        let bytes = (body["messages"]?.serializedBytes().count ?? 0) + (body["tools"]?.serializedBytes().count ?? 0)
        return bytes / 4 + 3 * (body["messages"]?.arrayValue?.count ?? 0)
    }

    /// The totals row.
    public var total: Row {
        rows.reduce(
            Row(
                suite: "total",
                cases: 0,
                candidateRequests: 0,
                referenceRequests: 0,
                promptTokens: 0,
                maxCompletionTokens: 0
            )
        ) {
            var sum = Row(
                suite: "total",
                cases: $0.cases + $1.cases,
                candidateRequests: $0.candidateRequests + $1.candidateRequests,
                referenceRequests: $0.referenceRequests + $1.referenceRequests,
                promptTokens: $0.promptTokens + $1.promptTokens,
                maxCompletionTokens: $0.maxCompletionTokens + $1.maxCompletionTokens
            )
            sum.answers = $0.answers + $1.answers
            sum.inexpressible = $0.inexpressible + $1.inexpressible
            return sum
        }
    }

    /// The most the candidate's requests can cost at its prices (estimated prompt tokens plus every
    /// allowed completion token), or `nil` without prices.
    /// - Parameter provider: The provider whose prices apply.
    /// - Returns: USD.
    public func costCeiling(for provider: ProviderConfiguration, requests share: Double = 1) -> Double? {
        guard provider.inputPricePerMillion != nil || provider.outputPricePerMillion != nil else { return nil }
        let total = self.total
        let input = Double(total.promptTokens) * share * (provider.inputPricePerMillion ?? 0)
        let output = Double(total.maxCompletionTokens) * share * (provider.outputPricePerMillion ?? 0)
        return (input + output) / 1_000_000
    }

    /// How wide each suite's 95 % interval will be, and with a wanted width, the repeats that reach it.
    ///
    /// A gate whose interval straddles it is inconclusive; this says before any traffic which suites are too
    /// small to decide their gates, and how many repeats (`--repeats`) fix that.
    /// - Parameters:
    ///   - width: The wanted width (high − low) of a suite's interval, or `nil` to report the widths only.
    ///   - rates: The rate expected per suite (a calibrated reference's own); 50 %, the widest case, where absent.
    /// - Returns: One line per suite.
    public func sizing(width: Double?, rates: [String: Double]) -> String {
        var lines = [
            "Interval sizing (95 % Wilson, at the reference's calibrated model-choice pass rate, else at 50 %):"
        ]
        for row in rows where row.answers > 0 {
            let rate = rates[row.suite] ?? 0.5
            let successes = Int((rate * Double(row.answers)).rounded())
            let bounds = WilsonInterval.bounds(successes: successes, trials: row.answers, z: 1.959964)
            let have = bounds.map { Metric.percent($0.high - $0.low) } ?? "n/a"
            var line = "  \(row.suite): \(row.answers) answers at \(Metric.percent(rate)) → width \(have)"
            if let width {
                let needed = SampleSize.forWidth(width, rate: rate)
                line +=
                    needed <= row.answers
                    ? " (within \(Metric.percent(width)))"
                    : "; \(Metric.percent(width)) needs \(needed) answers: --repeats \(Int((Double(needed) / Double(row.answers)).rounded(.up)))"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The plan as a table.
    public var text: String {
        var lines: [[String]] = [
            ["suite", "cases", "requests", "reference", "prompt tokens (est.)", "max completion tokens"]
        ]
        for row in rows + [total] {
            lines.append([
                row.suite, "\(row.cases)", "\(row.candidateRequests)", "\(row.referenceRequests)",
                "\(row.promptTokens)",
                "\(row.maxCompletionTokens)",
            ])
        }
        let widths = lines[0].indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        var text = lines.map { row in
            zip(row, widths).enumerated().map { index, pair in
                index == 0
                    ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: pair.1 - pair.0.count) + pair.0
            }.joined(separator: "  ")
        }.joined(separator: "\n")
        func ceiling(_ provider: ProviderConfiguration, share: Double) -> String {
            costCeiling(for: provider, requests: share).map { "at most \(RunFormat.dollars($0)) USD" }
                ?? "no price configured (`price: {input: …, output: …}` per million tokens)"
        }
        text += "\n\n\(candidate.name): \(total.candidateRequests) requests, \(ceiling(candidate, share: 1))"
        if let reference {
            let share =
                total.candidateRequests == 0 ? 0 : Double(total.referenceRequests) / Double(total.candidateRequests)
            text +=
                "\n\(reference.name) (reference): \(total.referenceRequests) requests, \(ceiling(reference, share: share))"
        }
        if total.inexpressible > 0 {
            let suites = rows.filter { $0.inexpressible > 0 }.map { "\($0.suite) \($0.inexpressible)" }
            text +=
                "\n\(total.inexpressible) case(s) cannot be expressed on \(candidate.api.title) and will be skipped, "
                + "listed in the scorecard with the reason (\(suites.joined(separator: ", ")))."
        }
        if let shard {
            text +=
                "\nShard \(shard) only: the cases whose fixture id hashes to this shard (`verifier merge` joins shards)."
        }
        text +=
            "\nRequests without max_tokens are counted at \(Self.assumedMaxTokens) completion tokens; prompt tokens are estimated."
        return text
    }
}
