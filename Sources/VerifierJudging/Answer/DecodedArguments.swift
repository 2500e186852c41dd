import JSONSchema

/// A tool call's `arguments`, decoded once.
public enum DecodedArguments: Sendable, Hashable {
    /// A string holding a JSON object: the correct form.
    case object(JSONObject)
    /// Sent as a JSON object rather than a string (the object is kept for schema checks).
    case sentAsObject(JSONObject)
    /// Sent as some other non-string JSON value (or absent).
    case notString(JSONValue?)
    /// The empty string.
    case empty
    /// A string that does not parse as JSON.
    case invalidJSON(JSONParseError, text: String)
    /// A string holding a JSON string that itself parses as JSON (encoded twice).
    case doubleEncoded(JSONValue)
    /// A string holding JSON that is not an object.
    case notObject(JSONValue)

    /// Decodes a raw `arguments` value.
    /// - Parameter raw: `function.arguments` as sent.
    public init(_ raw: JSONValue?) {
        switch raw {
        case .string(let text)?:
            if text.allSatisfy(\.isWhitespace) {
                self = .empty
                return
            }
            do {
                let value = try JSONValue.parse(text)
                switch value {
                case .object(let object):
                    self = .object(object)
                case .string(let inner):
                    if let twice = try? JSONValue.parse(inner), twice.objectValue != nil || twice.arrayValue != nil {
                        self = .doubleEncoded(twice)
                    } else {
                        self = .notObject(value)
                    }
                default:
                    self = .notObject(value)
                }
            } catch {
                self = .invalidJSON(error, text: text)
            }
        case .object(let object)?:
            self = .sentAsObject(object)
        default:
            self = .notString(raw)
        }
    }

    /// The argument object when one could be recovered (a correct string or an object sent raw).
    public var object: JSONObject? {
        switch self {
        case .object(let object), .sentAsObject(let object): object
        default: nil
        }
    }
}
