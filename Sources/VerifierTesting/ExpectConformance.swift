import AsyncHTTPClient
import Testing
import VerifierCore

/// Sends a labelled case to a provider and records one Swift Testing issue per failing answer,
/// starting with the failure label: `contract.tool_choice_none [stream]: The request set …`.
///
/// Warnings (tolerated variants, failures the reference shares) are not issues. A missing key or an
/// unusable configuration throws, so the test errors instead of passing silently.
/// - Parameters:
///   - fixture: The case, from ``VerifierCore/FixtureSuite/load(_:)``.
///   - provider: The provider under test (for example ``VerifierCore/ProviderConfiguration/fromEnvironment(_:)``).
///   - reference: A reference to weigh contract failures and request probes against.
///   - httpClient: The HTTP client; the shared one by default.
///   - sourceLocation: Where the issue is reported.
/// - Returns: The judged answers, for further expectations.
@discardableResult
public func expectConformance(
    _ fixture: FixtureCase,
    provider: ProviderConfiguration,
    reference: ProviderConfiguration? = nil,
    httpClient: HTTPClient = .shared,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> [CaseConformance.Item] {
    let items = try await CaseConformance.check(
        fixture,
        provider: provider,
        reference: reference,
        httpClient: httpClient
    )
    for item in items {
        let failures = item.failures
        guard let primary = failures.primary else { continue }
        let repeatText = fixture.repeatCount > 1 ? " #\(item.repeatIndex)" : ""
        var message = "\(primary.label) [\(item.mode)\(repeatText)]: \(primary.message)"
        let others = Set(failures.map(\.label)).subtracting([primary.label]).map(\.rawValue).sorted()
        if !others.isEmpty { message += "\nalso: \(others.joined(separator: ", "))" }
        message +=
            "\ncase \(fixture.qualifiedID) (\(fixture.location)), HTTP \(item.status.map(String.init) ?? "none"): \(item.excerpt)"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
    return items
}
