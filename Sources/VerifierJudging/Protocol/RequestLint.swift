import JSONSchema

/// Finds what makes a Chat Completions request invalid for the API, by the rules of the OpenAI
/// reference and the engines that follow it (vLLM rejects `tools: []` and a `tool_choice` without
/// tools; a named `tool_choice` must name an offered tool).
///
/// Fixture loading uses it so that a case cannot send an invalid request by accident (only a case
/// that expects a 4xx may), and the mock host uses it to reject such requests as the reference does.
public enum RequestLint {
    /// One reason the request is invalid.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// Where in the request body, as a JSON Pointer.
        public var pointer: String
        /// A sentence.
        public var message: String

        /// `pointer: message`.
        public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
    }

    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    /// The request's problems, empty when the API must accept it.
    /// - Parameters:
    ///   - body: The request body (without `model`/`stream`, or with them).
    ///   - checkSchemas: Whether tool `parameters` must compile as JSON Schema.
    /// - Returns: The problems in body order.
    public static func problems(in body: JSONValue, checkSchemas: Bool = true) -> [Problem] {
        guard let object = body.objectValue else {
            return [Problem(pointer: "", message: "the request body must be a JSON object")]
        }
        var problems = Collector()
        if let duplicate = object.duplicateKeys.first {
            problems.add("/\(duplicate)", "the key `\(duplicate)` appears twice")
        }
        messageProblems(object, into: &problems)
        let toolNames = toolProblems(object, checkSchemas: checkSchemas, into: &problems)
        toolChoiceProblems(object, toolNames: toolNames, into: &problems)
        if let parallel = object["parallel_tool_calls"], parallel.boolValue == nil {
            problems.add("/parallel_tool_calls", "`parallel_tool_calls` must be a boolean")
        }
        return problems.problems
    }

    /// Problems in body order.
    private struct Collector {
        var problems: [Problem] = []

        mutating func add(_ pointer: String, _ message: String) {
            problems.append(Problem(pointer: pointer, message: message))
        }
    }

    /// `messages`: a non-empty array of objects with known roles; tool messages with ids; assistant calls
    /// with ids, names and string arguments.
    private static func messageProblems(_ object: JSONObject, into problems: inout Collector) {
        if let messages = object["messages"]?.arrayValue, !messages.isEmpty {
            for (index, message) in messages.enumerated() {
                let pointer = "/messages/\(index)"
                guard message.objectValue != nil else {
                    problems.add(pointer, "a message must be an object")
                    continue
                }
                guard let role = message["role"]?.stringValue else {
                    problems.add(pointer + "/role", "a message needs a string `role`")
                    continue
                }
                guard roles.contains(role) else {
                    problems.add(
                        pointer + "/role",
                        "`\(role)` is not a role (system, developer, user, assistant, tool)"
                    )
                    continue
                }
                if role == "tool", message["tool_call_id"]?.stringValue == nil {
                    problems.add(pointer, "a tool message needs a string `tool_call_id`")
                }
                if role == "assistant", let calls = message["tool_calls"], !calls.isNull {
                    guard let list = calls.arrayValue else {
                        problems.add(pointer + "/tool_calls", "`tool_calls` must be an array")
                        continue
                    }
                    for (position, call) in list.enumerated() {
                        let callPointer = pointer + "/tool_calls/\(position)"
                        if call["id"]?.stringValue == nil {
                            problems.add(callPointer + "/id", "a tool call needs a string `id`")
                        }
                        if call["function"]?["name"]?.stringValue == nil {
                            problems.add(callPointer + "/function/name", "a tool call needs a string `function.name`")
                        }
                        if let arguments = call["function"]?["arguments"], arguments.stringValue == nil {
                            problems.add(
                                callPointer + "/function/arguments",
                                "`arguments` must be a string holding JSON"
                            )
                        }
                    }
                }
            }
        } else {
            problems.add("/messages", "`messages` must be a non-empty array")
        }
    }

    /// `tools`: functions with valid, unique names and compilable `parameters`; returns their names.
    private static func toolProblems(_ object: JSONObject, checkSchemas: Bool, into problems: inout Collector)
        -> [String]
    {
        var toolNames: [String] = []
        if let tools = object["tools"], !tools.isNull {
            if let list = tools.arrayValue {
                if list.isEmpty { problems.add("/tools", "`tools` must not be empty; leave it out instead") }
                for (index, tool) in list.enumerated() {
                    let pointer = "/tools/\(index)"
                    guard let type = tool["type"]?.stringValue, type == "function" else {
                        problems.add(pointer + "/type", "a tool needs `type: \"function\"`")
                        continue
                    }
                    guard let function = tool["function"], function.objectValue != nil else {
                        problems.add(pointer + "/function", "a tool needs a `function` object")
                        continue
                    }
                    guard let name = function["name"]?.stringValue else {
                        problems.add(pointer + "/function/name", "a function needs a string `name`")
                        continue
                    }
                    if !isValidName(name) {
                        problems.add(
                            pointer + "/function/name",
                            "`\(name)` is not a function name (a-z, A-Z, 0-9, _ and -, at most 64)"
                        )
                    }
                    if toolNames.contains(name) {
                        problems.add(pointer + "/function/name", "two tools are named `\(name)`")
                    }
                    toolNames.append(name)
                    if let parameters = function["parameters"], !parameters.isNull {
                        if parameters.objectValue == nil {
                            problems.add(pointer + "/function/parameters", "`parameters` must be a JSON Schema object")
                        } else if checkSchemas {
                            do {
                                _ = try JSONSchema(parameters)
                            } catch {
                                problems.add(
                                    pointer + "/function/parameters",
                                    "`parameters` is not a valid JSON Schema: \(error)"
                                )
                            }
                        }
                    }
                    if let strict = function["strict"], strict.boolValue == nil {
                        problems.add(pointer + "/function/strict", "`strict` must be a boolean")
                    }
                }
            } else {
                problems.add("/tools", "`tools` must be an array")
            }
        }
        return toolNames
    }

    /// `tool_choice`: a mode, or a named function among the tools.
    private static func toolChoiceProblems(_ object: JSONObject, toolNames: [String], into problems: inout Collector) {
        if let choice = object["tool_choice"], !choice.isNull {
            if let mode = choice.stringValue {
                if !["none", "auto", "required"].contains(mode) {
                    problems.add(
                        "/tool_choice",
                        "`\(mode)` is not a tool_choice (none, auto, required, or a named function)"
                    )
                } else if mode != "none", toolNames.isEmpty {
                    problems.add("/tool_choice", "`tool_choice: \(mode)` needs `tools`")
                }
            } else if choice.objectValue != nil {
                if let name = choice["function"]?["name"]?.stringValue, choice["type"]?.stringValue == "function" {
                    if toolNames.isEmpty {
                        problems.add("/tool_choice", "a named `tool_choice` needs `tools`")
                    } else if !toolNames.contains(name) {
                        problems.add(
                            "/tool_choice/function/name",
                            "`tool_choice` names `\(name)`, which is not among the tools"
                        )
                    }
                } else {
                    problems.add(
                        "/tool_choice",
                        "a named `tool_choice` is {\"type\": \"function\", \"function\": {\"name\": …}}"
                    )
                }
            } else {
                problems.add("/tool_choice", "`tool_choice` must be a string or an object")
            }
        }
    }

    /// Whether `name` is a valid function name: `^[a-zA-Z0-9_-]{1,64}$`.
    /// - Parameter name: The name.
    /// - Returns: Whether it is valid.
    public static func isValidName(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard (1...64).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
        }
    }
}
