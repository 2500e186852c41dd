import Foundation

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
}
