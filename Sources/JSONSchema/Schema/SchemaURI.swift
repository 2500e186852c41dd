/// A URI reference split into its RFC 3986 components, with reference resolution (RFC 3986 §5.2).
///
/// Used for `$id`, `$ref`, `$schema` and registry keys. No percent-decoding or case folding beyond the scheme,
/// which is what JSON Schema identifier comparison needs.
struct SchemaURI: Sendable, Hashable, CustomStringConvertible {
    /// The scheme without `:`, lowercased, or `nil` for a relative reference.
    var scheme: String?
    /// The authority without `//`, or `nil` when absent.
    var authority: String?
    /// The path (may be empty).
    var path: String
    /// The query without `?`, or `nil`.
    var query: String?
    /// The fragment without `#`, or `nil`.
    var fragment: String?

    /// Splits a reference into components (RFC 3986 appendix B).
    /// - Parameter text: Any string; every string parses.
    init(_ text: String) {
        // The delimiters are ASCII, so they are found among the UTF-8 bytes and every split falls on a character
        // boundary.
        var rest = Substring(text)
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(rest[rest.utf8.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = String(rest[rest.utf8.index(after: question)...])
            rest = rest[..<question]
        }
        if let colon = rest.utf8.firstIndex(of: UInt8(ascii: ":")) {
            let candidate = rest.utf8[..<colon]
            let isScheme =
                candidate.first.map(Self.isLetter) ?? false
                && candidate.allSatisfy { Self.isLetter($0) || Self.isSchemeByte($0) }
            if isScheme {
                scheme = String(rest[..<colon]).lowercased()
                rest = rest[rest.utf8.index(after: colon)...]
            }
        }
        if rest.utf8.starts(with: "//".utf8) {
            rest = rest[rest.utf8.index(rest.startIndex, offsetBy: 2)...]
            let end = rest.utf8.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        path = String(rest)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// A digit, `+`, `-` or `.`: the other bytes a scheme may hold after its first letter.
    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// The reference as text.
    var description: String {
        var text = ""
        if let scheme { text += scheme + ":" }
        if let authority { text += "//" + authority }
        text += path
        if let query { text += "?" + query }
        if let fragment { text += "#" + fragment }
        return text
    }

    /// Whether the reference has a scheme (is an absolute URI, possibly with a fragment).
    var isAbsolute: Bool { scheme != nil }

    /// The same reference without its fragment.
    var withoutFragment: SchemaURI {
        var copy = self
        copy.fragment = nil
        return copy
    }

    /// Resolves `reference` against this base (RFC 3986 §5.2.2).
    /// - Parameter reference: The reference to resolve.
    /// - Returns: The target URI.
    func resolving(_ reference: SchemaURI) -> SchemaURI {
        if reference.scheme != nil {
            return SchemaURI(
                scheme: reference.scheme,
                authority: reference.authority,
                path: Self.removeDotSegments(reference.path),
                query: reference.query,
                fragment: reference.fragment
            )
        }
        if reference.authority != nil {
            return SchemaURI(
                scheme: scheme,
                authority: reference.authority,
                path: Self.removeDotSegments(reference.path),
                query: reference.query,
                fragment: reference.fragment
            )
        }
        if reference.path.isEmpty {
            return SchemaURI(
                scheme: scheme,
                authority: authority,
                path: path,
                query: reference.query ?? query,
                fragment: reference.fragment
            )
        }
        let merged: String
        if reference.path.hasPrefix("/") {
            merged = reference.path
        } else if authority != nil && path.isEmpty {
            merged = "/" + reference.path
        } else if let slash = path.lastIndex(of: "/") {
            merged = String(path[...slash]) + reference.path
        } else {
            merged = reference.path
        }
        return SchemaURI(
            scheme: scheme,
            authority: authority,
            path: Self.removeDotSegments(merged),
            query: reference.query,
            fragment: reference.fragment
        )
    }

    /// Removes `.` and `..` segments (RFC 3986 §5.2.4).
    static func removeDotSegments(_ path: String) -> String {
        guard path.utf8.contains(UInt8(ascii: ".")) else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        var trailingSlash = false
        let absolute = input.hasPrefix("/")
        if absolute { input = input.dropFirst() }
        let segments = input.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                trailingSlash = isLast
            case "..":
                if !output.isEmpty { output.removeLast() }
                trailingSlash = isLast
            default:
                output.append(segment)
                trailingSlash = false
            }
        }
        var result = (absolute ? "/" : "") + output.joined(separator: "/")
        if trailingSlash && !result.hasSuffix("/") { result += "/" }
        return result
    }
}
