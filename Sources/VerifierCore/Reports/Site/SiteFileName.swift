import JSONSchema
import VerifierJudging

/// Turns provider names into safe, unique file names for `providers/<name>.html`.
///
/// A name made only of ASCII letters, digits, `-`, `_` and `.` (not starting with `.`, at most 80
/// characters) is kept. Any other name — with `/`, spaces, `..`, non-ASCII letters — keeps its safe
/// characters, gets `_` for the rest and a suffix of eight hex digits of its SHA-256, so different names
/// never share a file. Names that differ only in case also get the suffix (case-insensitive file systems).
public enum SiteFileName {
    /// File names (without `.html`) for a set of provider names.
    /// - Parameter names: The provider names.
    /// - Returns: A file name per provider name.
    public static func assign(_ names: [String]) -> [String: String] {
        let unique = Array(Set(names)).sorted()
        var folded: [String: Int] = [:]
        for name in unique where isSafe(name) { folded[name.lowercased(), default: 0] += 1 }
        var result: [String: String] = [:]
        for name in unique {
            if isSafe(name), folded[name.lowercased()] == 1 {
                result[name] = name
            } else {
                result[name] = sanitized(name) + "-" + String(EvidenceRecord.sha256Hex(Array(name.utf8)).prefix(8))
            }
        }
        return result
    }

    /// Whether a name can be a file name as it is.
    static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 80 && !name.hasPrefix(".")
            && name.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
    }

    /// The safe characters of a name, `_` for the others, at most 60 of them, never starting with `.`.
    static func sanitized(_ name: String) -> String {
        var text = String(
            name.unicodeScalars.prefix(60).map { scalar -> Character in
                let safe = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                return safe || scalar == "-" || scalar == "_" || scalar == "." ? Character(scalar) : "_"
            }
        )
        if text.hasPrefix(".") { text = "_" + text.dropFirst() }
        return text.isEmpty ? "provider" : text
    }
}
