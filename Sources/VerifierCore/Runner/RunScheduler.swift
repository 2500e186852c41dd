import Foundation
import JSONSchema
import Logging
import VerifierJudging

/// Schedules a run's cases: at most ``width`` in flight, each sent to every provider; scheduling stops at a
/// ceiling (requests, cost), and a stop request or the deadline also cancels what is in flight (it is not
/// recorded, so a resumed run sends it again).
struct RunScheduler {
    /// The run.
    var run: VerificationRun
    /// Sends, judges and records one case.
    var execution: CaseExecution
    /// The candidates' evidence.
    var logs: [EvidenceLog]
    /// Per candidate: the cases its evidence already holds, by id → request hash.
    var completed: [[String: String]]
    /// Cases to run in all.
    var total: Int
    /// Cases in flight at once.
    var width: Int
    /// Progress lines.
    var logger: Logger

    /// What the run has done so far.
    private struct Tally {
        var done = 0
        var requests = 0
        var dollars = 0.0
        var failing: [Int]
        var lastReport: ContinuousClock.Instant
    }

    /// Runs every case the iterator yields, scoring each into `scores` as it completes.
    /// - Returns: Why the run stopped before every case was sent, or `nil` when it was not.
    func schedule(_ cases: RunCases, scores: inout [ProviderScore]) async throws(VerifierError) -> String? {
        var iterator = try cases.makeIterator()
        let clock = ContinuousClock()
        let start = clock.now
        let stop = run.stop
        let deadline = run.configuration.limits.deadlineSeconds
        var tally = Tally(failing: Array(repeating: 0, count: run.candidates.count), lastReport: start)
        var ceiling: String?
        await withTaskGroup(of: CaseExecution.CaseResult?.self) { group in
            // The watcher ends the run early: a stop request (SIGINT, a ceiling) or the run deadline.
            group.addTask {
                while !Task.isCancelled {
                    if stop.reason != nil { return nil }
                    if let deadline, clock.now >= start + .milliseconds(Int64(deadline * 1000)) {
                        stop.request("the run deadline of \(RunFormat.seconds(deadline)) passed")
                        return nil
                    }
                    try? await Task.sleep(for: .milliseconds(20))
                }
                return nil
            }
            var inFlight = 0
            func next() async {
                guard let result = await group.next() else { return }
                if let result {
                    consume(result, into: &scores, tally: &tally, elapsed: clock.now - start)
                    inFlight -= 1
                } else {
                    // The watcher returned: stop scheduling, and cancel what is in flight.
                    group.cancelAll()
                }
            }
            while stop.reason == nil, let runCase = iterator.next() {
                // A case already recorded for every candidate (same id, same request) is not sent again.
                let hash = RunCase.requestHash(runCase.request)
                let skip = Set(completed.indices.filter { completed[$0][runCase.id] == hash })
                if skip.count == run.candidates.count { continue }
                let requests = run.requestCount(of: runCase, skipping: skip.count)
                // A ceiling stops scheduling; the cases in flight are within it and finish.
                if let reached = ceilingReached(adding: requests, tally) {
                    ceiling = reached
                    break
                }
                while inFlight >= width, stop.reason == nil { await next() }
                if stop.reason != nil { break }
                tally.requests += requests
                let execution = self.execution
                let logs = self.logs
                group.addTask { await execution.run(runCase, logs: logs, skip: skip) }
                inFlight += 1
            }
            if stop.reason != nil { group.cancelAll() }
            while inFlight > 0 { await next() }
            group.cancelAll()
        }
        return stop.reason ?? ceiling
    }

    /// Scores a finished case and reports progress.
    private func consume(
        _ result: CaseExecution.CaseResult,
        into scores: inout [ProviderScore],
        tally: inout Tally,
        elapsed: Duration
    ) {
        for (index, reason) in result.skipped.sorted(by: { $0.key < $1.key }) {
            scores[index].skip(
                SkippedCase(caseID: result.caseID, suite: result.suite, surface: run.candidates[index].api, reason: reason)
            )
        }
        for (index, outcome) in result.candidates.enumerated() {
            guard let outcome else { continue }
            scores[index].add(outcome, suite: result.suite)
            if outcome.pairs.contains(where: { $0.candidate.judgement.findings.contains { $0.severity == .error } }) {
                tally.failing[index] += 1
            }
            tally.dollars += Self.cost(
                outcome,
                candidate: run.candidates[index],
                reference: index == 0 ? run.reference : nil
            )
        }
        tally.done += 1
        run.progress?(
            RunProgress(
                done: tally.done,
                total: total,
                requests: tally.requests,
                seconds: RunFormat.seconds(elapsed),
                failing: tally.failing,
                providers: run.candidates.map(\.name)
            )
        )
        let now = ContinuousClock.now
        if now - tally.lastReport > .seconds(5) {
            tally.lastReport = now
            logger.info("progress", metadata: ["done": "\(tally.done)", "of": "\(total)"])
        }
    }

    /// The ceiling that sending `requests` more would cross, as the verdict names it.
    private func ceilingReached(adding requests: Int, _ tally: Tally) -> String? {
        let limits = run.configuration.limits
        if let maxRequests = limits.maxRequests, tally.requests + requests > maxRequests {
            return "the request ceiling (--max-requests \(maxRequests)) was reached after \(tally.requests) requests"
        }
        if let maxCost = limits.maxCost, tally.dollars >= maxCost {
            return
                "the cost ceiling (--max-cost \(maxCost) USD) was reached: \(RunFormat.dollars(tally.dollars)) USD spent"
        }
        return nil
    }

    /// What a case's answers cost by their usage and the providers' prices (the reference counted once).
    static func cost(_ outcome: JudgedCase, candidate: ProviderConfiguration, reference: ProviderConfiguration?)
        -> Double
    {
        func price(_ judgement: ExchangeJudgement, _ provider: ProviderConfiguration) -> Double {
            let input = Double(judgement.promptTokens ?? 0) * (provider.inputPricePerMillion ?? 0)
            let output = Double(judgement.completionTokens ?? 0) * (provider.outputPricePerMillion ?? 0)
            return (input + output) / 1_000_000
        }
        var total = 0.0
        for pair in outcome.pairs {
            total += price(pair.candidate.judgement, candidate)
            if let reference, let answer = pair.reference { total += price(answer.judgement, reference) }
        }
        if let companion = outcome.companion { total += price(companion.judgement, candidate) }
        return total
    }
}

/// How a run writes durations and money in its messages.
enum RunFormat {
    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Seconds as a message shows them (`30 s`, `2.5 s`).
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// Dollars to four decimals.
    static func dollars(_ value: Double) -> String {
        let cents = Int((value * 10_000).rounded())
        return "\(cents / 10_000).\(String(format: "%04d", cents % 10_000))"
    }
}
