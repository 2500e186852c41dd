import JSONSchema

/// A small seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014).
///
/// Used wherever a statistic resamples: the same evidence must always give the same scorecard, byte for byte,
/// so resampling never draws from the system's random source.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator.
    /// - Parameter seed: The seed; equal seeds give equal sequences.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    /// - Returns: The bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed derived from a text (FNV-1a), so each statistic resamples with its own stable sequence.
    /// - Parameter text: The text, such as the statistic's name.
    /// - Returns: The seed.
    public static func seed(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        return hash
    }
}
