import Foundation
import Synchronization
import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The delivery agent against a scripted transport: what is retried, how long it waits, and what is judged.
@Suite("Delivery agent", .timeLimit(.minutes(1)))
struct DeliveryAgentTests {
    /// Plays back responses in order (the last one repeats) and records each wait asked for.
    final class Script: Sendable {
        private let state: Mutex<(responses: [RawResponse], sent: Int, waits: [Double])>

        init(_ responses: [RawResponse]) { state = Mutex((responses, 0, [])) }

        var sent: Int { state.withLock { $0.sent } }
        var waits: [Double] { state.withLock { $0.waits } }

        func agent(_ policy: RetryPolicy = RetryPolicy(), now: Date = Date()) -> DeliveryAgent {
            DeliveryAgent(
                policy: policy,
                sleep: { duration in
                    self.state.withLock {
                        $0.waits.append(
                            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                        )
                    }
                },
                random: { 0 },
                now: { now },
                transport: { _, _ in
                    self.state.withLock { state in
                        let response = state.responses[min(state.sent, state.responses.count - 1)]
                        state.sent += 1
                        return response
                    }
                }
            )
        }
    }

    static let ok = RawResponse(status: 200, body: Array(#"{"choices":[]}"#.utf8))

    static func throttled(_ retryAfter: String) -> RawResponse {
        RawResponse(status: 429, headers: [("retry-after", retryAfter)])
    }

    @Test func rateLimitWithRetryAfterSecondsIsWaitedOut() async {
        let script = Script([Self.throttled("1"), Self.throttled("2"), Self.ok])
        let delivery = await script.agent().deliver(body: [], stream: false)
        #expect(delivery.response.status == 200)
        #expect(script.waits == [1, 2])
        #expect(delivery.attempts.map(\.status) == [429, 429, 200])
        #expect(delivery.attempts.map(\.retry) == [.http429, .http429, nil])
        #expect(delivery.attempts.map(\.label) == [.httpRateLimited, .httpRateLimited, nil])
        #expect(delivery.attempts.allSatisfy { $0.retry == nil || $0.waitFromHost })
        #expect(delivery.retries == 2)
    }

    @Test func rateLimitWithRetryAfterDateIsWaitedOut() async {
        let now = Date(timeIntervalSince1970: 1_445_412_480)
        let script = Script([Self.throttled("Wed, 21 Oct 2015 07:28:03 GMT"), Self.ok])
        let delivery = await script.agent(now: now).deliver(body: [], stream: true)
        #expect(delivery.response.status == 200)
        #expect(script.waits == [3])
        #expect(delivery.attempts.first?.waitFromHost == true)
    }

    @Test func serverErrorThenSuccessBacksOff() async {
        let script = Script([RawResponse(status: 502), RawResponse(status: 503), Self.ok])
        let delivery = await script.agent().deliver(body: [], stream: false)
        #expect(delivery.response.status == 200)
        // Backoff 0.5 s, then 1 s (the scripted random number takes nothing off).
        #expect(script.waits == [0.5, 1])
        #expect(delivery.attempts.map(\.retry) == [.http5xx, .http5xx, nil])
        #expect(delivery.attempts.first?.waitFromHost == false)
    }

    @Test func connectionResetThenSuccess() async {
        let reset = RawResponse(status: nil, failure: .init(label: .httpConnection, message: "reset by peer"))
        let timeout = RawResponse(status: nil, failure: .init(label: .httpTimeout, message: "slow"))
        let script = Script([reset, timeout, Self.ok])
        let delivery = await script.agent().deliver(body: [], stream: false)
        #expect(delivery.response.status == 200)
        #expect(delivery.attempts.map(\.retry) == [.connection, .timeout, nil])
        #expect(delivery.attempts.map(\.label) == [.httpConnection, .httpTimeout, nil])
    }

    @Test(arguments: [
        // A client error other than 408 and 429 is the host's answer.
        RawResponse(status: 400),
        RawResponse(status: 404),
        // A wrong 2xx is an assertion failure of the host, judged as it is.
        RawResponse(status: 200, body: Array("<html>".utf8)),
        // A stream cut after its head is `stream.truncated`, judged from what arrived.
        RawResponse(status: 200, failure: .init(label: .streamTruncated, message: "cut")),
    ])
    func answersAreNeverRetried(response: RawResponse) async {
        let script = Script([response, Self.ok])
        let delivery = await script.agent().deliver(body: [], stream: false)
        #expect(script.sent == 1)
        #expect(delivery.response == response)
        #expect(delivery.attempts.count == 1)
        #expect(delivery.attempts.first?.retry == nil)
    }

    @Test func attemptsAreBounded() async {
        let script = Script([RawResponse(status: 500)])
        let delivery = await script.agent(RetryPolicy(maxAttempts: 3)).deliver(body: [], stream: false)
        #expect(script.sent == 3)
        #expect(delivery.response.status == 500)
        #expect(delivery.attempts.map(\.retry) == [.http5xx, .http5xx, nil])
        #expect(script.waits == [0.5, 1])
    }

    @Test func retryAfterBeyondTheCapIsJudgedAtOnce() async {
        let script = Script([Self.throttled("3600"), Self.ok])
        let delivery = await script.agent(RetryPolicy(maxDelay: 30)).deliver(body: [], stream: false)
        #expect(script.sent == 1)
        #expect(delivery.response.status == 429)
        #expect(script.waits.isEmpty)
    }

    @Test func causesLeftOutOfThePolicyAreNotRetried() async {
        let script = Script([RawResponse(status: 500), Self.ok])
        let policy = RetryPolicy(retryOn: [.http429])
        let delivery = await script.agent(policy).deliver(body: [], stream: false)
        #expect(script.sent == 1)
        #expect(delivery.response.status == 500)
        #expect(RetryPolicy.none.maxAttempts == 1)
    }

    @Test func cancellationEndsTheWait() async {
        let agent = DeliveryAgent(policy: RetryPolicy(maxDelay: 600), transport: { _, _ in Self.throttled("300") })
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task { await agent.deliver(body: [], stream: false) }
        try? await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let delivery = await task.value
        #expect(clock.now - start < .seconds(100))
        #expect(delivery.response.status == 429)
        #expect(delivery.attempts.count == 1)
        #expect(delivery.attempts.first?.retry == nil)
    }

    @Test func theSlotIsFreeWhileWaiting() async {
        // One slot. The first request is throttled and its wait lasts until the second request has been
        // delivered: were the slot held while waiting, the second could only go once the wait gave up.
        let semaphore = AsyncSemaphore(limit: 1)
        let state = Mutex((calls: 0, fastDone: false, released: false))
        let agent = DeliveryAgent(
            policy: RetryPolicy(),
            semaphore: semaphore,
            sleep: { _ in
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(20)
                while clock.now < deadline {
                    if state.withLock({ $0.fastDone }) {
                        state.withLock { $0.released = true }
                        return
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
            },
            transport: { body, _ in
                let first = state.withLock { state in
                    state.calls += 1
                    return state.calls == 1
                }
                return first && body == [1] ? Self.throttled("1") : Self.ok
            }
        )
        async let slow = agent.deliver(body: [1], stream: false)
        while state.withLock({ $0.calls }) == 0 { try? await Task.sleep(for: .milliseconds(10)) }
        let fast = await agent.deliver(body: [2], stream: false)
        state.withLock { $0.fastDone = true }
        let slowDelivery = await slow
        #expect(fast.attempts.count == 1)
        #expect(slowDelivery.attempts.count == 2)
        #expect(state.withLock { $0.released })
    }

    @Test func rateLimiterSpacesRequests() async {
        let limiter = RateLimiter(requestsPerMinute: 600)  // one every 100 ms
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<6 { await limiter.acquire() }
        // Five intervals after the first permit.
        #expect(clock.now - start >= .milliseconds(490))
        #expect(clock.now - start < .seconds(60))  // a hang guard, not a timing check
    }

    @Test func attemptsAreRecordedCompactly() {
        let attempt = DeliveryAttempt(
            status: 429,
            label: .httpRateLimited,
            retry: .http429,
            waitSeconds: 1,
            waitFromHost: true,
            milliseconds: 1.5
        )
        #expect(
            attempt.json.serialized()
                == #"{"status":429,"label":"http.rate_limited","retry":"http_429","wait_ms":1000,"wait_from":"retry-after","ms":1.5}"#
        )
        #expect(DeliveryAttempt(status: 200, label: nil).json.serialized() == #"{"status":200,"label":null,"ms":0}"#)
    }
}
