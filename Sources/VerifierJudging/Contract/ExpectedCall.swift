import JSONSchema

/// A call a fixture expects, BFCL style: each argument maps to the values it may take.
///
/// ```json
/// {"name": "get_weather", "arguments": {"city": ["Paris", "paris"], "unit": ["celsius", ""]}}
/// ```
/// `""` among the acceptable values means the argument may be omitted. A nested object argument is
/// given as a list holding one object whose fields are again lists of acceptable values.
public struct ExpectedCall: Sendable, Hashable {
    /// The tool's name.
    public var name: String
    /// Each argument's acceptable values, in the order written.
    public var arguments: [(name: String, acceptable: [JSONValue])]

    /// Creates an expected call.
    /// - Parameters:
    ///   - name: The tool's name.
    ///   - arguments: Each argument's acceptable values.
    public init(name: String, arguments: [(name: String, acceptable: [JSONValue])]) {
        self.name = name
        self.arguments = arguments
    }

    /// Reads `{"name": …, "arguments": {…}}`, or BFCL's one-key form `{"<name>": {…}}`.
    /// - Parameter value: The JSON.
    /// - Returns: The expected call, or `nil` when the JSON has neither form.
    public init?(json value: JSONValue) {
        guard let object = value.objectValue else { return nil }
        if let name = object["name"]?.stringValue {
            guard let arguments = (object["arguments"] ?? .object(JSONObject())).objectValue else { return nil }
            self.init(name: name, arguments: Self.acceptable(arguments))
        } else if object.count == 1, let member = object.first, let arguments = member.value.objectValue {
            self.init(name: member.key, arguments: Self.acceptable(arguments))
        } else {
            return nil
        }
    }

    private static func acceptable(_ object: JSONObject) -> [(name: String, acceptable: [JSONValue])] {
        object.map { member in (member.key, member.value.arrayValue ?? [member.value]) }
    }

    public static func == (lhs: ExpectedCall, rhs: ExpectedCall) -> Bool {
        lhs.name == rhs.name && lhs.arguments.count == rhs.arguments.count
            && zip(lhs.arguments, rhs.arguments).allSatisfy { $0.name == $1.name && $0.acceptable == $1.acceptable }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        for argument in arguments {
            hasher.combine(argument.name)
            hasher.combine(argument.acceptable)
        }
    }
}
