extension JSONDecimal {
    /// Whether this value is an integer multiple of `divisor`, decided exactly (no rounding through `Double`).
    ///
    /// `self = D1 × 10^e1` and `divisor = D2 × 10^e2` with digit strings free of trailing zeros. When
    /// `e1 < e2` the quotient keeps a fractional digit, so the answer is no; otherwise it is whether
    /// `D1 × 10^(e1 − e2)` is divisible by `D2`, computed by modular arithmetic (square-and-multiply for the
    /// power of ten, so `1e308` against `0.123456789` is instant).
    /// - Parameter divisor: A positive decimal.
    /// - Returns: `true` when `self / divisor` is an integer; `nil` when the operands are too large to decide
    ///   exactly (a divisor of more than 36 significant digits combined with an exponent gap above 100 000).
    func isMultiple(of divisor: JSONDecimal) -> Bool? {
        if isZero { return true }
        if divisor.isZero { return false }
        if exponent < divisor.exponent { return false }
        let shift = exponent - divisor.exponent
        if divisor.digits.count <= 18, let modulus = UInt64(String(decoding: divisor.digits, as: UTF8.self)) {
            var remainder: UInt64 = 0
            for digit in digits {
                remainder = (remainder * 10 + UInt64(digit - 0x30)) % modulus
            }
            guard remainder != 0 else { return true }
            let power = Self.powerOfTen(shift, modulo: modulus)
            return Self.multiply(remainder, power, modulo: modulus) == 0
        }
        guard shift <= 100_000 else { return nil }
        // Long division by a big divisor, one decimal digit at a time.
        var remainder: [UInt8] = []
        let modulus = divisor.digits.map { $0 - 0x30 }
        func step(_ digit: UInt8) {
            remainder.append(digit)
            if let first = remainder.firstIndex(where: { $0 != 0 }) {
                remainder.removeFirst(first)
            } else {
                remainder.removeAll()
            }
            while Self.compare(remainder, modulus) >= 0 { Self.subtract(&remainder, modulus) }
        }
        for digit in digits { step(digit - 0x30) }
        for _ in 0..<shift { step(0) }
        return remainder.isEmpty
    }

    private static func multiply(_ left: UInt64, _ right: UInt64, modulo modulus: UInt64) -> UInt64 {
        let product = left.multipliedFullWidth(by: right)
        return modulus.dividingFullWidth((product.high, product.low)).remainder
    }

    private static func powerOfTen(_ exponent: Int, modulo modulus: UInt64) -> UInt64 {
        var result: UInt64 = 1 % modulus
        var base: UInt64 = 10 % modulus
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = multiply(result, base, modulo: modulus) }
            base = multiply(base, base, modulo: modulus)
            remaining >>= 1
        }
        return result
    }

    /// Compares two digit arrays without leading zeros.
    private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        if left.count != right.count { return left.count < right.count ? -1 : 1 }
        for (a, b) in zip(left, right) where a != b { return a < b ? -1 : 1 }
        return 0
    }

    /// `left -= right` for digit arrays with `left >= right`, leading zeros removed.
    private static func subtract(_ left: inout [UInt8], _ right: [UInt8]) {
        var borrow: Int = 0
        var index = left.count - 1
        var rightIndex = right.count - 1
        while index >= 0 {
            var value = Int(left[index]) - borrow - (rightIndex >= 0 ? Int(right[rightIndex]) : 0)
            borrow = 0
            if value < 0 {
                value += 10
                borrow = 1
            }
            left[index] = UInt8(value)
            index -= 1
            rightIndex -= 1
        }
        if let first = left.firstIndex(where: { $0 != 0 }) {
            left.removeFirst(first)
        } else {
            left.removeAll()
        }
    }
}
