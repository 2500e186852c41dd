/// A `format` the validator can assert (when format assertion is on).
///
/// Checked formats follow their RFCs: date-time, date, time (RFC 3339, leap seconds only at 23:59:60 UTC),
/// duration (RFC 3339 appendix A), email and idn-email (RFC 5321/6531, quoted local parts and address
/// literals), hostname and idn-hostname (RFC 1123/5890–5893, Punycode A-labels decoded and checked),
/// ipv4, ipv6 (RFC 2673/4291, no zone), uri, uri-reference, iri, iri-reference (RFC 3986/3987),
/// uri-template (RFC 6570), uuid (RFC 4122 text form), regex (ECMA-262, this validator's dialect),
/// json-pointer (RFC 6901) and relative-json-pointer. Other format names are annotations only.
enum SchemaFormat: String, Sendable, CaseIterable {
    case dateTime = "date-time"
    case date
    case time
    case duration
    case email
    case idnEmail = "idn-email"
    case hostname
    case idnHostname = "idn-hostname"
    case ipv4
    case ipv6
    case uri
    case uriReference = "uri-reference"
    case iri
    case iriReference = "iri-reference"
    case uriTemplate = "uri-template"
    case uuid
    case regex
    case jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer"

    /// Whether `string` is valid for this format. Non-string instances are never checked.
    func isValid(_ string: String) -> Bool {
        let scalars = Array(string.unicodeScalars)
        switch self {
        case .dateTime: return DateTimeFormat.isDateTime(scalars)
        case .date: return DateTimeFormat.isDate(scalars[...])
        case .time: return DateTimeFormat.isTime(scalars[...])
        case .duration: return DateTimeFormat.isDuration(scalars)
        case .email: return EmailFormat.isEmail(scalars, international: false)
        case .idnEmail: return EmailFormat.isEmail(scalars, international: true)
        case .hostname: return HostnameFormat.isHostname(scalars, international: false)
        case .idnHostname: return HostnameFormat.isHostname(scalars, international: true)
        case .ipv4: return IPAddressFormat.isIPv4(scalars[...])
        case .ipv6: return IPAddressFormat.isIPv6(scalars[...])
        case .uri: return URIFormat.isValid(scalars, international: false, reference: false)
        case .uriReference: return URIFormat.isValid(scalars, international: false, reference: true)
        case .iri: return URIFormat.isValid(scalars, international: true, reference: false)
        case .iriReference: return URIFormat.isValid(scalars, international: true, reference: true)
        case .uriTemplate: return URIFormat.isTemplate(scalars)
        case .uuid: return Self.isUUID(scalars)
        case .regex: return ECMARegex.isValidSyntax(string)
        case .jsonPointer: return Self.isJSONPointer(scalars[...])
        case .relativeJSONPointer: return Self.isRelativeJSONPointer(scalars)
        }
    }

    private static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "a"..."f", "A"..."F": true
        default: false
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    private static func isUUID(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.count == 36 else { return false }
        for (index, scalar) in scalars.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard scalar == "-" else { return false }
            } else {
                guard isHex(scalar) else { return false }
            }
        }
        return true
    }

    private static func isJSONPointer(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = scalars.first else { return true }
        guard first == "/" else { return false }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if scalars[index] == "~" {
                let next = scalars.index(after: index)
                guard next < scalars.endIndex, scalars[next] == "0" || scalars[next] == "1" else { return false }
                index = next
            }
            index = scalars.index(after: index)
        }
        return true
    }

    private static func isRelativeJSONPointer(_ scalars: [Unicode.Scalar]) -> Bool {
        var index = 0
        while index < scalars.count, isDigit(scalars[index]) { index += 1 }
        guard index > 0 else { return false }
        if index > 1 && scalars[0] == "0" { return false }
        let rest = scalars[index...]
        if rest.count == 1 && rest.first == "#" { return true }
        return isJSONPointer(rest)
    }
}
