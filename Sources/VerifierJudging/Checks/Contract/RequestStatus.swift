import JSONSchema

/// `contract.invalid_request_accepted`, `contract.valid_request_rejected`, `contract.history_rejected`:
/// the status class a request gets, against the reference's (or, without a reference, the case's
/// `status`).
///
/// Under the `compatible` policy a provider may be stricter than the reference: its 4xx where the
/// reference accepted is reported as a warning. Under `parity` both directions are errors. Outside
/// request probes, a 4xx for a request the case expects to be answered is always an error:
/// `contract.history_rejected` when the history holds tool calls or results (foreign `tool_call_id`
/// formats, reasoning fields), else `contract.valid_request_rejected`.
public struct RequestStatus: ContractCheck {
    public static let labels: [FailureLabel] = [
        .contractInvalidRequestAccepted, .contractValidRequestRejected, .contractHistoryRejected,
    ]

    /// Creates the check.
    public init() {}

    public func findings(in context: ContractContext) -> [Finding] {
        guard let status = context.answer.status else { return [] }
        let probe = context.expectation.status != nil
        var truth = context.expectation.status ?? .success
        var source = "the case expects"
        if let referenceStatus = context.reference?.status {
            if CaseExpectation.Status.success.contains(referenceStatus) {
                truth = .success
                source =
                    "the reference answered \(referenceStatus)\(context.referenceEvidence.map { " (\($0))" } ?? "")"
            } else if CaseExpectation.Status.clientError.contains(referenceStatus) {
                truth = .clientError
                source =
                    "the reference rejected it with \(referenceStatus)\(context.referenceEvidence.map { " (\($0))" } ?? "")"
            }
        }
        if truth == .clientError, CaseExpectation.Status.success.contains(status) {
            let reasons = RequestLint.problems(in: context.request.body).prefix(2).map(\.message)
            let why = reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"
            return [
                Finding(
                    .contractInvalidRequestAccepted,
                    .error,
                    "The request is invalid\(why) and \(source == "the case expects" ? "must be rejected with a 4xx" : source); "
                        + "the provider answered \(status).",
                    at: ""
                )
            ]
        }
        if truth == .success, CaseExpectation.Status.clientError.contains(status) {
            let label: FailureLabel = context.hasToolHistory ? .contractHistoryRejected : .contractValidRequestRejected
            let stricter = probe && context.policy == .compatible
            let what =
                context.hasToolHistory ? "a request whose history holds tool calls and results" : "a valid request"
            return [
                Finding(
                    label,
                    stricter ? .warning : .error,
                    "The provider rejected \(what) with \(status) where \(source == "the case expects" ? "it must be accepted" : source)"
                        + (stricter
                            ? " (stricter than the reference; reported, not failed, under the compatible policy)."
                            : "."),
                    at: ""
                )
            ]
        }
        return []
    }
}

extension FailureLabel {
    /// A request the API must reject (or the reference rejected) was answered with a 2xx.
    public static let contractInvalidRequestAccepted = FailureLabel(rawValue: "contract.invalid_request_accepted")
    /// A valid request (one the reference accepted) was rejected with a 4xx.
    public static let contractValidRequestRejected = FailureLabel(rawValue: "contract.valid_request_rejected")
    /// A request whose history holds tool calls and results was rejected with a 4xx (foreign
    /// `tool_call_id` formats, reasoning fields in history).
    public static let contractHistoryRejected = FailureLabel(rawValue: "contract.history_rejected")
}
