import JSONSchema

/// `stream.index_gap`: call indices start at 0, rise by one per new call, and skip none.
///
/// Clients that index an array by `index` (the OpenAI SDKs do) get holes or crash otherwise.
public struct IndexGap: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamIndexGap]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        let groups = trace.fragmentsByIndex
        let order = groups.map(\.index)
        guard !order.isEmpty, order != Array(0..<order.count) else { return [] }
        let expected = order.enumerated().first { $0.offset != $0.element }.map(\.offset) ?? 0
        let location = groups.first { $0.index == order[expected] }?.fragments.first?.location
        return [
            Finding(
                .streamIndexGap,
                .error,
                "Call indices arrive as \(order.map(String.init).joined(separator: ", ")); expected 0, 1, 2, … in order.",
                at: location.map { $0 + "/index" }
            )
        ]
    }
}

extension FailureLabel {
    /// Call indices do not start at 0 or skip a number.
    public static let streamIndexGap = FailureLabel(rawValue: "stream.index_gap")
}
