import JSONSchema

/// `wire.responses_shape`: the body departs from the Responses shape (`object: response`, a known `status`,
/// `output` an array of typed items, messages with `output_text` parts), or a stream's lifecycle events do
/// (`response.created` first, each carrying a response object with an `output` array).
public struct ResponsesShape: ResponsesWireCheck {
    public static let labels: [FailureLabel] = [.wireResponsesShape]

    /// Creates the check.
    public init() {}

    public func findings(in context: ResponsesWireContext) -> [Finding] {
        context.shapeProblems.map { Finding(.wireResponsesShape, .error, $0.message, at: $0.location) }
    }
}

extension FailureLabel {
    /// The body or a stream's response departs from the Responses shape.
    public static let wireResponsesShape = FailureLabel(rawValue: "wire.responses_shape")
}
