import JSONSchema

/// Why an attempt was retried: the only failures a retry can cure (DESIGN §4).
///
/// An answer that arrived and is wrong (a 2xx with bad content, a 4xx other than 408 and 429) is an
/// assertion failure of the host and is never retried; only these delivery failures are.
public struct RetryCause: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The name used in `verifier.yaml` and in reports (`http_429`, `timeout`, …).
    public let rawValue: String

    /// Creates a cause from its name.
    /// - Parameter rawValue: The name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// HTTP 408 Request Timeout.
    public static let http408 = RetryCause(rawValue: "http_408")
    /// HTTP 429 Too Many Requests.
    public static let http429 = RetryCause(rawValue: "http_429")
    /// Any HTTP 5xx.
    public static let http5xx = RetryCause(rawValue: "http_5xx")
    /// No complete response within the timeout (`http.timeout`).
    public static let timeout = RetryCause(rawValue: "timeout")
    /// The connection was refused, reset or broke before a complete answer (`http.connection`).
    public static let connection = RetryCause(rawValue: "connection")

    /// Every cause, in report order.
    public static let all: [RetryCause] = [.http408, .http429, .http5xx, .timeout, .connection]

    /// The name.
    public var description: String { rawValue }

    /// Orders causes as in ``all``.
    public static func < (lhs: RetryCause, rhs: RetryCause) -> Bool {
        let left = all.firstIndex(of: lhs) ?? all.count
        let right = all.firstIndex(of: rhs) ?? all.count
        return (left, lhs.rawValue) < (right, rhs.rawValue)
    }

    /// The cause a retry could cure in a recorded exchange, or `nil` when it must be judged as it is.
    ///
    /// A stream cut after its head arrived (`stream.truncated`) and a body over the cap are judged, not
    /// retried: they are what the wire checks exist to find.
    /// - Parameter response: The exchange.
    /// - Returns: The cause, or `nil`.
    public static func of(_ response: RawResponse) -> RetryCause? {
        if let failure = response.failure {
            switch failure.label {
            case .httpTimeout: return .timeout
            case .httpConnection: return .connection
            default: return nil
            }
        }
        switch response.status {
        case 408?: return .http408
        case 429?: return .http429
        case let status? where (500..<600).contains(status): return .http5xx
        default: return nil
        }
    }
}
