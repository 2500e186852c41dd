import VerifierCore

/// Turns a request body into the mock host's reply for one profile: pure, no I/O.
public struct MockResponder: Sendable {
    /// A reply to send.
    public enum Reply: Sendable, Hashable {
        /// A complete body with a status.
        case body(status: Int, json: [UInt8])
        /// A Server-Sent Events stream, one element per write.
        case stream([[UInt8]])
        /// A body that is not JSON, with its content type.
        case other(status: Int, contentType: String, bytes: [UInt8])
        /// A transient refusal, given only the first time the host sees a request body (the server keeps
        /// the memory; ask again with `transient: false` for the answer a retry gets).
        case transient(TransientFault)
    }

    /// A refusal a retry cures.
    public enum TransientFault: Sendable, Hashable {
        /// 429 with `Retry-After` in seconds, as delta-seconds or as an HTTP-date that far ahead.
        case rateLimited(retryAfterSeconds: Int, httpDate: Bool)
        /// 503 without `Retry-After`.
        case overloaded
        /// The connection closes before any answer.
        case connectionReset
    }

    /// The profile answered for.
    public var profile: MockProfile
    /// How the host samples (`nil`: the deterministic model).
    public var sampling: MockSampling?
    /// The name draws are keyed by (the profile's path, such as `faithful+flips6`).
    public var samplingKey: String
    private let model = ScriptedModel()

    /// Creates a responder.
    /// - Parameters:
    ///   - profile: The profile.
    ///   - sampling: How the host samples (`nil`: deterministic).
    ///   - samplingKey: What draws are keyed by (default: the profile's name).
    public init(profile: MockProfile, sampling: MockSampling? = nil, samplingKey: String? = nil) {
        self.profile = profile
        self.sampling = sampling
        self.samplingKey = samplingKey ?? profile.name
    }

    /// Answers a Chat Completions request body.
    /// - Parameters:
    ///   - requestBytes: The raw request body.
    ///   - transient: Whether a transient fault may apply (`false` for a body the host has refused before).
    ///   - sample: How many times the host had seen this body before (a sampling host draws anew each time).
    /// - Returns: The reply.
    public func reply(to requestBytes: [UInt8], transient: Bool = true, sample: Int = 0) -> Reply {
        guard let body = try? JSONValue.parse(bytes: requestBytes), body.objectValue != nil else {
            return error(400, "The request body is not a JSON object.", type: "invalid_request_error")
        }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            return error(400, "`messages` must be a non-empty array.", type: "invalid_request_error")
        }
        let decided = outcome(
            for: body,
            on: .chat,
            problems: [],
            requestBytes: requestBytes,
            transient: transient,
            sample: sample
        )
        switch decided {
        case .transient(let fault):
            return .transient(fault)
        case .refusal(let status, let message, let type):
            return error(status, message, type: type)
        case .ready(let reply):
            return reply
        case .answer(let completion, let fault):
            if body["stream"]?.boolValue == true {
                let includeUsage = body["stream_options"]?["include_usage"]?.boolValue ?? false
                var streamFault: MockProfile.Fault?
                if let fault, fault.isStreamOnly, !fault.needsCalls || !completion.calls.isEmpty {
                    streamFault = fault
                }
                return .stream(completion.chunks(includeUsage: includeUsage, fault: streamFault))
            }
            return .body(status: 200, json: completion.body().serializedBytes())
        }
    }

    /// Answers an Anthropic Messages request body (`POST /v1/messages`).
    ///
    /// The body is read back into Chat Completions form (``MessagesRequest``) and decided exactly as a Chat
    /// request: the same scripted decision, faults and prompt tokens; the answer is rendered in the Messages
    /// shape, and every error in Anthropic's (`{"type": "error", "error": {"type", "message"}}`).
    /// - Parameters:
    ///   - requestBytes: The raw request body.
    ///   - anthropicVersion: The `anthropic-version` header (`nil` when absent: the request is rejected).
    ///   - transient: Whether a transient fault may apply (`false` for a body the host has refused before).
    ///   - sample: How many times the host had seen this body before (a sampling host draws anew each time).
    /// - Returns: The reply.
    public func reply(
        toMessages requestBytes: [UInt8],
        anthropicVersion: String?,
        transient: Bool = true,
        sample: Int = 0
    ) -> Reply {
        guard let body = try? JSONValue.parse(bytes: requestBytes), body.objectValue != nil else {
            return Self.messagesError(400, "The request body is not a JSON object.")
        }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            return Self.messagesError(400, "messages: Field required (a non-empty list)")
        }
        let request = MessagesRequest(body: body)
        var problems = request.problems
        if anthropicVersion?.isEmpty ?? true { problems.insert("anthropic-version: header is required", at: 0) }
        let decided = outcome(
            for: request.chatBody,
            on: .messages,
            problems: problems,
            requestBytes: requestBytes,
            transient: transient,
            sample: sample
        )
        switch decided {
        case .transient(let fault):
            return .transient(fault)
        case .refusal(let status, let message, _):
            return Self.messagesError(status, message)
        case .ready(let reply):
            return reply
        case .answer(let completion, let fault):
            let answer = MessagesCompletion(completion: completion, fault: fault)
            if body["stream"]?.boolValue == true { return .stream(answer.events()) }
            return .body(status: 200, json: answer.body().serializedBytes())
        }
    }

    /// Answers an OpenAI Responses request body (`POST /v1/responses`).
    ///
    /// The body is read back into Chat Completions form (``ResponsesRequest``) and decided exactly as a Chat
    /// request: the same scripted decision, faults and prompt tokens; the answer is rendered in the Responses
    /// shape (a `response` body, or typed events ending in `response.completed`), and every error in OpenAI's
    /// (`{"error": {"message", "type", "param", "code"}}`).
    /// - Parameters:
    ///   - requestBytes: The raw request body.
    ///   - transient: Whether a transient fault may apply (`false` for a body the host has refused before).
    ///   - sample: How many times the host had seen this body before (a sampling host draws anew each time).
    /// - Returns: The reply.
    public func reply(toResponses requestBytes: [UInt8], transient: Bool = true, sample: Int = 0) -> Reply {
        guard let body = try? JSONValue.parse(bytes: requestBytes), body.objectValue != nil else {
            return responsesError(400, "The request body is not a JSON object.", type: "invalid_request_error")
        }
        let request = ResponsesRequest(body: body)
        // A request without input items is refused whatever the profile: there is nothing to answer.
        if let problem = request.problems.first(where: { $0.param == "input" }) {
            return responsesError(400, problem.message, type: "invalid_request_error", param: problem.param)
        }
        let decided = outcome(
            for: request.chatBody,
            on: .responses,
            problems: request.problems.map(\.message),
            requestBytes: requestBytes,
            transient: transient,
            sample: sample
        )
        switch decided {
        case .transient(let fault):
            return .transient(fault)
        case .refusal(let status, let message, let type):
            let param = request.problems.first { $0.message == message }?.param
            return responsesError(status, message, type: type, param: param)
        case .ready(let reply):
            return reply
        case .answer(let completion, var fault):
            let streamed = body["stream"]?.boolValue == true
            if let applied = fault, applied.needsCalls, completion.calls.isEmpty { fault = nil }
            // A leak into the text needs text to leak into.
            if fault == .responsesReasoningInText, completion.text?.isEmpty ?? true { fault = nil }
            if let applied = fault, applied.isStreamOnly, !streamed { fault = nil }
            let answer = ResponsesCompletion(completion: completion, fault: fault, request: body)
            if streamed { return .stream(answer.events()) }
            return .body(status: 200, json: answer.body().serializedBytes())
        }
    }

    /// What the host decided for a request, before it is rendered in a surface's shape.
    enum Outcome {
        /// A transient refusal.
        case transient(TransientFault)
        /// An error: status, message and OpenAI's error type.
        case refusal(status: Int, message: String, type: String)
        /// A reply the same on every surface.
        case ready(Reply)
        /// An answer, with the profile's fault when it applies to this request.
        case answer(Completion, fault: MockProfile.Fault?)
    }

    /// Decides the answer to a Chat Completions body (as sent, or read back from another surface).
    /// - Parameters:
    ///   - body: The body in Chat Completions form, an object with a `messages` array.
    ///   - surface: The surface asked; the profile's fault applies only where it exists.
    ///   - problems: What the surface's own validation found (a 400 unless the profile accepts invalid requests).
    ///   - requestBytes: The raw request body, which sampling draws are keyed by.
    ///   - transient: Whether a transient fault may apply.
    ///   - sample: How many times the host had seen this body before.
    /// - Returns: The outcome.
    func outcome(
        for body: JSONValue,
        on surface: APISurface,
        problems: [String],
        requestBytes: [UInt8],
        transient: Bool,
        sample: Int
    ) -> Outcome {
        let messages = body["messages"]?.arrayValue ?? []
        // The fault decision hashes what the model sees, so a request gets the same fault streamed or not.
        var identity = JSONObject()
        identity["messages"] = body["messages"]
        identity["tools"] = body["tools"]
        let seed = Self.fnv1a(JSONValue.object(identity).serializedBytes())
        let applies = Int(seed % 100) < profile.rate && profile.injectsFault(on: surface)
        if transient, applies {
            switch profile.fault {
            case .rateLimited: return .transient(.rateLimited(retryAfterSeconds: 1, httpDate: false))
            case .rateLimitedHTTPDate: return .transient(.rateLimited(retryAfterSeconds: 1, httpDate: true))
            case .overloaded: return .transient(.overloaded)
            case .connectionReset: return .transient(.connectionReset)
            default: break
            }
        }
        if profile.fault == .http500s, applies {
            return .refusal(status: 500, message: "Internal server error", type: "server_error")
        }
        if profile.fault == .htmlErrorPage, applies {
            let page =
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
                + "<hr><center>nginx</center></body></html>\n"
            return .ready(.other(status: 200, contentType: "text/html", bytes: Array(page.utf8)))
        }
        if !(profile.fault == .acceptsInvalidRequests && applies) {
            if let problem = problems.first {
                return .refusal(status: 400, message: problem, type: "invalid_request_error")
            }
            if let problem = RequestLint.problems(in: body).first {
                return .refusal(
                    status: 400,
                    message: "Invalid request: \(problem.description)",
                    type: "invalid_request_error"
                )
            }
        }
        let idPrefix = surface == .messages ? "toolu_" : "call_"
        if profile.fault == .rejectsForeignIDs, applies,
            let foreign = Self.foreignCallID(in: messages, prefix: idPrefix)
        {
            let member: String
            switch surface {
            case .chat: member = "tool_call_id"
            case .messages: member = "tool_use_id"
            case .responses: member = "call_id"
            }
            return .refusal(
                status: 400,
                message: "Invalid '\(member)': '\(foreign)'. Expected an ID that begins with '\(idPrefix)'.",
                type: "invalid_request_error"
            )
        }
        func decided(_ seen: JSONValue) -> ScriptedModel.Decision {
            let decision = model.decide(seen)
            guard let sampling, sampling.samples(body) else { return decision }
            let draw = sampling.draw(profile: samplingKey, body: Self.fnv1a(requestBytes), sample: sample)
            return sampling.perturb(decision, body: body, model: model, draw: draw)
        }
        var effects =
            applies
            ? answerFault(
                decided(Self.ignoringContract(body, fault: profile.fault)),
                request: ChatRequest(body: body)
            ) : AnswerFault(decision: decided(body))
        if surface == .messages {
            // Arguments are an object on Messages: a cut shows only in the stream's `partial_json`. On Responses
            // they are a string, as on Chat.
            effects.argumentsAsObject = false
            effects.argumentsCut = false
        }
        let completion = Completion(
            seed: seed,
            model: body["model"]?.stringValue ?? "mock",
            decision: effects.decision,
            content: effects.content,
            finishOverride: effects.finishOverride,
            argumentsAsObject: effects.argumentsAsObject,
            argumentsCut: effects.argumentsCut,
            promptTokens: ScriptedModel.promptTokens(
                body,
                includeReasoning: !(profile.fault == .dropsReasoning && applies)
            )
                + (profile.fault == .promptTokenDrift && applies ? 12 : 0),
            dialect: profile.dialect
        )
        return .answer(completion, fault: applies ? profile.fault : nil)
    }

    /// What a fault profile does to the model's answer.
    struct AnswerFault {
        var decision: ScriptedModel.Decision
        var finishOverride: String?
        var content: String?
        var argumentsAsObject = false
        var argumentsCut = false
    }

    /// Applies the profile's fault to the answer the model decided on.
    func answerFault(_ decision: ScriptedModel.Decision, request: ChatRequest) -> AnswerFault {
        var effects = AnswerFault(decision: decision)
        var decision = decision
        switch (profile.fault, decision) {
        case (.dropCalls, _) where !decision.calls.isEmpty:
            decision = .text("I am not able to use tools for this request.")
        case (.spuriousCalls, .text):
            if let tool = request.tools.first, request.toolChoice?.stringValue != "none" {
                decision = .calls([
                    ScriptedModel.Call(name: tool.name, arguments: model.arguments(for: tool, message: ""))
                ])
            }
        case (.finishStopWithCalls, _) where !decision.calls.isEmpty:
            effects.finishOverride = "stop"
        case (.invalidJSONArguments, _) where !decision.calls.isEmpty:
            effects.argumentsCut = true
        case (.schemaViolation, _) where !decision.calls.isEmpty:
            let calls = decision.calls
            decision = .calls(
                calls.map { call in
                    var broken = call
                    broken.arguments = Self.violate(
                        call.arguments,
                        tool: request.tools.first { $0.name == call.name }
                    )
                    return broken
                }
            )
        case (.unknownTool, _) where !decision.calls.isEmpty:
            decision = .calls(
                decision.calls.map { ScriptedModel.Call(name: $0.name + "_v2", arguments: $0.arguments) }
            )
        case (.leakedMarkup, _) where !decision.calls.isEmpty:
            effects.content = decision.calls.map { call in
                let payload: JSONValue = ["name": .string(call.name), "arguments": .object(call.arguments)]
                return "<tool_call>\n\(payload.serialized())\n</tool_call>"
            }.joined(separator: "\n")
            decision = .text("")
        case (.argumentsAsObject, _) where !decision.calls.isEmpty:
            effects.argumentsAsObject = true
        default:
            break
        }
        effects.decision = decision
        return effects
    }

    /// The body a contract-ignoring profile lets its model see: the constraint it ignores removed.
    static func ignoringContract(_ body: JSONValue, fault: MockProfile.Fault) -> JSONValue {
        guard var object = body.objectValue else { return body }
        let choice = object["tool_choice"]
        switch fault {
        case .ignoresToolChoiceNone where choice?.stringValue == "none",
            .ignoresToolChoiceRequired where choice?.stringValue == "required",
            .ignoresToolChoiceNamed where choice?.objectValue != nil:
            object["tool_choice"] = nil
        case .ignoresParallelFalse:
            object["parallel_tool_calls"] = nil
        default:
            return body
        }
        return .object(object)
    }

    /// The first `tool_call_id` (or assistant call id) in the history that does not begin with `prefix`
    /// (`call_` on Chat Completions, `toolu_` on Messages).
    static func foreignCallID(in messages: [JSONValue], prefix: String = "call_") -> String? {
        for message in messages {
            if let id = message["tool_call_id"]?.stringValue, !id.hasPrefix(prefix) { return id }
            for call in message["tool_calls"]?.arrayValue ?? [] {
                if let id = call["id"]?.stringValue, !id.hasPrefix(prefix) { return id }
            }
        }
        return nil
    }

    /// An Anthropic-style error reply: `{"type": "error", "error": {"type", "message"}}`, its type from
    /// the status (`invalid_request_error`, `rate_limit_error`, `api_error`, `overloaded_error`, …).
    static func messagesError(_ status: Int, _ message: String) -> Reply {
        let type: String
        switch status {
        case 400: type = "invalid_request_error"
        case 401: type = "authentication_error"
        case 403: type = "permission_error"
        case 404: type = "not_found_error"
        case 413: type = "request_too_large"
        case 429: type = "rate_limit_error"
        case 503, 529: type = "overloaded_error"
        default: type = "api_error"
        }
        let body: JSONValue = ["type": "error", "error": ["type": .string(type), "message": .string(message)]]
        return .body(status: status, json: body.serializedBytes())
    }

    /// An OpenAI-style error reply as the Responses API sends it, with `param`:
    /// `{"error": {"message", "type", "param", "code"}}`.
    static func responsesError(_ status: Int, _ message: String, type: String, param: String? = nil) -> Reply {
        let body: JSONValue = [
            "error": [
                "message": .string(message), "type": .string(type), "param": param.map(JSONValue.string) ?? .null,
                "code": .null,
            ]
        ]
        return .body(status: status, json: body.serializedBytes())
    }

    /// A Responses error in the profile's dialect: OpenAI's shape (with `param`), or llama-server's.
    func responsesError(_ status: Int, _ message: String, type: String, param: String? = nil) -> Reply {
        switch profile.dialect {
        case .llamaServer: error(status, message, type: type)
        case .openAI, .llamaCppPython: Self.responsesError(status, message, type: type, param: param)
        }
    }

    /// An OpenAI-style error reply.
    static func error(_ status: Int, _ message: String, type: String) -> Reply {
        let body: JSONValue = ["error": ["message": .string(message), "type": .string(type), "code": .null]]
        return .body(status: status, json: body.serializedBytes())
    }

    /// An error reply in the profile's dialect: OpenAI's shape; llama-server's, whose `code` is the HTTP
    /// status as a number; or llama-cpp-python's, with `param` and `code` members and the message of the
    /// exception it caught (for a request its schema rejects, pydantic's list of validation errors).
    func error(_ status: Int, _ message: String, type: String) -> Reply {
        switch profile.dialect {
        case .openAI:
            return Self.error(status, message, type: type)
        case .llamaServer:
            let body: JSONValue = [
                "error": ["code": .number(JSONNumber(status)), "message": .string(message), "type": .string(type)]
            ]
            return .body(status: status, json: body.serializedBytes())
        case .llamaCppPython:
            let text =
                (400..<500).contains(status)
                ? "1 validation error:\n  {'type': 'value_error', 'loc': ('body',), 'msg': '\(message)'}\n" : message
            let body: JSONValue = [
                "error": [
                    "message": .string(text),
                    "type": (400..<500).contains(status) ? "invalid_request_error" : "internal_server_error",
                    "param": .null, "code": .null,
                ]
            ]
            return .body(status: status, json: body.serializedBytes())
        }
    }

    /// Breaks arguments against a tool schema: drop a required property, else mistype one, else add one.
    static func violate(_ arguments: JSONObject, tool: ToolDefinition?) -> JSONObject {
        var broken = arguments
        let schema = tool?.parameters
        if let required = schema?["required"]?.arrayValue?.compactMap(\.stringValue), let first = required.first {
            broken[first] = nil
            return broken
        }
        if let first = schema?["properties"]?.objectValue?.first {
            let type = first.value["type"]?.stringValue ?? "value"
            broken[first.key] = type == "string" ? .number(JSONNumber(42)) : .string("not-a-\(type)")
            return broken
        }
        broken["unexpected_argument"] = true
        return broken
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
