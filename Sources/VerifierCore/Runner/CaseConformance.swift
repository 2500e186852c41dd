import AsyncHTTPClient
import Foundation

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
            for streamed in fixture.modes.flags {
                func exchange(_ client: ProviderClient, _ request: ChatRequest) async -> (
                    ExchangeJudgement, RawResponse
                ) {
                    let body = request.prepared(
                        model: client.provider.model,
                        stream: streamed,
                        extraBody: client.provider.extraBody
                    ).serializedBytes()
                    let response = client.scrub(await client.send(body: body, stream: streamed)).roundedTimings()
                    return (judge.judge(request: request, streamed: streamed, response: response), response)
                }
                let (answer, response) = await exchange(client, fixture.request)
                var referenceAnswer: ExchangeJudgement?
                if let referenceClient { referenceAnswer = await exchange(referenceClient, fixture.request).0 }
                var withoutReasoning: ExchangeJudgement?
                if expectation.reasoningKept {
                    withoutReasoning = await exchange(client, ReasoningPassthrough.withoutReasoning(fixture.request)).0
                }
                var findings = answer.findings
                if expectation.isLabelled {
                    let context = ContractContext(
                        request: fixture.request,
                        expectation: expectation,
                        policy: fixture.policy,
                        promptTokenTolerance: fixture.promptTokenTolerance,
                        answer: answer,
                        reference: referenceAnswer,
                        referenceEvidence: reference.map { "\($0.name)'s answer" },
                        withoutReasoning: withoutReasoning
                    )
                    findings = VerificationRun.merge(
                        findings,
                        contract: ContractJudge().findings(in: context),
                        status: answer.status
                    )
                }
                if let referenceAnswer, let mine = answer.promptTokens, let theirs = referenceAnswer.promptTokens,
                    let finding = PromptTokens.compare(
                        provider: mine,
                        expected: theirs,
                        tolerance: GateConfiguration().promptTokenTolerance,
                        source: "the reference"
                    )
                {
                    findings.append(finding)
                }
                let excerpt = String(decoding: response.body.prefix(240), as: UTF8.self)
                    .replacingOccurrences(of: "\n", with: " ")
                items.append(
                    Item(
                        streamed: streamed,
                        repeatIndex: repeatIndex,
                        status: answer.status,
                        findings: findings,
                        excerpt: excerpt
                    )
                )
            }
        }
        return items
    }
}
