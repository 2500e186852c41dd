/// Host names (RFC 1123) and internationalised host names (IDNA2008, RFC 5890–5893), approximately.
///
/// ASCII labels follow the LDH rule. `xn--` labels must be canonical Punycode for a valid U-label. U-labels
/// are checked against the IDNA2008 rules that can be decided without the full derived-property table: no
/// upper- or title-case letters, symbols, punctuation or spaces; the RFC 5892 exception list; the CONTEXTJ
/// and CONTEXTO rules; no leading combining mark; no `--` in positions 3–4; and the RFC 5893 Bidi rule
/// (bidi classes approximated by script ranges).
enum HostnameFormat {
    /// Whether the text is a host name; `international` accepts U-labels and the IDNA label separators.
    static func isHostname(_ scalars: [Unicode.Scalar], international: Bool) -> Bool {
        guard !scalars.isEmpty else { return false }
        let separators: Set<Unicode.Scalar> = international ? [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"] : ["."]
        let labels = scalars.split(omittingEmptySubsequences: false, whereSeparator: { separators.contains($0) })
        var unicodeLabels: [[Unicode.Scalar]] = []
        var asciiLength = labels.count - 1
        for label in labels {
            guard !label.isEmpty else { return false }
            if label.allSatisfy(\.isASCII) {
                guard label.count <= 63, isLDH(label) else { return false }
                asciiLength += label.count
                if label.count >= 4, label.prefix(4).map({ Character($0).lowercased() }).joined() == "xn--" {
                    guard let decoded = Punycode.decode(label.dropFirst(4)), !decoded.allSatisfy(\.isASCII),
                        Punycode.encode(decoded).map({ Character($0).lowercased() }).joined()
                            == label.dropFirst(4).map({ Character($0).lowercased() }).joined(),
                        isULabel(decoded)
                    else { return false }
                    unicodeLabels.append(decoded)
                } else {
                    if label.count >= 4, label[label.startIndex + 2] == "-", label[label.startIndex + 3] == "-" {
                        return false
                    }
                    unicodeLabels.append(Array(label))
                }
            } else {
                guard international, isULabel(Array(label)) else { return false }
                let encodedLength = 4 + Punycode.encode(Array(label)).count
                guard encodedLength <= 63 else { return false }
                asciiLength += encodedLength
                unicodeLabels.append(Array(label))
            }
        }
        guard asciiLength <= 253 else { return false }
        return satisfiesBidiRule(unicodeLabels)
    }

    /// Letters, digits and hyphens, not starting or ending with a hyphen.
    private static func isLDH(_ label: ArraySlice<Unicode.Scalar>) -> Bool {
        guard label.first != "-", label.last != "-" else { return false }
        return label.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "-"
        }
    }

    private static let disallowedExceptions: Set<UInt32> = [
        0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B,
    ]
    private static let pvalidExceptions: Set<UInt32> = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007]

    /// The IDNA2008 checks on one U-label.
    private static func isULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, let last = label.last, first != "-", last != "-" else { return false }
        if label.count >= 4, label[2] == "-", label[3] == "-" { return false }
        if isMark(first) { return false }
        var hasArabicIndic = false
        var hasExtendedArabicIndic = false
        for (index, scalar) in label.enumerated() {
            let value = scalar.value
            if disallowedExceptions.contains(value) { return false }
            if pvalidExceptions.contains(value) { continue }
            switch value {
            case 0x00B7:  // MIDDLE DOT: between two l.
                guard index > 0, index < label.count - 1, label[index - 1] == "l", label[index + 1] == "l" else {
                    return false
                }
            case 0x0375:  // GREEK KERAIA: followed by Greek.
                guard index < label.count - 1, isGreek(label[index + 1]) else { return false }
            case 0x05F3, 0x05F4:  // HEBREW GERESH, GERSHAYIM: preceded by Hebrew.
                guard index > 0, isHebrew(label[index - 1]) else { return false }
            case 0x30FB:  // KATAKANA MIDDLE DOT: some Hiragana, Katakana or Han in the label.
                guard label.contains(where: { $0.value != 0x30FB && isJapanese($0) }) else { return false }
            case 0x0660...0x0669:
                hasArabicIndic = true
            case 0x06F0...0x06F9:
                hasExtendedArabicIndic = true
            case 0x200D:  // ZERO WIDTH JOINER: after a virama.
                guard index > 0, label[index - 1].properties.canonicalCombiningClass.rawValue == 9 else {
                    return false
                }
            case 0x200C:  // ZERO WIDTH NON-JOINER: after a virama, or between joining letters.
                let afterVirama = index > 0 && label[index - 1].properties.canonicalCombiningClass.rawValue == 9
                guard
                    afterVirama
                        || (index > 0 && index < label.count - 1 && isArabic(label[index - 1])
                            && isArabic(label[index + 1]))
                else { return false }
            default:
                guard isProtocolValid(scalar) else { return false }
            }
        }
        return !(hasArabicIndic && hasExtendedArabicIndic)
    }

    /// Approximates IDNA2008 PVALID: lowercase/other letters, marks, decimal digits, and `-`.
    private static func isProtocolValid(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "-" || (scalar >= "0" && scalar <= "9") || (scalar >= "a" && scalar <= "z") { return true }
        if scalar.isASCII { return false }
        switch scalar.properties.generalCategory {
        case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber:
            return !scalar.properties.changesWhenNFKCCaseFolded
        default:
            return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
        (0x0370...0x03FF).contains(scalar.value) || (0x1F00...0x1FFF).contains(scalar.value)
    }

    private static func isHebrew(_ scalar: Unicode.Scalar) -> Bool {
        (0x0590...0x05FF).contains(scalar.value) || (0xFB1D...0xFB4F).contains(scalar.value)
    }

    private static func isArabic(_ scalar: Unicode.Scalar) -> Bool {
        (0x0600...0x06FF).contains(scalar.value) || (0x0750...0x077F).contains(scalar.value)
    }

    private static func isJapanese(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x3040...0x30FF).contains(value) || (0x31F0...0x31FF).contains(value)
            || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x20000...0x2FFFF).contains(value)
    }

    /// A bidi class approximation: right-to-left letters, Arabic and European digits, marks, and the rest.
    private enum BidiClass {
        case leftToRight, rightToLeft, arabicNumber, europeanNumber, nonspacingMark, other
    }

    private static func bidiClass(_ scalar: Unicode.Scalar) -> BidiClass {
        let value = scalar.value
        if scalar >= "0" && scalar <= "9" || (0x06F0...0x06F9).contains(value) { return .europeanNumber }
        if (0x0660...0x0669).contains(value) || (0x066B...0x066C).contains(value) { return .arabicNumber }
        if scalar.properties.generalCategory == .nonspacingMark { return .nonspacingMark }
        if scalar.properties.generalCategory == .format { return .other }
        if (0x0590...0x08FF).contains(value) || (0xFB1D...0xFDFF).contains(value) || (0xFE70...0xFEFF).contains(value)
            || (0x10800...0x10FFF).contains(value) || (0x1E800...0x1EFFF).contains(value)
        {
            return .rightToLeft
        }
        if scalar == "-" { return .other }
        return .leftToRight
    }

    /// RFC 5893: applies when any label holds a right-to-left character.
    private static func satisfiesBidiRule(_ labels: [[Unicode.Scalar]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        let isBidiDomain = classes.contains { $0.contains(.rightToLeft) || $0.contains(.arabicNumber) }
        guard isBidiDomain else { return true }
        for label in classes {
            guard let first = label.first else { return false }
            let trimmed = label.reversed().drop(while: { $0 == .nonspacingMark })
            guard let last = trimmed.first else { return false }
            switch first {
            case .rightToLeft:
                guard !label.contains(.leftToRight) else { return false }
                guard [.rightToLeft, .europeanNumber, .arabicNumber].contains(last) else { return false }
                if label.contains(.europeanNumber) && label.contains(.arabicNumber) { return false }
            case .leftToRight:
                guard !label.contains(.rightToLeft), !label.contains(.arabicNumber) else { return false }
                guard last == .leftToRight || last == .europeanNumber else { return false }
            default:
                return false
            }
        }
        return true
    }
}
