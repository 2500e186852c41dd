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

    /// Whether strings are kept at all; a parser that reads one document leaves it off and saves the table.
    var isEnabled = false

    /// The packed bytes of each slot (see ``pack(_:from:count:)``); an unused slot holds the empty string, which
    /// packs to `(0, 0)`.
    private var keys: [(UInt64, UInt64)] = []
    private var strings: [String] = []

    /// The string made of `count` (at most ``maximumLength``) bytes of valid UTF-8 at `offset` in `buffer`, from the
    /// table or decoded and kept.
    mutating func string(in buffer: UnsafeBufferPointer<UInt8>, from offset: Int, count: Int) -> String {
        guard isEnabled else {
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[offset..<offset + count]), as: UTF8.self)
        }
        if keys.isEmpty {
            keys = Array(repeating: (0, 0), count: Self.slotCount)
            strings = Array(repeating: "", count: Self.slotCount)
        }
        let key = Self.pack(buffer, from: offset, count: count)
        let mixed = (key.0 ^ key.1 &* 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD
        let slot = Int(truncatingIfNeeded: mixed >> 55) & (Self.slotCount - 1)
        if keys[slot] == key { return strings[slot] }
        let string = String(decoding: UnsafeBufferPointer(rebasing: buffer[offset..<offset + count]), as: UTF8.self)
        keys[slot] = key
        strings[slot] = string
        return string
    }

    /// The bytes as two little-endian words, the length in the top byte of the second (bytes 8…14 fill the rest).
    /// Two word loads when 16 bytes can be read from `offset`, else byte by byte.
    private static func pack(_ buffer: UnsafeBufferPointer<UInt8>, from offset: Int, count: Int) -> (UInt64, UInt64) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        if offset + 16 <= buffer.count, let base = buffer.baseAddress {
            low = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            high = UInt64(littleEndian: UnsafeRawPointer(base + offset + 8).loadUnaligned(as: UInt64.self))
            if count < 8 {
                low &= (1 << UInt64(count * 8)) &- 1
                high = 0
            } else {
                high &= (1 << UInt64((count - 8) * 8)) &- 1
            }
        } else {
            for position in 0..<count {
                let byte = UInt64(buffer[offset + position])
                if position < 8 {
                    low |= byte << UInt64(position * 8)
                } else {
                    high |= byte << UInt64((position - 8) * 8)
                }
            }
        }
        return (low, high | UInt64(count) << 56)
    }
}
