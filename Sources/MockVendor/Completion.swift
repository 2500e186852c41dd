import VerifierCore

/// One mock answer, rendered either as a `chat.completion` body or as `chat.completion.chunk` events.
struct Completion {
    var seed: UInt64
    var model: String
    var decision: ScriptedModel.Decision
    var content: String?
    var finishOverride: String?
    var argumentsAsObject: Bool
    var argumentsCut: Bool
    var promptTokens: Int

    private var id: String { "chatcmpl-" + Self.token(seed, length: 24) }
    private let created = 1_764_000_000

    private var calls: [(id: String, name: String, arguments: JSONValue)] {
        guard case .calls(let calls) = decision else { return [] }
        return calls.enumerated().map { index, call in
            let text = JSONValue.object(call.arguments).serialized()
            let arguments: JSONValue
            if argumentsAsObject {
                arguments = .object(call.arguments)
            } else if argumentsCut {
                arguments = .string(String(text.prefix(max(text.count / 2, 1))))
            } else {
                arguments = .string(text)
            }
            return ("call_" + Self.token(seed &+ UInt64(index + 1), length: 24), call.name, arguments)
        }
    }

    private var text: String? {
        if let content { return content }
        if case .text(let text) = decision { return text }
        return nil
    }

    private var finishReason: String {
        finishOverride ?? (calls.isEmpty ? "stop" : "tool_calls")
    }

    private var completionTokens: Int {
        let argumentLength = calls.reduce(0) { $0 + $1.arguments.serialized().utf8.count }
        return max((text?.utf8.count ?? 0) / 4 + argumentLength / 4, 1)
    }

    private var usage: JSONValue {
        [
            "prompt_tokens": .number(JSONNumber(promptTokens)),
            "completion_tokens": .number(JSONNumber(completionTokens)),
            "total_tokens": .number(JSONNumber(promptTokens + completionTokens)),
        ]
    }

    func body() -> JSONValue {
        var message = JSONObject()
        message["role"] = "assistant"
        message["content"] = text.flatMap { $0.isEmpty && !calls.isEmpty ? nil : $0 }.map(JSONValue.string) ?? .null
        if !calls.isEmpty {
            message["tool_calls"] = .array(
                calls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": call.arguments],
                    ]
                }
            )
        }
        var choice = JSONObject()
        choice["index"] = 0
        choice["message"] = .object(message)
        choice["logprobs"] = .null
        choice["finish_reason"] = .string(finishReason)
        var root = JSONObject()
        root["id"] = .string(id)
        root["object"] = "chat.completion"
        root["created"] = .number(JSONNumber(created))
        root["model"] = .string(model)
        root["choices"] = [.object(choice)]
        root["usage"] = usage
        return .object(root)
    }

    func chunks(includeUsage: Bool) -> [[UInt8]] {
        var events: [[UInt8]] = []
        func chunk(delta: JSONValue, finish: String?) {
            var choice = JSONObject()
            choice["index"] = 0
            choice["delta"] = delta
            choice["logprobs"] = .null
            choice["finish_reason"] = finish.map(JSONValue.string) ?? .null
            emit(choices: [.object(choice)], usage: includeUsage ? .null : nil)
        }
        func emit(choices: [JSONValue], usage: JSONValue?) {
            var root = JSONObject()
            root["id"] = .string(id)
            root["object"] = "chat.completion.chunk"
            root["created"] = .number(JSONNumber(created))
            root["model"] = .string(model)
            root["choices"] = .array(choices)
            if let usage { root["usage"] = usage }
            events.append(Array("data: ".utf8) + JSONValue.object(root).serializedBytes() + Array("\n\n".utf8))
        }
        chunk(delta: ["role": "assistant", "content": ""], finish: nil)
        if let text, !text.isEmpty {
            for piece in Self.pieces(text, size: 12) { chunk(delta: ["content": .string(piece)], finish: nil) }
        }
        for (index, call) in calls.enumerated() {
            let first: JSONValue = [
                "index": .number(JSONNumber(index)), "id": .string(call.id), "type": "function",
                "function": [
                    "name": .string(call.name), "arguments": call.arguments.stringValue == nil ? call.arguments : "",
                ],
            ]
            chunk(delta: ["tool_calls": [first]], finish: nil)
            if let arguments = call.arguments.stringValue {
                for piece in Self.pieces(arguments, size: 6) {
                    chunk(
                        delta: [
                            "tool_calls": [
                                ["index": .number(JSONNumber(index)), "function": ["arguments": .string(piece)]]
                            ]
                        ],
                        finish: nil
                    )
                }
            }
        }
        chunk(delta: .object(JSONObject()), finish: finishReason)
        if includeUsage { emit(choices: [], usage: usage) }
        events.append(Array("data: [DONE]\n\n".utf8))
        return events
    }

    static func pieces(_ text: String, size: Int) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count >= size {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func token(_ seed: UInt64, length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var state = seed == 0 ? 0x9e37_79b9_7f4a_7c15 : seed
        var out = ""
        for _ in 0..<length {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            out.append(alphabet[Int(state % UInt64(alphabet.count))])
        }
        return out
    }
}
