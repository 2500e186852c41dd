import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import VerifierCore

/// A loopback OpenAI-compatible (and Anthropic-compatible) host serving every mock profile at once.
///
/// `POST /<profile>/v1/chat/completions` answers as that profile; `POST /v1/chat/completions`
/// answers as the default profile. `POST /<profile>/v1/messages` and `POST /v1/messages` answer the
/// Anthropic Messages API alike, with the same decisions, faults where they exist on that surface, and
/// Anthropic's error shape; `POST /<profile>/v1/responses` and `POST /v1/responses` answer the OpenAI
/// Responses API alike, in OpenAI's error shape. `GET /v1/models` and `GET /health` answer too.
///
/// Transient profiles (`rate-limited`, `overloaded-then-ok`, …) refuse a request body the first time
/// the server sees it and answer it the next time: the server remembers the bodies it refused.
///
/// ```swift
/// try await MockServer.withRunning { port in
///     // http://127.0.0.1:\(port)/drop-calls/v1/chat/completions
/// }
/// ```
public struct MockServer: Sendable {
    /// The profile served at `/v1`.
    public var defaultProfile: MockProfile
    /// The address to bind (loopback only).
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// How every profile samples (`nil`: the deterministic model); a path `/<profile>+flips<N>/v1` samples with
    /// N % flips instead.
    public var sampling: MockSampling?

    /// Creates a server description.
    /// - Parameters:
    ///   - defaultProfile: The profile served at `/v1`.
    ///   - host: Address to bind.
    ///   - port: Port; 0 for any free port.
    ///   - sampling: How every profile samples (`nil`: deterministic).
    public init(
        defaultProfile: MockProfile = MockProfile.all[0],
        host: String = "127.0.0.1",
        port: Int = 0,
        sampling: MockSampling? = nil
    ) {
        self.defaultProfile = defaultProfile
        self.host = host
        self.port = port
        self.sampling = sampling
    }

    /// A profile path read: the profile's name and its knobs.
    public struct ProfilePath: Sendable, Hashable {
        /// The profile's name.
        public var name: String
        /// `+flips<N>`: sample with N % of auto decisions flipped.
        public var flipPercent: Double?
        /// `+rate<N>`: apply the profile's fault to N % of eligible answers instead of its own rate.
        public var rate: Int?
        /// `+seed<N>`: the sampling seed.
        public var seed: UInt64?
    }

    /// Reads a profile path: `faithful`, or a profile with knobs such as `drop-calls+rate15+flips3+seed2`.
    /// - Parameter path: The path segment.
    /// - Returns: The name and knobs, or `nil` for a malformed knob.
    public static func profilePath(_ path: String) -> ProfilePath? {
        let parts = path.split(separator: "+", omittingEmptySubsequences: false)
        guard let name = parts.first, !name.isEmpty else { return nil }
        var result = ProfilePath(name: String(name))
        for knob in parts.dropFirst() {
            if knob.hasPrefix("flips"), let value = Double(knob.dropFirst(5)), (0...100).contains(value) {
                result.flipPercent = value
            } else if knob.hasPrefix("rate"), let value = Int(knob.dropFirst(4)), (0...100).contains(value) {
                result.rate = value
            } else if knob.hasPrefix("seed"), let value = UInt64(knob.dropFirst(4)) {
                result.seed = value
            } else {
                return nil
            }
        }
        return result
    }

    /// The base URL of a profile on a running server.
    /// - Parameters:
    ///   - profile: The profile name.
    ///   - port: The bound port.
    /// - Returns: `http://127.0.0.1:<port>/<profile>/v1`.
    public static func baseURL(profile: String, port: Int, host: String = "127.0.0.1") -> String {
        "http://\(host):\(port)/\(profile)/v1"
    }

    func makeRouter() -> Router<MockRequestContext> {
        let router = Router(context: MockRequestContext.self)
        let sampling = self.sampling
        let responders = Dictionary(
            uniqueKeysWithValues: MockProfile.served.map { ($0.name, MockResponder(profile: $0, sampling: sampling)) }
        )
        let fallback = MockResponder(profile: defaultProfile, sampling: sampling)
        let ledger = ThrottleLedger()
        let samples = SampleLedger.shared
        @Sendable func responder(_ path: String) -> MockResponder? {
            guard let knobs = Self.profilePath(path), var responder = responders[knobs.name] else { return nil }
            if let rate = knobs.rate { responder.profile.rate = rate }
            if knobs.flipPercent != nil || knobs.seed != nil {
                var own = sampling ?? MockSampling()
                if let flips = knobs.flipPercent { own.flipPercent = flips }
                if let seed = knobs.seed { own.seed = seed }
                responder.sampling = own
            }
            responder.samplingKey = path
            return responder
        }
        // One answer path for both surfaces: the same sampling ledger and the same memory of refused bodies.
        @Sendable func answer(
            _ request: Request,
            _ context: MockRequestContext,
            _ responder: MockResponder,
            on surface: APISurface
        ) async throws -> Response {
            let version = Self.anthropicVersion.flatMap { request.headers[$0] }
            var request = request
            let buffer = try await request.collectBody(upTo: 64 << 20)
            let bytes = Array(buffer.readableBytesView)
            var sample = 0
            if let sampling = responder.sampling {
                let seed = withUnsafeBytes(of: sampling.seed.littleEndian) { Array($0) }
                sample = samples.next(MockResponder.fnv1a(seed + Array(responder.samplingKey.utf8) + [0] + bytes))
            }
            func ask(transient: Bool) -> MockResponder.Reply {
                switch surface {
                case .messages:
                    responder.reply(toMessages: bytes, anthropicVersion: version, transient: transient, sample: sample)
                case .responses:
                    responder.reply(toResponses: bytes, transient: transient, sample: sample)
                case .chat:
                    responder.reply(to: bytes, transient: transient, sample: sample)
                }
            }
            var reply = ask(transient: true)
            if case .transient(let fault) = reply {
                let key = MockResponder.fnv1a(Array(responder.profile.name.utf8) + [0] + bytes)
                if ledger.firstSight(key) { return try await Self.refuse(fault, context: context, surface: surface) }
                reply = ask(transient: false)
            }
            return Self.response(for: reply, surface: surface)
        }
        router.post("/v1/chat/completions") { request, context in
            try await answer(request, context, fallback, on: .chat)
        }
        router.post("/:profile/v1/chat/completions") { request, context in
            let name = context.parameters.get("profile") ?? ""
            guard let responder = responder(name) else {
                return Self.response(for: MockResponder.error(404, "No mock profile named \(name).", type: "not_found"))
            }
            return try await answer(request, context, responder, on: .chat)
        }
        router.post("/v1/messages") { request, context in
            try await answer(request, context, fallback, on: .messages)
        }
        router.post("/:profile/v1/messages") { request, context in
            let name = context.parameters.get("profile") ?? ""
            guard let responder = responder(name) else {
                return Self.response(for: MockResponder.messagesError(404, "No mock profile named \(name)."))
            }
            return try await answer(request, context, responder, on: .messages)
        }
        router.post("/v1/responses") { request, context in
            try await answer(request, context, fallback, on: .responses)
        }
        router.post("/:profile/v1/responses") { request, context in
            let name = context.parameters.get("profile") ?? ""
            guard let responder = responder(name) else {
                return Self.response(
                    for: MockResponder.responsesError(404, "No mock profile named \(name).", type: "not_found")
                )
            }
            return try await answer(request, context, responder, on: .responses)
        }
        // Hosts that never get better, for the retry tests: always 503 (retried, then judged `http.status`),
        // always 400 (never retried), and a 429 asking for an hour (beyond any retry cap: judged at once).
        router.post("/_overloaded/v1/chat/completions") { _, _ in
            Self.response(for: MockResponder.error(503, "The engine is overloaded.", type: "server_error"))
        }
        router.post("/_bad-request/v1/chat/completions") { _, _ in
            Self.response(for: MockResponder.error(400, "Invalid request.", type: "invalid_request_error"))
        }
        router.post("/_retry-after-hour/v1/chat/completions") { _, _ in
            var response = Self.response(
                for: MockResponder.error(429, "Rate limit reached for requests.", type: "rate_limit_error")
            )
            response.headers[.retryAfter] = "3600"
            return response
        }
        // A host that accepts the request and never answers, and one that stalls mid-stream:
        // used to prove per-request timeouts end in `http.timeout`, never a hang. They answer after 3 s,
        // so that a graceful shutdown of the mock (which waits for open requests) stays short.
        router.post("/_stall/v1/chat/completions") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Self.json(200, Array("{}".utf8))
        }
        router.post("/_stall-stream/v1/chat/completions") { _, _ in
            Self.eventStream { writer in
                try await writer.write(ByteBuffer(string: Self.roleEvent))
                try await Task.sleep(for: .seconds(3))
            }
        }
        // Hostile streams for the bad-input tests: one that never ends, one 50 MB event, binary garbage,
        // and invalid UTF-8 inside a data line. Each must end in a labelled finding within the limits.
        router.post("/_endless/v1/chat/completions") { _, _ in
            Self.eventStream { writer in
                let chunk = ByteBuffer(string: "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"la\"}}]}\n\n")
                for _ in 0..<200_000 {
                    try await writer.write(chunk)
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
        }
        router.post("/_huge-event/v1/chat/completions") { _, _ in
            Self.eventStream { writer in
                try await writer.write(ByteBuffer(string: "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""))
                let block = ByteBuffer(repeating: UInt8(ascii: "a"), count: 1 << 20)
                for _ in 0..<50 { try await writer.write(block) }
                try await writer.write(ByteBuffer(string: "\"}}]}\n\ndata: [DONE]\n\n"))
            }
        }
        router.post("/_drop-stream/v1/chat/completions") { _, _ in
            Self.eventStream { writer in
                try await writer.write(ByteBuffer(string: Self.roleEvent))
                // The engine dies mid-answer: the connection closes without ending the chunked body.
                throw MockServerError.connectionDropped
            }
        }
        router.post("/_garbage/v1/chat/completions") { _, _ in
            Self.eventStream { writer in
                var state: UInt32 = 2_463_534_242
                var bytes: [UInt8] = []
                for _ in 0..<4096 {
                    state ^= state << 13
                    state ^= state >> 17
                    state ^= state << 5
                    bytes.append(UInt8(truncatingIfNeeded: state))
                }
                try await writer.write(ByteBuffer(bytes: bytes))
            }
        }
        router.post("/_bad-utf8/v1/chat/completions") { _, _ in
            Self.eventStream { writer in
                var bytes = Array(
                    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"caf".utf8
                )
                bytes += [0xC3, 0x28]
                bytes += Array("\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n".utf8)
                try await writer.write(ByteBuffer(bytes: bytes))
            }
        }
        // A 10 MB answer: a valid completion whose content is 10 MB of text.
        router.post("/_big-body/v1/chat/completions") { _, _ in
            let head = Array(
                #"{"id":"chatcmpl-big","object":"chat.completion","created":1764000000,"model":"mock","choices":[{"index":0,"message":{"role":"assistant","content":""#
                    .utf8
            )
            let tail = Array(
                #""},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":10,"total_tokens":20}}"#
                    .utf8
            )
            return Self.json(200, head + [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20) + tail)
        }
        // A non-streamed answer whose connection resets halfway through the body.
        router.post("/_reset-body/v1/chat/completions") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json", .contentLength: "4096"],
                body: ResponseBody { writer in
                    try await writer.write(
                        ByteBuffer(string: #"{"id":"chatcmpl-cut","object":"chat.completion","choi"#)
                    )
                    throw MockServerError.connectionDropped
                }
            )
        }
        // A host that echoes the caller's credentials in its error message (as some gateways do): the
        // verifier must keep the key out of its evidence even then.
        router.post("/_echo-key/v1/chat/completions") { request, _ in
            let authorization = request.headers[.authorization] ?? "none"
            let body: JSONValue = [
                "error": [
                    "message": .string(
                        "Incorrect API key provided: \(authorization). You can find your key in the dashboard."
                    ),
                    "type": "invalid_request_error",
                ]
            ]
            return Response(
                status: .unauthorized,
                headers: [.contentType: "application/json", .init("x-echo-authorization")!: authorization],
                body: .init(byteBuffer: ByteBuffer(bytes: body.serializedBytes()))
            )
        }
        router.get("/health") { _, _ in "ok" }
        router.get("/v1/models") { _, _ in
            let body: JSONValue = [
                "object": "list",
                "data": .array(
                    MockProfile.served.map { ["id": .string($0.name), "object": "model", "owned_by": "mock"] }
                ),
            ]
            return Self.json(200, body.serializedBytes())
        }
        return router
    }

    /// The header every Messages request must carry.
    static let anthropicVersion = HTTPFields.Element.Name("anthropic-version")

    /// A first chunk carrying only the role, for the hostile routes.
    static let roleEvent = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"

    static func eventStream(_ body: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response
    {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream"],
            body: ResponseBody { writer in
                try await body(&writer)
                try await writer.finish(nil)
            }
        )
    }

    static func json(_ status: Int, _ bytes: [UInt8]) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// The refusal of a transient fault. A reset closes the connection before any byte of an answer.
    static func refuse(
        _ fault: MockResponder.TransientFault,
        context: MockRequestContext,
        surface: APISurface = .chat
    ) async throws -> Response {
        if fault == .connectionReset {
            try? await context.channel.close()
            throw MockServerError.connectionDropped
        }
        return response(for: .transient(fault), surface: surface)
    }

    /// The response for a reply; transient refusals carry the surface's error shape (OpenAI's or Anthropic's).
    static func response(for reply: MockResponder.Reply, surface: APISurface = .chat) -> Response {
        func error(_ status: Int, _ message: String, type: String) -> MockResponder.Reply {
            switch surface {
            case .chat: MockResponder.error(status, message, type: type)
            case .messages: MockResponder.messagesError(status, message)
            case .responses: MockResponder.responsesError(status, message, type: type)
            }
        }
        switch reply {
        case .transient(.rateLimited(let seconds, let httpDate)):
            var response = response(for: error(429, "Rate limit reached for requests.", type: "rate_limit_error"))
            if httpDate {
                // Whole seconds ahead of the next full second, so the wait is at least `seconds`.
                let now = Date().timeIntervalSince1970.rounded(.up)
                response.headers[.retryAfter] = RetryPolicy.httpDate(
                    Date(timeIntervalSince1970: now + Double(seconds))
                )
            } else {
                response.headers[.retryAfter] = String(seconds)
            }
            return response
        case .transient(.overloaded):
            return response(for: error(503, "The engine is overloaded.", type: "server_error"))
        case .transient(.connectionReset):
            // Without the connection at hand: the head goes out and the body is cut.
            return Response(status: .ok, body: ResponseBody { _ in throw MockServerError.connectionDropped })
        case .body(let status, let bytes):
            return json(status, bytes)
        case .other(let status, let contentType, let bytes):
            var headers = HTTPFields()
            headers[.contentType] = contentType
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        case .stream(let events):
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    for event in events { try await writer.write(ByteBuffer(bytes: event)) }
                    try await writer.finish(nil)
                }
            )
        }
    }

    func application(onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        var logger = Logger(label: "mock-host")
        logger.logLevel = .error
        return Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: "vendor-verifier-mock"
            ),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Runs the server until SIGINT or SIGTERM.
    /// - Parameter onRunning: Called with the bound port once the server listens.
    /// - Throws: When the server cannot bind or fails.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService()
    }

    /// Starts the server on a free loopback port, runs `body`, then stops the server.
    /// - Parameters:
    ///   - defaultProfile: The profile served at `/v1`.
    ///   - sampling: How every profile samples (`nil`: deterministic).
    ///   - body: Work to do while the server runs; receives the port.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or a server start failure.
    public static func withRunning<T: Sendable>(
        defaultProfile: MockProfile = MockProfile.all[0],
        sampling: MockSampling? = nil,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = MockServer(defaultProfile: defaultProfile, sampling: sampling)
        let app = server.application { port in continuation.yield(port) }
        var logger = Logger(label: "mock-host")
        logger.logLevel = .error
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                throw VerifierError(.transport, "The mock host could not start on 127.0.0.1.")
            }
            do {
                let result = try await body(port)
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}

/// Errors the mock host raises on purpose.
enum MockServerError: Error {
    /// Thrown mid-body to drop the connection.
    case connectionDropped
}
