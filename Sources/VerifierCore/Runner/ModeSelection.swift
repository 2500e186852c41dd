import JSONSchema
import VerifierJudging

/// Which transport modes each replayed request is sent in.
public struct ModeSelection: Sendable, Hashable, CustomStringConvertible {
    private enum Value: String, Sendable, Hashable {
        case recorded, stream, nonstream, both
    }

    private let value: Value

    /// As the request body says (`stream: true` or not) — K2VV's behaviour.
    public static let recorded = ModeSelection(value: .recorded)
    /// Every request streamed.
    public static let stream = ModeSelection(value: .stream)
    /// Every request non-streamed.
    public static let nonstream = ModeSelection(value: .nonstream)
    /// Every request both ways.
    public static let both = ModeSelection(value: .both)

    /// Parses `recorded`, `stream`, `nonstream` or `both`.
    /// - Parameter name: The name.
    public init?(name: String) {
        guard let value = Value(rawValue: name) else { return nil }
        self.value = value
    }

    private init(value: Value) { self.value = value }

    /// The mode's name.
    public var description: String { value.rawValue }

    /// The names accepted by ``init(name:)``.
    public static let names = ["recorded", "stream", "nonstream", "both"]

    /// The modes for one request: `true` means streamed.
    /// - Parameter request: The request.
    /// - Returns: One or two modes.
    public func modes(for request: ChatRequest) -> [Bool] {
        switch value {
        case .recorded: [request.isStream]
        case .stream: [true]
        case .nonstream: [false]
        case .both: [false, true]
        }
    }
}
