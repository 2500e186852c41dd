import Crypto
import Foundation
import JSONSchema
import VerifierJudging

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
        let defaults = CaseDefaults(
            suite: name,
            policy: policy,
            modes: defaultModes,
            repeatCount: defaultRepeat,
            promptTokenTolerance: tolerance
        )
        for (index, entry) in list.enumerated() {
            if let fixture = fixtureCase(entry, at: "/cases/\(index)", defaults: defaults, seen: &seen) {
                cases.append(fixture)
            }
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

    /// What a suite gives every case unless the case says otherwise.
    struct CaseDefaults {
        var suite: String
        var policy: RequestPolicy
        var modes: CaseModes
        var repeatCount: Int
        var promptTokenTolerance: Int
    }

    /// One case of the suite, or `nil` (with its problems noted) when it cannot be read.
    mutating func fixtureCase(
        _ entry: JSONValue,
        at pointer: String,
        defaults: CaseDefaults,
        seen: inout [String: Int]
    ) -> FixtureCase? {
        guard let object = entry.objectValue else {
            problem(pointer, "a case must be an object.")
            return nil
        }
        guard let id = object["id"]?.stringValue, !id.isEmpty else {
            problem(pointer, "a case needs a non-empty string `id`.")
            return nil
        }
        if let first = seen[id] {
            problem(pointer + "/id", "the id `\(id)` is used twice (first on line \(first)).")
            return nil
        }
        seen[id] = lines.line(for: pointer)
        checkKeys(object, Self.caseKeys, at: pointer, what: "a case", caseID: id)
        let modes = object["modes"].flatMap { self.modes($0, at: pointer + "/modes", caseID: id) } ?? defaults.modes
        let repeatCount =
            object["repeat"].flatMap { self.repeatCount($0, at: pointer + "/repeat", caseID: id) }
            ?? defaults.repeatCount
        if let description = object["description"], description.stringValue == nil {
            problem(pointer + "/description", "`description` must be a string.", caseID: id)
        }
        guard let request = object["request"], request.objectValue != nil else {
            problem(pointer + "/request", "a case needs a `request` object (the body as sent).", caseID: id)
            return nil
        }
        guard let expectValue = object["expect"] else {
            problem(pointer, "a case needs an `expect` object.", caseID: id)
            return nil
        }
        guard
            let expectation = expectation(expectValue, request: ChatRequest(body: request), at: pointer, caseID: id)
        else { return nil }
        checkRequest(request, expectation: expectation, at: pointer + "/request", caseID: id)
        return FixtureCase(
            id: id,
            suite: defaults.suite,
            file: path,
            line: lines.line(for: pointer),
            description: object["description"]?.stringValue,
            request: ChatRequest(body: request),
            modes: modes,
            repeatCount: repeatCount,
            expectation: expectation,
            policy: defaults.policy,
            promptTokenTolerance: defaults.promptTokenTolerance
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

    static func hasReasoningInHistory(_ request: ChatRequest) -> Bool {
        (request.body["messages"]?.arrayValue ?? []).contains { message in
            message["role"]?.stringValue == "assistant"
                && (message["reasoning_content"]?.stringValue != nil || message["reasoning"]?.stringValue != nil)
        }
    }
}
