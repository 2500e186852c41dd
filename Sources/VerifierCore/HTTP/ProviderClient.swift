import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOCore
import NIOHTTP1
import Synchronization
import VerifierJudging

/// Sends requests to one provider on its API surface and records the raw exchange.
///
/// The client never interprets a response; it records status, headers, body bytes (up to a cap)
/// and timings into a ``RawResponse``. It never throws for anything a provider does: transport
/// failures become ``RawResponse/TransportFailure`` values.
///
/// The API key is held only in memory, sent only in the `Authorization` header (or `x-api-key`, as the
/// provider's `auth` says), and never recorded.
public struct ProviderClient: Sendable {
    /// The provider.
    public let provider: ProviderConfiguration
    private let httpClient: HTTPClient
    private let authorization: String?
    private let apiKey: String?
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
            self.apiKey = key
            self.authorization = provider.effectiveAuthentication == .bearer ? "Bearer \(key)" : nil
        } else {
            self.apiKey = nil
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

    /// The secrets this client sends (the key, and header values read from the environment), which
    /// ``scrub(_:)`` removes from anything recorded.
    public var secrets: [String] {
        var values: [String] = []
        if let authorization { values.append(authorization) }
        if let apiKey { values.append(apiKey) }
        for (index, header) in provider.headers.enumerated() where header.value.hasPrefix("${") {
            values.append(headers[index].1)
        }
        return values.filter { $0.count >= 6 }.sorted { $0.count > $1.count }
    }

    /// The response with every secret this client sent replaced by `[redacted]`: a host that echoes
    /// credentials (some gateways put the key in their error message) must not put it into evidence.
    /// - Parameter response: The response as received.
    /// - Returns: The response safe to record.
    public func scrub(_ response: RawResponse) -> RawResponse {
        let secrets = self.secrets
        guard !secrets.isEmpty else { return response }
        var copy = response
        for secret in secrets {
            let needle = Array(secret.utf8)
            if copy.body.count >= needle.count, Self.contains(copy.body, needle) {
                copy.body = Self.replacing(copy.body, needle, with: Array("[redacted]".utf8))
            }
            copy.headers = copy.headers.map { header in
                (name: header.name, value: header.value.replacingOccurrences(of: secret, with: "[redacted]"))
            }
            if var failure = copy.failure {
                failure.message = failure.message.replacingOccurrences(of: secret, with: "[redacted]")
                copy.failure = failure
            }
        }
        return copy
    }

    /// The request headers as recorded in evidence: the key and environment-provided values redacted.
    public var recordedHeaders: [(name: String, value: String)] {
        var recorded: [(name: String, value: String)] = [("content-type", "application/json")]
        if authorization != nil { recorded.append(("authorization", "Bearer [redacted]")) }
        if apiKey != nil, authorization == nil { recorded.append(("x-api-key", "[redacted]")) }
        if provider.api == .messages, !hasHeader("anthropic-version") {
            recorded.append(("anthropic-version", provider.anthropicVersion))
        }
        for (index, header) in provider.headers.enumerated() {
            recorded.append((header.name.lowercased(), header.value.hasPrefix("${") ? "[redacted]" : headers[index].1))
        }
        return recorded
    }

    /// Whether the configuration sets a header of that name itself.
    private func hasHeader(_ name: String) -> Bool {
        provider.headers.contains { $0.name.lowercased() == name }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    static func replacing(_ haystack: [UInt8], _ needle: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if index + needle.count <= haystack.count, haystack[index] == needle[0],
                haystack[index..<(index + needle.count)].elementsEqual(needle)
            {
                result += replacement
                index += needle.count
            } else {
                result.append(haystack[index])
                index += 1
            }
        }
        return result
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
        var request = HTTPClientRequest(url: url ?? provider.endpointURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: stream ? "text/event-stream" : "application/json")
        request.headers.add(name: "User-Agent", value: "vendor-verifier/\(VerifierVersion.current)")
        if let authorization {
            request.headers.add(name: "Authorization", value: authorization)
        } else if let apiKey {
            request.headers.add(name: "x-api-key", value: apiKey)
        }
        if provider.api == .messages, !hasHeader("anthropic-version") {
            request.headers.add(name: "anthropic-version", value: provider.anthropicVersion)
        }
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
        let activity = BodyActivity(start: clock.now)
        let task = Task {
            await Self.collect(body, stream: stream, cap: cap, clock: clock, start: start, activity: activity)
        }
        let loop = httpClient.eventLoopGroup.any()
        let timer = loop.scheduleTask(in: .nanoseconds(Int64(remaining))) { task.cancel() }
        // A stalled body (no byte for `stall_timeout` seconds) is abandoned before the overall timeout.
        let stall = provider.stallTimeoutSeconds
        let check = TimeAmount.nanoseconds(Int64(min(max(stall / 4, 0.005), 1) * 1e9))
        let watchdog = loop.scheduleRepeatedTask(initialDelay: check, delay: check) { repeated in
            if activity.idleSeconds(now: clock.now) > stall {
                activity.markStalled()
                task.cancel()
                repeated.cancel()
            }
        }
        let collected = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        timer.cancel()
        watchdog.cancel()
        raw.body = collected.bytes
        raw.arrivals = collected.arrivals
        if let failure = collected.failure {
            raw.failure = failure
        } else if collected.interrupted, activity.stalled {
            raw.failure = .init(
                label: .httpTimeout,
                message:
                    "The response stalled: no byte for \(stall) seconds (stall_timeout) after \(collected.bytes.count) "
                    + "body bytes."
            )
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
        start: ContinuousClock.Instant,
        activity: BodyActivity
    ) async -> CollectedBody {
        var collected = CollectedBody()
        do {
            for try await buffer in body {
                activity.touch(clock.now)
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

/// When the body last moved, shared between the reading task and the stall watchdog.
final class BodyActivity: Sendable {
    private struct State {
        var last: ContinuousClock.Instant
        var stalled = false
    }
    private let state: Mutex<State>

    init(start: ContinuousClock.Instant) { state = Mutex(State(last: start)) }

    func touch(_ now: ContinuousClock.Instant) { state.withLock { $0.last = now } }

    func idleSeconds(now: ContinuousClock.Instant) -> Double {
        let idle = now - state.withLock { $0.last }
        return Double(idle.components.seconds) + Double(idle.components.attoseconds) / 1e18
    }

    func markStalled() { state.withLock { $0.stalled = true } }

    var stalled: Bool { state.withLock { $0.stalled } }
}
