/// The API a host is asked on: the same weights behind three wire grammars.
///
/// Fixtures are written once, in Chat Completions form; each surface has a pure request translation from
/// that form and a wire adapter that decodes its answers into the neutral ``HostAnswer``.
public enum APISurface: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// OpenAI Chat Completions, `POST {base}/chat/completions`.
    case chat
    /// Anthropic Messages, `POST {base}/v1/messages` (or `{base}/messages` when the base already ends in `/v1`).
    case messages
    /// OpenAI Responses, `POST {base}/responses`.
    case responses

    /// The name used in `verifier.yaml` (`api:`) and on the command line (`--api`).
    public var description: String { rawValue }

    /// How reports name the API, with its path.
    public var title: String {
        switch self {
        case .chat: "Chat Completions (/v1/chat/completions)"
        case .messages: "Anthropic Messages (/v1/messages)"
        case .responses: "OpenAI Responses (/v1/responses)"
        }
    }

    /// The endpoint for a base URL as users copy it from their provider's documentation.
    ///
    /// Chat and Responses bases include `/v1` (`https://api.openai.com/v1`); Anthropic bases usually do not
    /// (`https://api.anthropic.com`, `https://api.moonshot.ai/anthropic`), and the client appends `/v1/messages`
    /// as Anthropic's SDKs do — unless the base already ends in `/v1`.
    /// - Parameter baseURL: The configured base URL.
    /// - Returns: The endpoint to post to.
    public func endpoint(baseURL: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        switch self {
        case .chat: return base + "/chat/completions"
        case .responses: return base + "/responses"
        case .messages: return base.hasSuffix("/v1") ? base + "/messages" : base + "/v1/messages"
        }
    }

    /// The stop reason with which the surface ends an answer that calls tools (`nil` on Responses: it has none,
    /// and a `completed` answer's calls are its items).
    public var toolStopReason: String? {
        switch self {
        case .chat: "tool_calls"
        case .messages: "tool_use"
        case .responses: nil
        }
    }

    /// The stop reason with which the surface ends a natural answer (`stop` on Chat, `end_turn` on Messages, the
    /// status `completed` on Responses).
    public var naturalStopReason: String? {
        switch self {
        case .chat: "stop"
        case .messages: "end_turn"
        case .responses: "completed"
        }
    }

    /// Orders surfaces as declared (chat, messages, responses).
    public static func < (lhs: APISurface, rhs: APISurface) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
