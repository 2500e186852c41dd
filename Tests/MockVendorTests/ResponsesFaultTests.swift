import Foundation
import MockVendor
import Testing
import VerifierCore
import VerifierTestSupport
import VerifierTesting

/// Each fault as the mock host shows it on OpenAI Responses: the existing profiles whose defect exists there,
/// and the Responses-only profiles, one per label. Each test checks the defect is on the wire, and only where it
/// belongs (a streamed-only fault leaves bodies alone).
@Suite("Mock host faults on OpenAI Responses")
struct ResponsesFaultTests {
    typealias Wire = ResponsesWire

    static func callItems(_ body: JSONValue) -> [JSONValue] {
        (body["output"]?.arrayValue ?? []).filter { $0["type"] == "function_call" }
    }

    static func types(_ events: [Wire.Event]) -> [String] { events.map { $0.type ?? "?" } }

    // MARK: - Existing faults

    @Test func invalidJSONArgumentsCutsBodyAndStream() throws {
        let requests = try Wire.requests()
        for stream in [false, true] {
            let changed = try Wire.changed("invalid-json-arguments", stream: stream, requests: requests)
            #expect(!changed.isEmpty)
            for (faulty, _, _) in changed {
                if stream {
                    let events = Wire.events(faulty)
                    let done = events.filter { $0.type == "response.function_call_arguments.done" }
                    #expect(!done.isEmpty)
                    for event in done {
                        let arguments = try #require(event.json?["arguments"]?.stringValue)
                        #expect((try? JSONValue.parse(arguments)) == nil)
                    }
                    #expect(events.last?.type == "response.completed")
                } else {
                    for item in Self.callItems(try Wire.body(faulty)) {
                        #expect((try? JSONValue.parse(item["arguments"]?.stringValue ?? "")) == nil)
                    }
                }
            }
        }
    }

    @Test func argumentsAsObjectOnResponses() throws {
        let requests = try Wire.requests()
        let plain = try Wire.changed("arguments-as-object", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, _, _) in plain {
            let calls = Self.callItems(try Wire.body(faulty))
            #expect(!calls.isEmpty && calls.allSatisfy { $0["arguments"]?.objectValue != nil })
        }
        let streamed = try Wire.changed("arguments-as-object", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, _, _) in streamed {
            let events = Wire.events(faulty)
            #expect(!events.contains { $0.type == "response.function_call_arguments.delta" })
            let done = events.filter { $0.type == "response.output_item.done" && $0.json?["item"]?["type"] == "function_call" }
            #expect(!done.isEmpty && done.allSatisfy { $0.json?["item"]?["arguments"]?.objectValue != nil })
        }
    }

    @Test func answerFaultsShowInBothForms() throws {
        let requests = try Wire.requests()
        for stream in [false, true] {
            func answers(_ name: String) throws -> [Wire.Answer] {
                try Wire.changed(name, stream: stream, requests: requests).map { faulty, _, _ in
                    stream ? Wire.assemble(Wire.events(faulty)).answer : Wire.answer(responsesBody: try Wire.body(faulty))
                }
            }
            let unknown = try answers("unknown-tool")
            #expect(!unknown.isEmpty)
            for answer in unknown {
                #expect(!answer.calls.isEmpty && answer.calls.allSatisfy { $0.contains("_v2{") })
            }
            let leaked = try answers("leaked-markup")
            #expect(!leaked.isEmpty)
            for answer in leaked { #expect(answer.calls.isEmpty && answer.text.hasPrefix("<tool_call>\n")) }
            let dropped = try answers("drop-calls")
            #expect(!dropped.isEmpty && dropped.allSatisfy { $0.calls.isEmpty })
            let drift = try Wire.changed("prompt-token-drift", stream: stream, requests: requests)
            #expect(drift.count == requests.count)
            for (faulty, faithful, _) in drift {
                let tokens: (MockResponder.Reply) throws -> Int? = { reply in
                    stream
                        ? Wire.assemble(Wire.events(reply)).answer.inputTokens
                        : Wire.answer(responsesBody: try Wire.body(reply)).inputTokens
                }
                #expect(try tokens(faulty) == (try tokens(faithful)).map { $0 + 12 })
            }
        }
    }

    @Test func streamFaultsOnResponses() throws {
        let requests = try Wire.requests()
        for name in ["stream-no-done", "stream-truncated", "stream-bad-event", "stream-index-gap", "stream-id-missing"] {
            #expect(try Wire.changed(name, stream: false, requests: requests).isEmpty, "\(name)")
            let changed = try Wire.changed(name, stream: true, requests: requests)
            #expect(!changed.isEmpty, "\(name)")
            for (faulty, faithful, _) in changed {
                let events = Wire.events(faulty)
                let whole = Wire.events(faithful)
                let types = Self.types(events)
                switch name {
                case "stream-no-done":
                    #expect(types.last == "response.output_item.done")
                    #expect(events.map(\.data) == whole.dropLast().map(\.data))
                case "stream-truncated":
                    #expect(!types.contains("response.completed"))
                    #expect(events.count <= whole.count / 2)
                    #expect(events.map(\.data) == whole.prefix(events.count).map(\.data))
                case "stream-bad-event":
                    #expect(types.first == "response.created" && events[1].json == nil)
                    #expect(events.count == whole.count + 1)
                    #expect(events.enumerated().filter { $0.offset != 1 }.map(\.element.data) == whole.map(\.data))
                case "stream-index-gap":
                    // The function_call items sit one output_index further than their place.
                    let items = events.filter { $0.type == "response.output_item.added" }
                    let indices = items.compactMap { $0.json?["output_index"]?.intValue }
                    let calls = items.enumerated().filter { $0.element.json?["item"]?["type"] == "function_call" }
                    #expect(!calls.isEmpty)
                    for (position, _) in calls { #expect(indices[position] == position + 1) }
                default:
                    // No call_id anywhere in the stream's function_call items.
                    let items = events.compactMap { $0.json?["item"] } + events.flatMap {
                        $0.json?["response"]?["output"]?.arrayValue ?? []
                    }
                    let calls = items.filter { $0["type"] == "function_call" }
                    #expect(!calls.isEmpty && calls.allSatisfy { $0["call_id"] == nil })
                }
            }
        }
    }

    @Test func parityDivergesOnlyWhenStreamed() throws {
        let requests = try Wire.requests()
        #expect(try Wire.changed("stream-parity", stream: false, requests: requests).isEmpty)
        let changed = try Wire.changed("stream-parity", stream: true, requests: requests)
        #expect(!changed.isEmpty)
        for (faulty, faithful, _) in changed {
            // A well-formed stream whose answer is not the faithful one.
            let (answer, _) = Wire.assemble(Wire.events(faulty))
            #expect(answer != Wire.assemble(Wire.events(faithful)).answer)
        }
    }

    @Test func errorsTransientsAndContractsOnResponses() throws {
        let requests = try Wire.requests()
        let failing = try Wire.changed("http-500s", stream: false, requests: requests)
        #expect(!failing.isEmpty)
        for (faulty, _, _) in failing {
            let (status, error) = try Wire.error(faulty)
            #expect(status == 500 && error?["type"] == "server_error")
        }
        let pages = try Wire.changed("html-error-page", stream: true, requests: requests)
        #expect(
            !pages.isEmpty
                && pages.allSatisfy { if case .other(200, "text/html", _) = $0.faulty { true } else { false } }
        )
        for profile in MockProfile.retryProfiles {
            let responder = MockResponder(profile: profile)
            var refused = 0
            for request in requests {
                if case .transient = Wire.reply(responder, request, stream: false) { refused += 1 }
                #expect(
                    Wire.reply(responder, request, stream: false, transient: false)
                        == Wire.reply(Wire.faithful, request, stream: false)
                )
            }
            #expect(refused > 0, "\(profile.name)")
        }
        // rejects-foreign-ids wants `call_` ids on this surface, and names `call_id`.
        let strict = MockResponder(profile: try #require(MockProfile.named("rejects-foreign-ids")))
        let history =
            #"{"input":[{"role":"user","content":"Weather in Paris?"},{"type":"function_call","call_id":"ID","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},{"type":"function_call_output","call_id":"ID","output":"18°C"}],"tools":[\#(ResponsesMockTests.weather)]}"#
        let (status, error) = try Wire.error(
            Wire.reply(strict, json: history.replacingOccurrences(of: "ID", with: "toolu_1"))
        )
        #expect(status == 400 && error?["message"]?.stringValue?.contains("'call_id'") == true)
        #expect(
            try Wire.body(Wire.reply(strict, json: history.replacingOccurrences(of: "ID", with: "call_1")))["object"]
                == "response"
        )
        // The contract faults change answers on Responses as on Chat.
        let contracts = try FixtureSuite.load("tool-choice").cases.map(\.request)
        for name in ["ignores-tool-choice-none", "ignores-tool-choice-required", "ignores-tool-choice-named"] {
            #expect(!(try Wire.changed(name, stream: false, requests: contracts)).isEmpty, "\(name)")
        }
        // Dropped reasoning counts fewer prompt tokens for a history that carries reasoning.
        let reasoning =
            #"{"input":[{"role":"user","content":"Hi"},{"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"The user greets me; I should greet back at some length."}]},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hello."}]},{"role":"user","content":"How are you?"}]}"#
        let dropping = MockResponder(profile: try #require(MockProfile.named("drops-reasoning")))
        let kept = try Wire.body(Wire.reply(Wire.faithful, json: reasoning))["usage"]?["input_tokens"]?.intValue ?? 0
        let dropped = try Wire.body(Wire.reply(dropping, json: reasoning))["usage"]?["input_tokens"]?.intValue ?? 0
        #expect(dropped < kept)
    }

    // MARK: - Responses-only faults

    @Test func chatBodyAnswersInTheChatShape() throws {
        let requests = try Wire.requests()
        let plain = try Wire.changed("responses-chat-body", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, _, _) in plain {
            let body = try Wire.body(faulty)
            #expect(body["object"] == "chat.completion" && body["choices"] != nil && body["output"] == nil)
        }
        let streamed = try Wire.changed("responses-chat-body", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, _, _) in streamed {
            let events = Wire.events(faulty)
            #expect(events.allSatisfy { $0.name == nil })
            #expect(events.last?.data == "[DONE]")
            #expect(events.dropLast().allSatisfy { $0.json?["object"] == "chat.completion.chunk" })
        }
    }

    @Test func shapeDropsObjectAndOutput() throws {
        let requests = try Wire.requests()
        let plain = try Wire.changed("responses-shape", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, faithful, _) in plain {
            let body = try Wire.body(faulty)
            #expect(body["object"] == nil && body["output"]?.arrayValue != nil)
            var restored = body.objectValue ?? JSONObject()
            restored["object"] = "response"
            let expected = try Wire.body(faithful)
            #expect(Set(restored.keys) == Set(expected.objectValue?.keys ?? []))
            #expect(Wire.answer(responsesBody: body) == Wire.answer(responsesBody: expected))
        }
        let streamed = try Wire.changed("responses-shape", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, faithful, _) in streamed {
            let events = Wire.events(faulty)
            let created = events.first?.json?["response"]
            #expect(created?["output"] == nil && created?["object"] == "response")
            #expect(events.dropFirst().map(\.data) == Wire.events(faithful).dropFirst().map(\.data))
        }
    }

    @Test func callNameMissingInDoneItemsAndBodies() throws {
        let requests = try Wire.requests()
        let plain = try Wire.changed("responses-call-name-missing", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, _, _) in plain {
            let calls = Self.callItems(try Wire.body(faulty))
            #expect(!calls.isEmpty && calls.allSatisfy { $0["name"] == nil && $0["call_id"] != nil })
        }
        let streamed = try Wire.changed("responses-call-name-missing", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, _, _) in streamed {
            let events = Wire.events(faulty)
            let done = events.filter { $0.type == "response.output_item.done" }.compactMap { $0.json?["item"] }
                .filter { $0["type"] == "function_call" }
            #expect(!done.isEmpty && done.allSatisfy { $0["name"] == nil })
            let completed = events.last?.json?["response"] ?? .null
            #expect(Self.callItems(completed).allSatisfy { $0["name"] == nil })
            // Announced with its name.
            let added = events.filter { $0.type == "response.output_item.added" }.compactMap { $0.json?["item"] }
                .filter { $0["type"] == "function_call" }
            #expect(!added.isEmpty && added.allSatisfy { $0["name"]?.stringValue != nil })
        }
    }

    @Test func incompleteWithoutDetails() throws {
        let requests = try Wire.requests()
        let plain = try Wire.changed("responses-incomplete-no-details", stream: false, requests: requests)
        #expect(!plain.isEmpty)
        for (faulty, _, _) in plain {
            let body = try Wire.body(faulty)
            #expect(body["status"] == "incomplete" && body["incomplete_details"]?.isNull == true)
        }
        let streamed = try Wire.changed("responses-incomplete-no-details", stream: true, requests: requests)
        #expect(!streamed.isEmpty)
        for (faulty, _, _) in streamed {
            let last = try #require(Wire.events(faulty).last)
            #expect(last.type == "response.incomplete" && last.name == "response.incomplete")
            #expect(last.json?["response"]?["status"] == "incomplete")
            #expect(last.json?["response"]?["incomplete_details"]?.isNull == true)
        }
    }

    @Test func reasoningLeaksIntoTheText() throws {
        let requests = try Wire.requests()
        for stream in [false, true] {
            let changed = try Wire.changed("responses-reasoning-in-text", stream: stream, requests: requests)
            #expect(changed.count > 20)
            for (faulty, faithful, _) in changed {
                let body: JSONValue
                let original: JSONValue
                if stream {
                    body = Wire.events(faulty).last?.json?["response"] ?? .null
                    original = Wire.events(faithful).last?.json?["response"] ?? .null
                    #expect(Wire.assemble(Wire.events(faulty)).response == body)
                } else {
                    body = try Wire.body(faulty)
                    original = try Wire.body(faithful)
                }
                let output = body["output"]?.arrayValue ?? []
                let reasoning = try #require(output.first { $0["type"] == "reasoning" })
                let thought = try #require(reasoning["content"]?[0]?["text"]?.stringValue)
                let text = Wire.answer(responsesBody: body).text
                let faithfulText = Wire.answer(responsesBody: original).text
                #expect(!faithfulText.isEmpty)
                #expect(text == "analysis" + thought + "assistantfinal" + faithfulText)
                #expect((body["usage"]?["output_tokens_details"]?["reasoning_tokens"]?.intValue ?? 0) > 0)
            }
        }
    }

    @Test func usageTotalDisagrees() throws {
        let requests = try Wire.requests()
        for stream in [false, true] {
            let changed = try Wire.changed("responses-usage", stream: stream, requests: requests)
            #expect(!changed.isEmpty)
            for (faulty, _, _) in changed {
                let usage = (stream ? Wire.events(faulty).last?.json?["response"] : try Wire.body(faulty))?["usage"]
                let input = usage?["input_tokens"]?.intValue ?? 0
                let output = usage?["output_tokens"]?.intValue ?? 0
                #expect(usage?["total_tokens"]?.intValue == input + output + 7)
            }
        }
    }

    /// The streamed-only faults leave bodies alone.
    @Test(arguments: [
        "responses-sequence-number", "responses-item-not-done", "responses-arguments-mismatch",
        "responses-two-terminals", "responses-failed", "responses-event-name",
    ])
    func streamedOnlyFaultsLeaveBodiesAlone(name: String) throws {
        let profile = try #require(MockProfile.named(name))
        #expect(profile.fault.isStreamOnly)
        #expect(try Wire.changed(name, stream: false, requests: Wire.requests()).isEmpty)
    }

    @Test func sequenceNumberRepeatsOnce() throws {
        let changed = try Wire.changed("responses-sequence-number", stream: true, requests: Wire.requests())
        #expect(!changed.isEmpty)
        for (faulty, faithful, _) in changed {
            let numbers = Wire.events(faulty).compactMap(\.sequence)
            #expect(Array(numbers.prefix(4)) == [0, 1, 1, 2])
            #expect(numbers.count == Wire.events(faithful).count && Set(numbers).count == numbers.count - 1)
        }
    }

    @Test func callItemNeverDone() throws {
        let changed = try Wire.changed("responses-item-not-done", stream: true, requests: Wire.requests())
        #expect(changed.count > 20)
        for (faulty, _, _) in changed {
            let events = Wire.events(faulty)
            let added = Set(
                events.filter { $0.type == "response.output_item.added" }.compactMap { $0.json?["item"]?["id"] }
            )
            let done = Set(
                events.filter { $0.type == "response.output_item.done" }.compactMap { $0.json?["item"]?["id"] }
            )
            let missing = added.subtracting(done)
            #expect(missing.count == 1 && missing.first?.stringValue?.hasPrefix("fc_") == true)
            #expect(events.last?.type == "response.completed")
        }
    }

    @Test func argumentsDoneDiffersFromDeltas() throws {
        let changed = try Wire.changed("responses-arguments-mismatch", stream: true, requests: Wire.requests())
        #expect(changed.count > 20)
        for (faulty, _, _) in changed {
            var deltas: [String: String] = [:]
            var mismatched = 0
            for event in Wire.events(faulty) {
                let id = event.json?["item_id"]?.stringValue ?? ""
                if event.type == "response.function_call_arguments.delta" {
                    deltas[id, default: ""] += event.json?["delta"]?.stringValue ?? ""
                }
                if event.type == "response.function_call_arguments.done" {
                    let arguments = event.json?["arguments"]?.stringValue ?? ""
                    #expect(arguments.hasPrefix(deltas[id, default: ""]))
                    #expect((try? JSONValue.parse(arguments))?.objectValue != nil)
                    if arguments != deltas[id, default: ""] { mismatched += 1 }
                }
            }
            #expect(mismatched > 0)
        }
    }

    @Test func completedSentTwice() throws {
        let changed = try Wire.changed("responses-two-terminals", stream: true, requests: Wire.requests())
        #expect(!changed.isEmpty)
        for (faulty, faithful, _) in changed {
            let events = Wire.events(faulty)
            #expect(Self.types(events).suffix(2) == ["response.completed", "response.completed"])
            #expect(events.count == Wire.events(faithful).count + 1)
            #expect(events.compactMap(\.sequence) == Array(0..<events.count))
        }
    }

    @Test func failedHalfwayThroughTheContent() throws {
        let changed = try Wire.changed("responses-failed", stream: true, requests: Wire.requests())
        #expect(!changed.isEmpty)
        for (faulty, faithful, _) in changed {
            let events = Wire.events(faulty)
            let last = try #require(events.last)
            #expect(last.type == "response.failed" && last.name == "response.failed")
            #expect(last.json?["response"]?["status"] == "failed")
            #expect(last.json?["response"]?["error"]?["code"] == "server_error")
            #expect(!Self.types(events).contains("response.completed"))
            #expect(events.compactMap(\.sequence) == Array(0..<events.count))
            let isDelta: (Wire.Event) -> Bool = { $0.type?.hasSuffix(".delta") == true }
            let all = Wire.events(faithful).filter(isDelta).count
            #expect(all > 0 && events.filter(isDelta).count == max(all / 2, 1))
        }
    }

    @Test func eventNamesDifferForDeltas() throws {
        let changed = try Wire.changed("responses-event-name", stream: true, requests: Wire.requests())
        #expect(!changed.isEmpty)
        for (faulty, faithful, _) in changed {
            let events = Wire.events(faulty)
            #expect(events.map(\.data) == Wire.events(faithful).map(\.data))
            for event in events {
                if event.type?.hasSuffix(".delta") == true {
                    #expect(event.name != event.type && event.name?.hasSuffix(".done") == true)
                } else {
                    #expect(event.name == event.type)
                }
            }
        }
    }

    @Test func harmonyMarkerInCallNames() throws {
        let requests = try Wire.requests()
        for stream in [false, true] {
            let changed = try Wire.changed("responses-harmony-name", stream: stream, requests: requests)
            #expect(!changed.isEmpty)
            for (faulty, faithful, _) in changed {
                let body = stream ? Wire.assemble(Wire.events(faulty)).response ?? .null : try Wire.body(faulty)
                let original =
                    stream ? Wire.assemble(Wire.events(faithful)).response ?? .null : try Wire.body(faithful)
                let names = Self.callItems(body).compactMap { $0["name"]?.stringValue }
                let expected = Self.callItems(original).compactMap { $0["name"]?.stringValue }
                #expect(!names.isEmpty && names == expected.map { $0 + "<|channel|>commentary" })
            }
        }
    }
}
