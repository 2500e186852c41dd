import Foundation
import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Retry policy")
struct RetryPolicyTests {
    /// 2015-10-21 07:28:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_445_412_480)

    @Test(arguments: [
        // Delta-seconds.
        ("1", 1.0),
        ("120", 120.0),
        // Surrounding spaces are allowed.
        (" 2 ", 2.0),
        // Fractions are tolerated (not in the RFC, but harmless).
        ("0.5", 0.5),
        // IMF-fixdate 30 s ahead.
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        // The obsolete RFC 850 form.
        ("Wednesday, 21-Oct-15 07:28:10 GMT", 10.0),
        // The obsolete asctime form.
        ("Wed Oct 21 07:28:05 2015", 5.0),
        // A date in the past means now.
        ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),
    ])
    func retryAfterIsReadInEveryForm(value: String, seconds: Double) throws {
        let parsed = try #require(RetryPolicy.retryAfter(value, now: Self.now))
        #expect(abs(parsed - seconds) < 0.001)
    }

    @Test(arguments: ["", "soon", "-1", "nan", "Wed, 32 Oct 2015 07:28:00 GMT"])
    func unreadableRetryAfterIsIgnored(value: String) {
        #expect(RetryPolicy.retryAfter(value, now: Self.now) == nil)
    }

    @Test func httpDateRoundTrips() throws {
        let text = RetryPolicy.httpDate(Self.now)
        #expect(text == "Wed, 21 Oct 2015 07:28:00 GMT")
        #expect(RetryPolicy.httpDate(text) == Self.now)
    }

    @Test func retryAfterMillisecondsWins() {
        let response = RawResponse(status: 429, headers: [("retry-after-ms", "250"), ("retry-after", "1")])
        #expect(RetryPolicy.retryAfter(in: response, now: Self.now) == 0.25)
    }

    @Test func backoffDoublesUpToTheCapWithJitterBelow() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.5, maxDelay: 3, jitter: 0.5)
        // Without the random share: 0.5, 1, 2, then the 3-second cap.
        #expect((1...5).map { policy.backoff(after: $0, random: 0) } == [0.5, 1, 2, 3, 3])
        // The random share takes off at most `jitter` of the wait.
        #expect(policy.backoff(after: 2, random: 1) == 0.5)
        #expect(RetryPolicy(jitter: 0).backoff(after: 1, random: 0.9) == 0.5)
    }

    @Test(arguments: [
        // Throttled, timed out, server errors: retried.
        (RawResponse(status: 429), RetryCause.http429 as RetryCause?),
        (RawResponse(status: 408), .http408),
        (RawResponse(status: 500), .http5xx),
        (RawResponse(status: 503), .http5xx),
        (RawResponse(status: nil, failure: .init(label: .httpTimeout, message: "t")), .timeout),
        (RawResponse(status: nil, failure: .init(label: .httpConnection, message: "refused")), .connection),
        // A non-streamed body cut by the connection after a 200 head.
        (RawResponse(status: 200, failure: .init(label: .httpConnection, message: "reset")), .connection),
        // Answers that arrived are judged, never retried.
        (RawResponse(status: 200), nil),
        (RawResponse(status: 400), nil),
        (RawResponse(status: 404), nil),
        (RawResponse(status: 422), nil),
        // A stream cut short and an oversized body are wire findings.
        (RawResponse(status: 200, failure: .init(label: .streamTruncated, message: "cut")), nil),
        (RawResponse(status: 200, failure: .init(label: .httpBodyTooLarge, message: "big")), nil),
    ])
    func onlyDeliveryFailuresAreRetried(response: RawResponse, cause: RetryCause?) {
        #expect(RetryCause.of(response) == cause)
    }

    @Suite("in verifier.yaml")
    struct Configuration {
        @Test func readsRetriesAndRPM() throws {
            let yaml = """
                providers:
                  a:
                    base_url: https://h/v1
                    rpm: 600
                    retries:
                      max_attempts: 6
                      base_delay: 0.25
                      max_delay: 10
                      jitter: 0
                      on: [http_429, timeout]
                  b:
                    base_url: https://h/v1
                    retries: false
                  c:
                    base_url: https://h/v1
                """
            let configuration = try VerifierConfiguration.parse(yaml: yaml)
            let a = try #require(configuration.provider(named: "a"))
            #expect(a.rpm == 600)
            #expect(
                a.retryPolicy
                    == RetryPolicy(
                        maxAttempts: 6,
                        baseDelay: 0.25,
                        maxDelay: 10,
                        jitter: 0,
                        retryOn: [.http429, .timeout]
                    )
            )
            #expect(configuration.provider(named: "b")?.retryPolicy.maxAttempts == 1)
            let c = try #require(configuration.provider(named: "c"))
            #expect(c.rpm == nil)
            #expect(c.retryPolicy == RetryPolicy())
            #expect(c.retryPolicy.maxAttempts == 4)
        }

        @Test(arguments: [
            // rpm must be positive.
            ("providers:\n  a:\n    base_url: https://h/v1\n    rpm: 0\n", "verifier.yaml:4: `providers.a.rpm`"),
            // Unknown key inside retries.
            (
                "providers:\n  a:\n    base_url: https://h/v1\n    retries:\n      attempts: 3\n",
                "verifier.yaml:5: unknown key `attempts` in `providers.a.retries`"
            ),
            // Too many attempts.
            (
                "providers:\n  a:\n    base_url: https://h/v1\n    retries:\n      max_attempts: 99\n",
                "verifier.yaml:5: `providers.a.retries.max_attempts`"
            ),
            // Jitter is a share.
            (
                "providers:\n  a:\n    base_url: https://h/v1\n    retries:\n      jitter: 2\n",
                "verifier.yaml:5: `providers.a.retries.jitter`"
            ),
            // An unknown cause names the line of the item.
            (
                "providers:\n  a:\n    base_url: https://h/v1\n    retries:\n      on:\n        - http_429\n        - http_4xx\n",
                "verifier.yaml:7: unknown retry cause `http_4xx`"
            ),
            // `on` must be a list.
            (
                "providers:\n  a:\n    base_url: https://h/v1\n    retries:\n      on: http_429\n",
                "verifier.yaml:5: `providers.a.retries.on` must be a list"
            ),
            // retries must be a mapping or a boolean.
            (
                "providers:\n  a:\n    base_url: https://h/v1\n    retries: 3\n",
                "verifier.yaml:4: `providers.a.retries` must be a mapping"
            ),
        ])
        func badRetrySettingsNameTheLine(yaml: String, expected: String) {
            do {
                _ = try VerifierConfiguration.parse(yaml: yaml)
                Issue.record("accepted a bad configuration: \(yaml)")
            } catch {
                #expect(error.code == .invalidConfiguration)
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }
}
