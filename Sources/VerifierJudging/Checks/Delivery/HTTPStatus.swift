import Foundation
import JSONSchema

/// `http.status`, `http.rate_limited`: the host answered with a status outside 2xx.
///
/// A labelled case may later judge a 4xx by its contract instead (a rejection it expects is no failure).
public struct HTTPStatus: DeliveryCheck {
    public static let labels: [FailureLabel] = [.httpStatus, .httpRateLimited]

    /// Creates the check.
    public init() {}

    public func findings(in response: RawResponse) -> [Finding] {
        guard let status = response.status, !(200..<300).contains(status) else { return [] }
        let excerpt = String(decoding: response.body.prefix(300), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        let label: FailureLabel = status == 429 ? .httpRateLimited : .httpStatus
        return [Finding(label, .error, "HTTP \(status): \(excerpt.clipped(200))")]
    }
}

extension FailureLabel {
    /// The host answered with a non-2xx status.
    public static let httpStatus = FailureLabel(rawValue: "http.status")
    /// The host answered 429.
    public static let httpRateLimited = FailureLabel(rawValue: "http.rate_limited")
}
