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
        if !suiteGates.isEmpty {
            var suitesJSON = JSONObject()
            for (suite, values) in suiteGates.sorted(by: { $0.key < $1.key }) {
                var valuesJSON = JSONObject()
                for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                    valuesJSON[key] = .number(JSONNumber(rounded6: value))
                }
                suitesJSON[suite] = .object(valuesJSON)
            }
            object["suites"] = .object(suitesJSON)
        }
        object["calibration"] = calibration?.json ?? .null
        if !referenceTrigger.isEmpty {
            object["reference_trigger"] = .object(
                JSONObject(referenceTrigger.sorted { $0.key < $1.key }.map { ($0.key, $0.value.countsJSON) })
            )
        }
        object["minimum_support"] = .number(JSONNumber(minimumSupport))
        object["parity"] = parityRule.json
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
        for suite in value["suites"]?.objectValue ?? JSONObject() {
            var read: [String: Double] = [:]
            for member in suite.value.objectValue ?? JSONObject() {
                if let number = member.value.numberValue?.doubleValue { read[member.key] = number }
            }
            suiteGates[suite.key] = read
        }
        calibration = ReferenceCalibration(json: value["calibration"])
        for member in value["reference_trigger"]?.objectValue ?? JSONObject() {
            referenceTrigger[member.key] = ConfusionMatrix(counts: member.value)
        }
        if let minimum = value["minimum_support"]?.intValue { minimumSupport = minimum }
        parityRule = ParityRule(json: value["parity"])
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
        api = value["api"]?.stringValue.flatMap(APISurface.init(rawValue:)) ?? .chat
        authentication = value["auth"]?.stringValue.flatMap(Authentication.init(rawValue:))
        if let version = value["anthropic_version"]?.stringValue { anthropicVersion = version }
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

extension ParityRule {
    /// The rule as JSON (in the gates of the manifest and the scorecard's wire layer).
    public var json: JSONValue {
        [
            "rule": .string(name), "text": .string(text.rawValue),
            "reference_kinds": .array(referenceKinds.sorted().map { .string($0.rawValue) }),
            "reference_pairs": .number(JSONNumber(referencePairs)),
            "reference_differing": .number(JSONNumber(referenceDiffering)),
        ]
    }

    /// Reads ``json`` back; absent members give the exact rule.
    /// - Parameter value: The JSON.
    public init(json value: JSONValue?) {
        self.init(
            text: value?["text"]?.stringValue.flatMap(Text.init(rawValue:)) ?? .exact,
            referenceKinds: Set(
                (value?["reference_kinds"]?.arrayValue ?? []).compactMap {
                    $0.stringValue.flatMap(ParityDifference.init(rawValue:))
                }
            ),
            referencePairs: value?["reference_pairs"]?.intValue ?? 0,
            referenceDiffering: value?["reference_differing"]?.intValue ?? 0
        )
    }
}
