/// `call.unknown_tool`: a call must name one of the request's tools.
///
/// Evidence: OpenRouter's UnknownName error class; SGLang resets state on unknown names; hosts that
/// keep dots a template mangled or invent tools from the system prompt.
public struct UnknownTool: ResponseCheck {
    /// Creates the check.
    public init() {}

    public var labels: [FailureLabel] { [.callUnknownTool] }

    public func findings(in context: CheckContext) -> [Finding] {
        context.message.toolCalls.compactMap { call in
            guard let name = call.nameString else {
                let sent = call.name.map { "a JSON \($0.typeName)" } ?? "no name"
                return Finding(
                    .callUnknownTool,
                    .error,
                    "Call \(call.index) has \(sent) as `function.name`.",
                    at: call.location + "/function/name"
                )
            }
            guard context.toolsByName[name] == nil else { return nil }
            let offered = context.toolsByName.keys.sorted().prefix(8).joined(separator: ", ")
            return Finding(
                .callUnknownTool,
                .error,
                "Call \(call.index) names \"\(name.clipped(80))\", which is not among the request's tools (\(offered)).",
                at: call.location + "/function/name"
            )
        }
    }
}
