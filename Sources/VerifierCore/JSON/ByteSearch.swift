/// Word-at-a-time byte tests ("SWAR"): eight bytes are examined with a few integer operations instead of eight
/// comparisons, for the scanners that skip long runs of ordinary bytes.
enum ByteSearch {
    /// `byte` in each of the eight bytes of a word.
    @inline(__always)
    static func repeated(_ byte: UInt8) -> UInt64 {
        0x0101_0101_0101_0101 &* UInt64(byte)
    }

    /// A word with the high bit set in the lowest byte of `word` that is zero, and possibly in higher bytes; zero
    /// when no byte is zero. Load words as little-endian, so the lowest set bit marks the first zero byte in memory.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- repeated(0x01)) & ~word & repeated(0x80)
    }
}
