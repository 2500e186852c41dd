/// A JSON number kept as its exact literal text (`1`, `1.0`, `-0`, `1e400`, `12345678901234567890`).
///
/// Equality and hashing compare literals; use ``JSONNumber/numericallyEquals(_:)`` to compare values.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal exactly as it appeared in the input (or as produced by the initialiser).
    public let literal: String

    /// Creates a number from a literal, or `nil` if the text is not a valid JSON number literal.
    /// - Parameter literal: Text matching the JSON `number` grammar (RFC 8259 §6).
    public init?(literal: String) {
        guard JSONNumber.isValidLiteral(literal.utf8) else { return nil }
        self.literal = literal
    }

    /// Creates a number from text the parser has already checked against the grammar.
    init(validatedLiteral: String) {
        self.literal = validatedLiteral
    }

    /// Creates an integer number.
    /// - Parameter value: The integer.
    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// Creates a number from a double; non-finite values become `0` because JSON cannot carry them.
    /// - Parameter value: The double.
    public init(_ value: Double) {
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                self.literal = String(Int64(value))
            } else {
                self.literal = "\(value)"
            }
        } else {
            self.literal = "0"
        }
    }

    /// The literal text.
    public var description: String { literal }

    /// Whether the literal has no fraction and no exponent (`1` yes, `1.0` and `1e0` no).
    ///
    /// JSON Schema calls `1.0` an integer; that mathematical question is answered by
    /// ``JSONNumber/isMathematicalInteger``.
    public var isIntegerLiteral: Bool {
        !literal.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
    }

    /// Whether the value is a whole number, whatever its spelling (`1`, `1.0`, `1e2`, `2.50e1` …).
    public var isMathematicalInteger: Bool {
        decimal.isInteger
    }

    /// The value as `Int64` when it is a whole number that fits exactly.
    public var int64Value: Int64? {
        if isIntegerLiteral { return Int64(literal) }
        guard isMathematicalInteger else { return nil }
        return decimal.int64Value
    }

    /// The nearest `Double` (may lose precision for long literals; never used for equality).
    public var doubleValue: Double {
        Double(literal) ?? .nan
    }

    /// The exact decimal value of the literal.
    public var decimal: JSONDecimal {
        JSONDecimal(validatedLiteral: literal)
    }

    /// Whether two numbers denote the same mathematical value (`1`, `1.0` and `10e-1` are equal).
    /// - Parameter other: The number to compare with.
    /// - Returns: `true` when the exact decimal values are equal.
    public func numericallyEquals(_ other: JSONNumber) -> Bool {
        decimal == other.decimal
    }

    /// Checks `bytes` against the JSON number grammar.
    static func isValidLiteral(_ bytes: some Collection<UInt8>) -> Bool {
        var index = bytes.startIndex
        func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }
        func advance() { index = bytes.index(after: index) }
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if peek() == UInt8(ascii: "-") { advance() }
        if peek() == UInt8(ascii: "0") {
            advance()
        } else if isDigit(peek()) {
            while isDigit(peek()) { advance() }
        } else {
            return false
        }
        if peek() == UInt8(ascii: ".") {
            advance()
            guard isDigit(peek()) else { return false }
            while isDigit(peek()) { advance() }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            advance()
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { advance() }
            guard isDigit(peek()) else { return false }
            while isDigit(peek()) { advance() }
        }
        return index == bytes.endIndex
    }
}

/// An exact decimal `sign × digits × 10^exponent`, normalised so equal values compare equal.
///
/// Used to compare numbers and to decide integer-ness without rounding through `Double`.
public struct JSONDecimal: Sendable, Hashable, Comparable {
    /// Whether the value is negative (zero is never negative).
    public let isNegative: Bool
    /// Significant digits without leading or trailing zeros (`"0"` for zero), as ASCII digits.
    public let digits: [UInt8]
    /// Power of ten applied to ``digits``.
    public let exponent: Int

    /// Parses a literal already known to match the JSON number grammar.
    init(validatedLiteral literal: String) {
        var negative = false
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var exponentValue = 0
        var exponentNegative = false
        var inFraction = false
        var inExponent = false
        for byte in literal.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if inExponent { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "+"):
                continue
            case UInt8(ascii: "."):
                inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            default:
                let digit = Int(byte) - 0x30
                if inExponent {
                    // Exact below 10^17; larger exponents saturate instead of overflowing.
                    exponentValue = min(exponentValue * 10 + digit, 100_000_000_000_000_000)
                } else {
                    mantissa.append(byte)
                    if inFraction { fractionDigits += 1 }
                }
            }
        }
        var exponent = (exponentNegative ? -exponentValue : exponentValue) - fractionDigits
        // Strip leading zeros.
        var start = 0
        while start < mantissa.count - 1, mantissa[start] == UInt8(ascii: "0") { start += 1 }
        var trimmed = Array(mantissa[start...])
        // Strip trailing zeros into the exponent.
        while trimmed.count > 1, trimmed.last == UInt8(ascii: "0") {
            trimmed.removeLast()
            exponent += 1
        }
        if trimmed == [UInt8(ascii: "0")] {
            self.isNegative = false
            self.digits = trimmed
            self.exponent = 0
        } else {
            self.isNegative = negative
            self.digits = trimmed
            self.exponent = exponent
        }
    }

    /// Whether the value is zero.
    public var isZero: Bool { digits == [UInt8(ascii: "0")] }

    /// Whether the value has no fractional part.
    public var isInteger: Bool { isZero || exponent >= 0 }

    /// The value as `Int64` when it is an integer that fits.
    public var int64Value: Int64? {
        guard isInteger else { return nil }
        if isZero { return 0 }
        guard digits.count + exponent <= 19 else { return nil }
        var text = String(decoding: digits, as: UTF8.self)
        text += String(repeating: "0", count: exponent)
        return Int64((isNegative ? "-" : "") + text)
    }

    /// Orders decimals by value.
    public static func < (lhs: JSONDecimal, rhs: JSONDecimal) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let magnitudeLess = JSONDecimal.magnitudeLess(lhs, rhs)
        let magnitudeEqual = lhs.digits == rhs.digits && lhs.exponent == rhs.exponent
        if magnitudeEqual { return false }
        return lhs.isNegative ? !magnitudeLess : magnitudeLess
    }

    private static func magnitudeLess(_ lhs: JSONDecimal, _ rhs: JSONDecimal) -> Bool {
        if lhs.isZero { return !rhs.isZero }
        if rhs.isZero { return false }
        // Compare by position of the most significant digit first.
        let lhsTop = lhs.digits.count + lhs.exponent
        let rhsTop = rhs.digits.count + rhs.exponent
        if lhsTop != rhsTop { return lhsTop < rhsTop }
        let length = max(lhs.digits.count, rhs.digits.count)
        for position in 0..<length {
            let left = position < lhs.digits.count ? lhs.digits[position] : UInt8(ascii: "0")
            let right = position < rhs.digits.count ? rhs.digits[position] : UInt8(ascii: "0")
            if left != right { return left < right }
        }
        return false
    }
}
