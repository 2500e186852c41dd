/// RFC 3986 URIs and references, RFC 3987 IRIs, and RFC 6570 URI templates.
enum URIFormat {
    /// Whether the text is a URI (`reference == false`) or URI reference; IRIs allow non-ASCII characters.
    static func isValid(_ scalars: [Unicode.Scalar], international: Bool, reference: Bool) -> Bool {
        var rest = scalars[...]
        // Fragment and query.
        if let hash = rest.firstIndex(of: "#") {
            guard allValid(rest[(hash + 1)...], international: international, extra: "/?:@") else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            guard allValid(rest[(question + 1)...], international: international, extra: "/?:@", privateUse: true)
            else { return false }
            rest = rest[..<question]
        }
        // Scheme.
        var hasScheme = false
        if let colon = rest.firstIndex(of: ":"),
            !rest[..<colon].contains(where: { $0 == "/" }), isScheme(rest[..<colon])
        {
            hasScheme = true
            rest = rest[(colon + 1)...]
        }
        guard hasScheme || reference else { return false }
        // Authority.
        if rest.starts(with: ["/", "/"]) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            guard isAuthority(rest[..<end], international: international) else { return false }
            rest = rest[end...]
        } else if !hasScheme {
            // A relative path's first segment cannot contain ":".
            let firstSlash = rest.firstIndex(of: "/") ?? rest.endIndex
            if rest[..<firstSlash].contains(":") { return false }
        }
        return allValid(rest, international: international, extra: "/:@")
    }

    private static func isScheme(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = scalars.first, isAlpha(first) else { return false }
        return scalars.allSatisfy { isAlpha($0) || isDigit($0) || $0 == "+" || $0 == "-" || $0 == "." }
    }

    private static func isAuthority(_ scalars: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        var host = scalars
        if let at = scalars.firstIndex(of: "@") {
            guard allValid(scalars[..<at], international: international, extra: ":") else { return false }
            host = scalars[(at + 1)...]
            if host.contains("@") { return false }
        }
        if host.first == "[" {
            guard let close = host.firstIndex(of: "]") else { return false }
            let literal = host[(host.startIndex + 1)..<close]
            let after = host[(close + 1)...]
            guard isIPLiteral(literal), isPort(after) else { return false }
            return true
        }
        var port: ArraySlice<Unicode.Scalar> = []
        if let colon = host.firstIndex(of: ":") {
            port = host[colon...]
            host = host[..<colon]
        }
        return allValid(host, international: international, extra: "") && isPort(port)
    }

    private static func isPort(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = scalars.first else { return true }
        return first == ":" && scalars.dropFirst().allSatisfy(isDigit)
    }

    private static func isIPLiteral(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        if let first = scalars.first, first == "v" || first == "V" {
            guard let dot = scalars.firstIndex(of: ".") else { return false }
            let version = scalars[(scalars.startIndex + 1)..<dot]
            let rest = scalars[(dot + 1)...]
            return !version.isEmpty && version.allSatisfy(isHex) && !rest.isEmpty
                && rest.allSatisfy { isUnreserved($0) || isSubDelimiter($0) || $0 == ":" }
        }
        return IPAddressFormat.isIPv6(scalars)
    }

    /// Whether every character is unreserved, a sub-delimiter, one of `extra`, or a valid `%XX` escape.
    private static func allValid(
        _ scalars: ArraySlice<Unicode.Scalar>,
        international: Bool,
        extra: String,
        privateUse: Bool = false
    ) -> Bool {
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "%" {
                guard index + 2 < scalars.endIndex, isHex(scalars[index + 1]), isHex(scalars[index + 2]) else {
                    return false
                }
                index += 3
                continue
            }
            let allowed =
                isUnreserved(scalar) || isSubDelimiter(scalar) || extra.unicodeScalars.contains(scalar)
                || (international && isUCSChar(scalar, privateUse: privateUse))
            guard allowed else { return false }
            index += 1
        }
        return true
    }

    /// RFC 3987 `ucschar` (and `iprivate` in queries).
    private static func isUCSChar(_ scalar: Unicode.Scalar, privateUse: Bool) -> Bool {
        let value = scalar.value
        if privateUse && ((0xE000...0xF8FF).contains(value) || (0xF0000...0x10FFFD).contains(value)) { return true }
        let ranges: [ClosedRange<UInt32>] = [
            0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF, 0x10000...0x1FFFD, 0x20000...0x2FFFD,
            0x30000...0x3FFFD, 0x40000...0x4FFFD, 0x50000...0x5FFFD, 0x60000...0x6FFFD, 0x70000...0x7FFFD,
            0x80000...0x8FFFD, 0x90000...0x9FFFD, 0xA0000...0xAFFFD, 0xB0000...0xBFFFD, 0xC0000...0xCFFFD,
            0xD0000...0xDFFFD, 0xE1000...0xEFFFD,
        ]
        return ranges.contains { $0.contains(value) }
    }

    /// RFC 6570 level-4 templates.
    static func isTemplate(_ scalars: [Unicode.Scalar]) -> Bool {
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" {
                guard let close = scalars[index...].firstIndex(of: "}") else { return false }
                guard isExpression(scalars[(index + 1)..<close]) else { return false }
                index = close + 1
                continue
            }
            if scalar == "%" {
                guard index + 2 < scalars.count, isHex(scalars[index + 1]), isHex(scalars[index + 2]) else {
                    return false
                }
                index += 3
                continue
            }
            let value = scalar.value
            let forbidden: Set<UInt32> = [0x20, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D, 0x7F]
            guard value > 0x20, !forbidden.contains(value) else { return false }
            index += 1
        }
        return true
    }

    private static func isExpression(_ body: ArraySlice<Unicode.Scalar>) -> Bool {
        var body = body
        if let first = body.first, "+#./;?&".unicodeScalars.contains(first) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        for spec in body.split(separator: ",", omittingEmptySubsequences: false) {
            var name = spec
            if name.last == "*" {
                name = name.dropLast()
            } else if let colon = name.firstIndex(of: ":") {
                let length = name[(colon + 1)...]
                guard (1...4).contains(length.count), length.allSatisfy(isDigit), length.first != "0" else {
                    return false
                }
                name = name[..<colon]
            }
            guard isVariableName(name) else { return false }
        }
        return true
    }

    private static func isVariableName(_ name: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !name.isEmpty, name.first != ".", name.last != "." else { return false }
        var index = name.startIndex
        var previousDot = false
        while index < name.endIndex {
            let scalar = name[index]
            if scalar == "." {
                guard !previousDot else { return false }
                previousDot = true
                index += 1
                continue
            }
            previousDot = false
            if scalar == "%" {
                guard index + 2 < name.endIndex, isHex(name[index + 1]), isHex(name[index + 2]) else { return false }
                index += 3
                continue
            }
            guard isAlpha(scalar) || isDigit(scalar) || scalar == "_" else { return false }
            index += 1
        }
        return true
    }

    private static func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        isAlpha(scalar) || isDigit(scalar) || scalar == "-" || scalar == "." || scalar == "_" || scalar == "~"
    }

    private static func isSubDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        "!$&'()*+,;=".unicodeScalars.contains(scalar)
    }

    private static func isAlpha(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    private static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || (scalar >= "a" && scalar <= "f") || (scalar >= "A" && scalar <= "F")
    }
}
