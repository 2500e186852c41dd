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

    /// Whether two byte buffers hold the same bytes (compared eight at a time).
    static func equal(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        guard let firstBase = first.baseAddress, let secondBase = second.baseAddress else { return true }
        var position = 0
        while position + 8 <= first.count {
            let firstWord = UnsafeRawPointer(firstBase + position).loadUnaligned(as: UInt64.self)
            let secondWord = UnsafeRawPointer(secondBase + position).loadUnaligned(as: UInt64.self)
            if firstWord != secondWord { return false }
            position += 8
        }
        while position < first.count {
            if firstBase[position] != secondBase[position] { return false }
            position += 1
        }
        return true
    }
}
