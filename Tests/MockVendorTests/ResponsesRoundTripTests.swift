import Foundation
import MockVendor
import Testing
import VerifierCore
import VerifierTestSupport
import VerifierTesting

/// The verifier's Chat → Responses translation (``ResponsesTranslation``) and the mock host's reading back
/// (``ResponsesRequest``) over every case of every shipped suite: the host decides on Responses exactly as on
/// Chat, counts the same prompt tokens, and rejects what Chat rejects.
@Suite("Responses round trip over the suites")
struct ResponsesRoundTripTests {
    typealias Wire = ResponsesWire

    /// One case of a shipped suite, in Chat form as the runner prepares it.
    struct Case: Sendable, CustomStringConvertible {
        var id: String
        var chat: JSONValue
        var description: String { id }
    }

    static func cases() throws -> [Case] {
        let suites = SuiteCatalog.discover(fixtures: TestPaths.repositoryRoot + "/Fixtures").filter { !$0.isReplay }
        return try suites.flatMap { suite in
            try FixtureSuite.load(suite.name).cases.map { fixture in
                Case(id: fixture.qualifiedID, chat: fixture.request.prepared(model: "m", stream: false, extraBody: nil))
            }
        }
    }

    /// Cases whose Chat form is invalid and whose translation may be a valid Responses request: the Chat request's
    /// malformed named `tool_choice`, `{"type": "function", "name": …}`, is Responses' own form of it. The host
    /// answers it when the translation sends that form, and rejects it when the translation leaves the name out.
    static let validOnResponses: Set<String> = ["requests/named-malformed"]

    /// Cases whose prompt-token count moves on the way over, and why.
    static let tokenDrift: [String: String] = [
        // A leading developer message becomes `instructions`, read back as a system message: the role's name is
        // three bytes shorter.
        "requests/valid-developer-role": "developer → instructions → system"
    ]

    @Test func everySuiteCaseDecidesAndCountsAsOnChat() throws {
        var translated = 0
        var skipped = 0
        var rejected = 0
        var drift: [String: Int] = [:]
        for item in try Self.cases() {
            guard let body = ResponsesTranslation.translate(item.chat).body else {
                skipped += 1
                continue
            }
            translated += 1
            let back = ResponsesRequest(body: body)
            let chatReply = Wire.faithful.reply(to: item.chat.serializedBytes())
            let responsesReply = Wire.faithful.reply(toResponses: body.serializedBytes())
            if Self.validOnResponses.contains(item.id) {
                guard case .body(400, _) = chatReply else {
                    Issue.record("\(item.id) is no longer rejected on Chat")
                    continue
                }
                if body["tool_choice"]?["name"]?.stringValue != nil {
                    #expect(back.problems.isEmpty && RequestLint.problems(in: back.chatBody).isEmpty, "\(item.id)")
                    #expect(try Wire.body(responsesReply)["status"] == "completed")
                } else {
                    #expect(try Wire.error(responsesReply).status == 400, "\(item.id)")
                }
            } else if RequestLint.problems(in: item.chat).isEmpty {
                #expect(back.problems.isEmpty, "\(item.id): \(back.problems)")
                #expect(RequestLint.problems(in: back.chatBody).isEmpty, "\(item.id)")
                #expect(ScriptedModel().decide(back.chatBody) == ScriptedModel().decide(item.chat), "\(item.id)")
                let chat = Wire.answer(chatBody: try Wire.body(chatReply))
                let responses = Wire.answer(responsesBody: try Wire.body(responsesReply))
                #expect(responses.text == chat.text && responses.calls == chat.calls, "\(item.id)")
                let difference = (responses.inputTokens ?? 0) - (chat.inputTokens ?? 0)
                #expect(ScriptedModel.promptTokens(back.chatBody) - ScriptedModel.promptTokens(item.chat) == difference)
                if difference != 0 { drift[item.id] = difference }
            } else {
                // Rejected as on Chat, in OpenAI's shape.
                guard case .body(400, _) = chatReply else {
                    Issue.record("\(item.id) is not rejected on Chat: \(chatReply)")
                    continue
                }
                #expect(try Wire.error(responsesReply).status == 400, "\(item.id)")
                rejected += 1
            }
        }
        #expect(translated > 600 && rejected > 10 && skipped < 10, "\(translated) \(rejected) \(skipped)")
        #expect(drift.keys.sorted() == Self.tokenDrift.keys.sorted(), "\(drift)")
    }
}
