import AsyncHTTPClient
import Foundation
import MockVendor
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The Anthropic Messages surface end to end, through the real pipeline against the mock host's `/v1/messages`:
/// the faithful host passes every suite there, streamed and not, judged against a reference on Chat (across
/// surfaces); each profile whose defect exists on Messages fails with its label, pointing at evidence that
/// shows it; `verifier score` judges the evidence again the same way.
@Suite("Messages surface end to end", .timeLimit(.minutes(6)))
struct MessagesSurfaceTests {
    static func provider(_ profile: String, port: Int, api: APISurface, name: String? = nil) -> ProviderConfiguration {
        var provider = ProviderConfiguration(
            name: name ?? profile,
            baseURL: MockServer.baseURL(profile: profile, port: port),
            model: "mock-model",
            apiKeyEnvironmentVariable: nil,
            concurrency: 8
        )
        provider.api = api
        return provider
    }

    /// Runs profiles on Messages against the faithful host on `referenceAPI`.
    static func run(
        _ profiles: [String],
        sources: [CaseSource],
        referenceAPI: APISurface = .messages,
        modes: ModeSelection = .recorded,
        casesPerSuite: Int? = nil,
        limit: Int? = nil,
        folder: String
    ) async throws -> [Scorecard] {
        try await MockServer.withRunning { port in
            var configuration = VerificationRun.Configuration(
                // As the Chat profile tests: a trigger-F1 gate a sampling-free faithful host always clears.
                reference: .init(
                    provider: provider("faithful", port: port, api: referenceAPI, name: "reference"),
                    gates: GateConfiguration(triggerF1: 0.95)
                ),
                output: .init(directory: folder)
            )
            configuration.transport.modes = modes
            configuration.limits.casesPerSuite = casesPerSuite
            configuration.limits.cases = limit
            let run = VerificationRun(
                candidates: profiles.map { provider($0, port: port, api: .messages) },
                sources: sources,
                configuration: configuration
            )
            return try await HTTPClient.withVerifierClient { try await run.execute(httpClient: $0) }
        }
    }

    static func suites(_ names: [String]) throws -> [CaseSource] {
        try SuiteCatalog.load(fixtures: TestPaths.repositoryRoot + "/Fixtures", names: names)
    }

    static let everySuite = ContractProfileTests.labelledSuites + ["bfcl-answers", "streaming", "small-model"]

    @Test func faithfulPassesEverySuiteOnMessagesAgainstAChatReference() async throws {
        let folder = TestPaths.temporaryDirectory("messages-faithful")
        let card = try #require(
            try await Self.run(
                ["faithful"],
                sources: Self.suites(Self.everySuite),
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
        #expect(card.streamedRequests > 200 && card.requests - card.streamedRequests > 200)
        #expect(card.wireErrorFree.value == 1)
        // What Messages cannot carry is listed with a reason, never sent half-way or silently left out.
        for entry in card.skippedCases {
            #expect(entry.surface == .messages && entry.reason.hasSuffix(")"))
        }
        let json = card.json
        #expect(json["surface"]?["cross_surface"] == true)
        #expect(json["surface"]?["skipped_cases"]?.arrayValue?.count == card.skippedCases.count)
        // The evidence keeps the Messages body as sent and the Chat form the judge read; scored again offline,
        // it gives the same verdict and figures.
        let evidence = try String(contentsOfFile: folder + "/evidence.jsonl", encoding: .utf8)
        let candidate = try #require(
            evidence.split(separator: "\n").lazy.compactMap { try? JSONValue.parse(String($0)) }
                .first { $0["role"] == "candidate" }
        )
        #expect(candidate["api"] == "messages")
        #expect(candidate["request"]?["max_tokens"] != nil && candidate["chat_request"]?["messages"] != nil)
        #expect(candidate["request_headers"]?["anthropic-version"] == "2023-06-01")
        let rescored = try EvidenceScorer.scorecard(path: folder + "/evidence.jsonl")
        #expect(rescored.verdict == card.verdict)
        #expect(rescored.requests == card.requests)
        #expect(rescored.skippedCases == card.skippedCases)
        #expect(rescored.triggerF1?.value == card.triggerF1?.value)
    }

    /// Profiles judged on replayed BFCL requests; the contract profiles need the labelled suites (below).
    static let replayProfiles = MockProfile.profiles(on: .messages).filter { !MockProfile.contractProfiles.contains($0) }

    @Test(arguments: replayProfiles)
    func profileGetsItsVerdictAndLabelOnMessages(_ profile: MockProfile) async throws {
        let folder = TestPaths.temporaryDirectory("messages-\(profile.name)")
        // BFCL spread over its whole file (calls and text answers) and the streaming replay (parallel calls), both
        // transports each.
        let bfcl = try ReplayFile.validate(path: TestPaths.bfclReplay)
        let streaming = try ReplayFile.validate(path: TestPaths.repositoryRoot + "/Fixtures/replay/streaming.jsonl")
        let card = try #require(
            try await Self.run(
                [profile.name],
                sources: [.replay(bfcl), .replay(streaming)],
                modes: .both,
                casesPerSuite: 60,
                folder: folder
            ).first
        )
        if let expected = profile.expectedLabel(on: .messages) {
            #expect(card.verdict == .fail, "\(card.verdictReason)")
            #expect(card.topFailure?.label.rawValue == expected, "\(card.failures.sorted.map(\.label.rawValue))")
            let example = try #require(card.topFailure?.examples.first)
            let line = try #require(Int(example.evidence.split(separator: ":").last ?? ""))
            let record = try MockProfileTests.evidenceLine(folder + "/evidence.jsonl", line)
            #expect(record["api"] == "messages")
            let recorded = (record["findings"]?.arrayValue ?? []).compactMap { $0["label"]?.stringValue }
            #expect(recorded.contains(expected))
        } else {
            #expect(card.verdict == .pass, "\(card.verdictReason)")
            #expect(card.failures.sorted.isEmpty, "\(card.failures.sorted.map(\.label.rawValue))")
            let warnings = Set(card.labels.sorted.filter { $0.severity == .warning }.map(\.label.rawValue))
            #expect(warnings == Set(profile.expectedWarnings(on: .messages)))
        }
    }

    @Test(arguments: MockProfile.contractProfiles.filter { $0.expectedLabel(on: .messages) != nil })
    func contractProfileIsCaughtOnMessages(_ profile: MockProfile) async throws {
        let folder = TestPaths.temporaryDirectory("messages-contract-\(profile.name)")
        let card = try #require(
            try await Self.run(
                [profile.name],
                sources: Self.suites(ContractProfileTests.labelledSuites),
                folder: folder
            ).first
        )
        let expected = try #require(profile.expectedLabel(on: .messages))
        #expect(card.verdict == .fail, "\(card.verdictReason)")
        #expect(card.topFailure?.label.rawValue == expected, "\(card.failures.sorted.map(\.label.rawValue))")
    }

    @Test func theKeyGoesAsXAPIKeyOnMessagesAndIsRedacted() throws {
        var provider = ProviderConfiguration(name: "m", baseURL: "https://h", model: "m", apiKeyEnvironmentVariable: "K")
        provider.api = .messages
        let client = try ProviderClient(
            provider: provider,
            httpClient: HTTPClient.shared,
            environment: ["K": "sk-ant-secret-123"]
        )
        let headers = Dictionary(uniqueKeysWithValues: client.recordedHeaders.map { ($0.name, $0.value) })
        #expect(headers["x-api-key"] == "[redacted]")
        #expect(headers["authorization"] == nil)
        #expect(headers["anthropic-version"] == "2023-06-01")
        #expect(client.secrets.contains("sk-ant-secret-123"))
    }

    /// `verifier plan --api messages` counts what Messages cannot express as skipped, before any traffic.
    @Test func planCountsTheCasesMessagesCannotExpress() throws {
        var candidate = ProviderConfiguration(name: "p@messages", baseURL: "https://h", model: "m")
        candidate.api = .messages
        let run = VerificationRun(
            candidates: [candidate],
            sources: try Self.suites(["requests"]),
            configuration: .init(output: .init(directory: TestPaths.temporaryDirectory("plan-messages")))
        )
        let plan = try RunPlan.make(run)
        let row = try #require(plan.rows.first)
        #expect(row.cases == 26 && row.inexpressible == 4 && row.candidateRequests == 22)
        #expect(plan.text.contains("4 case(s) cannot be expressed on Anthropic Messages"))
    }
}
