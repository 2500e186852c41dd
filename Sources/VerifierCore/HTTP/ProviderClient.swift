import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends Chat Completions requests to one provider and records the raw exchange.
///
/// The client never interprets a response; it records status, headers, body bytes (up to a cap)
/// and timings into a ``RawResponse``. It never throws for anything a provider does: transport
/// failures become ``RawResponse/TransportFailure`` values.
///
/// The API key is held only in memory, sent only in the `Authorization` header, and never recorded.
public struct ProviderClient: Sendable {
    /// The provider.
    public let provider: ProviderConfiguration
    private let httpClient: HTTPClient
    private let authorization: String?
    private let headers: [(String, String)]

    /// Creates a client, reading the key and `${ENV}` header values from the environment.
    /// - Parameters:
    ///   - provider: The provider.
    ///   - httpClient: A shared HTTP client; the caller owns its lifetime.
    ///   - environment: The environment to read secrets from.
    /// - Throws: ``VerifierError`` with code `.missingKey` when a named variable is not set.
    public init(
        provider: ProviderConfiguration,
        httpClient: HTTPClient,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(VerifierError) {
        self.provider = provider
        self.httpClient = httpClient
        if let variable = provider.apiKeyEnvironmentVariable {
            guard let key = environment[variable], !key.isEmpty else {
                throw VerifierError(
                    .missingKey,
                    "Provider `\(provider.name)` needs an API key in the environment variable \(variable), which is not set. "
                        + "Export it, or set `api_key_env: none` for a host without authentication."
                )
            }
            self.authorization = "Bearer \(key)"
        } else {
            self.authorization = nil
        }
        var resolved: [(String, String)] = []
        for header in provider.headers {
            if header.value.hasPrefix("${"), header.value.hasSuffix("}") {
                let variable = String(header.value.dropFirst(2).dropLast())
                guard let value = environment[variable] else {
                    throw VerifierError(
                        .missingKey,
                        "Provider `\(provider.name)` header \(header.name) reads the environment variable \(variable), which is not set."
                    )
                }
                resolved.append((header.name, value))
            } else {
                resolved.append((header.name, header.value))
            }
        }
        self.headers = resolved
    }

    /// Sends one request body and records what comes back.
    /// - Parameters:
    ///   - body: The exact bytes to send.
    ///   - stream: Whether the body asks for a stream (arrival times are then recorded per chunk).
    ///   - url: Overrides the endpoint (used for in-process mock hosts).
    /// - Returns: The raw exchange; never throws.
    public func send(body: [UInt8], stream: Bool, url: String? = nil) async -> RawResponse {
        var request = HTTPClientRequest(url: url ?? provider.chatCompletionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: stream ? "text/event-stream" : "application/json")
        request.headers.add(name: "User-Agent", value: "vendor-verifier/\(VerifierVersion.current)")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))

        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Double {
            let duration = clock.now - start
            return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        var raw = RawResponse(status: nil)
        do {
            let timeout = TimeAmount.nanoseconds(Int64(provider.timeoutSeconds * 1e9))
            let response = try await httpClient.execute(request, deadline: .now() + timeout)
            raw.headersMilliseconds = elapsed()
            raw.status = Int(response.status.code)
            raw.headers = response.headers.map { (name: $0.name.lowercased(), value: $0.value) }
                .filter { $0.name != "set-cookie" }
            var collected: [UInt8] = []
            for try await buffer in response.body {
                if stream || raw.arrivals.isEmpty {
                    raw.arrivals.append(.init(offset: collected.count, milliseconds: elapsed()))
                }
                let room = provider.maxResponseBytes - collected.count
                if buffer.readableBytes > room {
                    collected.append(contentsOf: buffer.readableBytesView.prefix(max(room, 0)))
                    raw.failure = .init(
                        label: .httpBodyTooLarge,
                        message: "The body exceeded the \(provider.maxResponseBytes)-byte cap and was cut."
                    )
                    break
                }
                collected.append(contentsOf: buffer.readableBytesView)
            }
            raw.body = collected
        } catch {
            raw.failure = Self.failure(for: error, timeout: provider.timeoutSeconds)
        }
        raw.totalMilliseconds = elapsed()
        return raw
    }

    static func failure(for error: any Error, timeout: Double) -> RawResponse.TransportFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .getConnectionFromPoolTimeout,
                .tlsHandshakeTimeout:
                return .init(label: .httpTimeout, message: "No complete response within the \(timeout)-second timeout (\(error)).")
            case .remoteConnectionClosed:
                return .init(label: .httpConnection, message: "The host closed the connection before the response was complete.")
            default:
                return .init(label: .httpConnection, message: "The exchange failed: \(error).")
            }
        }
        if error is CancellationError {
            return .init(label: .httpTimeout, message: "The request was cancelled before it completed.")
        }
        return .init(label: .httpConnection, message: "The connection failed: \(String(describing: error).clipped(300))")
    }
}

/// The verifier's version, written into reports and the User-Agent.
public enum VerifierVersion {
    /// The current version.
    public static let current = "0.1.0"
}
