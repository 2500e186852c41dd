import JSONSchema

/// Whether streamed and non-streamed answers call tools equally often, over requests sampled at a
/// temperature above 0, where single pairs may differ by chance.
///
/// Pairs are the same request sent both ways. Only discordant pairs carry information: `b` streamed
/// answers called where the non-streamed twin did not, `c` the reverse. McNemar's statistic
/// z = (b − c) / √(b + c) is near 0 when the transports behave alike; |z| > 3.29 (two-sided p < 0.001)
/// with at least 10 discordant pairs is reported as a parity failure. A host whose streaming parser
/// loses calls shows up here even when every single answer is well-formed.
public struct CallRateParity: Sendable, Hashable {
    /// Pairs compared.
    public var pairs = 0
    /// Streamed answer called, non-streamed did not.
    public var streamedOnly = 0
    /// Non-streamed answer called, streamed did not.
    public var plainOnly = 0
    /// Streamed answers that called.
    public var streamedCalls = 0
    /// Non-streamed answers that called.
    public var plainCalls = 0

    /// The critical |z| (two-sided p < 0.001).
    public static let criticalZ = 3.29
    /// Fewest discordant pairs for a verdict.
    public static let minimumDiscordant = 10

    /// Creates an empty tally.
    public init() {}

    /// Adds one pair.
    /// - Parameters:
    ///   - streamed: The streamed answer called.
    ///   - plain: The non-streamed answer called.
    public mutating func add(streamed: Bool, plain: Bool) {
        pairs += 1
        if streamed { streamedCalls += 1 }
        if plain { plainCalls += 1 }
        if streamed, !plain { streamedOnly += 1 }
        if plain, !streamed { plainOnly += 1 }
    }

    /// McNemar's z, or `nil` with no discordant pair.
    public var z: Double? {
        let discordant = streamedOnly + plainOnly
        guard discordant > 0 else { return nil }
        return Double(streamedOnly - plainOnly) / Double(discordant).squareRoot()
    }

    /// Whether the transports differ beyond chance: `nil` when too few discordant pairs to tell.
    public var differs: Bool? {
        guard streamedOnly + plainOnly >= Self.minimumDiscordant, let z else { return nil }
        return abs(z) > Self.criticalZ
    }

    /// The check as a gated metric: numerator = pairs that agree, passed = not `differs`.
    public var asGate: Metric {
        var metric = Metric(numerator: pairs - streamedOnly - plainOnly, denominator: pairs)
        metric.gateOverride = differs.map { !$0 }
        return metric
    }

    /// The tally as JSON.
    public var json: JSONValue {
        [
            "pairs": .number(JSONNumber(pairs)),
            "streamed_calls": .number(JSONNumber(streamedCalls)),
            "plain_calls": .number(JSONNumber(plainCalls)),
            "streamed_only": .number(JSONNumber(streamedOnly)),
            "plain_only": .number(JSONNumber(plainOnly)),
            "mcnemar_z": z.map { .number(JSONNumber(rounded: $0)) } ?? .null,
            "differs": differs.map(JSONValue.bool) ?? .null,
        ]
    }
}
