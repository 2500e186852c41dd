import MockVendor
import Testing
import VerifierCore
import VerifierTestSupport

@Suite("Mock responder")
struct MockResponderTests {
    static func requests(limit: Int) throws -> [ChatRequest] {
        Array(try ReplayFile.validate(path: TestPaths.bfclReplay).cases().prefix(limit)).map(\.request)
    }

    static func streamed(_ request: ChatRequest, profile: MockProfile = MockProfile.all[0]) -> [UInt8] {
        let body = request.prepared(model: "m", stream: true, extraBody: nil)
        guard case .stream(let events) = MockResponder(profile: profile).reply(to: body.serializedBytes()) else {
            return []
        }
        return events.flatMap { $0 }
    }

    @Test func repliesAreDeterministic() throws {
        let responder = MockResponder(profile: MockProfile.named("schema-violation") ?? MockProfile.all[0])
        for request in try Self.requests(limit: 30) {
            let bytes = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
            #expect(responder.reply(to: bytes) == responder.reply(to: bytes))
        }
    }

    @Test(arguments: MockProfile.retryProfiles)
    func transientFaultsHitAboutThirtyPercentAndLeaveTheRetryAlone(profile: MockProfile) throws {
        let responder = MockResponder(profile: profile)
        let faithful = MockResponder(profile: MockProfile.all[0])
        var refused = 0
        let requests = try Self.requests(limit: 200)
        for request in requests {
            let bytes = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
            if case .transient = responder.reply(to: bytes) { refused += 1 }
            // The retry gets exactly the faithful answer.
            #expect(responder.reply(to: bytes, transient: false) == faithful.reply(to: bytes))
        }
        #expect((40...80).contains(refused), "\(refused) of \(requests.count)")
    }

    @Test func faithfulArgumentsAreSchemaValid() throws {
        let judge = ResponseJudge()
        for request in try Self.requests(limit: 640) {
            let body = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
            guard case .body(200, let json) = MockResponder(profile: MockProfile.all[0]).reply(to: body) else {
                Issue.record("faithful did not answer 200")
                continue
            }
            let judgement = judge.judge(request: request, streamed: false, response: ResponseBuilder.ok(json))
            #expect(judgement.findings.isEmpty, "\(judgement.findings)")
        }
    }

    /// Each recorded mock stream, split at every byte boundary, decodes and assembles exactly as whole.
    @Test func recordedStreamsSurviveEverySplit() throws {
        let judge = ResponseJudge()
        var checked = 0
        for request in try Self.requests(limit: 24) {
            let bytes = Self.streamed(request)
            let whole = judge.judge(request: request, streamed: true, response: ResponseBuilder.ok(bytes))
            #expect(whole.findings.isEmpty)
            let wholeEvents = SSEDecoder.decodeAll(bytes).events
            for chunks in ChunkSplitting.everySplit(of: bytes) {
                var decoder = SSEDecoder()
                var events: [SSEEvent] = []
                for chunk in chunks { events += decoder.feed(chunk) }
                if let last = decoder.finish() { events.append(last) }
                #expect(events.map(\.data) == wholeEvents.map(\.data))
            }
            checked += 1
        }
        #expect(checked == 24)
    }

    @Test func streamAndNonStreamCarryTheSameCalls() throws {
        let judge = ResponseJudge()
        for request in try Self.requests(limit: 40) {
            let plain = request.prepared(model: "m", stream: false, extraBody: nil).serializedBytes()
            guard case .body(_, let json) = MockResponder(profile: MockProfile.all[0]).reply(to: plain) else {
                continue
            }
            let a = judge.judge(request: request, streamed: false, response: ResponseBuilder.ok(json))
            let b = judge.judge(request: request, streamed: true, response: ResponseBuilder.ok(Self.streamed(request)))
            #expect(a.callNames == b.callNames)
            #expect(a.finishReason == b.finishReason)
        }
    }

    @Test func malformedRequestGets400() {
        guard case .body(let status, _) = MockResponder(profile: MockProfile.all[0]).reply(to: Array("nope".utf8))
        else {
            Issue.record("expected a body")
            return
        }
        #expect(status == 400)
    }
}

extension MockResponderTests {
    /// Every stream profile's recorded streams, split at every byte boundary, parse into the same trace as whole.
    @Test(arguments: MockProfile.all.filter { $0.fault.isStreamOnly || $0.fault == .none })
    func faultyStreamsSurviveEverySplit(profile: MockProfile) throws {
        var checked = 0
        for request in try Self.requests(limit: 6).dropFirst(4) {
            let bytes = Self.streamed(request, profile: profile)
            let whole = StreamAssembler.trace(SSEDecoder.decodeAll(bytes).events).0
            for chunks in ChunkSplitting.everySplit(of: bytes) {
                var decoder = SSEDecoder()
                var events: [SSEEvent] = []
                for chunk in chunks { events += decoder.feed(chunk) }
                if let last = decoder.finish() { events.append(last) }
                #expect(StreamAssembler.trace(events).0 == whole)
            }
            checked += 1
        }
        #expect(checked == 2)
    }
}

extension MockResponderTests {
    /// The streaming suite holds every shape the issue names, and the faithful mock answers each as meant.
    @Test func streamingSuiteCoversEveryShape() throws {
        let file = try ReplayFile.validate(path: TestPaths.repositoryRoot + "/Fixtures/replay/streaming.jsonl")
        var single = 0
        var parallel = 0
        var textThenCall = 0
        var long = 0
        var unicode = 0
        var none = 0
        let judge = ResponseJudge()
        for replayCase in try file.cases() {
            #expect(replayCase.request.isStream)
            let bytes = Self.streamed(replayCase.request)
            let judgement = judge.judge(
                request: replayCase.request,
                streamed: true,
                response: ResponseBuilder.ok(bytes)
            )
            #expect(judgement.findings.isEmpty, "\(replayCase.id): \(judgement.findings)")
            let signature = try #require(judgement.signature)
            switch signature.calls.count {
            case 0: none += 1
            case 1: single += 1
            default: parallel += 1
            }
            if !signature.calls.isEmpty, !signature.content.isEmpty { textThenCall += 1 }
            let arguments = signature.calls.map { $0.arguments.serialized() }.joined()
            if arguments.count > 500 { long += 1 }
            if arguments.unicodeScalars.contains(where: { $0.value > 0x7f }) || arguments.contains("\\") {
                unicode += 1
            }
        }
        #expect(single >= 5)
        #expect(parallel >= 4)
        #expect(textThenCall >= 3)
        #expect(long >= 2)
        #expect(unicode >= 4)
        #expect(none >= 6)
    }
}
