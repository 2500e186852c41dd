/// RFC 5321 mailboxes (`email`) and their RFC 6531 internationalised form (`idn-email`).
enum EmailFormat {
    /// `local-part "@" domain`, the local part a dot-atom or quoted string, the domain a host name or an
    /// address literal (`[192.0.2.1]`, `[IPv6:::1]`).
    static func isEmail(_ scalars: [Unicode.Scalar], international: Bool) -> Bool {
        guard let at = scalars.lastIndex(of: "@") else { return false }
        let local = scalars[..<at]
        let domain = scalars[(at + 1)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        guard isLocalPart(local, international: international) else { return false }
        if domain.first == "[" {
            guard domain.last == "]" else { return false }
            let literal = domain.dropFirst().dropLast()
            if literal.starts(with: "IPv6:".unicodeScalars) {
                return IPAddressFormat.isIPv6(literal.dropFirst(5))
            }
            return IPAddressFormat.isIPv4(literal)
        }
        return HostnameFormat.isHostname(Array(domain), international: international)
    }

    private static func isLocalPart(_ local: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        if local.first == "\"" {
            guard local.count >= 2, local.last == "\"" else { return false }
            var index = local.startIndex + 1
            let end = local.endIndex - 1
            while index < end {
                let scalar = local[index]
                if scalar == "\\" {
                    guard index + 1 < end else { return false }
                    index += 2
                    continue
                }
                guard scalar != "\"", scalar.value >= 0x20 || scalar == "\t" || (international && !scalar.isASCII)
                else { return false }
                index += 1
            }
            return true
        }
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        for atom in atoms {
            guard !atom.isEmpty else { return false }
            for scalar in atom {
                let isAtext =
                    (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                    || (scalar >= "0" && scalar <= "9")
                    || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
                guard isAtext || (international && !scalar.isASCII) else { return false }
            }
        }
        return true
    }
}
