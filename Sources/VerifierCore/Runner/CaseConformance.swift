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
        // The same path as a run: prepare → send → judge each answer → judge the case (parity between the
        // modes, the contract, the reference's share, agreement), with no evidence file.
        let execution = CaseExecution(
            candidates: [try Lane(provider: provider, httpClient: httpClient, environment: environment)],
            reference: try reference.map { configuration throws(VerifierError) in
                try Lane(provider: configuration, httpClient: httpClient, environment: environment)
            },
            checkParity: false,
            caseJudge: CaseJudge()
        )
        var items: [Item] = []
        for repeatIndex in 0..<fixture.repeatCount {
            let runCase = RunCase(fixture: fixture, repeatIndex: repeatIndex, modes: .recorded)
            let delivered = await execution.deliver(runCase, jobs: execution.jobs(for: runCase, skipping: []))
            let judged = execution.judgeCase(runCase, candidate: 0, delivered) { _, role, provider in
                "\(provider)'s \(role == "candidate" ? "answer" : role + " answer")"
            }
            let responses = delivered.exchanges(.candidate(0), .primary).map(\.response)
            for (pair, response) in zip(judged.pairs, responses) {
                let excerpt = String(decoding: response.body.prefix(240), as: UTF8.self)
                    .replacingOccurrences(of: "\n", with: " ")
                items.append(
                    Item(
                        streamed: pair.candidate.streamed,
                        repeatIndex: repeatIndex + 1,
                        status: pair.candidate.judgement.status,
                        findings: pair.candidate.judgement.findings,
                        excerpt: excerpt
                    )
                )
            }
        }
        return items
    }
}
