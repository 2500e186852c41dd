import JSONSchema

/// One attempt at delivering a request: what came back, and why and how long the agent waited
/// before the next one.
public struct DeliveryAttempt: Sendable, Hashable {
    /// The HTTP status, when a response head arrived.
    public var status: Int?
    /// The delivery label of a failed attempt (`http.rate_limited`, `http.status`, `http.timeout`,
    /// `http.connection`, …), or `nil` for a 2xx that arrived whole.
    public var label: FailureLabel?
    /// Why the attempt was retried, or `nil` for the attempt that was judged.
    public var retry: RetryCause?
    /// Seconds waited before the next attempt (the host's `Retry-After`, else backoff).
    public var waitSeconds: Double
    /// Whether the wait came from the host (`Retry-After`) rather than backoff.
    public var waitFromHost: Bool
    /// Milliseconds the attempt took.
    public var milliseconds: Double

    /// Creates an attempt record.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - label: The delivery label of a failed attempt.
    ///   - retry: Why it was retried.
    ///   - waitSeconds: Seconds waited before the next attempt.
    ///   - waitFromHost: Whether the host named the wait.
    ///   - milliseconds: The attempt's duration.
    public init(
        status: Int?,
        label: FailureLabel?,
        retry: RetryCause? = nil,
        waitSeconds: Double = 0,
        waitFromHost: Bool = false,
        milliseconds: Double = 0
    ) {
        self.status = status
        self.label = label
        self.retry = retry
        self.waitSeconds = waitSeconds
        self.waitFromHost = waitFromHost
        self.milliseconds = milliseconds
    }

    /// The record of a response as an attempt (not yet marked as retried).
    /// - Parameter response: The response.
    public init(_ response: RawResponse) {
        let label: FailureLabel? =
            if let failure = response.failure {
                failure.label
            } else if let status = response.status, !(200..<300).contains(status) {
                status == 429 ? .httpRateLimited : .httpStatus
            } else if response.status == nil {
                .httpConnection
            } else {
                nil
            }
        self.init(status: response.status, label: label, milliseconds: response.totalMilliseconds)
    }

    /// The attempt as a compact evidence entry:
    /// `status` 429, `label` http.rate_limited, `retry` http_429, `wait_ms` 1000, `wait_from` retry-after, `ms` 1.2.
    public var json: JSONValue {
        var object = JSONObject()
        object["status"] = status.map { .number(JSONNumber($0)) } ?? .null
        object["label"] = label.map { .string($0.rawValue) } ?? .null
        if let retry {
            object["retry"] = .string(retry.rawValue)
            object["wait_ms"] = .number(JSONNumber(rounded: waitSeconds * 1000))
            object["wait_from"] = .string(waitFromHost ? "retry-after" : "backoff")
        }
        object["ms"] = .number(JSONNumber(rounded: milliseconds))
        return .object(object)
    }
}
