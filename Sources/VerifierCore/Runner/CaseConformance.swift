import AsyncHTTPClient
import Foundation
import JSONSchema
import VerifierJudging

/// Checks one labelled case against one provider, outside a run: every mode and repeat is sent,
/// judged by the wire, stream and schema checks and by the case's contract, optionally against a
/// reference. The Swift Testing front end (`VerifierTesting`) is built on it.
///
/// ```swift
/// let items = try await CaseConformance.check(fixture, provider: host, httpClient: .shared)
/// items.flatMap(\.failures)   // error-severity findings, each with its label
/// ```
public enum CaseConformance {
    /// One answer of the case.
    public struct Item: Sendable {
        /// Whether it was streamed.
        public var streamed: Bool
        /// 1-based repeat.
        public var repeatIndex: Int
        /// The HTTP status, if a response head arrived.
        public var status: Int?
        /// Every finding (errors and warnings).
        public var findings: [Finding]
        /// The first bytes of the response body, for messages.
        public var excerpt: String

        /// The error-severity findings: what makes the case fail.
        public var failures: [Finding] { findings.filter { $0.severity == .error } }

        /// `stream`/`nonstream`, with the repeat when there are several.
        public var mode: String { streamed ? "stream" : "nonstream" }
    }

    /// Sends the case to `provider` (and `reference`, when given) and judges every answer.
    /// - Parameters:
    ///   - fixture: The case.
    ///   - provider: The provider under test.
    ///   - reference: A reference provider to weigh contract failures and status probes against.
    ///   - httpClient: The HTTP client (owned by the caller).
    ///   - environment: Where API keys are read from.
    /// - Returns: One item per mode and repeat.
    /// - Throws: ``VerifierError`` `.missingKey` when a key is not set.
    public static func check(
        _ fixture: FixtureCase,
        provider: ProviderConfiguration,
        reference: ProviderConfiguration? = nil,
        httpClient: HTTPClient,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(VerifierError) -> [Item] {
        let client = try ProviderClient(provider: provider, httpClient: httpClient, environment: environment)
        let referenceClient = try reference.map { configuration throws(VerifierError) in
            try ProviderClient(provider: configuration, httpClient: httpClient, environment: environment)
        }
        let judge = ResponseJudge()
        let expectation = fixture.expectation
        var items: [Item] = []
        for repeatIndex in 1...fixture.repeatCount {
            func exchange(_ client: ProviderClient, _ request: ChatRequest, streamed: Bool) async -> (
                JudgedExchange, RawResponse
            ) {
                let prepared = request.prepared(
                    model: client.provider.model,
                    stream: streamed,
                    extraBody: client.provider.extraBody
                )
                let response = client.scrub(await client.send(body: prepared.serializedBytes(), stream: streamed))
                    .roundedTimings()
                let judgement = judge.judge(
                    request: ChatRequest(body: prepared),
                    streamed: streamed,
                    response: response
                )
                let name = client.provider.name
                return (
                    JudgedExchange(
                        caseID: fixture.qualifiedID,
                        streamed: streamed,
                        evidence: "\(name)'s answer",
                        judgement: judgement
                    ),
                    response
                )
            }
            var primaries: [(JudgedExchange, RawResponse)] = []
            var references: [JudgedExchange] = []
            var variants: [JudgedExchange] = []
            for streamed in fixture.modes.flags {
                primaries.append(await exchange(client, fixture.request, streamed: streamed))
                if let referenceClient {
                    references.append(await exchange(referenceClient, fixture.request, streamed: streamed).0)
                }
                if expectation.reasoningKept {
                    variants.append(
                        await exchange(
                            client,
                            ReasoningPassthrough.withoutReasoning(fixture.request),
                            streamed: streamed
                        ).0
                    )
                }
            }
            // The same judge as a run: parity between the modes, the contract, the reference's share, agreement.
            let outcome = CaseJudge().judge(
                CaseExchanges(
                    caseID: fixture.qualifiedID,
                    suite: fixture.suite,
                    request: fixture.request,
                    expectation: expectation,
                    policy: fixture.policy,
                    promptTokenTolerance: fixture.promptTokenTolerance,
                    primaries: primaries.map(\.0),
                    references: references,
                    twin: nil,
                    withoutReasoning: variants
                )
            )
            for (pair, (_, response)) in zip(outcome.pairs, primaries) {
                let findings = pair.candidate.judgement.findings
                let excerpt = String(decoding: response.body.prefix(240), as: UTF8.self)
                    .replacingOccurrences(of: "\n", with: " ")
                items.append(
                    Item(
                        streamed: pair.candidate.streamed,
                        repeatIndex: repeatIndex,
                        status: pair.candidate.judgement.status,
                        findings: findings,
                        excerpt: excerpt
                    )
                )
            }
        }
        return items
    }
}
