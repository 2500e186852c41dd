import JSONSchema

/// What the reference produced for one case and mode over its calibration runs: the answers a provider may
/// give and still agree with it. A live reference has one answer; a baseline (`verifier calibrate`) has the
/// set of call counts, tool-name lists and argument sets seen in any of its runs, so a provider is not blamed
/// for a choice the reference itself makes some of the time.
public struct ReferenceSupport: Sendable, Hashable {
    /// Calibration runs that delivered an answer.
    public var answers: Int
    /// Of which called a tool.
    public var called: Int
    /// The call counts seen (when a tool was called).
    public var callCounts: Set<Int>
    /// The tool-name lists seen (``CallAgreement/namesKey(_:)``).
    public var toolNames: Set<String>
    /// The argument sets seen (``CallAgreement/argumentsKey(_:)``).
    public var arguments: Set<String>

    /// Creates a support.
    /// - Parameters:
    ///   - answers: Delivered answers.
    ///   - called: Answers with a call.
    ///   - callCounts: Call counts seen.
    ///   - toolNames: Tool-name lists seen.
    ///   - arguments: Argument sets seen.
    public init(answers: Int, called: Int, callCounts: Set<Int>, toolNames: Set<String>, arguments: Set<String>) {
        self.answers = answers
        self.called = called
        self.callCounts = callCounts
        self.toolNames = toolNames
        self.arguments = arguments
    }

    /// The support as JSON (recorded with a baseline's synthesised reference answer in the evidence).
    public var json: JSONValue {
        [
            "answers": .number(JSONNumber(answers)), "called": .number(JSONNumber(called)),
            "call_counts": .array(callCounts.sorted().map { .number(JSONNumber($0)) }),
            "tool_names": .array(toolNames.sorted().map(JSONValue.string)),
            "arguments": .array(arguments.sorted().map(JSONValue.string)),
        ]
    }

    /// Reads ``json`` back.
    /// - Parameter value: The JSON.
    /// - Returns: The support, or `nil` when `value` is not one.
    public init?(json value: JSONValue?) {
        guard let value, let answers = value["answers"]?.intValue, let called = value["called"]?.intValue else {
            return nil
        }
        self.init(
            answers: answers,
            called: called,
            callCounts: Set((value["call_counts"]?.arrayValue ?? []).compactMap(\.intValue)),
            toolNames: Set((value["tool_names"]?.arrayValue ?? []).compactMap(\.stringValue)),
            arguments: Set((value["arguments"]?.arrayValue ?? []).compactMap(\.stringValue))
        )
    }
}
