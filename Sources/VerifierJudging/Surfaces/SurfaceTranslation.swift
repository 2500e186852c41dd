import JSONSchema

/// A Chat-form request as one surface's request body, or why the case cannot be asked on that surface.
///
/// Fixtures are written once, in Chat Completions form; each surface translates them with a pure function
/// (``MessagesTranslation`` for Anthropic Messages, ``ResponsesTranslation`` for OpenAI Responses). A case that
/// cannot be expressed is never sent half-way: it is skipped, and its reason is listed in the scorecard.
public enum SurfaceTranslation: Sendable, Hashable {
    /// The body to send, and the Chat members the surface has no place for and that were left out.
    case request(JSONValue, dropped: [String])
    /// The case cannot be asked on the surface, with a whole sentence saying why.
    case inexpressible(String)

    /// Translates a prepared Chat-form body (model and stream already set) for a surface.
    /// - Parameters:
    ///   - chat: The Chat Completions body.
    ///   - surface: The surface to ask on.
    /// - Returns: The surface's body, or why it cannot be expressed.
    public static func translate(_ chat: JSONValue, to surface: APISurface) -> SurfaceTranslation {
        switch surface {
        case .chat: .request(chat, dropped: [])
        case .messages: MessagesTranslation.translate(chat)
        case .responses: ResponsesTranslation.translate(chat)
        }
    }

    /// The body, when the case can be expressed.
    public var body: JSONValue? {
        if case .request(let body, _) = self { return body }
        return nil
    }

    /// Why the case cannot be expressed, when it cannot.
    public var reason: String? {
        if case .inexpressible(let reason) = self { return reason }
        return nil
    }
}
