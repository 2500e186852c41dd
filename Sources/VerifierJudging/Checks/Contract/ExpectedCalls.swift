import JSONSchema

/// The case's `calls` expectation: `contract.unexpected_call`, `contract.missing_call`,
/// `contract.call_count`, `contract.tool_name` and `contract.arguments`.
///
/// Expected calls are matched to emitted calls without regard to order, by a maximum bipartite
/// matching (``ArgumentMatcher``); equality is typed (an integer is accepted for a number).
public struct ExpectedCalls: ContractCheck {
    public static let labels: [FailureLabel] = [
        .contractUnexpectedCall, .contractMissingCall, .contractCallCount, .contractToolName, .contractArguments,
    ]

    /// The labels that depend on the model's own choice (whether to call, which tool, which arguments), which a
    /// sampling reference does not make the same way twice: gated from the reference's spread. The request's
    /// constraints (`tool_choice`, `parallel_tool_calls`, a status) are checked elsewhere and stay strict.
    public static let modelChoiceLabels = Set(labels)

    /// Creates the check.
    public init() {}

    public func findings(in context: ContractContext) -> [Finding] {
        guard let expected = context.expectation.calls, context.answer.delivered else { return [] }
        let calls = context.calls
        let names = calls.map { $0.name ?? "unnamed" }
        switch expected {
        case .none:
            guard !calls.isEmpty else { return [] }
            return [
                Finding(
                    .contractUnexpectedCall,
                    .error,
                    "The case expects an answer without a tool call; the provider called \(names.joined(separator: ", ")).",
                    at: context.answer.pointers.calls
                )
            ]
        case .some:
            guard calls.isEmpty else { return [] }
            return [missing(context, wanted: "a tool call")]
        case .count(let count):
            if calls.isEmpty, count > 0 { return [missing(context, wanted: "\(count) tool call(s)")] }
            guard calls.count != count else { return [] }
            return [
                Finding(
                    .contractCallCount,
                    .error,
                    "The case expects \(count) tool call(s); the provider made \(calls.count) (\(names.joined(separator: ", "))).",
                    at: context.answer.pointers.calls
                )
            ]
        case .list(let list):
            return listFindings(context, expected: list)
        }
    }

    /// An expected list of calls, matched to the emitted calls in any order.
    private func listFindings(_ context: ContractContext, expected list: [ExpectedCall]) -> [Finding] {
        let calls = context.calls
        let names = calls.map { $0.name ?? "unnamed" }
        if calls.isEmpty, !list.isEmpty {
            return [missing(context, wanted: list.map(\.name).joined(separator: ", "))]
        }
        if calls.count != list.count {
            return [
                Finding(
                    .contractCallCount,
                    .error,
                    "The case expects \(list.count) call(s) (\(list.map(\.name).joined(separator: ", "))); "
                        + "the provider made \(calls.count) (\(names.joined(separator: ", "))).",
                    at: context.answer.pointers.calls
                )
            ]
        }
        let matcher = ArgumentMatcher(leniency: context.expectation.leniency)
        let emitted = calls.map { (name: $0.name, arguments: $0.arguments.objectValue) }
        let pairing = matcher.match(calls: emitted, expected: list)
        let used = Set(pairing.compactMap { $0 })
        var findings: [Finding] = []
        for (index, expectation) in list.enumerated() where pairing[index] == nil {
            let free = emitted.indices.filter { !used.contains($0) }
            guard let sameName = free.first(where: { emitted[$0].name == expectation.name }) else {
                let others = free.map { emitted[$0].name ?? "unnamed" }.joined(separator: ", ")
                findings.append(
                    Finding(
                        .contractToolName,
                        .error,
                        "The case expects a call of \(expectation.name); the provider called \(others) instead.",
                        at: context.answer.pointers.calls
                    )
                )
                continue
            }
            let problems = matcher.mismatches(
                name: emitted[sameName].name,
                arguments: emitted[sameName].arguments,
                against: expectation
            )
            findings.append(
                Finding(
                    .contractArguments,
                    .error,
                    "The call of \(expectation.name) has arguments outside the case's acceptable values: "
                        + problems.prefix(3).joined(separator: "; ") + ".",
                    at: context.answer.pointers.arguments(ofCall: sameName)
                )
            )
        }
        return findings
    }

    private func missing(_ context: ContractContext, wanted: String) -> Finding {
        Finding(
            .contractMissingCall,
            .error,
            "The case expects \(wanted); the provider answered without a tool call "
                + "(\(context.answer.pointers.stopField) \(context.answer.finishReason ?? "null")).",
            at: context.answer.pointers.message
        )
    }
}

extension FailureLabel {
    /// The case expects no call (nothing fits, or the tool result answers the question), yet the answer calls.
    public static let contractUnexpectedCall = FailureLabel(rawValue: "contract.unexpected_call")
    /// The case expects a call, yet the answer calls no tool.
    public static let contractMissingCall = FailureLabel(rawValue: "contract.missing_call")
    /// The answer holds another number of calls than the case expects.
    public static let contractCallCount = FailureLabel(rawValue: "contract.call_count")
    /// The answer calls another tool than the case expects.
    public static let contractToolName = FailureLabel(rawValue: "contract.tool_name")
    /// The right tool, called with arguments outside the case's acceptable values.
    public static let contractArguments = FailureLabel(rawValue: "contract.arguments")
}
