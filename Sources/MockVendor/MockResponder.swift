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

    /// Answers a request body.
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
        // The fault decision hashes what the model sees, so a request gets the same fault streamed or not.
        var identity = JSONObject()
        identity["messages"] = body["messages"]
        identity["tools"] = body["tools"]
        let seed = Self.fnv1a(JSONValue.object(identity).serializedBytes())
        let applies = Int(seed % 100) < profile.rate
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
            return error(500, "Internal server error", type: "server_error")
        }
        if profile.fault == .htmlErrorPage, applies {
            let page =
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
                + "<hr><center>nginx</center></body></html>\n"
            return .other(status: 200, contentType: "text/html", bytes: Array(page.utf8))
        }
        if !(profile.fault == .acceptsInvalidRequests && applies),
            let problem = RequestLint.problems(in: body).first
        {
            return error(400, "Invalid request: \(problem.description)", type: "invalid_request_error")
        }
        if profile.fault == .rejectsForeignIDs, applies, let foreign = Self.foreignCallID(in: messages) {
            return error(
                400,
                "Invalid 'tool_call_id': '\(foreign)'. Expected an ID that begins with 'call_'.",
                type: "invalid_request_error"
            )
        }
        func decided(_ seen: JSONValue) -> ScriptedModel.Decision {
            let decision = model.decide(seen)
            guard let sampling, sampling.samples(body) else { return decision }
            let draw = sampling.draw(profile: samplingKey, body: Self.fnv1a(requestBytes), sample: sample)
            return sampling.perturb(decision, body: body, model: model, draw: draw)
        }
        let effects =
            applies
            ? answerFault(
                decided(Self.ignoringContract(body, fault: profile.fault)),
                request: ChatRequest(body: body)
            ) : AnswerFault(decision: decided(body))
        let decision = effects.decision
        let (finishOverride, content, argumentsAsObject, argumentsCut) =
            (effects.finishOverride, effects.content, effects.argumentsAsObject, effects.argumentsCut)
        let completion = Completion(
            seed: seed,
            model: body["model"]?.stringValue ?? "mock",
            decision: decision,
            content: content,
            finishOverride: finishOverride,
            argumentsAsObject: argumentsAsObject,
            argumentsCut: argumentsCut,
            promptTokens: ScriptedModel.promptTokens(
                body,
                includeReasoning: !(profile.fault == .dropsReasoning && applies)
            )
                + (profile.fault == .promptTokenDrift && applies ? 12 : 0),
            dialect: profile.dialect
        )
        if body["stream"]?.boolValue == true {
            let includeUsage = body["stream_options"]?["include_usage"]?.boolValue ?? false
            var streamFault: MockProfile.Fault?
            if applies, profile.fault.isStreamOnly, !profile.fault.needsCalls || !completion.calls.isEmpty {
                streamFault = profile.fault
            }
            return .stream(completion.chunks(includeUsage: includeUsage, fault: streamFault))
        }
        return .body(status: 200, json: completion.body().serializedBytes())
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

    /// The first `tool_call_id` (or assistant call id) in the history that is not in `call_…` form.
    static func foreignCallID(in messages: [JSONValue]) -> String? {
        for message in messages {
            if let id = message["tool_call_id"]?.stringValue, !id.hasPrefix("call_") { return id }
            for call in message["tool_calls"]?.arrayValue ?? [] {
                if let id = call["id"]?.stringValue, !id.hasPrefix("call_") { return id }
            }
        }
        return nil
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
