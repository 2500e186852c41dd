import Crypto
import Foundation
import JSONSchema
import VerifierJudging

/// The transport modes of a labelled case.
public enum CaseModes: String, Sendable, Hashable, CaseIterable {
    /// Streamed only.
    case stream
    /// Non-streamed only.
    case nonstream
    /// Both, as two items.
    case both

    /// `true` means streamed.
    public var flags: [Bool] {
        switch self {
        case .stream: [true]
        case .nonstream: [false]
        case .both: [false, true]
        }
    }
}

/// One labelled case of a suite (DESIGN §3).
public struct FixtureCase: Sendable, Hashable {
    /// The case id, unique in its suite.
    public var id: String
    /// The suite's name.
    public var suite: String
    /// The file the case is in.
    public var file: String
    /// The line the case starts on.
    public var line: Int
    /// What the case checks, in a sentence.
    public var description: String?
    /// The request body exactly as sent (the runner adds `model`, `stream` and `stream_options`).
    public var request: ChatRequest
    /// The transport modes.
    public var modes: CaseModes
    /// How many times each mode is sent.
    public var repeatCount: Int
    /// What the answer must be.
    public var expectation: CaseExpectation
    /// How status probes are judged against the reference.
    public var policy: RequestPolicy
    /// The prompt-token tolerance of ``CaseExpectation/promptTokens`` and of reference parity.
    public var promptTokenTolerance: Int

    /// `<suite>/<id>`: the case's id in evidence and reports.
    public var qualifiedID: String { "\(suite)/\(id)" }

    /// `file:line`.
    public var location: String { "\(file):\(line)" }
}

/// A suite of labelled cases: `Fixtures/suites/<name>.json`.
///
/// ```json
/// {
///   "suite": "tool-choice",
///   "description": "tool_choice and parallel_tool_calls are honoured",
///   "defaults": {"modes": "both", "repeat": 1},
///   "cases": [
///     {"id": "none-weather", "request": {"messages": [...], "tools": [...], "tool_choice": "none"},
///      "expect": {"calls": "none"}}
///   ]
/// }
/// ```
/// Loading validates everything — bad JSON, unknown or repeated fields, duplicate ids, requests the
/// API must reject (unless the case expects a 4xx), tool schemas that are not JSON Schema, and
/// expectations naming tools or arguments the request does not offer — and reports each problem as
/// `file:line: case <id>: …`.
public struct FixtureSuite: Sendable {
    /// The suite's name (the file's name without `.json`).
    public var name: String
    /// The file's path.
    public var path: String
    /// What the suite proves.
    public var description: String
    /// How status probes are judged by default.
    public var policy: RequestPolicy
    /// When set, the suite runs by default only for models whose name contains one of these
    /// (case-insensitively); `--suite` runs it regardless.
    public var models: [String]?
    /// The cases in file order.
    public var cases: [FixtureCase]
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String

    /// Requests one run of the suite sends to one provider (modes × repeats), before parity twins.
    public var requestCount: Int { cases.reduce(0) { $0 + $1.modes.flags.count * $1.repeatCount } }

    /// Whether the suite runs by default for `model`.
    /// - Parameter model: The configured model name.
    /// - Returns: Whether it applies.
    public func applies(to model: String) -> Bool {
        guard let models else { return true }
        let lowered = model.lowercased()
        return models.contains { lowered.contains($0.lowercased()) }
    }

    /// Loads and validates a suite file.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - policy: A request policy overriding the file's.
    /// - Returns: The suite.
    /// - Throws: ``VerifierError`` `.invalidFixture` listing each problem as `file:line: …` (at most 20).
    public static func load(path: String, policy: RequestPolicy? = nil) throws(VerifierError) -> FixtureSuite {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VerifierError(.invalidFixture, "\(path): cannot read the suite file.")
        }
        let bytes = [UInt8](data)
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: bytes)
        } catch {
            let line = bytes.prefix(error.offset).reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw VerifierError(.invalidFixture, "\(path):\(line): not JSON: \(error.message).")
        }
        var reader = SuiteReader(path: path, lines: JSONLineMap(bytes: bytes))
        let suite = reader.suite(from: value, bytes: bytes, policy: policy)
        if !reader.problems.isEmpty {
            let shown = reader.problems.prefix(20).joined(separator: "\n")
            let more = reader.problems.count > 20 ? "\n(and \(reader.problems.count - 20) more problems)" : ""
            throw VerifierError(.invalidFixture, shown + more)
        }
        guard let suite else { throw VerifierError(.invalidFixture, "\(path): the suite could not be read.") }
        return suite
    }
}

/// Reads a suite document, collecting every problem with its line.
struct SuiteReader {
    let path: String
    let lines: JSONLineMap
    var problems: [String] = []

    static let suiteKeys: Set<String> = [
        "suite", "description", "oracle", "policy", "models", "prompt_token_tolerance", "defaults", "cases",
    ]
    static let defaultKeys: Set<String> = ["modes", "repeat"]
    static let caseKeys: Set<String> = ["id", "description", "request", "modes", "repeat", "expect"]
    static let expectKeys: Set<String> = ["calls", "status", "oracle", "reasoning", "prompt_tokens", "leniency"]

    mutating func problem(_ pointer: String, _ message: String, caseID: String? = nil) {
        let prefix = caseID.map { "case `\($0)`: " } ?? ""
        problems.append("\(path):\(lines.line(for: pointer)): \(prefix)\(message)")
    }

    mutating func checkKeys(
        _ object: JSONObject,
        _ allowed: Set<String>,
        at pointer: String,
        what: String,
        caseID: String? = nil
    ) {
        for key in object.keys where !allowed.contains(key) {
            problem(
                pointer + "/" + key,
                "unknown field `\(key)` in \(what); expected one of: \(allowed.sorted().joined(separator: ", ")).",
                caseID: caseID
            )
        }
        for key in object.duplicateKeys {
            problem(pointer + "/" + key, "the field `\(key)` appears twice in \(what).", caseID: caseID)
        }
    }

    mutating func suite(from value: JSONValue, bytes: [UInt8], policy override: RequestPolicy?) -> FixtureSuite? {
        guard let root = value.objectValue else {
            problem("", "a suite file holds one JSON object with `suite` and `cases`.")
            return nil
        }
        checkKeys(root, Self.suiteKeys, at: "", what: "the suite")
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let name = root["suite"]?.stringValue ?? stem
        if root["suite"]?.stringValue == nil { problem("/suite", "`suite` must be a string naming the suite.") }
        if name != stem { problem("/suite", "`suite` is `\(name)` but the file is named `\(stem).json`.") }
        var policy = RequestPolicy.compatible
        if let text = root["policy"] {
            if let parsed = text.stringValue.flatMap(RequestPolicy.init(rawValue:)) {
                policy = parsed
            } else {
                problem("/policy", "`policy` must be `compatible` or `parity`.")
            }
        }
        if let override { policy = override }
        var models: [String]?
        if let list = root["models"] {
            if let strings = list.arrayValue?.compactMap(\.stringValue), strings.count == list.arrayValue?.count,
                !strings.isEmpty
            {
                models = strings
            } else {
                problem("/models", "`models` must be a non-empty array of strings.")
            }
        }
        var tolerance = 0
        if let value = root["prompt_token_tolerance"] {
            if let number = value.intValue, number >= 0 {
                tolerance = number
            } else {
                problem("/prompt_token_tolerance", "`prompt_token_tolerance` must be a whole number ≥ 0.")
            }
        }
        var defaultModes = CaseModes.both
        var defaultRepeat = 1
        if let defaults = root["defaults"] {
            if let object = defaults.objectValue {
                checkKeys(object, Self.defaultKeys, at: "/defaults", what: "`defaults`")
                if let modes = object["modes"] {
                    defaultModes = self.modes(modes, at: "/defaults/modes") ?? defaultModes
                }
                if let count = object["repeat"] { defaultRepeat = self.repeatCount(count, at: "/defaults/repeat") ?? 1 }
            } else {
                problem("/defaults", "`defaults` must be an object.")
            }
        }
        guard let list = root["cases"]?.arrayValue, !list.isEmpty else {
            problem("/cases", "`cases` must be a non-empty array.")
            return nil
        }
        var cases: [FixtureCase] = []
        var seen: [String: Int] = [:]
        for (index, entry) in list.enumerated() {
            let pointer = "/cases/\(index)"
            guard let object = entry.objectValue else {
                problem(pointer, "a case must be an object.")
                continue
            }
            guard let id = object["id"]?.stringValue, !id.isEmpty else {
                problem(pointer, "a case needs a non-empty string `id`.")
                continue
            }
            if let first = seen[id] {
                problem(pointer + "/id", "the id `\(id)` is used twice (first on line \(first)).")
                continue
            }
            seen[id] = lines.line(for: pointer)
            checkKeys(object, Self.caseKeys, at: pointer, what: "a case", caseID: id)
            let modes = object["modes"].flatMap { self.modes($0, at: pointer + "/modes", caseID: id) } ?? defaultModes
            let repeatCount =
                object["repeat"].flatMap { self.repeatCount($0, at: pointer + "/repeat", caseID: id) } ?? defaultRepeat
            if let description = object["description"], description.stringValue == nil {
                problem(pointer + "/description", "`description` must be a string.", caseID: id)
            }
            guard let request = object["request"], request.objectValue != nil else {
                problem(pointer + "/request", "a case needs a `request` object (the body as sent).", caseID: id)
                continue
            }
            guard let expectValue = object["expect"] else {
                problem(pointer, "a case needs an `expect` object.", caseID: id)
                continue
            }
            guard
                let expectation = expectation(expectValue, request: ChatRequest(body: request), at: pointer, caseID: id)
            else { continue }
            checkRequest(request, expectation: expectation, at: pointer + "/request", caseID: id)
            cases.append(
                FixtureCase(
                    id: id,
                    suite: name,
                    file: path,
                    line: lines.line(for: pointer),
                    description: object["description"]?.stringValue,
                    request: ChatRequest(body: request),
                    modes: modes,
                    repeatCount: repeatCount,
                    expectation: expectation,
                    policy: policy,
                    promptTokenTolerance: tolerance
                )
            )
        }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return FixtureSuite(
            name: name,
            path: path,
            description: root["description"]?.stringValue ?? "",
            policy: policy,
            models: models,
            cases: cases,
            sha256: digest
        )
    }

    mutating func modes(_ value: JSONValue, at pointer: String, caseID: String? = nil) -> CaseModes? {
        guard let modes = value.stringValue.flatMap(CaseModes.init(rawValue:)) else {
            problem(pointer, "`modes` must be `stream`, `nonstream` or `both`.", caseID: caseID)
            return nil
        }
        return modes
    }

    mutating func repeatCount(_ value: JSONValue, at pointer: String, caseID: String? = nil) -> Int? {
        guard let count = value.intValue, (1...100).contains(count) else {
            problem(pointer, "`repeat` must be a whole number from 1 to 100.", caseID: caseID)
            return nil
        }
        return count
    }

    mutating func checkRequest(_ request: JSONValue, expectation: CaseExpectation, at pointer: String, caseID: String) {
        for key in ["model", "stream", "stream_options"] where request[key] != nil {
            problem(
                pointer + "/" + key,
                "`\(key)` is set by the runner for each provider and mode; leave it out.",
                caseID: caseID
            )
        }
        if let duplicate = Self.firstDuplicateKey(in: request, pointer: pointer) {
            problem(duplicate, "a key appears twice in this object of the request.", caseID: caseID)
        }
        let issues = RequestLint.problems(in: request)
        if expectation.expectsRejection {
            // Negative probes send invalid requests on purpose; the structure must still be readable.
            if request["messages"]?.arrayValue?.isEmpty ?? true {
                problem(pointer + "/messages", "even a negative probe needs `messages`.", caseID: caseID)
            }
        } else {
            for issue in issues {
                problem(
                    pointer + issue.pointer,
                    "the request is invalid for the API (\(issue.message)); only a case expecting `status: 4xx` may send it.",
                    caseID: caseID
                )
            }
        }
    }

    static func firstDuplicateKey(in value: JSONValue, pointer: String, depth: Int = 0) -> String? {
        guard depth < 128 else { return nil }
        if let object = value.objectValue {
            if let key = object.duplicateKeys.first { return pointer + "/" + key }
            for member in object {
                if let found = firstDuplicateKey(
                    in: member.value,
                    pointer: pointer + "/" + member.key,
                    depth: depth + 1
                ) {
                    return found
                }
            }
        } else if let array = value.arrayValue {
            for (index, element) in array.enumerated() {
                if let found = firstDuplicateKey(in: element, pointer: pointer + "/\(index)", depth: depth + 1) {
                    return found
                }
            }
        }
        return nil
    }

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
            switch calls {
            case .string("none"): expectation.calls = CaseExpectation.Calls.none
            case .string("some"): expectation.calls = .some
            case .number(let number):
                if let count = number.int64Value, count >= 0, count <= 128 {
                    expectation.calls = .count(Int(count))
                } else {
                    problem(pointer + "/calls", "a call count must be a whole number from 0 to 128.", caseID: caseID)
                }
            case .array(let list):
                var expected: [ExpectedCall] = []
                for (index, entry) in list.enumerated() {
                    let entryPointer = pointer + "/calls/\(index)"
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
                expectation.calls = .list(expected)
            default:
                problem(
                    pointer + "/calls",
                    "`calls` must be \"none\", \"some\", a count, or a list of expected calls.",
                    caseID: caseID
                )
            }
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

    static func hasReasoningInHistory(_ request: ChatRequest) -> Bool {
        (request.body["messages"]?.arrayValue ?? []).contains { message in
            message["role"]?.stringValue == "assistant"
                && (message["reasoning_content"]?.stringValue != nil || message["reasoning"]?.stringValue != nil)
        }
    }
}
