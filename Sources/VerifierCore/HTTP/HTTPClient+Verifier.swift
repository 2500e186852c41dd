import AsyncHTTPClient
import JSONSchema
import NIOCore
import VerifierJudging

extension HTTPClient {
    /// The client configuration the verifier uses: no redirects (a redirect is reported, not followed),
    /// a 10-second connect timeout, and a connection pool wide enough for every provider's concurrency.
    /// - Parameter connectionsPerHost: Connections allowed to one host at once.
    /// - Returns: The configuration.
    public static func verifierConfiguration(connectionsPerHost: Int = 256) -> Configuration {
        var configuration = Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost
        )
        return configuration
    }

    /// Runs `body` with a verifier-configured client that is shut down afterwards.
    /// - Parameters:
    ///   - connectionsPerHost: Connections allowed to one host at once.
    ///   - body: The work.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public static func withVerifierClient<T>(
        connectionsPerHost: Int = 256,
        _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        try await withHTTPClient(configuration: verifierConfiguration(connectionsPerHost: connectionsPerHost), body)
    }
}
