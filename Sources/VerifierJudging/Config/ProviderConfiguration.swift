import JSONSchema

/// One host to verify: where it is, which model name it serves the model under, and how to call it.
public struct ProviderConfiguration: Sendable, Hashable {
    /// The name used on the command line and in reports.
    public var name: String
    /// The OpenAI-compatible base URL including `/v1` (`https://openrouter.ai/api/v1`), or
    /// `mock://<profile>` for a built-in mock host.
    public var baseURL: String
    /// The model name sent in `model`.
    public var model: String
    /// The environment variable holding the API key; `nil` sends no `Authorization` header.
    public var apiKeyEnvironmentVariable: String?
    /// Extra request headers (values may be `${ENV_NAME}` to read a secret from the environment).
    public var headers: [Header]
    /// Members merged into every request body (for example OpenRouter's `provider` pinning).
    public var extraBody: JSONObject?
    /// Requests in flight at once to this host.
    public var concurrency: Int
    /// Requests started per minute at most, retries included (`nil`: no limit).
    public var rpm: Double?
    /// Which delivery failures are retried, how often and how long apart.
    public var retryPolicy = RetryPolicy()
    /// Per-request timeout in seconds (whole exchange, streams included).
    public var timeoutSeconds: Double
    /// Bodies larger than this many bytes are cut and labelled `http.body_too_large`.
    public var maxResponseBytes: Int
    /// Seconds without a body byte after which a response is abandoned as stalled (`http.timeout`).
    public var stallTimeoutSeconds: Double = 30
    /// USD per million prompt tokens, for cost ceilings (`nil`: unknown).
    public var inputPricePerMillion: Double?
    /// USD per million completion tokens, for cost ceilings (`nil`: unknown).
    public var outputPricePerMillion: Double?
    /// The API surface the host is asked on (`api:` in verifier.yaml; Chat Completions by default).
    public var api: APISurface = .chat
    /// How the key is sent (`nil`: the surface's habit — `x-api-key` on Messages, Bearer elsewhere).
    public var authentication: Authentication?
    /// The `anthropic-version` header sent on Messages.
    public var anthropicVersion = "2023-06-01"

    /// How an API key is sent.
    public enum Authentication: String, Sendable, Hashable, CaseIterable {
        /// `Authorization: Bearer <key>`.
        case bearer
        /// `x-api-key: <key>` (Anthropic's way).
        case xAPIKey = "x-api-key"
    }

    /// How the key is sent: as configured, or the surface's habit.
    public var effectiveAuthentication: Authentication {
        authentication ?? (api == .messages ? .xAPIKey : .bearer)
    }

    /// An extra header.
    public struct Header: Sendable, Hashable {
        /// The header name.
        public var name: String
        /// The value as configured (possibly `${ENV_NAME}`).
        public var value: String

        /// Creates a header.
        /// - Parameters:
        ///   - name: The header name.
        ///   - value: The value, or `${ENV_NAME}`.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a provider configuration with defaults for everything optional.
    /// - Parameters:
    ///   - name: The provider's name.
    ///   - baseURL: Base URL including `/v1`, or `mock://<profile>`.
    ///   - model: The model name to send.
    ///   - apiKeyEnvironmentVariable: Where the key is; `nil` for none.
    ///   - headers: Extra headers.
    ///   - extraBody: Members merged into every body.
    ///   - concurrency: Requests in flight at once.
    ///   - timeoutSeconds: Per-request timeout.
    ///   - maxResponseBytes: Body size cap.
    ///   - rpm: Requests per minute at most (`nil`: no limit).
    ///   - retryPolicy: Retries of delivery failures.
    public init(
        name: String,
        baseURL: String,
        model: String,
        apiKeyEnvironmentVariable: String? = "OPENAI_API_KEY",
        headers: [Header] = [],
        extraBody: JSONObject? = nil,
        concurrency: Int = 8,
        timeoutSeconds: Double = 120,
        maxResponseBytes: Int = 16 << 20,
        rpm: Double? = nil,
        retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.name = name
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.headers = headers
        self.extraBody = extraBody
        self.concurrency = concurrency
        self.timeoutSeconds = timeoutSeconds
        self.maxResponseBytes = maxResponseBytes
        self.rpm = rpm
        self.retryPolicy = retryPolicy
    }

    /// The mock profile name when the base URL is `mock://<profile>`.
    public var mockProfile: String? {
        guard baseURL.hasPrefix("mock://") else { return nil }
        return String(baseURL.dropFirst("mock://".count)).trimmingSuffix("/")
    }

    /// The endpoint of the provider's surface (`…/chat/completions`, `…/v1/messages`, `…/responses`).
    public var endpointURL: String { api.endpoint(baseURL: baseURL) }

    /// The chat-completions endpoint.
    public var chatCompletionsURL: String { APISurface.chat.endpoint(baseURL: baseURL) }

    /// The configuration as JSON for reports and hashes; holds no secret (only variable names).
    public var descriptionJSON: JSONValue {
        var object = JSONObject()
        object["name"] = .string(name)
        object["base_url"] = .string(baseURL)
        object["model"] = .string(model)
        object["api_key_env"] = apiKeyEnvironmentVariable.map(JSONValue.string) ?? .null
        object["headers"] = .array(headers.map { .string($0.name) })
        object["extra_body"] = extraBody.map(JSONValue.object) ?? .null
        object["concurrency"] = .number(JSONNumber(concurrency))
        object["timeout"] = .number(JSONNumber(timeoutSeconds))
        object["stall_timeout"] = .number(JSONNumber(stallTimeoutSeconds))
        if inputPricePerMillion != nil || outputPricePerMillion != nil {
            object["price"] = [
                "input": inputPricePerMillion.map { .number(JSONNumber($0)) } ?? .null,
                "output": outputPricePerMillion.map { .number(JSONNumber($0)) } ?? .null,
            ]
        }
        object["rpm"] = rpm.map { .number(JSONNumber($0)) } ?? .null
        object["retries"] = retryPolicy.json
        // Chat, the default, is left out so that Chat runs' manifests stay as they were.
        if api != .chat { object["api"] = .string(api.rawValue) }
        if let authentication { object["auth"] = .string(authentication.rawValue) }
        if api == .messages { object["anthropic_version"] = .string(anthropicVersion) }
        return .object(object)
    }
}

extension String {
    /// The string without trailing copies of `suffix`.
    func trimmingSuffix(_ suffix: Character) -> String {
        var copy = self
        while copy.last == suffix { copy.removeLast() }
        return copy
    }
}
