/// Thresholds that decide pass and fail, one per gated metric.
///
/// Defaults: K2VV's acceptance level for trigger F1 (73 %, set from the official API's own lowest
/// repeat, 75.81 %, minus a margin); the deterministic layers tolerate no error-severity finding.
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
    /// Lowest acceptable share of labelled answers that meet their case's expectation.
    public var contractPassRate: Double = 1.0
    /// Lowest acceptable share of answers whose prompt-token count matches the reference's.
    public var promptTokenParity: Double = 1.0
    /// The largest prompt-token difference from the reference still counted as equal (Kimi's verifier
    /// allows a few tokens for special-token handling).
    public var promptTokenTolerance: Int = 3
    /// Highest share of transport failures (timeouts, refused or broken connections) that still lets
    /// the run be judged; above it the verdict is `incomplete`.
    public var maxTransportFailureRate: Double

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
}
