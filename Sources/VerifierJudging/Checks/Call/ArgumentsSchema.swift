import JSONSchema

/// `call.schema`: a call's arguments must validate against its tool's `parameters` JSON Schema.
///
/// Calls that already failed to decode, or that name an unknown tool, are left to those checks.
/// A tool schema that is itself invalid is the fixture's fault, never the provider's: such calls are
/// skipped here (the fixture loader reports the schema). The finding spells out the first few violations,
/// each with its instance location and schema keyword location.
public struct ArgumentsSchema: AnswerCheck {
    /// How many violations a finding's message spells out.
    public var violationsShown: Int

    /// Creates the check.
    /// - Parameter violationsShown: How many violations a finding's message spells out.
    public init(violationsShown: Int = 3) {
        self.violationsShown = violationsShown
    }

    public static let labels: [FailureLabel] = [.callSchema]

    public func findings(in context: AnswerContext) -> [Finding] {
        context.answer.calls.compactMap { call in
            guard let arguments = call.arguments.object, let name = call.name, let tool = context.toolsByName[name],
                let parameters = tool.parameters
            else { return nil }
            guard case .success(let schema) = context.schemas.schema(for: parameters) else { return nil }
            let instance = JSONValue.object(arguments)
            guard !schema.isValid(instance) else { return nil }
            let violations = schema.validate(instance)
            guard !violations.isEmpty else { return nil }
            let shown = violations.prefix(violationsShown).map { violation in
                let place = violation.instanceLocation.isEmpty ? "/" : violation.instanceLocation
                let keyword = violation.keywordLocation.isEmpty ? "/" : violation.keywordLocation
                return "\(place) (schema \(keyword)): \(violation.message)"
            }
            let more = violations.count > violationsShown ? "; and \(violations.count - violationsShown) more" : ""
            return Finding(
                .callSchema,
                .error,
                "Call \(call.index) to \(name) violates its schema: \(shown.joined(separator: "; "))\(more).",
                at: call.argumentsLocation + (violations.first?.instanceLocation ?? "")
            )
        }
    }
}

extension FailureLabel {
    /// The arguments violate the tool's JSON Schema.
    public static let callSchema = FailureLabel(rawValue: "call.schema")
}
