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

        let clock = ContinuousClock()
        let start = clock.now
        let timeout = provider.timeoutSeconds
        var raw = RawResponse(status: nil)
        // Phase 1: connect, send, receive the head. AsyncHTTPClient's deadline governs it and reports why a
        // connection failed (refused, reset, TLS) rather than a bare timeout.
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(timeout * 1e9)))
        } catch {
            raw.failure = Self.failure(for: error, timeout: timeout)
            raw.totalMilliseconds = Self.milliseconds(clock.now - start)
            return raw
        }
        raw.headersMilliseconds = Self.milliseconds(clock.now - start)
        raw.status = Int(response.status.code)
        raw.headers = response.headers.map { (name: $0.name.lowercased(), value: $0.value) }
            .filter { $0.name != "set-cookie" }
        // Phase 2: the body, which AsyncHTTPClient's deadline does not cover. It runs as a task that a NIO
        // timer cancels when the rest of the timeout has passed; a NIO timer is removed when cancelled,
        // unlike a cancelled `Task.sleep`, so memory stays flat however many requests run.
        let remaining = max(timeout * 1e9 - Self.milliseconds(clock.now - start) * 1e6, 0)
        let cap = provider.maxResponseBytes
        let body = response.body
        let task = Task { await Self.collect(body, stream: stream, cap: cap, clock: clock, start: start) }
        let timer = httpClient.eventLoopGroup.any().scheduleTask(in: .nanoseconds(Int64(remaining))) { task.cancel() }
        let collected = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        timer.cancel()
        raw.body = collected.bytes
        raw.arrivals = collected.arrivals
        if let failure = collected.failure {
            raw.failure = failure
        } else if collected.interrupted {
            raw.failure = .init(
                label: .httpTimeout,
                message:
                    "No complete response within the \(timeout)-second timeout (\(collected.bytes.count) body bytes "
                    + "had arrived)."
            )
        }
        raw.totalMilliseconds = Self.milliseconds(clock.now - start)
        return raw
    }

    private struct CollectedBody: Sendable {
        var bytes: [UInt8] = []
        var arrivals: [RawResponse.ChunkArrival] = []
        var failure: RawResponse.TransportFailure?
        /// Cancelled (the timeout) or cut by the connection.
        var interrupted = false
    }

    private static func collect(
        _ body: HTTPClientResponse.Body,
        stream: Bool,
        cap: Int,
        clock: ContinuousClock,
        start: ContinuousClock.Instant
    ) async -> CollectedBody {
        var collected = CollectedBody()
        do {
            for try await buffer in body {
                if stream || collected.arrivals.isEmpty {
                    collected.arrivals.append(
                        .init(offset: collected.bytes.count, milliseconds: milliseconds(clock.now - start))
                    )
                }
                let room = cap - collected.bytes.count
                if buffer.readableBytes > room {
                    collected.bytes.append(contentsOf: buffer.readableBytesView.prefix(max(room, 0)))
                    collected.failure = .init(
                        label: .httpBodyTooLarge,
                        message: "The body exceeded the \(cap)-byte cap and was cut."
                    )
                    break
                }
                collected.bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            if Task.isCancelled {
                collected.interrupted = true
            } else if stream {
                // A stream whose connection closes early is judged as what arrived: the stream checks
                // then say what is missing (`stream.truncated`, `stream.no_done`).
                collected.failure = .init(
                    label: .streamTruncated,
                    message: "The connection closed after \(collected.bytes.count) body bytes, before the stream ended."
                )
            } else {
                collected.failure = .init(
                    label: .httpConnection,
                    message:
                        "The connection broke after \(collected.bytes.count) body bytes: \(String(describing: error).clipped(200))"
                )
            }
        }
        return collected
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
