import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Replay files")
struct ReplayFileTests {
    static func write(_ text: String) -> String {
        let path = TestPaths.temporaryDirectory("replay") + "/samples.jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static let line = #"{"model":"x","messages":[{"role":"user","content":"hi"}],"stream":true}"#

    @Test func readsLinesLazilyWithLineNumbers() throws {
        let path = Self.write(Self.line + "\n\n" + Self.line + "\r\n" + Self.line)
        let file = try ReplayFile.validate(path: path)
        #expect(file.count == 3)
        let cases = Array(try file.cases())
        #expect(cases.map(\.line) == [1, 3, 4])
        #expect(cases.map(\.id) == ["samples.jsonl:1", "samples.jsonl:3", "samples.jsonl:4"])
        #expect(cases.allSatisfy { $0.request.isStream })
    }

    @Test(arguments: [
        // Truncated JSON on line 2.
        (line + "\n{\"messages\": [\n", "samples.jsonl:2: not JSON"),
        // An array instead of a body.
        ("[1,2]\n", "samples.jsonl:1: a request body must be a JSON object"),
        // No messages.
        (#"{"model":"x"}"#, "samples.jsonl:1: a request body needs a non-empty `messages` array"),
        // A message without a role.
        (#"{"messages":[{"content":"x"}]}"#, "samples.jsonl:1: messages[0] has no string `role`"),
        // A tool without a name.
        (
            #"{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{}}]}"#,
            "tools[0] has no `function.name`"
        ),
        // A tool schema that is not valid JSON Schema.
        (
            #"{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"text"}}}}}]}"#,
            "samples.jsonl:1: tools[0] (f): `parameters` is not a valid JSON Schema"
        ),
        // Duplicate keys.
        (#"{"messages":[{"role":"user","content":"x"}],"messages":[]}"#, "the key `messages` appears twice"),
        // Nothing but blank lines.
        ("\n\n", "holds no requests"),
        // A stray control byte on its own line.
        ("{\"messages\":[{\"role\":\"user\",\"content\":\"\u{FFFD}\"}]}\n\u{1}", "samples.jsonl:2"),
    ])
    func badLinesNameFileAndLine(text: String, expected: String) {
        let path = Self.write(text)
        do {
            _ = try ReplayFile.validate(path: path)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidFixture)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: VerifierError.self) { try ReplayFile.validate(path: "/nonexistent/x.jsonl") }
    }

    @Test func preparedBodySetsModelStreamAndExtraBody() throws {
        let request = ChatRequest(
            body: try JSONValue.parse(#"{"model":"old","messages":[{"role":"_input","content":"r"}],"stream":true}"#)
        )
        let extra = try #require(try JSONValue.parse(#"{"provider":{"only":["x"]}}"#).objectValue)
        let streamed = request.prepared(model: "new", stream: true, extraBody: extra)
        #expect(
            streamed.serialized()
                == #"{"model":"new","messages":[{"role":"system","content":"r"}],"stream":true,"stream_options":{"include_usage":true},"provider":{"only":["x"]}}"#
        )
        let plain = request.prepared(model: "new", stream: false, extraBody: nil)
        #expect(plain["stream_options"] == nil)
        #expect(plain["stream"] == false)
    }

    @Test func shippedBFCLReplayValidatesWithCallsAndNonCalls() throws {
        let file = try ReplayFile.validate(path: TestPaths.bfclReplay)
        #expect(file.count >= 300)
        var withTools = 0
        for replayCase in try file.cases() {
            if !replayCase.request.tools.isEmpty { withTools += 1 }
            for tool in replayCase.request.tools {
                #expect(tool.name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }, "\(tool.name)")
                #expect(tool.parameters?["type"] == "object")
            }
        }
        #expect(withTools == file.count)
    }
}
