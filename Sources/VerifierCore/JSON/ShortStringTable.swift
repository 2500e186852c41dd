/// Recently decoded strings of at most ``maximumLength`` UTF-8 bytes, by their bytes: a parser that meets `"type"`
/// for the thousandth time copies the `String` it made the first time instead of validating and decoding again.
///
/// Direct-mapped: each byte sequence has one slot, and a new sequence simply replaces the slot's old one. The bytes
/// are compared exactly (packed into two words, with the length), so a lookup never returns a different string.
/// Strings this short are stored inline by Swift, so a hit allocates nothing and touches no reference count.
struct ShortStringTable: Sendable {
    /// The longest string kept, in UTF-8 bytes (Swift's inline "small string" limit on 64-bit platforms).
    static let maximumLength = 15

    private static let slotCount = 512

    /// The packed bytes of each slot (see ``pack(_:)``); an unused slot holds the empty string, which packs to
    /// `(0, 0)`.
    private var keys: [(UInt64, UInt64)] = []
    private var strings: [String] = []

    /// The string for `bytes` (valid UTF-8, at most ``maximumLength`` bytes), from the table or decoded and kept.
    mutating func string(for bytes: UnsafeBufferPointer<UInt8>) -> String {
        if keys.isEmpty {
            keys = Array(repeating: (0, 0), count: Self.slotCount)
            strings = Array(repeating: "", count: Self.slotCount)
        }
        let key = Self.pack(bytes)
        let mixed = (key.0 ^ key.1 &* 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD
        let slot = Int(truncatingIfNeeded: mixed >> 55) & (Self.slotCount - 1)
        if keys[slot] == key { return strings[slot] }
        let string = String(decoding: bytes, as: UTF8.self)
        keys[slot] = key
        strings[slot] = string
        return string
    }

    /// The bytes as two little-endian words, the length in the top byte of the second (bytes 8…14 fill the rest).
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var low: UInt64 = 0
        var high = UInt64(bytes.count) << 56
        for position in 0..<bytes.count {
            if position < 8 {
                low |= UInt64(bytes[position]) << UInt64(position * 8)
            } else {
                high |= UInt64(bytes[position]) << UInt64((position - 8) * 8)
            }
        }
        return (low, high)
    }
}
