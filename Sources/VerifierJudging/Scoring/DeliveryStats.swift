import JSONSchema

/// The delivery layer's counts: how many requests got through on the first attempt and in the end,
/// how many retries that took and why, and how many attempts timed out.
///
/// Counted over the same requests as the delivery success rate (request probes and parity twins
/// are left out); every attempt of those requests counts, retried ones included.
public struct DeliveryStats: Sendable, Hashable {
    /// Requests answered with a readable 2xx at the first attempt, over requests.
    public var firstAttemptSuccess = Metric(numerator: 0, denominator: 0)
    /// Requests answered with a readable 2xx at the final attempt, over requests.
    public var eventualSuccess = Metric(numerator: 0, denominator: 0)
    /// Attempts in all (requests plus retries).
    public var attempts = 0
    /// Retries by cause.
    public var retries: [RetryCause: Int] = [:]
    /// Attempts that ended in `http.timeout`, retried or not.
    public var timeouts = 0
    /// Seconds waited between attempts, in all.
    public var waitSeconds = 0.0

    /// Creates empty counts.
    public init() {}

    /// Retries in all.
    public var retryCount: Int { retries.values.reduce(0, +) }

    /// Counts one request.
    /// - Parameters:
    ///   - attempts: Its attempts, the judged one last (empty: one attempt, not recorded).
    ///   - judgement: The judgement of the final attempt.
    public mutating func add(attempts: [DeliveryAttempt], judgement: ExchangeJudgement) {
        firstAttemptSuccess.denominator += 1
        eventualSuccess.denominator += 1
        if judgement.delivered {
            eventualSuccess.numerator += 1
            if attempts.count <= 1 { firstAttemptSuccess.numerator += 1 }
        }
        guard !attempts.isEmpty else {
            self.attempts += 1
            if judgement.findings.contains(where: { $0.label == .httpTimeout }) { timeouts += 1 }
            return
        }
        self.attempts += attempts.count
        for attempt in attempts {
            if let cause = attempt.retry {
                retries[cause, default: 0] += 1
                waitSeconds += attempt.waitSeconds
            }
            if attempt.label == .httpTimeout { timeouts += 1 }
        }
    }

    /// The delivery section's counts as JSON members, in a fixed order: `attempts`, `retries` (every
    /// cause, zeros included), `retry_wait_ms`, `timeouts`.
    public var countsJSON: [(String, JSONValue)] {
        var byCause = JSONObject()
        for cause in RetryCause.all { byCause[cause.rawValue] = .number(JSONNumber(retries[cause] ?? 0)) }
        for (cause, count) in retries.sorted(by: { $0.key < $1.key }) where !RetryCause.all.contains(cause) {
            byCause[cause.rawValue] = .number(JSONNumber(count))
        }
        byCause["total"] = .number(JSONNumber(retryCount))
        return [
            ("attempts", .number(JSONNumber(attempts))),
            ("retries", .object(byCause)),
            ("retry_wait_ms", .number(JSONNumber(rounded: waitSeconds * 1000))),
            ("timeouts", .number(JSONNumber(timeouts))),
        ]
    }

    /// One line for text reports: `retries 12 (http_429 10, http_5xx 2); timeouts 0`.
    public var summaryText: String {
        let causes = retries.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        let detail = causes.isEmpty ? "" : " (" + causes.joined(separator: ", ") + ")"
        return "\(attempts) attempts, \(retryCount) retries\(detail), \(timeouts) timeouts"
    }
}
