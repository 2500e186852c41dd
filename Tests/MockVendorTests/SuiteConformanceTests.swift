import AsyncHTTPClient
import Foundation
import MockVendor
import Testing
import VerifierCore
import VerifierTestSupport
import VerifierTesting

/// The labelled suites through the Swift Testing front end, as a provider would use it in its own
/// package: one test per case against the faithful mock host.
@Suite("Suites through VerifierTesting", .timeLimit(.minutes(5)))
struct SuiteConformanceTests {
    static func faithful(_ port: Int) -> ProviderConfiguration {
        ProviderConfiguration(
            name: "faithful",
            baseURL: MockServer.baseURL(profile: "faithful", port: port),
            model: "mock-model",
            apiKeyEnvironmentVariable: nil
        )
    }

    @Test(arguments: try FixtureSuite.load("tool-choice").cases)
    func toolChoice(_ fixture: FixtureCase) async throws {
        try await MockServer.withRunning { port in
            _ = try await expectConformance(fixture, provider: Self.faithful(port))
        }
    }

    @Test(arguments: try FixtureSuite.load("parallel").cases + FixtureSuite.load("multi-turn").cases)
    func parallelAndMultiTurn(_ fixture: FixtureCase) async throws {
        try await MockServer.withRunning { port in
            _ = try await expectConformance(fixture, provider: Self.faithful(port))
        }
    }

    @Test(
        arguments: try FixtureSuite.load("irrelevance").cases + FixtureSuite.load("requests").cases
            + FixtureSuite.load("edge").cases + FixtureSuite.load("small-model").cases
    )
    func irrelevanceRequestsEdge(_ fixture: FixtureCase) async throws {
        try await MockServer.withRunning { port in
            _ = try await expectConformance(fixture, provider: Self.faithful(port))
        }
    }

    /// The README's example, verbatim: runs against the host in `VERIFIER_BASE_URL` when it is set
    /// (`verifier serve-mock` or a real provider), and is skipped otherwise.
    @Test(
        .enabled(if: ProcessInfo.processInfo.environment["VERIFIER_BASE_URL"] != nil, "set VERIFIER_BASE_URL to run"),
        arguments: try FixtureSuite.load("tool-choice").cases
    )
    func liveHost(_ fixture: FixtureCase) async throws {
        try await expectConformance(fixture, provider: .fromEnvironment())
    }

    /// The front end reports a broken contract as an issue that starts with the label.
    @Test func aBrokenContractIsAnIssueNamedByItsLabel() async throws {
        let fixture = try #require(try FixtureSuite.load("tool-choice").cases.first { $0.id.hasPrefix("none-") })
        try await MockServer.withRunning { port in
            let broken = ProviderConfiguration(
                name: "broken",
                baseURL: MockServer.baseURL(profile: "ignores-tool-choice-none", port: port),
                model: "mock-model",
                apiKeyEnvironmentVariable: nil
            )
            try await withKnownIssue {
                try await expectConformance(fixture, provider: broken)
            } matching: { issue in
                issue.comments.first?.rawValue.hasPrefix("contract.tool_choice_none [") ?? false
            }
        }
    }

    @Test func unknownSuiteNamesTheKnownOnes() {
        #expect {
            try FixtureSuite.load("no-such-suite")
        } throws: { error in
            (error as? VerifierError)?.message.contains("tool-choice") ?? false
        }
    }

    @Test func providerFromEnvironmentNeedsBaseURLAndModel() throws {
        #expect(throws: VerifierError.self) { try ProviderConfiguration.fromEnvironment([:]) }
        let provider = try ProviderConfiguration.fromEnvironment([
            "VERIFIER_BASE_URL": "http://127.0.0.1:9/v1", "VERIFIER_MODEL": "m", "VERIFIER_API_KEY_ENV": "none",
        ])
        #expect(provider.apiKeyEnvironmentVariable == nil)
        #expect(provider.chatCompletionsURL == "http://127.0.0.1:9/v1/chat/completions")
    }
}

/// Every labelled suite through the real pipeline: the faithful host passes all of them, and each
/// contract profile is caught with its own label, pointing at evidence that shows it.
@Suite("Contract profiles end to end", .timeLimit(.minutes(5)))
struct ContractProfileTests {
    static func run(_ profiles: [String], suites: [String], folder: String = TestPaths.temporaryDirectory("contract"))
        async throws -> [Scorecard]
    {
        let sources = try SuiteCatalog.load(fixtures: TestPaths.repositoryRoot + "/Fixtures", names: suites)
        return try await MockServer.withRunning { port in
            let candidates = profiles.map {
                ProviderConfiguration(
                    name: $0,
                    baseURL: MockServer.baseURL(profile: $0, port: port),
                    model: "mock-model",
                    apiKeyEnvironmentVariable: nil,
                    concurrency: 8
                )
            }
            let reference = ProviderConfiguration(
                name: "reference",
                baseURL: MockServer.baseURL(profile: "faithful", port: port),
                model: "mock-model",
                apiKeyEnvironmentVariable: nil,
                concurrency: 8
            )
            let run = VerificationRun(
                candidates: candidates,
                reference: reference,
                suites: sources,
                outputDirectory: folder
            )
            return try await HTTPClient.withVerifierClient { try await run.execute(httpClient: $0) }
        }
    }

    static let labelledSuites = [
        "tool-choice", "parallel", "multi-turn", "irrelevance", "requests", "edge", "usage", "schema",
    ]

    @Test func faithfulPassesEverySuite() async throws {
        let all = Self.labelledSuites + ["bfcl-answers", "streaming", "small-model"]
        let card = try #require(try await Self.run(["faithful"], suites: all).first)
        #expect(card.verdict == .pass, "\(card.verdictReason)")
        #expect(card.suites.map(\.name).sorted() == all.sorted())
        for suite in card.suites {
            #expect(suite.verdict == .pass, "\(suite.name): \(suite.scorecard.verdictReason)")
        }
        #expect(card.contract.denominator > 400)
        #expect(card.contract.numerator == card.contract.denominator)
        #expect(card.failures.sorted.isEmpty)
        // The scripted model misses some BFCL answers, as its reference twin does: information, not failures.
        let shared = card.labels.sorted.filter { $0.label.layer == .contract }
        #expect(!shared.isEmpty && shared.allSatisfy { $0.severity == .info })
    }

    @Test(arguments: MockProfile.contractProfiles)
    func profileIsCaughtWithItsLabel(_ profile: MockProfile) async throws {
        let folder = TestPaths.temporaryDirectory("contract-\(profile.name)")
        let card = try #require(try await Self.run([profile.name], suites: Self.labelledSuites, folder: folder).first)
        let expected = try #require(profile.expectedLabel)
        #expect(card.verdict == .fail, "\(card.verdictReason)")
        #expect(card.topFailure?.label.rawValue == expected, "\(card.failures.sorted.map(\.label.rawValue))")
        // The example's evidence pointer names the record that shows the defect: its findings carry the label,
        // or, for agreement with the reference (judged when pairing), its usage shows the count compared.
        let entry = try #require(card.failures.sorted.first { $0.label.rawValue == expected })
        let example = try #require(entry.examples.first)
        let parts = example.evidence.split(separator: ":")
        let line = try #require(Int(parts.last ?? ""))
        let text = try String(contentsOfFile: folder + "/" + String(parts[0]), encoding: .utf8)
        let record = try #require(text.split(separator: "\n").dropFirst(line - 1).first)
        if expected.hasPrefix("agree.") {
            #expect(record.contains("\"prompt_tokens\\\":"))
        } else {
            #expect(record.contains("\"\(expected)\""))
        }
        #expect(example.message.isEmpty == false)
    }
}
