import JSONSchema

/// `call.unknown_tool`: a call must name one of the request's tools.
///
/// Evidence: OpenRouter's UnknownName error class; SGLang resets state on unknown names; hosts that
/// keep dots a template mangled or invent tools from the system prompt.
public struct UnknownTool: AnswerCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.callUnknownTool]

    public func findings(in context: AnswerContext) -> [Finding] {
        context.answer.calls.compactMap { call in
            guard let name = call.name else {
                let sent = call.rawName.map { "a JSON \($0.typeName)" } ?? "no name"
                return Finding(
                    .callUnknownTool,
                    .error,
                    "Call \(call.index) has \(sent) as \(call.nameField).",
                    at: call.nameLocation
                )
            }
            guard context.toolsByName[name] == nil else { return nil }
            let offered = context.toolsByName.keys.sorted().prefix(8).joined(separator: ", ")
            return Finding(
                .callUnknownTool,
                .error,
                "Call \(call.index) names \"\(name.clipped(80))\", which is not among the request's tools (\(offered)).",
                at: call.nameLocation
            )
        }
    }
}

extension FailureLabel {
    /// The call names a tool that the request did not offer.
    public static let callUnknownTool = FailureLabel(rawValue: "call.unknown_tool")
}
