import AsyncHTTPClient
import Foundation
import MockVendor
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Faults a nightly run meets, against the mock host: a stalled body, a 10 MB answer, a reset mid-body,
/// a host that echoes the API key, and the cost ceiling.
@Suite("Run faults", .timeLimit(.minutes(3)))
struct RunFaultTests {
    static func run(
        route: String,
        configure: @Sendable (inout ProviderConfiguration) -> Void = { _ in },
        modes: ModeSelection = .nonstream,
        limit: Int = 2,
        environment: [String: String] = [:],
        setUp: @Sendable (inout VerificationRun) -> Void = { _ in }
    ) async throws -> (Scorecard, String) {
        let folder = TestPaths.temporaryDirectory("fault")
        let replay = try ReplayFile.validate(path: TestPaths.bfclReplay)
        let scorecards = try await MockServer.withRunning { port in
            var provider = ProviderConfiguration(
                name: "host",
                baseURL: MockServer.baseURL(profile: route, port: port),
                model: "m",
                apiKeyEnvironmentVariable: nil,
                timeoutSeconds: 120  // a hang guard: these tests are about what ends an exchange, not its speed
            )
            provider.retryPolicy = .none
            configure(&provider)
            var verification = VerificationRun(
                candidates: [provider],
                reference: nil,
                replay: [replay],
                outputDirectory: folder,
                modes: modes,
                limit: limit
            )
            verification.configuration.transport.checkParity = false
            setUp(&verification)
            let configured = verification
            return try await HTTPClient.withVerifierClient {
                try await configured.execute(httpClient: $0, environment: environment)
            }
        }
        let scorecard = try #require(scorecards.first)
        return (scorecard, folder)
    }

    @Test func aStalledStreamEndsAtTheStallTimeoutNotTheRequestTimeout() async throws {
        // The mock sends the role event, then nothing for 3 s; the request timeout is 20 s.
        let (card, folder) = try await Self.run(
            route: "_stall-stream",
            configure: { $0.stallTimeoutSeconds = 0.3 },
            modes: .stream
        )
        let entry = try #require(card.topFailure)
        #expect(entry.label == .httpTimeout)
        #expect(entry.examples.first?.message.contains("stalled") == true)
        let text = try String(contentsOfFile: folder + "/evidence.jsonl", encoding: .utf8)
        let records = text.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
        let answers = records.filter { $0["role"] == "candidate" }
        #expect(answers.count == 2)
        // Only the stall watchdog writes this message: the stream was abandoned while the host was silent,
        // before it would have ended (3 s) and long before the request timeout (20 s).
        for answer in answers {
            let message = answer["response"]?["failure"]?["message"]?.stringValue ?? ""
            #expect(message.contains("no byte for 0.3 seconds"), "\(message)")
        }
    }

    @Test func aTenMegabyteAnswerIsJudgedOrCutAtTheCap() async throws {
        let (whole, _) = try await Self.run(route: "_big-body", limit: 1)
        #expect(whole.delivery.numerator == 1)
        #expect(whole.failures.sorted.isEmpty, "\(whole.failures.sorted.map(\.label))")
        let (cut, folder) = try await Self.run(
            route: "_big-body",
            configure: { $0.maxResponseBytes = 1 << 20 },
            limit: 1
        )
        #expect(cut.topFailure?.label == .httpBodyTooLarge)
        let size = (try FileManager.default.attributesOfItem(atPath: folder + "/evidence.jsonl")[.size] as? Int) ?? 0
        #expect(size < 3 << 20)
    }

    @Test func aResetMidBodyIsAConnectionFailure() async throws {
        let (card, _) = try await Self.run(route: "_reset-body", limit: 1)
        #expect(card.topFailure?.label == .httpConnection)
        #expect(card.transportFailures == 1)
    }

    @Test func aKeyEchoedByTheHostNeverReachesTheEvidence() async throws {
        let canary = "sk-canary-echo-5d1e8b7a2c"
        let (card, folder) = try await Self.run(
            route: "_echo-key",
            configure: { $0.apiKeyEnvironmentVariable = "VV_ECHO_KEY" },
            environment: ["VV_ECHO_KEY": canary]
        )
        #expect(card.topFailure?.label == .httpStatus)
        for file in ["evidence.jsonl", "scorecard.json", "summary.md", "summary.json"] {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            #expect(!text.contains(canary), "\(file) holds the key")
            #expect(!text.contains("canary-echo"), "\(file) holds part of the key")
        }
        let evidence = try String(contentsOfFile: folder + "/evidence.jsonl", encoding: .utf8)
        #expect(evidence.contains("Incorrect API key provided: [redacted]"))
        #expect(evidence.contains(#""authorization":"Bearer [redacted]""#))
    }

    @Test func theCostCeilingStopsTheRun() async throws {
        let (card, _) = try await Self.run(
            route: "faithful",
            configure: {
                $0.inputPricePerMillion = 1_000
                $0.outputPricePerMillion = 1_000
            },
            limit: 40
        ) { $0.configuration.limits.maxCost = 0.5 }
        #expect(card.verdict == .incomplete)
        #expect(card.verdictReason.contains("the cost ceiling (--max-cost 0.5 USD) was reached"))
        #expect(card.requests < 40)
    }
}
