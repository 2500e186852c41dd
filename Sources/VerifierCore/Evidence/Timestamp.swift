import Foundation

/// The times a run records: ISO 8601 with milliseconds, in UTC.
enum Timestamp {
    /// Now, as recorded.
    static func now() -> String { string(Date()) }

    /// A date as recorded.
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Milliseconds between two recorded times, when both parse.
    static func milliseconds(between start: String, and end: String) -> Int? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let from = formatter.date(from: start), let to = formatter.date(from: end) else { return nil }
        return Int((to.timeIntervalSince(from) * 1000).rounded())
    }
}
