/// A Unicode property usable in `\p{…}`: a General_Category group or a binary property.
///
/// Names match loosely (case, `_`, `-` and spaces are ignored, as UTS #18 recommends), so `\p{Letter}`,
/// `\p{L}`, `\p{gc=Lu}` and `\p{digit}` (= `Nd`) all work. Script properties are not available from the Swift
/// standard library and are rejected.
enum UnicodeProperty: Sendable {
    /// Any of the General_Category values in the mask (bit = ``categoryBit(_:)``).
    case categories(UInt32)
    /// Every code point.
    case any
    /// U+0000…U+007F.
    case ascii
    /// A binary property.
    case binary(Binary)

    /// Binary properties answered by `Unicode.Scalar.Properties`.
    enum Binary: Sendable {
        case alphabetic, whiteSpace, uppercase, lowercase, emoji, emojiPresentation, emojiModifier
        case emojiModifierBase, math, hexDigit, asciiHexDigit, ideographic, dash, idStart, idContinue
        case xidStart, xidContinue, noncharacter, defaultIgnorable, assigned
    }

    /// Looks a property up by name.
    /// - Parameter name: The text inside `\p{…}`.
    init?(name: String) {
        var key = Self.normalise(name)
        for prefix in ["generalcategory=", "gc="] where key.hasPrefix(prefix) {
            key.removeFirst(prefix.count)
            guard let mask = Self.categoryMasks[key] else { return nil }
            self = .categories(mask)
            return
        }
        if key.contains("=") { return nil }
        if let mask = Self.categoryMasks[key] {
            self = .categories(mask)
            return
        }
        switch key {
        case "any": self = .any
        case "ascii": self = .ascii
        case "assigned": self = .binary(.assigned)
        case "alphabetic", "alpha": self = .binary(.alphabetic)
        case "whitespace", "space", "wspace": self = .binary(.whiteSpace)
        case "uppercase", "upper": self = .binary(.uppercase)
        case "lowercase", "lower": self = .binary(.lowercase)
        case "emoji": self = .binary(.emoji)
        case "emojipresentation", "epres": self = .binary(.emojiPresentation)
        case "emojimodifier", "emod": self = .binary(.emojiModifier)
        case "emojimodifierbase", "ebase": self = .binary(.emojiModifierBase)
        case "math": self = .binary(.math)
        case "hexdigit", "hex", "xdigit": self = .binary(.hexDigit)
        case "asciihexdigit", "ahex": self = .binary(.asciiHexDigit)
        case "ideographic", "ideo": self = .binary(.ideographic)
        case "dash": self = .binary(.dash)
        case "idstart", "ids": self = .binary(.idStart)
        case "idcontinue", "idc": self = .binary(.idContinue)
        case "xidstart", "xids": self = .binary(.xidStart)
        case "xidcontinue", "xidc": self = .binary(.xidContinue)
        case "noncharactercodepoint", "nchar": self = .binary(.noncharacter)
        case "defaultignorablecodepoint", "di": self = .binary(.defaultIgnorable)
        default: return nil
        }
    }

    /// Whether `name` asks for a Script or Script_Extensions property (valid ECMA-262, not supported here).
    static func isScriptProperty(_ name: String) -> Bool {
        let key = normalise(name)
        return key.hasPrefix("script=") || key.hasPrefix("sc=") || key.hasPrefix("scriptextensions=")
            || key.hasPrefix("scx=")
    }

    /// Whether `scalar` has the property.
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .categories(let mask):
            return mask & Self.categoryBit(scalar.properties.generalCategory) != 0
        case .any:
            return true
        case .ascii:
            return scalar.value < 0x80
        case .binary(let binary):
            let properties = scalar.properties
            switch binary {
            case .alphabetic: return properties.isAlphabetic
            case .whiteSpace: return properties.isWhitespace
            case .uppercase: return properties.isUppercase
            case .lowercase: return properties.isLowercase
            case .emoji: return properties.isEmoji
            case .emojiPresentation: return properties.isEmojiPresentation
            case .emojiModifier: return properties.isEmojiModifier
            case .emojiModifierBase: return properties.isEmojiModifierBase
            case .math: return properties.isMath
            case .hexDigit: return properties.isHexDigit
            case .asciiHexDigit: return properties.isASCIIHexDigit
            case .ideographic: return properties.isIdeographic
            case .dash: return properties.isDash
            case .idStart: return properties.isIDStart
            case .idContinue: return properties.isIDContinue
            case .xidStart: return properties.isXIDStart
            case .xidContinue: return properties.isXIDContinue
            case .noncharacter: return properties.isNoncharacterCodePoint
            case .defaultIgnorable: return properties.isDefaultIgnorableCodePoint
            case .assigned: return properties.generalCategory != .unassigned
            }
        }
    }

    private static func normalise(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// The bit standing for one General_Category value.
    static func categoryBit(_ category: Unicode.GeneralCategory) -> UInt32 {
        let index: UInt32 =
            switch category {
            case .uppercaseLetter: 0
            case .lowercaseLetter: 1
            case .titlecaseLetter: 2
            case .modifierLetter: 3
            case .otherLetter: 4
            case .nonspacingMark: 5
            case .spacingMark: 6
            case .enclosingMark: 7
            case .decimalNumber: 8
            case .letterNumber: 9
            case .otherNumber: 10
            case .connectorPunctuation: 11
            case .dashPunctuation: 12
            case .openPunctuation: 13
            case .closePunctuation: 14
            case .initialPunctuation: 15
            case .finalPunctuation: 16
            case .otherPunctuation: 17
            case .mathSymbol: 18
            case .currencySymbol: 19
            case .modifierSymbol: 20
            case .otherSymbol: 21
            case .spaceSeparator: 22
            case .lineSeparator: 23
            case .paragraphSeparator: 24
            case .control: 25
            case .format: 26
            case .surrogate: 27
            case .privateUse: 28
            case .unassigned: 29
            @unknown default: 29
            }
        return 1 << index
    }

    /// Loose names of General_Category values and groups, to masks.
    private static let categoryMasks: [String: UInt32] = {
        func bits(_ indices: [UInt32]) -> UInt32 { indices.reduce(0) { $0 | (1 << $1) } }
        var table: [String: UInt32] = [:]
        let single: [(names: [String], index: UInt32)] = [
            (["lu", "uppercaseletter"], 0), (["ll", "lowercaseletter"], 1), (["lt", "titlecaseletter"], 2),
            (["lm", "modifierletter"], 3), (["lo", "otherletter"], 4), (["mn", "nonspacingmark"], 5),
            (["mc", "spacingmark"], 6), (["me", "enclosingmark"], 7), (["nd", "decimalnumber", "digit"], 8),
            (["nl", "letternumber"], 9), (["no", "othernumber"], 10), (["pc", "connectorpunctuation"], 11),
            (["pd", "dashpunctuation"], 12), (["ps", "openpunctuation"], 13), (["pe", "closepunctuation"], 14),
            (["pi", "initialpunctuation"], 15), (["pf", "finalpunctuation"], 16), (["po", "otherpunctuation"], 17),
            (["sm", "mathsymbol"], 18), (["sc", "currencysymbol"], 19), (["sk", "modifiersymbol"], 20),
            (["so", "othersymbol"], 21), (["zs", "spaceseparator"], 22), (["zl", "lineseparator"], 23),
            (["zp", "paragraphseparator"], 24), (["cc", "control", "cntrl"], 25), (["cf", "format"], 26),
            (["cs", "surrogate"], 27), (["co", "privateuse"], 28), (["cn", "unassigned"], 29),
        ]
        for entry in single {
            for name in entry.names { table[name] = 1 << entry.index }
        }
        let groups: [(names: [String], indices: [UInt32])] = [
            (["l", "letter"], [0, 1, 2, 3, 4]), (["lc", "casedletter"], [0, 1, 2]),
            (["m", "mark", "combiningmark"], [5, 6, 7]), (["n", "number"], [8, 9, 10]),
            (["p", "punctuation", "punct"], [11, 12, 13, 14, 15, 16, 17]), (["s", "symbol"], [18, 19, 20, 21]),
            (["z", "separator"], [22, 23, 24]), (["c", "other"], [25, 26, 27, 28, 29]),
        ]
        for group in groups {
            for name in group.names { table[name] = bits(group.indices) }
        }
        return table
    }()
}
