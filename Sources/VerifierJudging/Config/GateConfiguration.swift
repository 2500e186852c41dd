import JSONSchema

/// Thresholds that decide pass and fail, one per gated metric.
///
/// Defaults: K2VV's acceptance level for trigger F1 (73 %, set from the official API's own lowest
/// repeat, 75.81 %, minus a margin); the deterministic layers tolerate no error-severity finding. A calibrated
/// baseline (`verifier calibrate`) replaces the gates that depend on the model's judgement (trigger F1,
/// agreement, the model's choice of calls) with the reference's own lowest value minus ``baselineMargin``,
/// over every case and per suite (``suiteGates``); a value set in `verifier.yaml` always wins.
public struct GateConfiguration: Sendable, Hashable {
    /// Lowest acceptable ToolCall-Trigger F1 against the reference (K2VV's finish_reason definition).
    public var triggerF1: Double
    /// Lowest acceptable K2VV schema accuracy (valid `tool_calls` answers / `tool_calls` answers).
    public var schemaAccuracy: Double
    /// Lowest acceptable share of answers free of wire errors.
    public var wireErrorFreeRate: Double
    /// Lowest acceptable share of streamed answers equal to their non-streamed twin (temperature 0).
    public var streamParityRate: Double
    /// Lowest acceptable share of requests answered with a usable 2xx.
    public var deliverySuccessRate: Double
    /// Lowest acceptable share of labelled answers that meet their case's constraints (status, `tool_choice`,
    /// `parallel_tool_calls`, reasoning, prompt tokens): deterministic, never loosened by a baseline.
    public var contractPassRate: Double = 1.0
    /// Lowest acceptable share of answers that make the call their case expects, over the cases the reference
    /// always gets right (the model's own choice; a baseline of a sampling reference lowers it).
    public var choicePassRate: Double = 1.0
    /// Lowest acceptable share of answers whose prompt-token count matches the reference's.
    public var promptTokenParity: Double = 1.0
    /// Lowest acceptable share of both-called answers with as many calls as the reference (`nil`: reported,
    /// not gated, unless a baseline sets it).
    public var callCountAgreement: Double?
    /// Lowest acceptable share of both-called answers naming the reference's tools (`nil`: not gated).
    public var toolNameAgreement: Double?
    /// Lowest acceptable share of same-tool answers with the reference's arguments (`nil`: not gated).
    public var argumentAgreement: Double?
    /// The largest prompt-token difference from the reference still counted as equal (Kimi's verifier
    /// allows a few tokens for special-token handling).
    public var promptTokenTolerance: Int = 3
    /// Highest share of transport failures (timeouts, refused or broken connections) that still lets
    /// the run be judged; above it the verdict is `incomplete`.
    public var maxTransportFailureRate: Double
    /// What a baseline subtracts from the reference's lowest value to make a gate (K2VV: 75.81 % → 73 %).
    public var baselineMargin: Double = 0.03
    /// Whether a statistical gate whose interval straddles its threshold fails the verdict (default: no —
    /// it is reported as inconclusive and the verdict rests on the other gates).
    public var inconclusiveFails = false
    /// Where each gate's value came from, by key (`trigger_f1`, …); absent keys are built-in defaults.
    public var sources: [String: Metric.GateSource] = [:]
    /// Gates a baseline set for one suite from the reference's spread on that suite's cases, by suite and key;
    /// they replace the run-wide value in that suite's verdict (``forSuite(_:)``).
    public var suiteGates: [String: [String: Double]] = [:]
    /// How streamed and non-streamed twins are compared (from the reference's calibration).
    public var parityRule = ParityRule()
    /// What the reference's calibration showed (`nil`: no baseline set these gates).
    public var calibration: ReferenceCalibration?
    /// The reference's own call decisions against itself in calibration, pooled (by presence of calls), by suite
    /// (`""`: every case): what `agreement.trigger_recall` and `agreement.trigger_specificity` are tested against.
    public var referenceTrigger: [String: ConfusionMatrix] = [:]
    /// The fewest observations a statistical gate is decided on against a sampling reference (below it the gate
    /// is inconclusive and names the cases it needs).
    public var minimumSupport = 30

    /// Whether the reference answered differently between its calibration runs: the statistical gates then
    /// need ``minimumSupport`` observations.
    public var referenceSampled: Bool { calibration?.showedSpread ?? false }

    /// The keys of the rate gates, as written in `verifier.yaml` and the manifest.
    public static let rateKeys = [
        "trigger_f1", "schema_accuracy", "wire_error_free_rate", "stream_parity_rate", "delivery_success_rate",
        "contract_pass_rate", "choice_pass_rate", "prompt_token_parity", "call_count_agreement",
        "tool_name_agreement", "argument_agreement",
    ]

    /// Creates gates.
    /// - Parameters:
    ///   - triggerF1: Lowest trigger F1.
    ///   - schemaAccuracy: Lowest schema accuracy.
    ///   - wireErrorFreeRate: Lowest wire-clean share.
    ///   - streamParityRate: Lowest stream/non-stream parity share.
    ///   - deliverySuccessRate: Lowest delivery success.
    ///   - maxTransportFailureRate: Highest transport failure share before `incomplete`.
    public init(
        triggerF1: Double = 0.73,
        schemaAccuracy: Double = 1.0,
        wireErrorFreeRate: Double = 1.0,
        streamParityRate: Double = 1.0,
        deliverySuccessRate: Double = 0.95,
        maxTransportFailureRate: Double = 0.2
    ) {
        self.triggerF1 = triggerF1
        self.schemaAccuracy = schemaAccuracy
        self.wireErrorFreeRate = wireErrorFreeRate
        self.streamParityRate = streamParityRate
        self.deliverySuccessRate = deliverySuccessRate
        self.maxTransportFailureRate = maxTransportFailureRate
    }

    /// A rate gate's value by key (`nil` for an ungated or unknown key).
    /// - Parameter key: The key, such as `trigger_f1`.
    /// - Returns: The value.
    public func value(_ key: String) -> Double? {
        switch key {
        case "trigger_f1": triggerF1
        case "schema_accuracy": schemaAccuracy
        case "wire_error_free_rate": wireErrorFreeRate
        case "stream_parity_rate": streamParityRate
        case "delivery_success_rate": deliverySuccessRate
        case "contract_pass_rate": contractPassRate
        case "choice_pass_rate": choicePassRate
        case "prompt_token_parity": promptTokenParity
        case "call_count_agreement": callCountAgreement
        case "tool_name_agreement": toolNameAgreement
        case "argument_agreement": argumentAgreement
        default: nil
        }
    }

    /// Sets a rate gate by key; unknown keys are ignored.
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The value (`nil` ungates the optional gates).
    ///   - source: Where it came from.
    public mutating func set(_ key: String, _ value: Double?, source: Metric.GateSource) {
        switch key {
        case "trigger_f1": triggerF1 = value ?? triggerF1
        case "schema_accuracy": schemaAccuracy = value ?? schemaAccuracy
        case "wire_error_free_rate": wireErrorFreeRate = value ?? wireErrorFreeRate
        case "stream_parity_rate": streamParityRate = value ?? streamParityRate
        case "delivery_success_rate": deliverySuccessRate = value ?? deliverySuccessRate
        case "contract_pass_rate": contractPassRate = value ?? contractPassRate
        case "choice_pass_rate": choicePassRate = value ?? choicePassRate
        case "prompt_token_parity": promptTokenParity = value ?? promptTokenParity
        case "call_count_agreement": callCountAgreement = value
        case "tool_name_agreement": toolNameAgreement = value
        case "argument_agreement": argumentAgreement = value
        default: return
        }
        if source == .default { sources[key] = nil } else { sources[key] = source }
    }

    /// The gates of one suite: the run-wide gates with the suite's own baseline values in place (a value set in
    /// `verifier.yaml` is never replaced).
    /// - Parameter suite: The suite's name.
    /// - Returns: The suite's gates.
    public func forSuite(_ suite: String) -> GateConfiguration {
        var result = self
        for (key, value) in suiteGates[suite] ?? [:] where sources[key] != .config {
            result.set(key, value, source: .baseline)
        }
        result.suiteGates = [:]
        result.referenceTrigger = referenceTrigger[suite].map { ["": $0] } ?? [:]
        return result
    }

    /// Whether a gate set from a baseline below 100 % judges by interval: the reference showed spread, so the
    /// gate is a rate of a noisy process, not a count of defects.
    /// - Parameter key: The key.
    /// - Returns: Whether the gate's decision rests on its interval.
    public func isStatistical(_ key: String) -> Bool {
        sources[key] == .baseline && (value(key) ?? 1) < 1
    }

    /// The threshold of a gate: its value, source and inconclusive policy (`nil` when ungated).
    /// - Parameter key: The key.
    /// - Returns: The threshold.
    public func threshold(_ key: String) -> GateThreshold? {
        value(key).map { GateThreshold($0, source: sources[key] ?? .default, inconclusiveFails: inconclusiveFails) }
    }
}
