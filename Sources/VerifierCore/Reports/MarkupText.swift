import JSONSchema
import VerifierJudging

/// Escapes text for XML and HTML documents written by the report writers.
///
/// Provider output ends up in reports (failure messages quote what a host sent), so every piece of text
/// is escaped, never wrapped in CDATA: `]]>` and `<` are then harmless. Characters XML 1.0 forbids (C0
/// controls other than tab, line feed and carriage return, and U+FFFE/U+FFFF) are shown as their Unicode
/// control pictures (`\u{1}` becomes `␁`) so that a report never becomes unparseable and the defect stays
/// visible.
public enum MarkupText {
    /// Escapes element text: `&`, `<`, `>` and forbidden characters.
    /// - Parameter text: The text.
    /// - Returns: Text safe between tags.
    public static func text(_ text: String) -> String {
        escape(text, attribute: false)
    }

    /// Escapes an attribute value (for double or single quotes): also quotes, and tab, line feed and carriage
    /// return as character references, so that attribute normalisation keeps them.
    /// - Parameter text: The text.
    /// - Returns: Text safe inside a quoted attribute.
    public static func attribute(_ text: String) -> String {
        escape(text, attribute: true)
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        // Fast path: most text needs nothing.
        let needsWork = text.utf8.contains { byte in
            byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
                || byte == 0xEF  // lead byte of U+FFFE / U+FFFF
        }
        guard needsWork else { return text }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.utf8.count + 16)
        func append(_ string: String) { out.append(contentsOf: string.unicodeScalars) }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": append("&amp;")
            case "<": append("&lt;")
            case ">": append("&gt;")
            case "\"" where attribute: append("&quot;")
            case "'" where attribute: append("&#39;")
            case "\t": attribute ? append("&#9;") : out.append(scalar)
            case "\n": attribute ? append("&#10;") : out.append(scalar)
            case "\r": append("&#13;")
            case "\u{7F}": out.append("\u{2421}")
            case "\u{FFFE}", "\u{FFFF}": out.append("\u{FFFD}")
            default:
                if scalar.value < 0x20, let picture = Unicode.Scalar(0x2400 + scalar.value) {
                    out.append(picture)
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }
}
