import JSONSchema

/// How the `data` of one SSE event reads on a surface whose events are typed objects (Anthropic Messages,
/// OpenAI Responses): an event, another surface's data, or something that is no event at all.
public enum TypedEventKind: Sendable, Hashable {
    /// A JSON object with a string `type`.
    case event
    /// Data in another surface's shape: a Chat chunk (`choices`) or `[DONE]`.
    case foreign(String)
    /// Data that is not an event object, with the reason.
    case invalid(String)
}

/// Reads the `data` of one SSE event on a typed-event surface, once for both traces.
enum TypedEventData {
    /// The event's kind, and for a readable event its object and `type`; `excerpt` is kept for the others.
    struct Reading {
        var kind: TypedEventKind
        var object: JSONObject?
        var type: String?
        var excerpt: String?
    }

    /// Classifies one event's data.
    /// - Parameter data: The `data` text.
    /// - Returns: What it is.
    static func read(_ data: String) -> Reading {
        if data == "[DONE]" {
            return Reading(kind: .foreign("`data: [DONE]`, the Chat Completions end marker"), excerpt: data)
        }
        guard let value = try? JSONValue.parse(data), let object = value.objectValue else {
            return Reading(kind: .invalid(data.isEmpty ? "empty" : "not a JSON object"), excerpt: data.clipped(160))
        }
        guard let type = object["type"]?.stringValue else {
            let kind: TypedEventKind =
                object["choices"] != nil
                ? .foreign("a Chat Completions chunk (`choices`)") : .invalid("a JSON object without a string `type`")
            return Reading(kind: kind, excerpt: data.clipped(160))
        }
        return Reading(kind: .event, object: object, type: type)
    }
}
