import JSONSchema

/// `wire.body_not_json`: a 2xx body (or the plain body that answered a stream request) is empty or not JSON —
/// on every surface.
public struct BodyNotJSON: ChatWireCheck {
    public static let labels: [FailureLabel] = [.wireBodyNotJSON]

    /// Creates the check.
    public init() {}

    public func findings(in context: ChatWireContext) -> [Finding] { Self.findings(context.unreadable) }

    static func findings(_ unreadable: ChatWireContext.Unreadable?) -> [Finding] {
        guard let unreadable else { return [] }
        let what =
            unreadable.error.map { "The body is not JSON (\($0.message) at byte \($0.offset))" } ?? "The body is empty"
        return [Finding(.wireBodyNotJSON, .error, "\(what): \(unreadable.excerpt)", at: "")]
    }
}

extension FailureLabel {
    /// A non-streaming body (or a 2xx body) is not JSON.
    public static let wireBodyNotJSON = FailureLabel(rawValue: "wire.body_not_json")
}

extension BodyNotJSON: MessagesWireCheck {
    public func findings(in context: MessagesWireContext) -> [Finding] { Self.findings(context.unreadable) }
}

extension BodyNotJSON: ResponsesWireCheck {
    public func findings(in context: ResponsesWireContext) -> [Finding] { Self.findings(context.unreadable) }
}
