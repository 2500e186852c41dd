/// A set of code points: sorted ranges plus Unicode property tests, optionally inverted.
///
/// ASCII membership is precomputed into a 128-bit map, so the common case is two shifts and a mask.
struct RegexCharacterSet: Sendable {
    /// Disjoint, sorted, non-adjacent ranges.
    private(set) var ranges: [ClosedRange<UInt32>] = []
    /// Property tests; a code point is in the set when any holds (after its own negation).
    private(set) var properties: [(property: UnicodeProperty, negated: Bool)] = []
    /// Nested sets that were inverted before being added (`[\D]`, `[^…]` inside unions).
    private(set) var invertedParts: [RegexCharacterSet] = []
    /// Whether the whole set is inverted.
    private(set) var isInverted = false
    /// Membership of U+0000…U+007F, kept in step with the rest.
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0

    init() {}

    /// A set holding one Unicode property (or its complement).
    init(property: UnicodeProperty, negated: Bool) {
        properties = [(property, negated)]
        refreshASCII()
    }

    /// `.`: everything except line terminators.
    static let dot: RegexCharacterSet = {
        var set = RegexCharacterSet()
        set.addRange(0x0A, 0x0A)
        set.addRange(0x0D, 0x0D)
        set.addRange(0x2028, 0x2029)
        return set.inverted
    }()

    /// `\d`.
    static let digits: RegexCharacterSet = {
        var set = RegexCharacterSet()
        set.addRange(0x30, 0x39)
        return set
    }()

    /// `\w`.
    static let word: RegexCharacterSet = {
        var set = RegexCharacterSet()
        set.addRange(0x30, 0x39)
        set.addRange(0x41, 0x5A)
        set.addRange(0x5F, 0x5F)
        set.addRange(0x61, 0x7A)
        return set
    }()

    /// `\s`: ECMA-262 WhiteSpace and LineTerminator.
    static let whitespace: RegexCharacterSet = {
        var set = RegexCharacterSet()
        for range: ClosedRange<UInt32> in [
            0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
            0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
        ] {
            set.addRange(range.lowerBound, range.upperBound)
        }
        return set
    }()

    /// The complement of this set.
    var inverted: RegexCharacterSet {
        var copy = self
        copy.isInverted.toggle()
        copy.asciiLow = ~asciiLow
        copy.asciiHigh = ~asciiHigh
        return copy
    }

    /// Adds `low...high`, merging with overlapping or adjacent ranges.
    mutating func addRange(_ low: UInt32, _ high: UInt32) {
        var merged = low...high
        var result: [ClosedRange<UInt32>] = []
        result.reserveCapacity(ranges.count + 1)
        var inserted = false
        for range in ranges {
            if range.upperBound &+ 1 < merged.lowerBound {
                result.append(range)
            } else if merged.upperBound &+ 1 < range.lowerBound {
                if !inserted {
                    result.append(merged)
                    inserted = true
                }
                result.append(range)
            } else {
                merged = min(range.lowerBound, merged.lowerBound)...max(range.upperBound, merged.upperBound)
            }
        }
        if !inserted { result.append(merged) }
        ranges = result
        refreshASCII()
    }

    /// Adds every member of `other`.
    mutating func formUnion(_ other: RegexCharacterSet) {
        if other.isInverted {
            invertedParts.append(other)
        } else {
            for range in other.ranges { addRange(range.lowerBound, range.upperBound) }
            properties += other.properties
            invertedParts += other.invertedParts
        }
        refreshASCII()
    }

    /// Whether the set contains `value`.
    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
        if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
        return slowContains(value)
    }

    private func slowContains(_ value: UInt32) -> Bool {
        var found = false
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                found = true
                break
            }
        }
        if !found, !properties.isEmpty, let scalar = Unicode.Scalar(value) {
            found = properties.contains { $0.property.contains(scalar) != $0.negated }
        }
        if !found {
            found = invertedParts.contains { $0.contains(value) }
        }
        return found != isInverted
    }

    private mutating func refreshASCII() {
        var low: UInt64 = 0
        var high: UInt64 = 0
        let inverted = isInverted
        isInverted = false
        for value in UInt32(0)..<128 where slowContains(value) {
            if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
        }
        isInverted = inverted
        asciiLow = inverted ? ~low : low
        asciiHigh = inverted ? ~high : high
    }
}
