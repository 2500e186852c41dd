import VerifierCore

/// Starts the in-process mock host when a configuration names `mock://<profile>` providers.
public enum MockHosting {
    /// Runs `body` with endpoint URLs for every `mock://` provider (on its API surface), serving them in process.
    ///
    /// Without mock providers no server starts and `body` receives an empty map.
    /// - Parameters:
    ///   - providers: The providers of the run.
    ///   - body: The work; receives URL overrides by provider name.
    /// - Returns: What `body` returns.
    /// - Throws: ``VerifierError`` with code `.invalidConfiguration` for an unknown profile, or what `body` throws.
    public static func withEndpoints<T: Sendable>(
        for providers: [ProviderConfiguration],
        _ body: @Sendable ([String: String]) async throws -> T
    ) async throws -> T {
        let mocks = providers.compactMap { provider in provider.mockProfile.map { (provider.name, $0) } }
        guard !mocks.isEmpty else { return try await body([:]) }
        for (name, profile) in mocks where MockServer.profilePath(profile).flatMap({ MockProfile.named($0.name) }) == nil {
            let known = MockProfile.served.map(\.name).joined(separator: ", ")
            throw VerifierError(
                .invalidConfiguration,
                "Provider `\(name)` uses mock://\(profile), but there is no such mock profile; known: \(known) "
                    + "(each may take knobs: +flips<N> samples with N % of its auto decisions flipped, +seed<N> sets the "
                    + "sampling seed, +rate<N> applies its fault to N % of answers)."
            )
        }
        return try await MockServer.withRunning { port in
            var overrides: [String: String] = [:]
            for (name, profile) in mocks {
                // Each provider's URL is its surface's endpoint (`…/v1/chat/completions`, `…/v1/messages`).
                let api = providers.first { $0.name == name }?.api ?? .chat
                overrides[name] = api.endpoint(baseURL: MockServer.baseURL(profile: profile, port: port))
            }
            return try await body(overrides)
        }
    }
}
