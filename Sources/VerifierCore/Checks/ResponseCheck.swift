/// A deterministic check of one response: a pure function from what was recorded to findings.
///
/// Each check lives in a file named after the label(s) it produces, so a maintainer finds the
/// check for a label by its name.
public protocol ResponseCheck: Sendable {
    /// The labels this check can produce.
    var labels: [FailureLabel] { get }
    /// Judges one response.
    /// - Parameter context: The request, the observed message and the decoded arguments.
    /// - Returns: Findings; empty when the response passes.
    func findings(in context: CheckContext) -> [Finding]
}

/// Everything a check may look at for one response.
public struct CheckContext: Sendable {
    /// The request as the fixture wrote it.
    public var request: ChatRequest
    /// The tools offered, by name.
    public var toolsByName: [String: ToolDefinition]
    /// The first choice as observed.
    public var message: ObservedMessage
    /// Whether the answer was streamed.
    public var streamed: Bool
    /// Each call's arguments, decoded once for all checks (same order as `message.toolCalls`).
    public var arguments: [DecodedArguments]
    /// Compiled schemas, shared across responses.
    public var schemas: SchemaCache

    /// Creates a context, decoding every call's arguments.
    /// - Parameters:
    ///   - request: The request.
    ///   - message: The observed message.
    ///   - streamed: Whether the answer was streamed.
    ///   - schemas: The schema cache.
    public init(request: ChatRequest, message: ObservedMessage, streamed: Bool, schemas: SchemaCache) {
        self.request = request
        var tools: [String: ToolDefinition] = [:]
        for tool in request.tools where tools[tool.name] == nil { tools[tool.name] = tool }
        self.toolsByName = tools
        self.message = message
        self.streamed = streamed
        self.arguments = message.toolCalls.map { DecodedArguments($0.arguments) }
        self.schemas = schemas
    }
}

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
