import JSONSchema
import VerifierJudging

extension SuiteReader {

    mutating func expectation(_ value: JSONValue, request: ChatRequest, at casePointer: String, caseID: String)
        -> CaseExpectation?
    {
        let pointer = casePointer + "/expect"
        guard let object = value.objectValue else {
            problem(pointer, "`expect` must be an object.", caseID: caseID)
            return nil
        }
        checkKeys(object, Self.expectKeys, at: pointer, what: "`expect`", caseID: caseID)
        var expectation = CaseExpectation()
        let before = problems.count
        let tools = request.tools
        if let calls = object["calls"] {
            expectation.calls = self.calls(calls, tools: tools, at: pointer + "/calls", caseID: caseID)
            if expectation.calls != nil, expectation.calls != CaseExpectation.Calls.none, tools.isEmpty {
                problem(pointer + "/calls", "the case expects calls but the request offers no tools.", caseID: caseID)
            }
        }
        if let status = object["status"] {
            if let parsed = status.stringValue.flatMap(CaseExpectation.Status.init(rawValue:)) {
                expectation.status = parsed
            } else {
                problem(pointer + "/status", "`status` must be \"4xx\" or \"2xx\".", caseID: caseID)
            }
        }
        if let oracle = object["oracle"] {
            if oracle.stringValue == "reference" {
                expectation.oracleReference = true
            } else {
                problem(pointer + "/oracle", "`oracle` can only be \"reference\".", caseID: caseID)
            }
        }
        if let reasoning = object["reasoning"] {
            if reasoning.stringValue == "kept" {
                expectation.reasoningKept = true
                if !Self.hasReasoningInHistory(request) {
                    problem(
                        pointer + "/reasoning",
                        "`reasoning: kept` needs an assistant message with `reasoning_content` or `reasoning` in the history.",
                        caseID: caseID
                    )
                }
            } else {
                problem(pointer + "/reasoning", "`reasoning` can only be \"kept\".", caseID: caseID)
            }
        }
        if let tokens = object["prompt_tokens"] {
            if let count = tokens.intValue, count > 0 {
                expectation.promptTokens = count
            } else {
                problem(pointer + "/prompt_tokens", "`prompt_tokens` must be a positive whole number.", caseID: caseID)
            }
        }
        if let leniency = object["leniency"] {
            let names = leniency.arrayValue?.compactMap(\.stringValue) ?? []
            if names.count != leniency.arrayValue?.count ?? -1 || names.contains(where: { $0 != "normalize_strings" }) {
                problem(pointer + "/leniency", "`leniency` is a list of: normalize_strings.", caseID: caseID)
            } else if !names.isEmpty {
                expectation.leniency.insert(.normalizeStrings)
            }
        }
        if expectation.status != nil,
            expectation.calls != nil || expectation.reasoningKept || expectation.promptTokens != nil
        {
            problem(
                pointer + "/status",
                "`status` cannot be combined with expectations about the answer.",
                caseID: caseID
            )
        }
        if problems.count == before, !expectation.isLabelled, !expectation.oracleReference {
            problem(
                pointer,
                "`expect` needs at least one of calls, status, oracle, reasoning or prompt_tokens.",
                caseID: caseID
            )
        }
        return problems.count == before ? expectation : nil
    }

    /// The `calls` expectation: none, some, a count, or expected calls checked against the request's tools.
    mutating func calls(_ value: JSONValue, tools: [ToolDefinition], at pointer: String, caseID: String)
        -> CaseExpectation.Calls?
    {
        switch value {
        case .string("none"): return CaseExpectation.Calls.none
        case .string("some"): return .some
        case .number(let number):
            if let count = number.int64Value, count >= 0, count <= 128 {
                return .count(Int(count))
            } else {
                problem(pointer, "a call count must be a whole number from 0 to 128.", caseID: caseID)
            }
        case .array(let list):
            var expected: [ExpectedCall] = []
            for (index, entry) in list.enumerated() {
                let entryPointer = pointer + "/\(index)"
                guard let call = ExpectedCall(json: entry), entry["name"] != nil else {
                    problem(
                        entryPointer,
                        "an expected call is {\"name\": …, \"arguments\": {\"arg\": [acceptable values]}}.",
                        caseID: caseID
                    )
                    continue
                }
                if let extra = entry.objectValue?.keys.first(where: { $0 != "name" && $0 != "arguments" }) {
                    problem(
                        entryPointer + "/" + extra,
                        "unknown field `\(extra)` in an expected call.",
                        caseID: caseID
                    )
                }
                guard let tool = tools.first(where: { $0.name == call.name }) else {
                    let offered = tools.map(\.name).joined(separator: ", ")
                    problem(
                        entryPointer + "/name",
                        "the expected call names `\(call.name)`, which the request does not offer (tools: \(offered.isEmpty ? "none" : offered)).",
                        caseID: caseID
                    )
                    continue
                }
                if let properties = tool.parameters?["properties"]?.objectValue {
                    for argument in call.arguments where properties[argument.name] == nil {
                        problem(
                            entryPointer + "/arguments/" + argument.name,
                            "`\(call.name)` has no parameter `\(argument.name)`.",
                            caseID: caseID
                        )
                    }
                }
                for argument in call.arguments where argument.acceptable.isEmpty {
                    problem(
                        entryPointer + "/arguments/" + argument.name,
                        "the acceptable values of `\(argument.name)` are an empty list.",
                        caseID: caseID
                    )
                }
                expected.append(call)
            }
            return .list(expected)
        default:
            problem(
                pointer,
                "`calls` must be \"none\", \"some\", a count, or a list of expected calls.",
                caseID: caseID
            )
        }
        return nil
    }
}
