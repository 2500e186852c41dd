import JSONSchema

extension GateConfiguration {
    /// The gates as JSON (recorded in the evidence manifest, so a run can be scored again offline).
    public var json: JSONValue {
        var object = JSONObject()
        for key in GateConfiguration.rateKeys {
            object[key] = value(key).map { .number(JSONNumber($0)) } ?? .null
        }
        object["max_transport_failure_rate"] = .number(JSONNumber(maxTransportFailureRate))
        object["prompt_token_tolerance"] = .number(JSONNumber(promptTokenTolerance))
        object["baseline_margin"] = .number(JSONNumber(baselineMargin))
        object["inconclusive"] = .string(inconclusiveFails ? "fail" : "pass")
        var sourcesJSON = JSONObject()
        for key in GateConfiguration.rateKeys {
            if let source = sources[key] { sourcesJSON[key] = .string(source.rawValue) }
        }
        object["sources"] = .object(sourcesJSON)
        return .object(object)
    }

    /// Reads ``json``; members that are absent keep their defaults.
    /// - Parameter value: The JSON.
    public init(json value: JSONValue) {
        self.init()
        for key in GateConfiguration.rateKeys {
            guard let number = value[key]?.numberValue?.doubleValue else { continue }
            let source = value["sources"]?[key]?.stringValue.flatMap(Metric.GateSource.init(rawValue:)) ?? .default
            set(key, number, source: source)
        }
        if let value = value["max_transport_failure_rate"]?.numberValue?.doubleValue { maxTransportFailureRate = value }
        if let value = value["prompt_token_tolerance"]?.intValue { promptTokenTolerance = value }
        if let value = value["baseline_margin"]?.numberValue?.doubleValue { baselineMargin = value }
        inconclusiveFails = value["inconclusive"]?.stringValue == "fail"
    }
}

extension ProviderConfiguration {
    /// Reads ``descriptionJSON`` back (header values and keys are never recorded, so headers come back
    /// with empty values — enough to report the provider, not to call it).
    /// - Parameter value: The JSON.
    /// - Returns: The configuration, or `nil` without a name or base URL.
    public init?(descriptionJSON value: JSONValue) {
        guard let name = value["name"]?.stringValue, let baseURL = value["base_url"]?.stringValue else { return nil }
        self.init(
            name: name,
            baseURL: baseURL,
            model: value["model"]?.stringValue ?? name,
            apiKeyEnvironmentVariable: value["api_key_env"]?.stringValue,
            headers: (value["headers"]?.arrayValue ?? []).compactMap(\.stringValue).map { Header(name: $0, value: "") },
            extraBody: value["extra_body"]?.objectValue,
            concurrency: value["concurrency"]?.intValue ?? 8,
            timeoutSeconds: value["timeout"]?.numberValue?.doubleValue ?? 120
        )
        if let stall = value["stall_timeout"]?.numberValue?.doubleValue { stallTimeoutSeconds = stall }
        rpm = value["rpm"]?.numberValue?.doubleValue
        if let retries = value["retries"], retries.objectValue != nil { retryPolicy = RetryPolicy(json: retries) }
        inputPricePerMillion = value["price"]?["input"]?.numberValue?.doubleValue
        outputPricePerMillion = value["price"]?["output"]?.numberValue?.doubleValue
    }
}

extension RetryPolicy {
    /// Reads ``json`` back.
    /// - Parameter value: The JSON.
    public init(json value: JSONValue) {
        let causes = (value["on"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(RetryCause.init(rawValue:)) }
        self.init(
            maxAttempts: value["max_attempts"]?.intValue ?? 4,
            baseDelay: value["base_delay"]?.numberValue?.doubleValue ?? 0.5,
            maxDelay: value["max_delay"]?.numberValue?.doubleValue ?? 30,
            jitter: value["jitter"]?.numberValue?.doubleValue ?? 0.5,
            retryOn: value["on"] == nil ? Set(RetryCause.all) : Set(causes)
        )
    }
}

extension DeliveryAttempt {
    /// The attempt with its times rounded as the evidence records them.
    public func rounded() -> DeliveryAttempt {
        var copy = self
        copy.waitSeconds = (waitSeconds * 1_000_000).rounded() / 1_000_000
        copy.milliseconds = (milliseconds * 1000).rounded() / 1000
        return copy
    }

    /// Reads ``json`` back (an entry of a record's `attempts`).
    /// - Parameter value: The JSON.
    public init(json value: JSONValue) {
        self.init(
            status: value["status"]?.intValue,
            label: value["label"]?.stringValue.map(FailureLabel.init(rawValue:)),
            retry: value["retry"]?.stringValue.flatMap(RetryCause.init(rawValue:)),
            waitSeconds: (value["wait_ms"]?.numberValue?.doubleValue ?? 0) / 1000,
            waitFromHost: value["wait_from"]?.stringValue == "retry-after",
            milliseconds: value["ms"]?.numberValue?.doubleValue ?? 0
        )
    }
}
