/// Dotted-quad IPv4 (no leading zeros) and RFC 4291 IPv6 text forms (no zone, no brackets, no prefix).
enum IPAddressFormat {
    /// Four decimal octets 0–255 without leading zeros.
    static func isIPv4(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let parts = scalars.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return false }
            if part.count > 1 && part.first == "0" { return false }
            let value = part.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
            guard value <= 255 else { return false }
        }
        return true
    }

    /// Eight groups of 1–4 hex digits, one `::` allowed, an IPv4 tail allowed in place of the last two.
    static func isIPv6(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = Array(scalars)
        guard !text.isEmpty, text.count <= 45 else { return false }
        var doubleColon: Int?
        var index = 0
        while index + 1 < text.count {
            if text[index] == ":" && text[index + 1] == ":" {
                guard doubleColon == nil else { return false }
                doubleColon = index
            }
            index += 1
        }
        func groups(_ part: ArraySlice<Unicode.Scalar>, allowIPv4Tail: Bool) -> Int? {
            guard !part.isEmpty else { return 0 }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            var count = 0
            for (position, piece) in pieces.enumerated() {
                if position == pieces.count - 1, allowIPv4Tail, piece.contains(".") {
                    guard isIPv4(piece) else { return nil }
                    count += 2
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy(isHex) else { return nil }
                    count += 1
                }
            }
            return count
        }
        if let split = doubleColon {
            let head = text[..<split]
            let tail = text[(split + 2)...]
            if tail.first == ":" { return false }
            guard let headCount = groups(head, allowIPv4Tail: false),
                let tailCount = groups(tail, allowIPv4Tail: true)
            else { return false }
            return headCount + tailCount <= 7
        }
        return groups(text[...], allowIPv4Tail: true) == 8
    }

    private static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "a"..."f", "A"..."F": true
        default: false
        }
    }
}
