import AsyncHTTPClient
import Foundation
import MockVendor
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Transient faults of the mock host through the real pipeline: each is retried, counted in the delivery
/// section and recorded in the evidence, and the answer judged is the final attempt's — no false failures.
/// Faults a retry cannot cure end in their label after the bounded attempts, and 4xx answers are never retried.
@Suite("Retries against the mock host", .timeLimit(.minutes(2)))
struct RetryFaultTests {
    static let cases = 40

    /// A fast policy, so the test does not sit out real backoffs (Retry-After is honoured as sent).
    static let policy = RetryPolicy(maxAttempts: 4, baseDelay: 0.05, maxDelay: 30, jitter: 0.5)

    static func run(route: String, limit: Int = cases, policy: RetryPolicy = policy) async throws -> (Scorecard, String)
    {
        let folder = TestPaths.temporaryDirectory("retries")
        let replay = try ReplayFile.validate(path: TestPaths.bfclReplay)
        let scorecards = try await MockServer.withRunning { port in
            let candidate = ProviderConfiguration(
                name: route,
                baseURL: MockServer.baseURL(profile: route, port: port),
                model: "mock",
                apiKeyEnvironmentVariable: nil,
                concurrency: 8,
                timeoutSeconds: 10,
                retryPolicy: policy
            )
            let reference = ProviderConfiguration(
                name: "reference",
                baseURL: MockServer.baseURL(profile: "faithful", port: port),
                model: "mock",
                apiKeyEnvironmentVariable: nil,
                concurrency: 8
            )
            let verification = VerificationRun(
                candidates: [candidate],
                reference: reference,
                replay: [replay],
                outputDirectory: folder,
                gates: GateConfiguration(triggerF1: 0.95),
                limit: limit
            )
            return try await HTTPClient.withVerifierClient { try await verification.execute(httpClient: $0) }
        }
        return (try #require(scorecards.first), folder)
    }

    static func records(_ folder: String) throws -> [JSONValue] {
        var reader = try LineReader(path: folder + "/evidence.jsonl")
        var records: [JSONValue] = []
        while let (_, bytes) = reader.next() { records.append(try JSONValue.parse(bytes: bytes)) }
        return records
    }

    @Test(arguments: MockProfile.retryProfiles)
    func transientFaultsPassWithTheirRetriesCounted(profile: MockProfile) async throws {
        let (card, folder) = try await Self.run(route: profile.name)
        #expect(card.verdict == .pass, "\(card.verdictReason)")
        #expect(card.failures.sorted.isEmpty)
        #expect(card.requests == Self.cases)
        let stats = card.deliveryStats
        let cause = RetryCause(rawValue: try #require(profile.expectedRetry))
        #expect((stats.retries[cause] ?? 0) > 0)
        #expect(stats.retries.keys.allSatisfy { $0 == cause })
        #expect(stats.eventualSuccess.numerator == Self.cases)
        #expect(stats.firstAttemptSuccess.numerator < Self.cases)
        #expect(stats.firstAttemptSuccess.numerator + (stats.retries[cause] ?? 0) >= Self.cases)
        #expect(stats.attempts == Self.cases + stats.retryCount)
        // The delivery section of the scorecard shows them.
        let delivery = try #require(card.json["overall"]?["layers"]?["delivery"])
        #expect(delivery["retries"]?[cause.rawValue]?.intValue == stats.retries[cause])
        #expect(delivery["metrics"]?["eventual_success"]?["value"]?.numberValue?.doubleValue == 1)
        // The evidence records the earlier attempts compactly, the judged answer last.
        let retried = try Self.records(folder).filter { $0["role"] == "candidate" && $0["attempts"] != nil }
        #expect(!retried.isEmpty)
        for record in retried {
            let attempts = try #require(record["attempts"]?.arrayValue)
            #expect(attempts.count >= 2)
            #expect(attempts.last?["status"]?.intValue == 200)
            #expect(attempts.dropLast().allSatisfy { $0["retry"]?.stringValue == cause.rawValue })
            #expect(record["response"]?["status"]?.intValue == 200)
        }
        if profile.fault == .rateLimited || profile.fault == .rateLimitedHTTPDate {
            // Retry-After is honoured: a second as delta-seconds; up to the date, which lies one to two seconds
            // after the refusal was sent (less of it is left when the answer is read late on a busy machine).
            let waits = retried.compactMap { $0["attempts"]?[0]?["wait_ms"]?.numberValue?.doubleValue }
            #expect(waits.count == retried.count)
            if profile.fault == .rateLimited {
                #expect(waits.allSatisfy { $0 == 1000 })
            } else {
                #expect(waits.allSatisfy { $0 <= 2000 })
            }
            #expect(retried.allSatisfy { $0["attempts"]?[0]?["wait_from"] == "retry-after" })
        }
    }

    @Test func serverErrorsThatPersistAreJudgedAfterTheLastAttempt() async throws {
        let (card, folder) = try await Self.run(route: "_overloaded", limit: 4)
        #expect(card.verdict == .fail)
        #expect(card.topFailure?.label == .httpStatus)
        #expect(card.deliveryStats.attempts == 16)
        #expect(card.deliveryStats.retries[.http5xx] == 12)
        #expect(card.deliveryStats.eventualSuccess.numerator == 0)
        let candidate = try Self.records(folder).filter { $0["role"] == "candidate" }
        #expect(candidate.allSatisfy { $0["attempts"]?.arrayValue?.count == 4 })
    }

    @Test func clientErrorsAreNeverRetried() async throws {
        let (card, folder) = try await Self.run(route: "_bad-request", limit: 4)
        #expect(card.topFailure?.label == .httpStatus)
        #expect(card.deliveryStats.attempts == card.requests)
        #expect(card.deliveryStats.retryCount == 0)
        #expect(try Self.records(folder).allSatisfy { $0["attempts"] == nil })
    }

    @Test func aRetryAfterBeyondTheCapIsJudgedAsRateLimited() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (card, _) = try await Self.run(route: "_retry-after-hour", limit: 4)
        #expect(clock.now - start < .seconds(30))
        #expect(card.topFailure?.label == .httpRateLimited)
        #expect(card.deliveryStats.retryCount == 0)
    }

    @Test func theRateLimitSpacesRequests() async throws {
        let folder = TestPaths.temporaryDirectory("rpm")
        let replay = try ReplayFile.validate(path: TestPaths.bfclReplay)
        let clock = ContinuousClock()
        let start = clock.now
        let scorecards = try await MockServer.withRunning { port in
            let candidate = ProviderConfiguration(
                name: "faithful",
                baseURL: MockServer.baseURL(profile: "faithful", port: port),
                model: "mock",
                apiKeyEnvironmentVariable: nil,
                concurrency: 8,
                rpm: 1200  // one request every 50 ms
            )
            var verification = VerificationRun(
                candidates: [candidate],
                reference: nil,
                replay: [replay],
                outputDirectory: folder,
                modes: .nonstream,
                limit: 21
            )
            verification.configuration.transport.checkParity = false
            return try await HTTPClient.withVerifierClient { try await verification.execute(httpClient: $0) }
        }
        #expect(clock.now - start >= .seconds(1))
        #expect(scorecards.first?.verdict == .pass)
    }
}
