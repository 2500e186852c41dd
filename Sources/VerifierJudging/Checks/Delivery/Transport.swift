import JSONSchema

/// `http.timeout`, `http.connection`, `http.body_too_large`: the transport did not bring a complete response.
///
/// The HTTP client records what happened as the response's ``RawResponse/TransportFailure``; this check
/// turns it into the finding. A stream cut mid-body is judged from what arrived (`stream.truncated`).
public struct Transport: DeliveryCheck {
    public static let labels: [FailureLabel] = [.httpTimeout, .httpConnection, .httpBodyTooLarge]

    /// Creates the check.
    public init() {}

    public func findings(in response: RawResponse) -> [Finding] {
        if let failure = response.failure {
            guard failure.label != .streamTruncated else { return [] }
            return [Finding(failure.label, .error, failure.message)]
        }
        if response.status == nil { return [Finding(.httpConnection, .error, "No response head arrived.")] }
        return []
    }

    /// Whether the response could not be judged at all (no head, or a failure other than a cut stream or
    /// an oversized body, whose bytes are judged as far as they go).
    /// - Parameter response: What the transport recorded.
    /// - Returns: `true` when nothing of the answer can be read.
    public static func failed(_ response: RawResponse) -> Bool {
        if let failure = response.failure {
            return failure.label != .streamTruncated && failure.label != .httpBodyTooLarge
        }
        return response.status == nil
    }
}

extension FailureLabel {
    /// No complete response within the per-request timeout.
    public static let httpTimeout = FailureLabel(rawValue: "http.timeout")
    /// The connection could not be made or broke.
    public static let httpConnection = FailureLabel(rawValue: "http.connection")
    /// The response body exceeded the size cap and was cut.
    public static let httpBodyTooLarge = FailureLabel(rawValue: "http.body_too_large")
}
