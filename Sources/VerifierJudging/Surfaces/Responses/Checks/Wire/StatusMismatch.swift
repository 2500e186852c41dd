import JSONSchema

/// `wire.status_mismatch`: the response's `status` contradicts the rest of it. `incomplete` needs
/// `incomplete_details` (clients read the reason there); `completed` must not carry them, nor spend exactly the
/// request's `max_output_tokens` (the answer was cut by the limit: `incomplete`, reason `max_output_tokens`, as
/// Chat's `finish_reason: length`); a finished 200 answer is not `failed`, `in_progress`, `queued` or
/// `cancelled`; and a completed response holds no unfinished item.
public struct StatusMismatch: ResponsesWireCheck {
    public static let labels: [FailureLabel] = [.wireStatusMismatch]

    /// Creates the check.
    public init() {}

    public func findings(in context: ResponsesWireContext) -> [Finding] {
        guard let response = context.response, let status = response.status else { return [] }
        if context.streamed, response.terminalEvent == nil { return [] }  // no terminal event: `stream.truncated`'s
        let location = response.terminalEvent.map { "/events/\($0)/response" } ?? ""
        let details = response.details
        var findings: [Finding] = []
        switch status {
        case "incomplete":
            if details?["reason"]?.stringValue == nil {
                findings.append(
                    Finding(
                        .wireStatusMismatch,
                        .error,
                        "The status is `incomplete` but `incomplete_details` is \(details?.serialized() ?? "null"): the "
                            + "client cannot tell why the answer stopped.",
                        at: location + "/incomplete_details"
                    )
                )
            }
        case "completed":
            if let details {
                findings.append(
                    Finding(
                        .wireStatusMismatch,
                        .error,
                        "The status is `completed` but `incomplete_details` is \(details.serialized().clipped(120)).",
                        at: location + "/incomplete_details"
                    )
                )
            }
            let limit = (context.request.body["max_completion_tokens"] ?? context.request.body["max_tokens"])?.intValue
                ?? ResponsesTranslation.defaultMaxOutputTokens
            if let spent = response.usage?["output_tokens"]?.intValue, spent >= limit {
                findings.append(
                    Finding(
                        .wireStatusMismatch,
                        .error,
                        "The status is `completed`, but the answer spent all \(limit) tokens of `max_output_tokens` "
                            + "(usage.output_tokens \(spent)): it was cut by the limit, which is `incomplete` with reason "
                            + "`max_output_tokens`; a client takes the cut answer for a finished one.",
                        at: location + "/status"
                    )
                )
            }
            // In a stream, an item left unfinished is `stream.item_lifecycle`'s.
            for item in response.items where !context.streamed && (item.status == "in_progress" || item.status == "incomplete") {
                findings.append(
                    Finding(
                        .wireStatusMismatch,
                        .error,
                        "The response is `completed` but output item \(item.position) (\(item.type ?? "untyped")) is "
                            + "`\(item.status ?? "")`.",
                        at: item.location + "/status"
                    )
                )
            }
        case "failed" where context.streamed:
            break  // `response.failed`: `stream.error_event`'s
        case "failed", "in_progress", "queued", "cancelled":
            findings.append(
                Finding(
                    .wireStatusMismatch,
                    .error,
                    "A finished 200 answer has the status `\(status)`"
                        + (response.failure.map { " (error: \($0.serialized().clipped(120)))" } ?? "")
                        + ".",
                    at: location + "/status"
                )
            )
        default:
            break  // not a status at all: `wire.responses_shape`'s
        }
        return findings
    }
}

extension FailureLabel {
    /// The response's `status` contradicts its details or its items.
    public static let wireStatusMismatch = FailureLabel(rawValue: "wire.status_mismatch")
}
