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
    var dialect: WireDialect = .openAI

    private var id: String {
        switch dialect {
        case .openAI: "chatcmpl-" + Self.token(seed, length: 24)
        case .llamaServer: "chatcmpl-" + Self.token(seed, length: 32)
        case .llamaCppPython: "chat" + completionID
        }
    }
    /// llama-cpp-python's id of the text completion a chat answer wraps: `cmpl-<uuid>`.
    private var completionID: String { "cmpl-" + Self.uuid(seed) }
    private let created = 1_764_000_000

    private func callID(_ index: Int, name: String) -> String {
        switch dialect {
        case .openAI: "call_" + Self.token(seed &+ UInt64(index + 1), length: 24)
        case .llamaServer: Self.token(seed &+ UInt64(index + 1), length: 32)
        case .llamaCppPython: "call__\(index)_\(name)_" + completionID
        }
    }

    var calls: [(id: String, name: String, arguments: JSONValue)] {
        decision.calls.enumerated().map { index, call in
            let text = JSONValue.object(call.arguments).serialized()
            let arguments: JSONValue
            if argumentsAsObject {
                arguments = .object(call.arguments)
            } else if argumentsCut {
                arguments = .string(String(text.prefix(max(text.count / 2, 1))))
            } else {
                arguments = .string(text)
            }
            return (callID(index, name: call.name), call.name, arguments)
        }
    }

    var text: String? {
        if let content { return content }
        switch decision {
        case .text(let text), .textAndCalls(let text, _): return text
        case .calls: return nil
        }
    }

    var finishReason: String {
        finishOverride ?? (calls.isEmpty ? "stop" : "tool_calls")
    }

    var completionTokens: Int {
        let argumentLength = calls.reduce(0) { $0 + $1.arguments.serialized().utf8.count }
        return max((text?.utf8.count ?? 0) / 4 + argumentLength / 4, 1)
    }

    private var usage: JSONValue {
        var usage = JSONObject()
        usage["prompt_tokens"] = .number(JSONNumber(promptTokens))
        usage["completion_tokens"] = .number(JSONNumber(completionTokens))
        usage["total_tokens"] = .number(JSONNumber(promptTokens + completionTokens))
        if dialect == .llamaServer { usage["prompt_tokens_details"] = ["cached_tokens": 0] }
        return .object(usage)
    }

    /// llama-server's `timings` member (prompt and generation speed), on answers and the last chunk.
    private var timings: JSONValue {
        [
            "cache_n": 0, "prompt_n": .number(JSONNumber(promptTokens)), "prompt_ms": 120.5,
            "prompt_per_token_ms": 0.9, "prompt_per_second": 1100.2,
            "predicted_n": .number(JSONNumber(completionTokens)), "predicted_ms": 210.25,
            "predicted_per_token_ms": 16.4, "predicted_per_second": 61.0,
        ]
    }

    func body() -> JSONValue {
        var message = JSONObject()
        message["role"] = "assistant"
        message["content"] = text.flatMap { $0.isEmpty && !calls.isEmpty ? nil : $0 }.map(JSONValue.string) ?? .null
        if dialect == .llamaServer, text?.isEmpty ?? true {
            // llama-server never sends `null`: an answer without text has `content: ""`.
            message["content"] = ""
        }
        if dialect == .llamaCppPython, calls.count == 1, let call = calls.first {
            message["function_call"] = ["name": .string(call.name), "arguments": call.arguments]
        }
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
        if dialect != .llamaServer { choice["logprobs"] = .null }
        choice["finish_reason"] = .string(finishReason)
        var root = JSONObject()
        if dialect == .llamaServer {
            // llama-server's member order, with its extra members.
            root["choices"] = [.object(choice)]
            root["created"] = .number(JSONNumber(created))
            root["model"] = .string(model)
            root["system_fingerprint"] = .string(Self.llamaServerFingerprint)
            root["object"] = "chat.completion"
            root["usage"] = usage
            root["id"] = .string(id)
            root["timings"] = timings
            return .object(root)
        }
        root["id"] = .string(id)
        root["object"] = "chat.completion"
        root["created"] = .number(JSONNumber(created))
        root["model"] = .string(model)
        root["choices"] = [.object(choice)]
        root["usage"] = usage
        return .object(root)
    }

    /// llama-server's `system_fingerprint`: build number and commit, `b0-unknown` when built from a source archive.
    static let llamaServerFingerprint = "b0-unknown"

    func chunks(includeUsage: Bool, fault: MockProfile.Fault? = nil) -> [[UInt8]] {
        if dialect == .llamaCppPython, fault == nil { return llamaCppPythonChunks() }
        var events: [[UInt8]] = []
        var usageAfterDone = false
        func chunk(delta: JSONValue, finish: String?) {
            var delta = delta
            if fault == .streamRoleMissing, case .object(var fields) = delta, fields["role"] != nil {
                fields["role"] = nil
                delta = .object(fields)
            }
            if fault == .streamRoleRepeated, events.count > 0, case .object(var fields) = delta, fields["role"] == nil {
                fields["role"] = "assistant"
                delta = .object(fields)
            }
            var choice = JSONObject()
            if dialect == .llamaServer {
                // llama-server: no `logprobs`, no `usage: null` on ordinary chunks.
                choice["finish_reason"] = finish.map(JSONValue.string) ?? .null
                choice["index"] = 0
                choice["delta"] = delta
                emit(choices: [.object(choice)], usage: nil)
                return
            }
            choice["index"] = 0
            choice["delta"] = delta
            choice["logprobs"] = .null
            choice["finish_reason"] = finish.map(JSONValue.string) ?? .null
            emit(choices: [.object(choice)], usage: includeUsage ? .null : nil)
        }
        func emit(choices: [JSONValue], usage: JSONValue?, timings: JSONValue? = nil) {
            var root = JSONObject()
            if dialect == .llamaServer {
                root["choices"] = .array(choices)
                root["created"] = .number(JSONNumber(created))
                root["id"] = .string(id)
                root["model"] = .string(model)
                root["system_fingerprint"] = .string(Self.llamaServerFingerprint)
                root["object"] = "chat.completion.chunk"
                if let usage { root["usage"] = usage }
                if let timings { root["timings"] = timings }
            } else {
                root["id"] = .string(id)
                root["object"] = "chat.completion.chunk"
                root["created"] = .number(JSONNumber(created))
                root["model"] = .string(model)
                root["choices"] = .array(choices)
                if let usage { root["usage"] = usage }
            }
            events.append(Array("data: ".utf8) + JSONValue.object(root).serializedBytes() + Array("\n\n".utf8))
        }
        func fragment(_ index: Int, id: String?, name: String?, arguments: JSONValue) -> JSONValue {
            var fields = JSONObject()
            fields["index"] = .number(JSONNumber(index))
            if let id {
                fields["id"] = .string(id)
                fields["type"] = "function"
            }
            var function = JSONObject()
            if let name { function["name"] = .string(name) }
            function["arguments"] = arguments
            fields["function"] = .object(function)
            return ["tool_calls": [.object(fields)]]
        }
        chunk(delta: ["role": "assistant", "content": dialect == .llamaServer ? .null : ""], finish: nil)
        if fault == .streamBadEvent {
            // A proxy that splices a truncated chunk into the stream.
            events.append(Array("data: {\"id\":\"\(id)\",\"choices\":[{\"index\":0,\"delta\":{\"content\n\n".utf8))
        }
        var text = self.text
        var calls = self.calls
        if fault == .streamParity { Self.divergeForStream(text: &text, calls: &calls) }
        if fault == .streamIndexCollision, let only = calls.first, calls.count == 1 {
            // Ollama's parallel-call bug needs two calls: the second reuses index 0 with its own id.
            calls.append((id: only.id + "x", name: only.name, arguments: only.arguments))
        }
        if let text, !text.isEmpty {
            for piece in Self.pieces(text, size: 12) { chunk(delta: ["content": .string(piece)], finish: nil) }
        }
        for (position, call) in calls.enumerated() {
            let index: Int
            switch fault {
            case .streamIndexCollision?: index = 0
            case .streamIndexGap?: index = position + 1
            default: index = position
            }
            var name: String? = call.name
            var firstID: String? = call.id
            if fault == .streamNameFragmented { name = String(call.name.prefix(max(call.name.count / 2, 1))) }
            if fault == .streamIDMissing { firstID = nil }
            let inline = call.arguments.stringValue == nil ? call.arguments : ""
            chunk(delta: fragment(index, id: firstID, name: name, arguments: inline), finish: nil)
            if fault == .streamIDMissing {
                // The id arrives on the second fragment, with the type.
                chunk(delta: fragment(index, id: call.id, name: nil, arguments: ""), finish: nil)
            }
            if fault == .streamNameFragmented {
                chunk(
                    delta: fragment(index, id: nil, name: String(call.name.dropFirst(name?.count ?? 0)), arguments: ""),
                    finish: nil
                )
            }
            if let arguments = call.arguments.stringValue {
                let repeatID = fault == .streamIDRepeated ? call.id : nil
                let repeatName = fault == .streamNameRepeated ? call.name : nil
                for piece in Self.pieces(arguments, size: 6) {
                    chunk(
                        delta: fragment(index, id: repeatID, name: repeatName, arguments: .string(piece)),
                        finish: nil
                    )
                }
            }
        }
        let truncateAt = events.count
        chunk(delta: .object(JSONObject()), finish: finishReason)
        if fault == .streamFinishTwice { chunk(delta: .object(JSONObject()), finish: finishReason) }
        if includeUsage {
            if fault == .streamUsageAfterDone {
                usageAfterDone = true
            } else {
                emit(choices: [], usage: usage, timings: dialect == .llamaServer ? timings : nil)
            }
        }
        if fault == .streamTruncated {
            // The connection closes mid-answer: half the events, no finish, no [DONE].
            return Array(events.prefix(max(truncateAt / 2, 1)))
        }
        if fault != .streamNoDone { events.append(Array("data: [DONE]\n\n".utf8)) }
        if fault == .streamAfterDone { chunk(delta: ["content": " (one more thing)"], finish: nil) }
        if usageAfterDone { emit(choices: [], usage: usage) }
        return events
    }

    /// llama-cpp-python's stream: every delta member present (mostly `null`), each call fragment with the
    /// id, type and name again and a `function_call` twin, finish on an all-`null` delta, no usage chunk
    /// whatever `stream_options` asked.
    private func llamaCppPythonChunks() -> [[UInt8]] {
        var events: [[UInt8]] = []
        // Member order differs between its text and its call chunks, as llama-cpp-python writes them.
        let text = calls.isEmpty
        func emit(_ delta: JSONValue, finish: String? = nil) {
            var choice = JSONObject()
            choice["index"] = 0
            if text {
                choice["delta"] = delta
                choice["logprobs"] = .null
                choice["finish_reason"] = finish.map(JSONValue.string) ?? .null
            } else {
                choice["finish_reason"] = finish.map(JSONValue.string) ?? .null
                choice["logprobs"] = .null
                choice["delta"] = delta
            }
            var root = JSONObject()
            root["id"] = .string(id)
            if text {
                root["model"] = .string(model)
                root["created"] = .number(JSONNumber(created))
                root["object"] = "chat.completion.chunk"
            } else {
                root["object"] = "chat.completion.chunk"
                root["created"] = .number(JSONNumber(created))
                root["model"] = .string(model)
            }
            root["choices"] = [.object(choice)]
            events.append(Array("data: ".utf8) + JSONValue.object(root).serializedBytes() + Array("\n\n".utf8))
        }
        let empty: JSONValue = ["role": .null, "content": .null, "function_call": .null, "tool_calls": .null]
        if text {
            emit(["role": "assistant"])
            for piece in Self.pieces(self.text ?? "", size: 4) { emit(["content": .string(piece)]) }
            emit(.object(JSONObject()), finish: finishReason)
        } else {
            emit(["role": "assistant", "content": .null, "function_call": .null, "tool_calls": .null])
            // The engine never writes text before a call; the scripted model can, and it goes first.
            for piece in Self.pieces(self.text ?? "", size: 4) {
                emit(["role": .null, "content": .string(piece), "function_call": .null, "tool_calls": .null])
            }
            for (index, call) in calls.enumerated() {
                for piece in Self.pieces(call.arguments.stringValue ?? call.arguments.serialized(), size: 4) {
                    let fragment: JSONValue = [
                        "index": .number(JSONNumber(index)), "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(piece)],
                    ]
                    emit([
                        "role": .null, "content": .null,
                        "function_call": ["name": .string(call.name), "arguments": .string(piece)],
                        "tool_calls": [fragment],
                    ])
                }
            }
            emit(empty, finish: finishReason)
        }
        events.append(Array("data: [DONE]\n\n".utf8))
        return events
    }

    /// A version-4-shaped UUID drawn from a seed (lower-case hex, 8-4-4-4-12).
    static func uuid(_ seed: UInt64) -> String {
        let hex = Array("0123456789abcdef")
        var state = seed == 0 ? 0x9e37_79b9_7f4a_7c15 : seed
        var digits = ""
        for position in 0..<32 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            digits.append(position == 12 ? "4" : hex[Int(state % 16)])
        }
        let parts = [
            digits.prefix(8), digits.dropFirst(8).prefix(4), digits.dropFirst(12).prefix(4),
            digits.dropFirst(16).prefix(4), digits.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }

    /// Makes the streamed answer differ from the non-streamed one: a different first string argument,
    /// or extra content.
    static func divergeForStream(text: inout String?, calls: inout [(id: String, name: String, arguments: JSONValue)]) {
        guard var first = calls.first else {
            text = (text ?? "") + " (streamed)"
            return
        }
        if let raw = first.arguments.stringValue, case .object(var object)? = try? JSONValue.parse(raw) {
            if let member = object.first(where: { $0.value.stringValue != nil }), let value = member.value.stringValue {
                object[member.key] = .string(value + " (streamed)")
            } else {
                object["streamed"] = true
            }
            first.arguments = .string(JSONValue.object(object).serialized())
            calls[0] = first
        }
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
