import AsyncHTTPClient
import Foundation
import MockVendor
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The OpenAI Responses surface end to end, through the real pipeline against the mock host's `/v1/responses`:
/// the faithful host passes every suite there, streamed and not, judged against a reference on Chat and against
/// one on Responses; each profile whose defect exists on Responses fails with its label, pointing at evidence
/// that shows it; `verifier score` judges the evidence again the same way.
@Suite("Responses surface end to end", .timeLimit(.minutes(6)))
struct ResponsesSurfaceTests {
    typealias M = MessagesSurfaceTests

    /// Runs profiles on `api` against the faithful host on `referenceAPI`.
    static func run(
        _ profiles: [String],
        sources: [CaseSource],
        api: APISurface = .responses,
        referenceAPI: APISurface = .responses,
        modes: ModeSelection = .recorded,
        casesPerSuite: Int? = nil,
        folder: String
    ) async throws -> [Scorecard] {
        try await MockServer.withRunning { port in
            var configuration = VerificationRun.Configuration(
                reference: .init(
                    provider: M.provider("faithful", port: port, api: referenceAPI, name: "reference"),
                    gates: GateConfiguration(triggerF1: 0.95)
                ),
                output: .init(directory: folder)
            )
            configuration.transport.modes = modes
            configuration.limits.casesPerSuite = casesPerSuite
            let run = VerificationRun(
                candidates: profiles.map { M.provider($0, port: port, api: api) },
                sources: sources,
                configuration: configuration
            )
            return try await HTTPClient.withVerifierClient { try await run.execute(httpClient: $0) }
        }
    }

    @Test func faithfulPassesEverySuiteOnResponsesAgainstAChatReference() async throws {
        let folder = TestPaths.temporaryDirectory("responses-faithful")
        let card = try #require(
            try await Self.run(
                ["faithful"],
                sources: M.suites(M.everySuite),
                referenceAPI: .chat,
                modes: .both,
                folder: folder
            ).first
        )
        #expect(card.verdict == .pass, "\(card.verdictReason)")
        #expect(card.crossSurface)
        for suite in card.suites {
            #expect(suite.verdict == .pass, "\(suite.name): \(suite.scorecard.verdictReason)")
        }
        #expect(card.failures.sorted.isEmpty, "\(card.failures.sorted.map(\.label.rawValue))")
        let notInfo = card.labels.sorted.filter { $0.severity != .info }
        #expect(notInfo.isEmpty, "\(notInfo.map(\.label.rawValue))")
        #expect(card.streamedRequests > 200 && card.requests - card.streamedRequests > 200)
        #expect(card.wireErrorFree.value == 1)
        for entry in card.skippedCases {
            #expect(entry.surface == .responses && entry.reason.hasSuffix(")"))
        }
        #expect(card.json["surface"]?["candidate"] == "responses")
        // The evidence keeps the Responses body as sent and the Chat form the judge read; scored again offline,
        // it gives the same verdict and figures.
        let evidence = try String(contentsOfFile: folder + "/evidence.jsonl", encoding: .utf8)
        let candidate = try #require(
            evidence.split(separator: "\n").lazy.compactMap { try? JSONValue.parse(String($0)) }
                .first { $0["role"] == "candidate" }
        )
        #expect(candidate["api"] == "responses")
        #expect(candidate["request"]?["input"] != nil && candidate["request"]?["store"] == false)
        #expect(candidate["chat_request"]?["messages"] != nil)
        let rescored = try EvidenceScorer.scorecard(path: folder + "/evidence.jsonl")
        #expect(rescored.verdict == card.verdict)
        #expect(rescored.requests == card.requests)
        #expect(rescored.skippedCases == card.skippedCases)
        #expect(rescored.triggerF1?.value == card.triggerF1?.value)
    }

    /// A reference on Responses: the faithful host on Responses against it (one surface), and on Chat against it
    /// (across surfaces, the other way round).
    @Test(arguments: [APISurface.responses, .chat])
    func faithfulPassesAgainstAResponsesReference(_ api: APISurface) async throws {
        let folder = TestPaths.temporaryDirectory("responses-reference-\(api)")
        let card = try #require(
            try await Self.run(
                ["faithful"],
                sources: M.suites(ContractProfileTests.labelledSuites),
                api: api,
                referenceAPI: .responses,
                modes: .both,
                casesPerSuite: 12,
                folder: folder
            ).first
        )
        #expect(card.verdict == .pass, "\(card.verdictReason)")
        #expect(card.crossSurface == (api != .responses))
        #expect(card.failures.sorted.isEmpty, "\(card.failures.sorted.map(\.label.rawValue))")
        #expect(card.json["surface"]?["reference"] == "responses")
    }

    /// Profiles judged on replayed BFCL requests; the contract profiles need the labelled suites (below).
    static let replayProfiles = MockProfile.profiles(on: .responses).filter { !MockProfile.contractProfiles.contains($0) }

    @Test(arguments: replayProfiles)
    func profileGetsItsVerdictAndLabelOnResponses(_ profile: MockProfile) async throws {
        let folder = TestPaths.temporaryDirectory("responses-\(profile.name)")
        let bfcl = try ReplayFile.validate(path: TestPaths.bfclReplay)
        let streaming = try ReplayFile.validate(path: TestPaths.repositoryRoot + "/Fixtures/replay/streaming.jsonl")
        let card = try #require(
            try await Self.run(
                [profile.name],
                sources: [.replay(bfcl), .replay(streaming)],
                referenceAPI: .chat,
                modes: .both,
                casesPerSuite: 60,
                folder: folder
            ).first
        )
        if let expected = profile.expectedLabel(on: .responses) {
            #expect(card.verdict == .fail, "\(card.verdictReason)")
            #expect(card.topFailure?.label.rawValue == expected, "\(card.failures.sorted.map(\.label.rawValue))")
            let example = try #require(card.topFailure?.examples.first)
            let line = try #require(Int(example.evidence.split(separator: ":").last ?? ""))
            let record = try MockProfileTests.evidenceLine(folder + "/evidence.jsonl", line)
            #expect(record["api"] == "responses")
            let recorded = (record["findings"]?.arrayValue ?? []).compactMap { $0["label"]?.stringValue }
            #expect(recorded.contains(expected))
        } else {
            #expect(card.verdict == .pass, "\(card.verdictReason)")
            #expect(card.failures.sorted.isEmpty, "\(card.failures.sorted.map(\.label.rawValue))")
            let warnings = Set(card.labels.sorted.filter { $0.severity == .warning }.map(\.label.rawValue))
            #expect(warnings == Set(profile.expectedWarnings(on: .responses)))
        }
    }

    @Test(arguments: MockProfile.contractProfiles.filter { $0.expectedLabel(on: .responses) != nil })
    func contractProfileIsCaughtOnResponses(_ profile: MockProfile) async throws {
        let folder = TestPaths.temporaryDirectory("responses-contract-\(profile.name)")
        let card = try #require(
            try await Self.run(
                [profile.name],
                sources: M.suites(ContractProfileTests.labelledSuites),
                referenceAPI: .chat,
                folder: folder
            ).first
        )
        let expected = try #require(profile.expectedLabel(on: .responses))
        #expect(card.verdict == .fail, "\(card.verdictReason)")
        #expect(card.topFailure?.label.rawValue == expected, "\(card.failures.sorted.map(\.label.rawValue))")
    }

    @Test func theKeyGoesAsABearerTokenOnResponsesAndIsRedacted() throws {
        var provider = ProviderConfiguration(name: "r", baseURL: "https://h/v1", model: "m", apiKeyEnvironmentVariable: "K")
        provider.api = .responses
        let client = try ProviderClient(provider: provider, httpClient: HTTPClient.shared, environment: ["K": "sk-secret-456"])
        let headers = Dictionary(uniqueKeysWithValues: client.recordedHeaders.map { ($0.name, $0.value) })
        #expect(headers["authorization"] == "Bearer [redacted]")
        #expect(headers["anthropic-version"] == nil)
        #expect(client.secrets.contains("sk-secret-456"))
        #expect(provider.endpointURL == "https://h/v1/responses")
    }

    /// `verifier plan --api responses` counts what Responses cannot express as skipped, before any traffic.
    @Test func planCountsTheCasesResponsesCannotExpress() throws {
        var candidate = ProviderConfiguration(name: "p@responses", baseURL: "https://h", model: "m")
        candidate.api = .responses
        let run = VerificationRun(
            candidates: [candidate],
            sources: try M.suites(["requests"]),
            configuration: .init(output: .init(directory: TestPaths.temporaryDirectory("plan-responses")))
        )
        let plan = try RunPlan.make(run)
        let row = try #require(plan.rows.first)
        let suite = try FixtureSuite.load(path: TestPaths.repositoryRoot + "/Fixtures/suites/requests.json")
        let inexpressible = suite.cases.filter { ResponsesTranslation.translate($0.request.body).reason != nil }.count
        // Every case of `requests` can be asked on Responses: its invalid requests stay invalid there (an unknown
        // role, a tool of an unknown type, a result without an id), and a system message mid-conversation is an
        // input item. Only `stop` sequences and `n` > 1 cannot (the table test has them).
        #expect(inexpressible == 0)
        #expect(row.cases == suite.cases.count && row.inexpressible == 0)
        #expect(row.candidateRequests == row.cases)
        #expect(!plan.text.contains("cannot be expressed"))
    }
}
