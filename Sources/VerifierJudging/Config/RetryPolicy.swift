import Foundation
import JSONSchema

/// When and how often a failed delivery is tried again (`retries:` of a provider in `verifier.yaml`).
///
/// Only the causes in ``retryOn`` are retried, at most ``maxAttempts`` attempts in all. The wait
/// before attempt *n* + 1 is the host's `Retry-After` when it sent one, else an exponential backoff
/// `baseDelay × 2^(n−1)`, capped at ``maxDelay``, of which the ``jitter`` share is random. A
/// `Retry-After` longer than ``maxDelay`` ends the retries: the last answer is judged as it is.
///
/// ```swift
/// var policy = RetryPolicy()          // 4 attempts, 0.5 s base, 30 s cap
/// policy.retryOn.remove(.timeout)     // do not resend requests that timed out
/// let never = RetryPolicy.none        // one attempt only
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (1 disables retries).
    public var maxAttempts: Int
    /// The backoff before the second attempt, in seconds.
    public var baseDelay: Double
    /// The longest wait between attempts, in seconds; a longer `Retry-After` stops the retries.
    public var maxDelay: Double
    /// The share (0–1) of each backoff that is random, so that retries of a burst spread out.
    public var jitter: Double
    /// The causes that are retried.
    public var retryOn: Set<RetryCause>

    /// Creates a policy.
    /// - Parameters:
    ///   - maxAttempts: Attempts in all (at least 1).
    ///   - baseDelay: The first backoff in seconds.
    ///   - maxDelay: The longest wait in seconds.
    ///   - jitter: The random share of each backoff (0–1).
    ///   - retryOn: The causes retried.
    public init(
        maxAttempts: Int = 4,
        baseDelay: Double = 0.5,
        maxDelay: Double = 30,
        jitter: Double = 0.5,
        retryOn: Set<RetryCause> = Set(RetryCause.all)
    ) {
        self.maxAttempts = max(maxAttempts, 1)
        self.baseDelay = max(baseDelay, 0)
        self.maxDelay = max(maxDelay, 0)
        self.jitter = min(max(jitter, 0), 1)
        self.retryOn = retryOn
    }

    /// One attempt, never a retry.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The backoff after failed attempt `attempt` (1-based) when the host named no wait.
    /// - Parameters:
    ///   - attempt: The attempt that failed.
    ///   - random: A number in 0..<1.
    /// - Returns: Seconds to wait.
    public func backoff(after attempt: Int, random: Double) -> Double {
        let exponent = Double(min(max(attempt - 1, 0), 62))
        let full = min(baseDelay * pow(2, exponent), maxDelay)
        return full * (1 - jitter * min(max(random, 0), 1))
    }

    /// The wait a response asks for: `retry-after-ms` (OpenAI), else `Retry-After` as delta-seconds or
    /// an HTTP-date (RFC 9110 §10.2.3).
    /// - Parameters:
    ///   - response: The response.
    ///   - now: The current time, for an HTTP-date.
    /// - Returns: Seconds (never negative), or `nil` when the host named no wait.
    public static func retryAfter(in response: RawResponse, now: Date) -> Double? {
        if let milliseconds = response.header("retry-after-ms").flatMap({
            Double($0.trimmingCharacters(in: .whitespaces))
        }),
            milliseconds.isFinite, milliseconds >= 0
        {
            return milliseconds / 1000
        }
        return response.header("retry-after").flatMap { retryAfter($0, now: now) }
    }

    /// Parses a `Retry-After` value.
    /// - Parameters:
    ///   - value: Delta-seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`).
    ///   - now: The current time, for an HTTP-date.
    /// - Returns: Seconds (a date in the past gives 0), or `nil` when the value is neither.
    public static func retryAfter(_ value: String, now: Date) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) {
            return seconds.isFinite && seconds >= 0 ? seconds : nil
        }
        guard let date = httpDate(text) else { return nil }
        return max(date.timeIntervalSince(now), 0)
    }

    /// Parses an HTTP-date in any of the three formats RFC 9110 requires recipients to accept.
    /// - Parameter text: The date.
    /// - Returns: The date, or `nil`.
    public static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        // IMF-fixdate, then the obsolete RFC 850 and asctime forms.
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// Formats a date as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    /// - Parameter date: The date.
    /// - Returns: The text.
    public static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// The policy as JSON for reports and the configuration hash.
    public var json: JSONValue {
        var object = JSONObject()
        object["max_attempts"] = .number(JSONNumber(maxAttempts))
        object["base_delay"] = .number(JSONNumber(baseDelay))
        object["max_delay"] = .number(JSONNumber(maxDelay))
        object["jitter"] = .number(JSONNumber(jitter))
        object["on"] = .array(retryOn.sorted().map { .string($0.rawValue) })
        return .object(object)
    }
}
