import JSONSchema

/// What a labelled case expects of an answer (DESIGN §3), read from a case's `expect` object.
///
/// ```json
/// {"calls": "none"}                                   // no tool call
/// {"calls": "some"}                                   // at least one call
/// {"calls": 2}                                        // exactly two calls
/// {"calls": [{"name": "get_weather", "arguments": {"city": ["Paris"], "unit": ["celsius", ""]}}]}
/// {"status": "4xx"}                                   // a negative probe: the request must be rejected
/// {"oracle": "reference"}                             // judged by agreement with the reference only
/// {"calls": "some", "reasoning": "kept"}             // reasoning in the history must reach the model
/// {"prompt_tokens": 91}                               // usage.prompt_tokens must be exactly this
/// ```
public struct CaseExpectation: Sendable, Hashable {
    /// What the calls must be.
    public enum Calls: Sendable, Hashable {
        /// No tool call.
        case none
        /// At least one call.
        case some
        /// Exactly this many calls.
        case count(Int)
        /// These calls, in any order, each with acceptable argument values.
        case list([ExpectedCall])
    }

    /// The status class a request must get.
    public enum Status: String, Sendable, Hashable {
        /// Accepted: 200–299.
        case success = "2xx"
        /// Rejected as invalid: 400–499.
        case clientError = "4xx"

        /// Whether `status` is in the class.
        /// - Parameter status: An HTTP status.
        /// - Returns: Whether it belongs.
        public func contains(_ status: Int) -> Bool {
            switch self {
            case .success: (200..<300).contains(status)
            case .clientError: (400..<500).contains(status)
            }
        }
    }

    /// The expected calls, when the case labels them.
    public var calls: Calls?
    /// The expected status class, for request probes.
    public var status: Status?
    /// Whether the case is judged by agreement with the reference.
    public var oracleReference: Bool
    /// Whether reasoning sent back in the history must reach the model.
    public var reasoningKept: Bool
    /// The exact `usage.prompt_tokens` expected.
    public var promptTokens: Int?
    /// Tolerances of argument matching.
    public var leniency: ArgumentMatcher.Leniency

    /// Creates an expectation.
    /// - Parameters:
    ///   - calls: Expected calls.
    ///   - status: Expected status class.
    ///   - oracleReference: Judged by the reference.
    ///   - reasoningKept: Reasoning must reach the model.
    ///   - promptTokens: Exact prompt tokens.
    ///   - leniency: Argument matching tolerances.
    public init(
        calls: Calls? = nil,
        status: Status? = nil,
        oracleReference: Bool = false,
        reasoningKept: Bool = false,
        promptTokens: Int? = nil,
        leniency: ArgumentMatcher.Leniency = []
    ) {
        self.calls = calls
        self.status = status
        self.oracleReference = oracleReference
        self.reasoningKept = reasoningKept
        self.promptTokens = promptTokens
        self.leniency = leniency
    }

    /// The expectation of a replayed request: agreement with the reference only.
    public static let reference = CaseExpectation(oracleReference: true)

    /// Whether the case carries a labelled (deterministic) expectation, judged in the contract layer.
    public var isLabelled: Bool { calls != nil || status != nil || reasoningKept || promptTokens != nil }

    /// Whether the case expects the request to be rejected.
    public var expectsRejection: Bool { status == .clientError }
}

extension CaseExpectation {
    /// The expectation in the suite file's `expect` form (recorded with each case in the evidence).
    public var json: JSONValue {
        var object = JSONObject()
        switch calls {
        case .none?: object["calls"] = "none"
        case .some?: object["calls"] = "some"
        case .count(let count)?: object["calls"] = .number(JSONNumber(count))
        case .list(let list)?: object["calls"] = .array(list.map(\.json))
        case nil: break
        }
        if let status { object["status"] = .string(status.rawValue) }
        if oracleReference { object["oracle"] = "reference" }
        if reasoningKept { object["reasoning"] = "kept" }
        if let promptTokens { object["prompt_tokens"] = .number(JSONNumber(promptTokens)) }
        if leniency.contains(.normalizeStrings) { object["leniency"] = ["normalize_strings"] }
        return .object(object)
    }

    /// Reads the `expect` form written by ``json`` (already validated when the suite was loaded).
    /// - Parameter value: The JSON.
    public init(json value: JSONValue) {
        self.init()
        switch value["calls"] {
        case .string("none")?: calls = CaseExpectation.Calls.none
        case .string("some")?: calls = .some
        case .number(let number)?: calls = .count(Int(number.int64Value ?? 0))
        case .array(let list)?: calls = .list(list.compactMap { ExpectedCall(json: $0) })
        default: break
        }
        status = value["status"]?.stringValue.flatMap(Status.init(rawValue:))
        oracleReference = value["oracle"]?.stringValue == "reference"
        reasoningKept = value["reasoning"]?.stringValue == "kept"
        promptTokens = value["prompt_tokens"]?.intValue
        if value["leniency"]?.arrayValue?.contains(.string("normalize_strings")) == true {
            leniency.insert(.normalizeStrings)
        }
    }
}

extension ExpectedCall {
    /// `{"name": …, "arguments": {"arg": [acceptable values]}}`.
    public var json: JSONValue {
        var arguments = JSONObject()
        for argument in self.arguments { arguments.append(argument.name, .array(argument.acceptable)) }
        return ["name": .string(name), "arguments": .object(arguments)]
    }
}
