import JSONSchema
import Synchronization
import VerifierJudging

/// Spaces requests to one provider evenly so that no more than `rpm` start in any minute
/// (`rpm:` of a provider in `verifier.yaml`).
///
/// Permits are handed out at fixed intervals of 60 / `rpm` seconds; a caller that asks while the
/// next permit lies in the future sleeps until then. Every attempt takes a permit, retries included,
/// since the host counts them too. Memory is one instant, whatever the number of waiters.
///
/// ```swift
/// let limiter = RateLimiter(requestsPerMinute: 600)   // one request every 100 ms
/// await limiter.acquire()
/// ```
public final class RateLimiter: Sendable {
    /// The permitted rate.
    public let requestsPerMinute: Double
    private let interval: Duration
    private let clock = ContinuousClock()
    private let next: Mutex<ContinuousClock.Instant?> = Mutex(nil)

    /// Creates a limiter.
    /// - Parameter requestsPerMinute: Requests per minute (greater than 0).
    public init(requestsPerMinute: Double) {
        self.requestsPerMinute = max(requestsPerMinute, 1e-6)
        self.interval = .nanoseconds(Int64(min(60e9 / self.requestsPerMinute, 8.64e13)))
    }

    /// Waits for the next permit. Returns early, without one, when the task is cancelled.
    public func acquire() async {
        let now = clock.now
        let slot = next.withLock { next -> ContinuousClock.Instant in
            let slot = max(next ?? now, now)
            next = slot + interval
            return slot
        }
        if slot > now {
            try? await Task.sleep(until: slot, clock: clock)
        }
    }
}
