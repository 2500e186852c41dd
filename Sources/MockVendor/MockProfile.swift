/// A mock host's behaviour: faithful, or one named fault applied to a share of eligible answers.
///
/// Each fault maps to the taxonomy label a correct verifier must report for it, which is what the
/// test suite proves profile by profile.
public struct MockProfile: Sendable, Hashable, CustomStringConvertible {
    /// The fault a profile injects.
    public enum Fault: String, Sendable, Hashable, CaseIterable {
        /// No fault.
        case none
        /// Answers in text where the model would call a tool.
        case dropCalls
        /// Calls a tool where the model would answer in text.
        case spuriousCalls
        /// Sends calls with `finish_reason: "stop"`.
        case finishStopWithCalls
        /// Cuts the arguments string mid-JSON.
        case invalidJSONArguments
        /// Sends arguments that break the tool's schema.
        case schemaViolation
        /// Renames the called tool to one the request did not offer.
        case unknownTool
        /// Puts the call into `content` as Hermes `<tool_call>` markup instead of `tool_calls`.
        case leakedMarkup
        /// Sends `arguments` as a JSON object instead of a string.
        case argumentsAsObject
        /// Answers HTTP 500.
        case http500s
        /// Answers HTTP 200 with an HTML error page from a proxy in front of the engine.
        case htmlErrorPage
    }

    /// The profile's name (`faithful`, `drop-calls`, …), also its URL path segment.
    public var name: String
    /// The fault.
    public var fault: Fault
    /// The percentage (0–100) of eligible answers the fault is applied to.
    public var rate: Int
    /// The label a verifier must report as the profile's top failure (`nil` for faithful).
    public var expectedLabel: String?

    /// The profile's name.
    public var description: String { name }

    /// Every built-in profile.
    public static let all: [MockProfile] = [
        MockProfile(name: "faithful", fault: .none, rate: 0, expectedLabel: nil),
        MockProfile(name: "drop-calls", fault: .dropCalls, rate: 60, expectedLabel: "agree.missed_call"),
        MockProfile(name: "spurious-calls", fault: .spuriousCalls, rate: 100, expectedLabel: "agree.spurious_call"),
        MockProfile(
            name: "finish-stop-with-calls",
            fault: .finishStopWithCalls,
            rate: 50,
            expectedLabel: "wire.finish_reason_mismatch"
        ),
        MockProfile(
            name: "invalid-json-arguments",
            fault: .invalidJSONArguments,
            rate: 50,
            expectedLabel: "call.invalid_json"
        ),
        MockProfile(name: "schema-violation", fault: .schemaViolation, rate: 50, expectedLabel: "call.schema"),
        MockProfile(name: "unknown-tool", fault: .unknownTool, rate: 50, expectedLabel: "call.unknown_tool"),
        MockProfile(name: "leaked-markup", fault: .leakedMarkup, rate: 50, expectedLabel: "wire.leaked_markup"),
        MockProfile(
            name: "arguments-as-object",
            fault: .argumentsAsObject,
            rate: 50,
            expectedLabel: "wire.arguments_not_string"
        ),
        MockProfile(name: "http-500s", fault: .http500s, rate: 20, expectedLabel: "http.status"),
        MockProfile(name: "html-error-page", fault: .htmlErrorPage, rate: 20, expectedLabel: "wire.body_not_json"),
    ]

    /// The built-in profile named `name`.
    /// - Parameter name: A profile name.
    /// - Returns: The profile, or `nil`.
    public static func named(_ name: String) -> MockProfile? {
        all.first { $0.name == name }
    }
}
