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
    ///
    /// The timeout covers the whole exchange, body included: a host that stalls mid-stream ends in
    /// `http.timeout` with what had arrived kept, never in a hang.
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

        let prepared = request
        let clock = ContinuousClock()
        let start = clock.now
        let timeout = provider.timeoutSeconds
        // AsyncHTTPClient's own deadline covers connecting and the response head (and reports why a
        // connection failed); this later one also covers a body that stalls.
        let deadline = start + .nanoseconds(Int64(timeout * 1e9)) + .milliseconds(250)
        // The exchange runs as a task that a NIO timer cancels at the deadline. A NIO timer is removed
        // when cancelled, unlike a cancelled `Task.sleep`, so memory stays flat however many requests run.
        let task = Task { await exchange(prepared, stream: stream, clock: clock, start: start, deadline: deadline) }
        let timer = httpClient.eventLoopGroup.any().scheduleTask(
            in: .nanoseconds(Int64(timeout * 1e9)) + .milliseconds(250)
        ) { task.cancel() }
        var raw = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        timer.cancel()
        if Task.isCancelled, raw.failure == nil {
            raw.failure = .init(label: .httpTimeout, message: "The request was cancelled before it completed.")
        }
        return raw
    }

    private func exchange(
        _ request: HTTPClientRequest,
        stream: Bool,
        clock: ContinuousClock,
        start: ContinuousClock.Instant,
        deadline: ContinuousClock.Instant
    ) async -> RawResponse {
        // `deadline` is the body deadline; reaching it cancels this task.
        let timeout = provider.timeoutSeconds
        var raw = RawResponse(status: nil)
        var collected: [UInt8] = []
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(timeout * 1e9)))
            raw.headersMilliseconds = Self.milliseconds(clock.now - start)
            raw.status = Int(response.status.code)
            raw.headers = response.headers.map { (name: $0.name.lowercased(), value: $0.value) }
                .filter { $0.name != "set-cookie" }
            for try await buffer in response.body {
                if stream || raw.arrivals.isEmpty {
                    raw.arrivals.append(
                        .init(offset: collected.count, milliseconds: Self.milliseconds(clock.now - start))
                    )
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
        } catch {
            if Task.isCancelled || clock.now >= deadline {
                let what = raw.status == nil ? "no response head" : "\(collected.count) body bytes"
                raw.failure = .init(
                    label: .httpTimeout,
                    message: "No complete response within the \(timeout)-second timeout (\(what) had arrived)."
                )
            } else {
                raw.failure = Self.failure(for: error, timeout: timeout)
            }
        }
        raw.body = collected
        raw.totalMilliseconds = Self.milliseconds(clock.now - start)
        return raw
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func failure(for error: any Error, timeout: Double) -> RawResponse.TransportFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .getConnectionFromPoolTimeout,
                .tlsHandshakeTimeout:
                return .init(
                    label: .httpTimeout,
                    message: "No complete response within the \(timeout)-second timeout (\(error))."
                )
            case .remoteConnectionClosed:
                return .init(
                    label: .httpConnection,
                    message: "The host closed the connection before the response was complete."
                )
            default:
                return .init(label: .httpConnection, message: "The exchange failed: \(error).")
            }
        }
        if error is CancellationError {
            return .init(label: .httpTimeout, message: "The request was cancelled before it completed.")
        }
        return .init(
            label: .httpConnection,
            message: "The connection failed: \(String(describing: error).clipped(300))"
        )
    }
}

/// The verifier's version, written into reports and the User-Agent.
public enum VerifierVersion {
    /// The current version.
    public static let current = "0.1.0"
}
