import Foundation
import JSONSchema
import VerifierJudging

/// Delivers one request to a provider within its limits: a concurrency slot, a rate-limit permit per
/// attempt, and retries of the delivery failures its ``RetryPolicy`` names.
///
/// The concurrency slot is held only while an attempt is on the wire, never while waiting out a
/// `Retry-After` or a backoff, so other requests use the slot meanwhile. Cancelling the task ends the
/// wait and returns the last response. The answer judged is always the final attempt's; every
/// attempt is listed in ``Delivery/attempts``.
///
/// ```swift
/// let agent = DeliveryAgent(client: client, semaphore: AsyncSemaphore(limit: 8),
///                           limiter: RateLimiter(requestsPerMinute: 600), policy: RetryPolicy())
/// let delivery = await agent.deliver(body: body, stream: false)
/// delivery.response.status      // the final attempt's status
/// delivery.attempts.count       // 1 when the first attempt was judged
/// ```
public struct DeliveryAgent: Sendable {
    /// Sends one attempt and records what came back; never throws.
    public typealias Transport = @Sendable (_ body: [UInt8], _ stream: Bool) async -> RawResponse
    /// Waits for a duration; throws when the task is cancelled.
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    /// The retry policy.
    public var policy: RetryPolicy
    private let transport: Transport
    private let semaphore: AsyncSemaphore?
    private let limiter: RateLimiter?
    private let sleep: Sleep
    private let random: @Sendable () -> Double
    private let now: @Sendable () -> Date

    /// Creates an agent for a provider client, with the provider's own policy unless one is given.
    /// - Parameters:
    ///   - client: The provider's client.
    ///   - url: Overrides the endpoint (in-process mock hosts).
    ///   - semaphore: Bounds the attempts in flight (`concurrency`).
    ///   - limiter: Spaces attempts (`rpm`).
    ///   - policy: The retry policy; `nil` takes the provider's.
    public init(
        client: ProviderClient,
        url: String? = nil,
        semaphore: AsyncSemaphore? = nil,
        limiter: RateLimiter? = nil,
        policy: RetryPolicy? = nil
    ) {
        self.init(
            policy: policy ?? client.provider.retryPolicy,
            semaphore: semaphore,
            limiter: limiter,
            transport: { body, stream in await client.send(body: body, stream: stream, url: url) }
        )
    }

    /// Creates an agent over any transport (tests script one).
    /// - Parameters:
    ///   - policy: The retry policy.
    ///   - semaphore: Bounds the attempts in flight.
    ///   - limiter: Spaces attempts.
    ///   - sleep: Waits between attempts.
    ///   - random: Numbers in 0..<1 for the jitter.
    ///   - now: The clock an HTTP-date `Retry-After` is read against.
    ///   - transport: Sends one attempt.
    public init(
        policy: RetryPolicy,
        semaphore: AsyncSemaphore? = nil,
        limiter: RateLimiter? = nil,
        sleep: @escaping Sleep = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> Date = { Date() },
        transport: @escaping Transport
    ) {
        self.policy = policy
        self.semaphore = semaphore
        self.limiter = limiter
        self.sleep = sleep
        self.random = random
        self.now = now
        self.transport = transport
    }

    /// Sends a request, retrying the delivery failures the policy names.
    /// - Parameters:
    ///   - body: The exact bytes to send (the same on every attempt).
    ///   - stream: Whether the body asks for a stream.
    /// - Returns: The final attempt's response and every attempt; never throws.
    public func deliver(body: [UInt8], stream: Bool) async -> Delivery {
        var attempts: [DeliveryAttempt] = []
        while true {
            let response = await attempt(body: body, stream: stream)
            var record = DeliveryAttempt(response)
            guard attempts.count + 1 < policy.maxAttempts, let cause = RetryCause.of(response),
                policy.retryOn.contains(cause), !Task.isCancelled
            else {
                attempts.append(record)
                return Delivery(response: response, attempts: attempts)
            }
            let hint = RetryPolicy.retryAfter(in: response, now: now())
            if let hint, hint > policy.maxDelay {
                // The host asks for a longer pause than the policy allows: judge the answer as it is.
                attempts.append(record)
                return Delivery(response: response, attempts: attempts)
            }
            let wait = hint ?? policy.backoff(after: attempts.count + 1, random: random())
            record.retry = cause
            record.waitSeconds = wait
            record.waitFromHost = hint != nil
            attempts.append(record)
            do {
                try await sleep(.nanoseconds(Int64(wait * 1e9)))
            } catch {
                // Cancelled while waiting: the last answer is all there is.
                attempts[attempts.count - 1].retry = nil
                return Delivery(response: response, attempts: attempts)
            }
        }
    }

    private func attempt(body: [UInt8], stream: Bool) async -> RawResponse {
        let send: @Sendable () async -> RawResponse = { [limiter, transport] in
            await limiter?.acquire()
            return await transport(body, stream)
        }
        guard let semaphore else { return await send() }
        return await semaphore.withSlot { await send() }
    }
}

/// What delivering one request produced: the response judged and the attempts that led to it.
public struct Delivery: Sendable, Hashable {
    /// The final attempt's response, the one judged.
    public var response: RawResponse
    /// Every attempt in order; the last is the one judged.
    public var attempts: [DeliveryAttempt]

    /// Creates a delivery.
    /// - Parameters:
    ///   - response: The final response.
    ///   - attempts: Every attempt.
    public init(response: RawResponse, attempts: [DeliveryAttempt]) {
        self.response = response
        self.attempts = attempts
    }

    /// Retries made (attempts after the first).
    public var retries: Int { max(attempts.count - 1, 0) }
}
