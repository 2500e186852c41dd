import Foundation
import JSONSchema
import VerifierJudging

/// Converts Berkeley Function Calling Leaderboard questions into OpenAI Chat Completions request
/// bodies (K2VV replay format).
///
/// BFCL function docs are not OpenAI tools: `parameters.type` is `dict`, types are Python-style, and
/// names may contain dots. The mapping follows BFCL's own OpenAI handler: `dict`→`object`,
/// `float`→`number`, `tuple`→`array`, `any`→`string`, `list`→`array`, `bool`→`boolean`, unknown or
/// missing types→`string`, and `.`→`_` in names. The non-standard `optional` key is dropped.
public enum BFCLConverter {
    /// How many questions to take from each category, in the shipped replay set.
    public static let defaultSelection: [(category: String, count: Int)] = [
        ("simple_python", 90), ("multiple", 80), ("parallel", 40), ("parallel_multiple", 40), ("live_simple", 60),
        ("live_multiple", 60), ("live_parallel", 8), ("live_parallel_multiple", 12), ("irrelevance", 140),
        ("live_irrelevance", 100), ("live_relevance", 10),
    ]

    /// Converts one question line.
    /// - Parameters:
    ///   - question: A BFCL question object (`id`, `question`, `function`).
    ///   - stream: Whether the request asks for a stream.
    /// - Returns: The request body, or `nil` when the question has no usable turn.
    public static func request(from question: JSONValue, stream: Bool) -> JSONValue? {
        guard let turns = question["question"]?.arrayValue, let messages = turns.first?.arrayValue, !messages.isEmpty
        else { return nil }
        let functions = question["function"]?.arrayValue ?? []
        var body = JSONObject()
        body["model"] = "bfcl"
        body["messages"] = .array(
            messages.map { message in
                ["role": message["role"] ?? "user", "content": message["content"] ?? ""]
            }
        )
        if !functions.isEmpty {
            body["tools"] = .array(functions.map(tool(from:)))
        }
        body["temperature"] = 0
        body["max_tokens"] = 1024
        body["stream"] = .bool(stream)
        return .object(body)
    }

    /// Converts one BFCL function doc to an OpenAI tool.
    /// - Parameter function: `{name, description, parameters}`.
    /// - Returns: `{"type":"function","function":{…}}`.
    public static func tool(from function: JSONValue) -> JSONValue {
        var definition = JSONObject()
        definition["name"] = .string(openAIName(function["name"]?.stringValue ?? "unnamed"))
        definition["description"] = function["description"] ?? ""
        var parameters = function["parameters"].map(schema(from:)) ?? ["type": "object", "properties": [:]]
        if case .object(var object) = parameters {
            object["type"] = "object"
            if object["properties"] == nil { object["properties"] = .object(JSONObject()) }
            parameters = .object(object)
        }
        definition["parameters"] = parameters
        return ["type": "function", "function": .object(definition)]
    }

    /// An OpenAI-valid tool name: dots become underscores.
    /// - Parameter name: The BFCL name.
    /// - Returns: The converted name.
    public static func openAIName(_ name: String) -> String {
        name.replacingOccurrences(of: ".", with: "_")
    }

    /// Maps a BFCL type name to a JSON Schema type.
    /// - Parameter type: The BFCL type name.
    /// - Returns: The JSON Schema type.
    public static func schemaType(_ type: String?) -> String {
        switch type {
        case "dict"?, "object"?: "object"
        case "float"?, "number"?: "number"
        case "integer"?, "int"?: "integer"
        case "boolean"?, "bool"?: "boolean"
        case "array"?, "list"?, "tuple"?: "array"
        case "null"?: "null"
        default: "string"
        }
    }

    /// Converts a BFCL parameter schema recursively.
    /// - Parameter value: The BFCL schema.
    /// - Returns: A JSON Schema.
    public static func schema(from value: JSONValue) -> JSONValue {
        guard let object = value.objectValue else { return ["type": "string"] }
        var result = JSONObject()
        for member in object {
            switch member.key {
            case "type":
                result["type"] = .string(schemaType(member.value.stringValue))
            case "properties":
                var properties = JSONObject()
                for property in member.value.objectValue ?? JSONObject() {
                    properties[property.key] = schema(from: property.value)
                }
                result["properties"] = .object(properties)
            case "items":
                result["items"] = schema(from: member.value)
            case "optional":
                continue
            default:
                result[member.key] = member.value
            }
        }
        if result["type"] == nil { result["type"] = "string" }
        return .object(result)
    }

    /// Builds the replay set from a BFCL data folder.
    /// - Parameters:
    ///   - directory: The folder holding `BFCL_v4_<category>.json` files.
    ///   - selection: Categories and how many questions to take from each (evenly spaced).
    /// - Returns: JSON Lines text, one request per line.
    /// - Throws: ``VerifierError`` with code `.invalidFixture` when a file is missing or a line is not JSON.
    public static func replayLines(directory: String, selection: [(category: String, count: Int)] = defaultSelection)
        throws(VerifierError) -> String
    {
        var lines: [String] = []
        for (category, count) in selection {
            let path = directory + "/BFCL_v4_\(category).json"
            var reader = try LineReader(path: path)
            var questions: [JSONValue] = []
            while let (number, bytes) = reader.next() {
                if bytes.isEmpty { continue }
                do {
                    let question = try JSONValue.parse(bytes: bytes)
                    // Entries without functions cannot test tool calling.
                    if question["function"]?.arrayValue?.isEmpty == false { questions.append(question) }
                } catch {
                    throw VerifierError(
                        .invalidFixture,
                        "\(path):\(number): not JSON: \(error.message) at byte \(error.offset)."
                    )
                }
            }
            guard !questions.isEmpty else {
                throw VerifierError(.invalidFixture, "\(path): no questions with functions.")
            }
            let take = min(count, questions.count)
            for position in 0..<take {
                let index = position * questions.count / take
                if let body = request(from: questions[index], stream: lines.count % 2 == 1) {
                    lines.append(body.serialized())
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How many questions of each category go into the labelled suite (`bfcl-answers`).
    public static let labelledSelection: [(category: String, count: Int)] = [
        ("simple_python", 40), ("multiple", 30), ("parallel", 20), ("parallel_multiple", 20), ("live_simple", 20),
        ("live_multiple", 20), ("irrelevance", 30),
    ]

    /// Builds a labelled suite from BFCL questions and their possible answers: each answer becomes an
    /// expected call list (BFCL's acceptable values, `""` = may be omitted); an irrelevance question
    /// expects no call. Questions whose answer cannot be stated against the converted tools (a name or
    /// argument the tools lack) are left out and counted in the suite's description.
    /// - Parameters:
    ///   - directory: The folder holding `BFCL_v4_<category>.json` and `possible_answer/`.
    ///   - selection: Categories and how many questions to take from each (evenly spaced).
    /// - Returns: The suite document (`Fixtures/suites/bfcl-answers.json`), pretty-printed.
    /// - Throws: ``VerifierError`` `.invalidFixture` when a file is missing or a line is not JSON.
    public static func labelledSuite(directory: String, selection: [(category: String, count: Int)] = labelledSelection)
        throws(VerifierError) -> String
    {
        var cases: [JSONValue] = []
        var skipped = 0
        for (category, count) in selection {
            let questions = try readLines(directory + "/BFCL_v4_\(category).json").filter {
                $0["function"]?.arrayValue?.isEmpty == false
            }
            let irrelevance = category.contains("irrelevance")
            var answers: [String: JSONValue] = [:]
            if !irrelevance {
                for answer in try readLines(directory + "/possible_answer/BFCL_v4_\(category).json") {
                    if let id = answer["id"]?.stringValue { answers[id] = answer["ground_truth"] }
                }
            }
            let take = min(count, questions.count)
            for position in 0..<take {
                let question = questions[position * questions.count / take]
                guard let id = question["id"]?.stringValue,
                    var body = request(from: question, stream: false)?.objectValue
                else { continue }
                body["model"] = nil
                body["stream"] = nil
                let expect: JSONValue
                if irrelevance {
                    expect = ["calls": "none"]
                } else if let truth = answers[id]?.arrayValue,
                    let calls = expectedCalls(truth, tools: ChatRequest(body: .object(body)).tools)
                {
                    expect = ["calls": .array(calls)]
                } else {
                    skipped += 1
                    continue
                }
                let description = (question["question"]?[0]?[0]?["content"]?.stringValue ?? "").prefix(100)
                cases.append([
                    "id": .string(id), "description": .string("BFCL \(category): \(description)"),
                    "modes": "nonstream", "request": .object(body), "expect": expect,
                ])
            }
        }
        let document: JSONValue = [
            "suite": "bfcl-answers",
            "description": .string(
                "BFCL questions (Apache 2.0, see Fixtures/replay/bfcl.SOURCE.md) labelled with their possible answers: the "
                    + "expected calls with every acceptable value, or no call for irrelevance questions. Generated by "
                    + "`verifier fixtures import-bfcl`; \(skipped) questions left out because their answer names a function "
                    + "or argument the converted tools lack."
            ),
            "oracle": "labels + reference",
            "defaults": ["modes": "nonstream", "repeat": 1],
            "cases": .array(cases),
        ]
        return String(decoding: document.serializedBytes(options: JSONWriter.Options(pretty: true)), as: UTF8.self)
            + "\n"
    }

    /// BFCL ground truth (`[{"fn.name": {"arg": [values]}}]`) as expected calls against converted tools,
    /// or `nil` when an answer names a function or argument the tools lack.
    static func expectedCalls(_ truth: [JSONValue], tools: [ToolDefinition]) -> [JSONValue]? {
        var calls: [JSONValue] = []
        for entry in truth {
            guard let member = entry.objectValue?.first, let arguments = member.value.objectValue else { return nil }
            let name = openAIName(member.key)
            guard let tool = tools.first(where: { $0.name == name }) else { return nil }
            let properties = tool.parameters?["properties"]?.objectValue ?? JSONObject()
            var expected = JSONObject()
            for argument in arguments {
                guard properties[argument.key] != nil, let values = argument.value.arrayValue, !values.isEmpty else {
                    return nil
                }
                expected[argument.key] = .array(values)
            }
            calls.append(["name": .string(name), "arguments": .object(expected)])
        }
        return calls.isEmpty ? nil : calls
    }

    private static func readLines(_ path: String) throws(VerifierError) -> [JSONValue] {
        var reader = try LineReader(path: path)
        var values: [JSONValue] = []
        while let (number, bytes) = reader.next() {
            if bytes.allSatisfy({ $0 == UInt8(ascii: " ") }) { continue }
            do {
                values.append(try JSONValue.parse(bytes: bytes))
            } catch {
                throw VerifierError(
                    .invalidFixture,
                    "\(path):\(number): not JSON: \(error.message) at byte \(error.offset)."
                )
            }
        }
        return values
    }
}
