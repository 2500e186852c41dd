import JSONSchema

/// `wire.wrong_surface`: the host answered in another API's shape — a Chat Completions body or stream
/// (`choices`, `data: [DONE]`) on `/v1/messages` or `/v1/responses`, a Messages message on `/v1/responses` —
/// so a client of this surface reads nothing.
public struct WrongSurface: MessagesWireCheck {
    public static let labels: [FailureLabel] = [.wireWrongSurface]

    /// Creates the check.
    public init() {}

    public func findings(in context: MessagesWireContext) -> [Finding] { Self.findings(context.foreignShape) }

    static func findings(_ foreignShape: String?) -> [Finding] {
        guard let shape = foreignShape else { return [] }
        return [Finding(.wireWrongSurface, .error, shape + " A client of this API reads no answer from it.", at: "")]
    }
}

extension WrongSurface: ResponsesWireCheck {
    public func findings(in context: ResponsesWireContext) -> [Finding] { Self.findings(context.foreignShape) }
}

extension FailureLabel {
    /// The answer has another API surface's shape.
    public static let wireWrongSurface = FailureLabel(rawValue: "wire.wrong_surface")
}
