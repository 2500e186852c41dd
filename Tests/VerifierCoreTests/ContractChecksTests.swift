import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Each contract check on hand-made answers: it fires on the defect and stays quiet on the near miss.
@Suite("Contract checks")
struct ContractChecksTests {
    static func request(_ extra: String = "") -> ChatRequest {
        let text =
            #"{"messages":[{"role":"user","content":"weather in Paris"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}}}}},{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]\#(extra)}"#
        return ChatRequest(body: (try? JSONValue.parse(text)) ?? .null)
    }

    /// A delivered answer with these calls (name, arguments JSON).
    static func answer(_ calls: [(String, String)], status: Int = 200, promptTokens: Int? = nil) -> ExchangeJudgement {
        var message = ObservedMessage(finishReason: calls.isEmpty ? "stop" : "tool_calls")
        message.toolCalls = calls.enumerated().map { index, call in
            ObservedToolCall(
                index: index,
                id: .string("call_\(index)"),
                type: "function",
                name: .string(call.0),
                arguments: .string(call.1),
                location: "/choices/0/message/tool_calls/\(index)"
            )
        }
        var judgement = ExchangeJudgement(
            delivered: (200..<300).contains(status),
            transportFailed: false,
            status: status,
            finishReason: message.finishReason,
            callCount: calls.count,
            callNames: calls.map(\.0),
            schemaValid: nil,
            findings: [],
            totalMilliseconds: 1
        )
        judgement.promptTokens = promptTokens
        judgement.signature =
            (200..<300).contains(status) ? MessageSignature(HostAnswer(chat: message, streamed: false)) : nil
        return judgement
    }

    static func labels(
        _ request: ChatRequest,
        _ expectation: CaseExpectation,
        _ answer: ExchangeJudgement,
        reference: ExchangeJudgement? = nil,
        policy: RequestPolicy = .compatible,
        withoutReasoning: ExchangeJudgement? = nil
    ) -> [String] {
        ContractJudge().findings(
            in: ContractContext(
                request: request,
                expectation: expectation,
                policy: policy,
                answer: answer,
                reference: reference,
                withoutReasoning: withoutReasoning
            )
        ).filter { $0.severity == .error }.map(\.label.rawValue)
    }

    static let paris = ("get_weather", #"{"city":"Paris"}"#)

    @Test func toolChoiceNone() {
        let request = Self.request(#","tool_choice":"none""#)
        #expect(
            Self.labels(request, .init(calls: CaseExpectation.Calls.none), Self.answer([Self.paris])) == [
                "contract.tool_choice_none"
            ]
        )
        #expect(Self.labels(request, .init(calls: CaseExpectation.Calls.none), Self.answer([])).isEmpty)
    }

    @Test func toolChoiceRequired() {
        let request = Self.request(#","tool_choice":"required""#)
        #expect(Self.labels(request, .init(calls: .some), Self.answer([])) == ["contract.tool_choice_required"])
        #expect(Self.labels(request, .init(calls: .some), Self.answer([Self.paris])).isEmpty)
    }

    @Test func toolChoiceNamed() {
        let request = Self.request(#","tool_choice":{"type":"function","function":{"name":"get_time"}}"#)
        #expect(
            Self.labels(request, .init(calls: .count(1)), Self.answer([Self.paris])) == ["contract.tool_choice_named"]
        )
        #expect(Self.labels(request, .init(calls: .count(1)), Self.answer([])) == ["contract.tool_choice_named"])
        #expect(Self.labels(request, .init(calls: .count(1)), Self.answer([("get_time", "{}")])).isEmpty)
    }

    @Test func parallelFalse() {
        let request = Self.request(#","parallel_tool_calls":false"#)
        let two = Self.answer([Self.paris, ("get_weather", #"{"city":"Rome"}"#)])
        // The more specific label is reported, not the generic count.
        #expect(Self.labels(request, .init(calls: .count(1)), two) == ["contract.parallel_false"])
        #expect(Self.labels(request, .init(calls: .count(1)), Self.answer([Self.paris])).isEmpty)
    }

    @Test func expectedCalls() throws {
        let request = Self.request()
        let paris = try #require(
            ExpectedCall(
                json: try JSONValue.parse(
                    #"{"name":"get_weather","arguments":{"city":["Paris"],"unit":["celsius",""]}}"#
                )
            )
        )
        let rome = try #require(
            ExpectedCall(json: try JSONValue.parse(#"{"name":"get_weather","arguments":{"city":["Rome"]}}"#))
        )
        let both = CaseExpectation(calls: .list([paris, rome]))
        // Order-free.
        #expect(Self.labels(request, both, Self.answer([("get_weather", #"{"city":"Rome"}"#), Self.paris])).isEmpty)
        #expect(Self.labels(request, both, Self.answer([Self.paris])) == ["contract.call_count"])
        #expect(
            Self.labels(request, both, Self.answer([Self.paris, ("get_weather", #"{"city":"Oslo"}"#)])) == [
                "contract.arguments"
            ]
        )
        #expect(Self.labels(request, both, Self.answer([Self.paris, ("get_time", "{}")])) == ["contract.tool_name"])
        #expect(Self.labels(request, both, Self.answer([])) == ["contract.missing_call"])
        #expect(
            Self.labels(request, .init(calls: CaseExpectation.Calls.none), Self.answer([Self.paris])) == [
                "contract.unexpected_call"
            ]
        )
        #expect(Self.labels(request, .init(calls: .some), Self.answer([])) == ["contract.missing_call"])
        #expect(Self.labels(request, .init(calls: .count(2)), Self.answer([Self.paris])) == ["contract.call_count"])
        // Typed equality: an integer is accepted for a number, a string never.
        let number = try #require(
            ExpectedCall(json: try JSONValue.parse(#"{"name":"get_weather","arguments":{"city":[1.0]}}"#))
        )
        #expect(
            Self.labels(request, .init(calls: .list([number])), Self.answer([("get_weather", #"{"city":1}"#)])).isEmpty
        )
        #expect(
            Self.labels(request, .init(calls: .list([number])), Self.answer([("get_weather", #"{"city":"1"}"#)]))
                == ["contract.arguments"]
        )
    }

    @Test func requestStatusPolicies() {
        let probe = CaseExpectation(status: .clientError)
        let control = CaseExpectation(status: .success)
        let request = Self.request()
        // Without a reference, the case's status decides.
        #expect(Self.labels(request, probe, Self.answer([], status: 200)) == ["contract.invalid_request_accepted"])
        #expect(Self.labels(request, probe, Self.answer([], status: 400)).isEmpty)
        // A stricter provider is a warning under compatible, an error under parity.
        let rejected = Self.answer([], status: 400)
        let accepted = Self.answer([], status: 200)
        #expect(Self.labels(request, control, rejected, reference: accepted).isEmpty)
        #expect(
            Self.labels(request, control, rejected, reference: accepted, policy: .parity) == [
                "contract.valid_request_rejected"
            ]
        )
        // The reference's status class is the truth when it answered.
        #expect(Self.labels(request, probe, accepted, reference: accepted).isEmpty)
        #expect(Self.labels(request, probe, accepted, reference: rejected) == ["contract.invalid_request_accepted"])
        // A labelled case (not a probe) rejected for its history.
        let history = ChatRequest(
            body: (try? JSONValue.parse(
                #"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":[{"id":"a1B2c3D4e","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a1B2c3D4e","content":"ok"}],"tools":[{"type":"function","function":{"name":"get_weather"}}]}"#
            )) ?? .null
        )
        #expect(
            Self.labels(history, .init(calls: CaseExpectation.Calls.none), rejected) == ["contract.history_rejected"]
        )
    }

    @Test func reasoningDroppedAndPromptTokens() {
        let request = Self.request()
        let kept = CaseExpectation(calls: CaseExpectation.Calls.none, reasoningKept: true)
        #expect(
            Self.labels(
                request,
                kept,
                Self.answer([], promptTokens: 120),
                withoutReasoning: Self.answer([], promptTokens: 120)
            )
                == ["contract.reasoning_dropped"]
        )
        #expect(
            Self.labels(
                request,
                kept,
                Self.answer([], promptTokens: 160),
                withoutReasoning: Self.answer([], promptTokens: 120)
            )
            .isEmpty
        )
        let counted = CaseExpectation(promptTokens: 91)
        #expect(Self.labels(request, counted, Self.answer([], promptTokens: 92)) == ["agree.prompt_tokens"])
        #expect(Self.labels(request, counted, Self.answer([], promptTokens: 91)).isEmpty)
        #expect(PromptTokens.compare(provider: 94, expected: 91, tolerance: 3, source: "x", at: "/usage/prompt_tokens") == nil)
        #expect(
            PromptTokens.compare(provider: 95, expected: 91, tolerance: 3, source: "x", at: "/usage/prompt_tokens")?.label == .agreePromptTokens
        )
    }

    @Test func aFailureTheReferenceSharesIsInformation() {
        let request = Self.request()
        let expectation = CaseExpectation(calls: CaseExpectation.Calls.none)
        let findings = ContractJudge().findings(
            in: ContractContext(
                request: request,
                expectation: expectation,
                answer: Self.answer([Self.paris]),
                reference: Self.answer([Self.paris]),
                referenceEvidence: "evidence.jsonl:7"
            )
        )
        #expect(findings.map(\.label) == [.contractUnexpectedCall])
        #expect(findings.first?.severity == .info)
        #expect(findings.first?.message.contains("evidence.jsonl:7") == true)
    }

    @Test func lintFindsWhatTheAPIRejects() throws {
        let problems = RequestLint.problems(
            in: try JSONValue.parse(
                #"{"messages":[{"role":"narrator","content":"x"}],"tools":[],"tool_choice":"required","parallel_tool_calls":"yes"}"#
            )
        ).map(\.pointer)
        #expect(problems == ["/messages/0/role", "/tools", "/tool_choice", "/parallel_tool_calls"])
        #expect(RequestLint.problems(in: Self.request().body).isEmpty)
    }
}
