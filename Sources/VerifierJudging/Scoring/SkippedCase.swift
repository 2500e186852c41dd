import JSONSchema

/// A case a candidate was not asked because its API surface cannot express it (or the reference's cannot):
/// listed in the scorecard with the reason, never silently left out.
public struct SkippedCase: Sendable, Hashable {
    /// The case id.
    public var caseID: String
    /// The suite it belongs to.
    public var suite: String
    /// The candidate's surface.
    public var surface: APISurface
    /// Why, as a whole sentence.
    public var reason: String

    /// Creates an entry.
    /// - Parameters:
    ///   - caseID: The case id.
    ///   - suite: Its suite.
    ///   - surface: The candidate's surface.
    ///   - reason: Why it could not be asked.
    public init(caseID: String, suite: String, surface: APISurface, reason: String) {
        self.caseID = caseID
        self.suite = suite
        self.surface = surface
        self.reason = reason
    }

    /// The entry as the scorecard writes it.
    public var json: JSONValue {
        ["case": .string(caseID), "suite": .string(suite), "api": .string(surface.rawValue), "reason": .string(reason)]
    }
}
