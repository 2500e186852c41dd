import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("SSEDecoder")
struct SSEDecoderTests {
    // MARK: Line ends

    struct LineEndCase: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let data: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        // LF ends lines; a blank LF line dispatches.
        LineEndCase(name: "LF", input: "data: a\n\ndata: b\n\n", data: ["a", "b"]),
        // A lone CR ends a line.
        LineEndCase(name: "CR", input: "data: a\r\rdata: b\r\r", data: ["a", "b"]),
        // CRLF is one line end, not two (otherwise every line would dispatch).
        LineEndCase(name: "CRLF", input: "data: a\r\ndata: b\r\n\r\n", data: ["a\nb"]),
        // All three in one stream.
        LineEndCase(name: "mixed", input: "data: a\r\ndata: b\n\rdata: c\r\r\n", data: ["a\nb", "c"]),
        // LF followed by CR is two line ends, so a blank line.
        LineEndCase(name: "LF CR", input: "data: a\n\rdata: b\n\n", data: ["a", "b"]),
        // CR CR LF is a line end, then a blank CRLF line.
        LineEndCase(name: "CR CRLF", input: "data: a\r\r\n", data: ["a"]),
    ])
    func lineEnds(_ row: LineEndCase) {
        let result = decode(row.input)
        #expect(result.events.map(\.data) == row.data)
        #expect(result.anomalies.isEmpty)
        #expect(firstSplitPointChangingResult(of: Array(row.input.utf8)) == nil)
    }

    @Test func crlfSplitAcrossChunksIsOneLineEnd() {
        var decoder = SSEDecoder()
        // Were the LF taken as a second line end, "a" would be dispatched alone.
        #expect(decoder.feed(Array("data: a\r".utf8)).isEmpty)
        #expect(decoder.feed(Array("\ndata: b\r".utf8)).isEmpty)
        let events = decoder.feed(Array("\n\r".utf8))
        #expect(events.map(\.data) == ["a\nb"])
        #expect(decoder.feed(Array("\n".utf8)).isEmpty)
        #expect(decoder.finish() == nil)
        #expect(decoder.anomalies.isEmpty)
    }

    @Test func crAtChunkEndSurvivesEmptyChunks() {
        var decoder = SSEDecoder()
        var events = decoder.feed(Array("data: a\r".utf8))
        events += decoder.feed([UInt8]())
        events += decoder.feed(Array("\ndata: b\r\n\r".utf8))
        events += decoder.feed([UInt8]())
        events += decoder.feed(Array("\n".utf8))
        #expect(events.map(\.data) == ["a\nb"])
    }

    @Test func crAtChunkEndFollowedByOtherByte() {
        var decoder = SSEDecoder()
        #expect(decoder.feed(Array("data: a\r".utf8)).isEmpty)
        let events = decoder.feed(Array("\rdata: b\r\r".utf8))
        #expect(events.map(\.data) == ["a", "b"])
    }

    // MARK: Fields

    struct FieldCase: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let events: [EventSummary]
        var anomalies: [SSEAnomaly.Kind] = []
        var comments = 0
        var testDescription: String { name }
    }

    @Test(arguments: [
        // Exactly one space after the colon is removed…
        FieldCase(name: "one space stripped", input: "data: x\n\n", events: [EventSummary("x")]),
        // …so a second one is kept.
        FieldCase(name: "second space kept", input: "data:  x\n\n", events: [EventSummary(" x")]),
        // No space after the colon is fine.
        FieldCase(name: "no space", input: "data:x\n\n", events: [EventSummary("x")]),
        // A tab is not a space and is kept.
        FieldCase(name: "tab kept", input: "data:\tx\n\n", events: [EventSummary("\tx")]),
        // Trailing spaces belong to the value.
        FieldCase(name: "trailing space kept", input: "data: x \n\n", events: [EventSummary("x ")]),
        // Only the first colon separates name and value.
        FieldCase(name: "colons in value", input: "data: {\"a\":1}\n\n", events: [EventSummary("{\"a\":1}")]),
        // Several data lines are joined with LF.
        FieldCase(name: "multi-line data", input: "data: a\ndata: b\ndata: c\n\n", events: [EventSummary("a\nb\nc")]),
        // Empty data lines contribute empty lines.
        FieldCase(name: "empty data lines joined", input: "data\ndata\n\n", events: [EventSummary("\n")]),
        // A single empty data field dispatches an event with empty data, flagged.
        FieldCase(name: "empty data", input: "data:\n\n", events: [EventSummary("")], anomalies: [.emptyData]),
        // A line without a colon is a field name with an empty value.
        FieldCase(name: "field without colon", input: "data\n\n", events: [EventSummary("")], anomalies: [.emptyData]),
        // The event field sets the type.
        FieldCase(name: "event", input: "event: add\ndata: 1\n\n", events: [EventSummary("1", event: "add")]),
        // An empty event field means the default type.
        FieldCase(name: "empty event", input: "event:\ndata: 1\n\n", events: [EventSummary("1")]),
        // The last event field of a block wins.
        FieldCase(
            name: "event twice",
            input: "event: a\nevent: b\ndata: 1\n\n",
            events: [EventSummary("1", event: "b")]
        ),
        // The event type does not carry over to the next event.
        FieldCase(
            name: "event type reset",
            input: "event: add\ndata: 1\n\ndata: 2\n\n",
            events: [EventSummary("1", event: "add"), EventSummary("2")]
        ),
        // The id field sets the event's id.
        FieldCase(name: "id", input: "id: 7\ndata: a\n\n", events: [EventSummary("a", id: "7")]),
        // The last event id persists across events.
        FieldCase(
            name: "id persists",
            input: "id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\n",
            events: [EventSummary("a", id: "7"), EventSummary("b", id: "7"), EventSummary("c", id: "8")]
        ),
        // An id in a block that dispatches nothing still sets the last event id.
        FieldCase(name: "id without data", input: "id: 5\n\ndata: x\n\n", events: [EventSummary("x", id: "5")]),
        // An empty id resets the last event id to the empty string.
        FieldCase(
            name: "empty id resets",
            input: "id: 7\ndata: a\n\nid\ndata: b\n\n",
            events: [EventSummary("a", id: "7"), EventSummary("b", id: "")]
        ),
        // An id containing NUL is ignored and flagged; the previous id stays.
        FieldCase(
            name: "id with NUL ignored",
            input: "id: 1\ndata: a\n\nid: x\u{0}y\ndata: b\n\n",
            events: [EventSummary("a", id: "1"), EventSummary("b", id: "1")],
            anomalies: [.idContainsNull]
        ),
        // retry with ASCII digits is taken.
        FieldCase(name: "retry", input: "retry: 3000\ndata: a\n\n", events: [EventSummary("a", retry: 3000)]),
        // retry does not carry over to the next event.
        FieldCase(
            name: "retry per event",
            input: "retry: 10\ndata: a\n\ndata: b\n\n",
            events: [EventSummary("a", retry: 10), EventSummary("b")]
        ),
        // retry with a unit is ignored and flagged.
        FieldCase(
            name: "retry 3s",
            input: "retry: 3s\ndata: a\n\n",
            events: [EventSummary("a")],
            anomalies: [.invalidRetry]
        ),
        // retry with a sign is ignored (Int("+5") would accept it).
        FieldCase(
            name: "retry +5",
            input: "retry: +5\ndata: a\n\n",
            events: [EventSummary("a")],
            anomalies: [.invalidRetry]
        ),
        // A negative retry is ignored.
        FieldCase(
            name: "retry -1",
            input: "retry: -1\ndata: a\n\n",
            events: [EventSummary("a")],
            anomalies: [.invalidRetry]
        ),
        // An empty retry is ignored.
        FieldCase(
            name: "retry empty",
            input: "retry:\ndata: a\n\n",
            events: [EventSummary("a")],
            anomalies: [.invalidRetry]
        ),
        // A retry too large for Int is ignored.
        FieldCase(
            name: "retry overflow",
            input: "retry: 99999999999999999999999\ndata: a\n\n",
            events: [EventSummary("a")],
            anomalies: [.invalidRetry]
        ),
        // An invalid retry does not clear an earlier valid one in the same block.
        FieldCase(
            name: "retry valid then invalid",
            input: "retry: 5\nretry: x\ndata: a\n\n",
            events: [EventSummary("a", retry: 5)],
            anomalies: [.invalidRetry]
        ),
        // Unknown fields are ignored and flagged.
        FieldCase(
            name: "unknown field",
            input: "foo: bar\ndata: x\n\n",
            events: [EventSummary("x")],
            anomalies: [.unknownField]
        ),
        // Field names are case-sensitive.
        FieldCase(name: "Data is unknown", input: "Data: x\n\n", events: [], anomalies: [.unknownField]),
        // A space before the colon is part of the name.
        FieldCase(name: "space before colon", input: "data : x\n\n", events: [], anomalies: [.unknownField]),
        // A leading space makes the line a field, not a comment.
        FieldCase(
            name: "space before comment",
            input: " : x\ndata: y\n\n",
            events: [EventSummary("y")],
            anomalies: [.unknownField]
        ),
        // Comments are ignored and counted.
        FieldCase(name: "comment", input: ": keep-alive\ndata: x\n\n", events: [EventSummary("x")], comments: 1),
        // An empty comment is still a comment.
        FieldCase(name: "empty comment", input: ":\n\n", events: [], comments: 1),
        // A comment inside an event does not interrupt it.
        FieldCase(
            name: "comment inside event",
            input: "data: a\n: c\ndata: b\n\n",
            events: [EventSummary("a\nb")],
            comments: 1
        ),
        // Blank lines with nothing before them dispatch nothing.
        FieldCase(name: "only blank lines", input: "\n\n\r\n\r", events: []),
        // A block with an event type but no data dispatches nothing, and the type is reset.
        FieldCase(
            name: "event without data",
            input: "event: ping\n\ndata: x\n\n",
            events: [EventSummary("x")],
            anomalies: [.eventWithoutData]
        ),
        // A retry-only block dispatches nothing and is not flagged.
        FieldCase(name: "retry-only block", input: "retry: 100\n\n", events: []),
    ])
    func fields(_ row: FieldCase) {
        let result = decode(row.input)
        #expect(result.summaries == row.events)
        #expect(result.anomalyKinds == row.anomalies)
        #expect(result.commentCount == row.comments)
        #expect(firstSplitPointChangingResult(of: Array(row.input.utf8)) == nil)
    }

    @Test func reconnectionTimeKeepsLastValidRetryEvenWithoutDispatch() {
        #expect(decode("retry: 100\n\n").reconnectionTime == 100)
        #expect(decode("retry: 100\n\nretry: 2x\n\nretry: 250\ndata: a\n\n").reconnectionTime == 250)
        #expect(decode("data: a\n\n").reconnectionTime == nil)
    }

    @Test func anomalyDetailsForFieldRules() throws {
        let result = decode("data: a\n\nfoo: bar\nid: x\u{0}\nretry: 1s\ndata:\n\nevent: ping\n\n")
        #expect(
            result.anomalies == [
                SSEAnomaly(kind: .unknownField, byteOffset: 9, line: "foo: bar"),
                SSEAnomaly(kind: .idContainsNull, byteOffset: 18, line: "id: x\u{0}"),
                SSEAnomaly(kind: .invalidRetry, byteOffset: 25, line: "retry: 1s"),
                SSEAnomaly(kind: .emptyData, byteOffset: 35, line: "data:"),
                SSEAnomaly(kind: .eventWithoutData, byteOffset: 42, line: "event: ping"),
            ]
        )
        let empty = try #require(result.events.last)
        #expect(empty.data == "")
        #expect(empty.rawLines == ["foo: bar", "id: x\u{0}", "retry: 1s", "data:"])
    }

    // MARK: Byte-order mark

    @Test func bomAtStartIsSkippedAndFlagged() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: a\n\n".utf8)
        let result = decode(bytes)
        let event = try #require(result.events.first)
        #expect(result.events.count == 1)
        #expect(event.data == "a")
        #expect(event.byteOffset == 3)
        #expect(event.rawLines == ["data: a"])
        #expect(result.anomalies == [SSEAnomaly(kind: .bom, byteOffset: 0, line: "\u{FEFF}")])
        #expect(firstSplitPointChangingResult(of: bytes) == nil)
        #expect(decode(chunks: ChunkSplitting.oneBytePerChunk(of: bytes)) == result)
    }

    struct BOMCase: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [UInt8]
        let data: [String]
        let anomalies: [SSEAnomaly.Kind]
        var testDescription: String { name }
    }

    @Test(arguments: [
        // A BOM later in the stream is not skipped: it becomes part of the field name.
        BOMCase(
            name: "BOM mid-stream",
            input: Array("data: a\n\n\u{FEFF}data: b\n\n".utf8),
            data: ["a"],
            anomalies: [.unknownField]
        ),
        // Only one BOM is skipped.
        BOMCase(
            name: "two BOMs",
            input: Array("\u{FEFF}\u{FEFF}data: a\n\n".utf8),
            data: [],
            anomalies: [.bom, .unknownField]
        ),
        // A stream that is just a BOM decodes to nothing.
        BOMCase(name: "BOM only", input: [0xEF, 0xBB, 0xBF], data: [], anomalies: [.bom]),
        // A truncated BOM at the end of the stream is ordinary (invalid) bytes.
        BOMCase(
            name: "truncated BOM at EOF",
            input: [0xEF, 0xBB],
            data: [],
            anomalies: [.invalidUTF8, .unknownField, .unterminatedFinalEvent]
        ),
        // BOM-like prefix that turns out not to be one.
        BOMCase(
            name: "BOM prefix then newline",
            input: [0xEF, 0xBB, 0x0A] + Array("data: a\n\n".utf8),
            data: ["a"],
            anomalies: [.invalidUTF8, .unknownField]
        ),
        // An empty stream decodes to nothing.
        BOMCase(name: "empty stream", input: [], data: [], anomalies: []),
    ])
    func byteOrderMark(_ row: BOMCase) {
        let result = decode(row.input)
        #expect(result.events.map(\.data) == row.data)
        #expect(result.anomalyKinds == row.anomalies)
        #expect(firstSplitPointChangingResult(of: row.input) == nil)
        #expect(decode(chunks: ChunkSplitting.oneBytePerChunk(of: row.input)) == result)
    }

    // MARK: Unterminated final event

    struct UnterminatedCase: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let data: [String]
        let anomalies: [SSEAnomaly]
        var testDescription: String { name }
    }

    @Test(arguments: [
        // One LF after the last event but no blank line: returned, flagged at the event's first line.
        UnterminatedCase(
            name: "missing blank line",
            input: "data: a\n\ndata: b\n",
            data: ["a", "b"],
            anomalies: [SSEAnomaly(kind: .unterminatedFinalEvent, byteOffset: 9, line: "data: b")]
        ),
        // The last line itself has no terminator.
        UnterminatedCase(
            name: "missing line end",
            input: "data: a\n\nevent: end\ndata: [DONE]",
            data: ["a", "[DONE]"],
            anomalies: [SSEAnomaly(kind: .unterminatedFinalEvent, byteOffset: 9, line: "data: [DONE]")]
        ),
        // A stream ending in CR: the CR ends the line, but there is no blank line.
        UnterminatedCase(
            name: "ends with CR",
            input: "data: a\r",
            data: ["a"],
            anomalies: [SSEAnomaly(kind: .unterminatedFinalEvent, byteOffset: 0, line: "data: a")]
        ),
        // Field lines without data: nothing to return, still flagged.
        UnterminatedCase(
            name: "unterminated id",
            input: "data: a\n\nid: 9",
            data: ["a"],
            anomalies: [SSEAnomaly(kind: .unterminatedFinalEvent, byteOffset: 9, line: "id: 9")]
        ),
        // A properly terminated stream leaves nothing.
        UnterminatedCase(name: "terminated", input: "data: a\n\n", data: ["a"], anomalies: []),
        // A trailing comment is not an event.
        UnterminatedCase(name: "trailing comment", input: "data: a\n\n: bye", data: ["a"], anomalies: []),
    ])
    func unterminatedFinalEvent(_ row: UnterminatedCase) {
        let result = decode(row.input)
        #expect(result.events.map(\.data) == row.data)
        #expect(result.anomalies == row.anomalies)
        #expect(firstSplitPointChangingResult(of: Array(row.input.utf8)) == nil)
    }

    @Test func finishReturnsTheOpenEventOnceThenNothing() throws {
        var decoder = SSEDecoder()
        #expect(decoder.feed(Array("id: 3\nevent: done\ndata: [DONE]\n".utf8)).isEmpty)
        let finished = decoder.finish()
        let event = try #require(finished)
        #expect(
            event
                == SSEEvent(
                    event: "done",
                    data: "[DONE]",
                    id: "3",
                    byteOffset: 0,
                    rawLines: ["id: 3", "event: done", "data: [DONE]"]
                )
        )
        #expect(decoder.finish() == nil)
        #expect(decoder.feed(Array("data: late\n\n".utf8)).isEmpty)
        #expect(decoder.anomalies.map(\.kind) == [.unterminatedFinalEvent])
    }

    // MARK: Invalid UTF-8

    struct UTF8Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [UInt8]
        let data: [String]
        let anomalies: [SSEAnomaly]
        var testDescription: String { name }
    }

    @Test(arguments: [
        // A lone continuation byte in a value.
        UTF8Case(
            name: "lone continuation byte",
            input: Array("data: a".utf8) + [0x80] + Array("b\n\n".utf8),
            data: ["a\u{FFFD}b"],
            anomalies: [SSEAnomaly(kind: .invalidUTF8, byteOffset: 7, line: "data: a\u{FFFD}b")]
        ),
        // A two-byte sequence cut short by the line end.
        UTF8Case(
            name: "truncated sequence",
            input: Array("data: ok\n\ndata: caf".utf8) + [0xC3] + Array("\n\n".utf8),
            data: ["ok", "caf\u{FFFD}"],
            anomalies: [SSEAnomaly(kind: .invalidUTF8, byteOffset: 19, line: "data: caf\u{FFFD}")]
        ),
        // Several bad bytes on one line are one anomaly, at the first.
        UTF8Case(
            name: "several bad bytes",
            input: Array("data: ".utf8) + [0xFF, 0x41, 0xFE] + Array("\n\n".utf8),
            data: ["\u{FFFD}A\u{FFFD}"],
            anomalies: [SSEAnomaly(kind: .invalidUTF8, byteOffset: 6, line: "data: \u{FFFD}A\u{FFFD}")]
        ),
        // An overlong encoding of "/" is rejected.
        UTF8Case(
            name: "overlong",
            input: Array("data: ".utf8) + [0xC0, 0xAF] + Array("\n\n".utf8),
            data: ["\u{FFFD}\u{FFFD}"],
            anomalies: [SSEAnomaly(kind: .invalidUTF8, byteOffset: 6, line: "data: \u{FFFD}\u{FFFD}")]
        ),
        // An encoded UTF-16 surrogate is rejected.
        UTF8Case(
            name: "surrogate",
            input: Array("data: x".utf8) + [0xED, 0xA0, 0x80] + Array("\n\n".utf8),
            data: ["x\u{FFFD}\u{FFFD}\u{FFFD}"],
            anomalies: [SSEAnomaly(kind: .invalidUTF8, byteOffset: 7, line: "data: x\u{FFFD}\u{FFFD}\u{FFFD}")]
        ),
        // Invalid bytes in a comment are still reported.
        UTF8Case(
            name: "in a comment",
            input: Array(": ".utf8) + [0xFF] + Array("\ndata: a\n\n".utf8),
            data: ["a"],
            anomalies: [SSEAnomaly(kind: .invalidUTF8, byteOffset: 2, line: ": \u{FFFD}")]
        ),
        // Valid multi-byte text is not an anomaly.
        UTF8Case(
            name: "valid multi-byte",
            input: Array("data: Zürich 東京 🇯🇵\n\n".utf8),
            data: ["Zürich 東京 🇯🇵"],
            anomalies: []
        ),
    ])
    func invalidUTF8(_ row: UTF8Case) {
        let result = decode(row.input)
        #expect(result.events.map(\.data) == row.data)
        #expect(result.anomalies == row.anomalies)
        #expect(firstSplitPointChangingResult(of: row.input) == nil)
        #expect(decode(chunks: ChunkSplitting.oneBytePerChunk(of: row.input)) == result)
    }

    // MARK: Offsets and raw lines

    struct OffsetCase: Sendable, CustomTestStringConvertible {
        let name: String
        let prefix: [UInt8]
        let shift: Int
        var testDescription: String { name }
    }

    @Test(arguments: [
        // Offsets count from the first byte of the stream.
        OffsetCase(name: "no BOM", prefix: [], shift: 0),
        // A skipped BOM still counts: offsets are positions in the whole stream.
        OffsetCase(name: "with BOM", prefix: [0xEF, 0xBB, 0xBF], shift: 3),
    ])
    func byteOffsetsAndRawLines(_ row: OffsetCase) {
        // ": hi\n" 0–4, "data: a\n" 5–12, "\n" 13, "event: e\r\n" 14–23, "data: b\r\n" 24–32, "\r\n" 33–34,
        // "id: 1\r" 35–40, "data: c\r" 41–48, "\r" 49.
        let text = ": hi\ndata: a\n\nevent: e\r\ndata: b\r\n\r\nid: 1\rdata: c\r\r"
        let bytes = row.prefix + Array(text.utf8)
        let result = decode(bytes)
        #expect(
            result.events == [
                SSEEvent(data: "a", byteOffset: 5 + row.shift, rawLines: ["data: a"]),
                SSEEvent(event: "e", data: "b", byteOffset: 14 + row.shift, rawLines: ["event: e", "data: b"]),
                SSEEvent(data: "c", id: "1", byteOffset: 35 + row.shift, rawLines: ["id: 1", "data: c"]),
            ]
        )
        #expect(result.commentCount == 1)
        #expect(firstSplitPointChangingResult(of: bytes) == nil)
        #expect(decode(chunks: ChunkSplitting.oneBytePerChunk(of: bytes)) == result)
    }

    @Test func offsetsOfLinesSpanningManyChunks() {
        let text = "data: first\n\n" + "data: " + String(repeating: "x", count: 300) + "\n\ndata: third\n\n"
        let bytes = Array(text.utf8)
        let result = decode(chunks: ChunkSplitting.splits(of: bytes, chunkSize: 7))
        #expect(result.events.map(\.byteOffset) == [0, 13, 321])
        #expect(result.events.map { $0.data.count } == [5, 300, 5])
    }

    @Test func eventTypeDefaultsToMessage() {
        #expect(SSEEvent(data: "x").eventType == "message")
        #expect(SSEEvent(event: "add", data: "x").eventType == "add")
    }

    // MARK: Chunking independence

    @Test(arguments: RecordedStreams.all)
    func recordedStreamDecodesToItsPayloads(_ stream: RecordedStream) {
        let result = decode(stream.bytes)
        #expect(result.events.map(\.data) == stream.payloads)
        #expect(result.events.allSatisfy { $0.event == nil && $0.id == nil && $0.retry == nil })
        #expect(result.events.allSatisfy { $0.rawLines == ["data: " + $0.data] })
        #expect(result.anomalies.isEmpty)
        #expect(result.commentCount == stream.comments)
    }

    @Test(arguments: RecordedStreams.all)
    func recordedStreamSplitAtEveryByteMatchesWhole(_ stream: RecordedStream) {
        #expect(firstSplitPointChangingResult(of: stream.bytes) == nil)
    }

    @Test(arguments: RecordedStreams.all)
    func recordedStreamOneByteAtATimeMatchesWhole(_ stream: RecordedStream) {
        #expect(decode(chunks: ChunkSplitting.oneBytePerChunk(of: stream.bytes)) == decode(stream.bytes))
    }

    @Test(arguments: RecordedStreams.all)
    func recordedStreamInFixedChunksMatchesWhole(_ stream: RecordedStream) {
        let whole = decode(stream.bytes)
        let failing = (2...64).filter { size in
            decode(chunks: ChunkSplitting.splits(of: stream.bytes, chunkSize: size)) != whole
        }
        #expect(failing.isEmpty, "chunk sizes that changed the result: \(failing)")
    }

    @Test func everyThreeWaySplitOfAnAwkwardStreamMatchesWhole() {
        // BOM, CR, CRLF, a comment, multi-byte text, invalid UTF-8 and an unterminated end in 40-odd bytes.
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("data: é\r\r\n: c\r\nid: 1\ndata: 東".utf8) + [0xE6]
            + Array("\r\n\rdata: x".utf8)
        let whole = decode(bytes)
        #expect(whole.events.map(\.data) == ["é", "東\u{FFFD}", "x"])
        var failures: [[Int]] = []
        for first in 0...bytes.count {
            for second in first...bytes.count {
                let chunks = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                if decode(chunks: chunks) != whole { failures.append([first, second]) }
            }
        }
        #expect(failures.isEmpty, "three-way splits that changed the result: \(failures.prefix(5))")
    }

    @Test func randomStreamsNeverTrapAndIgnoreChunking() {
        // Bytes that exercise every branch: line ends, colon, space, field-name letters, NUL, digits,
        // a BOM's bytes, invalid lead and continuation bytes.
        let alphabet: [UInt8] = Array("\r\n: datevnirya1".utf8) + [0x00, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0x80, 0xFF]
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<300 {
            let length = Int(generator.next() % 60)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let whole = decode(bytes)
            #expect(firstSplitPointChangingResult(of: bytes) == nil, "stream: \(bytes)")
            #expect(decode(chunks: ChunkSplitting.oneBytePerChunk(of: bytes)) == whole, "stream: \(bytes)")
        }
    }

    @Test func feedAcceptsNonContiguousSequences() {
        var decoder = SSEDecoder()
        let events = decoder.feed("data: lazy\n\n".utf8.lazy.map { $0 })
        #expect(events.map(\.data) == ["lazy"])
        #expect(decoder.bytesConsumed == 12)
    }

    @Test func decodeAllMatchesIncrementalFeeding() {
        let stream = RecordedStreams.parallelToolCallsWithUsage
        let all = SSEDecoder.decodeAll(stream.bytes)
        let incremental = decode(chunks: ChunkSplitting.splits(of: stream.bytes, chunkSize: 200))
        #expect(all.events == incremental.events)
        #expect(all.anomalies == incremental.anomalies)
    }
}

@Suite("ChunkSplitting")
struct ChunkSplittingTests {
    @Test func everySplitYieldsEachPointOnce() {
        let bytes: [UInt8] = [1, 2, 3]
        let splits = Array(ChunkSplitting.everySplit(of: bytes))
        #expect(splits == [[[], [1, 2, 3]], [[1], [2, 3]], [[1, 2], [3]], [[1, 2, 3], []]])
        #expect(Array(ChunkSplitting.everySplit(of: [])) == [[[], []]])
    }

    @Test(arguments: [
        // Exact multiple of the chunk size.
        (4, [[1, 2], [3, 4]] as [[UInt8]], 2),
        // A shorter last chunk.
        (5, [[1, 2], [3, 4], [5]], 2),
        // Sizes below one are treated as one.
        (2, [[1], [2]], 0),
        // An empty stream has no chunks.
        (0, [], 3),
    ])
    func fixedSizeSplits(count: Int, expected: [[UInt8]], chunkSize: Int) {
        let bytes = (0..<count).map { UInt8($0 + 1) }
        #expect(ChunkSplitting.splits(of: bytes, chunkSize: chunkSize) == expected)
    }

    @Test func oneBytePerChunk() {
        #expect(ChunkSplitting.oneBytePerChunk(of: [7, 8, 9]) == [[7], [8], [9]])
    }
}

// MARK: - Helpers

extension SSEDecoderTests {
    // MARK: Decoding

    /// The parts of an event that the field-rule tables compare.
    struct EventSummary: Sendable, Hashable, CustomStringConvertible {
        var event: String?
        var data: String
        var id: String?
        var retry: Int?

        init(_ data: String, event: String? = nil, id: String? = nil, retry: Int? = nil) {
            self.event = event
            self.data = data
            self.id = id
            self.retry = retry
        }

        init(_ event: SSEEvent) {
            self.init(event.data, event: event.event, id: event.id, retry: event.retry)
        }

        var description: String {
            "(event: \(event ?? "nil"), data: \(data.debugDescription), id: \(id ?? "nil"), retry: \(retry ?? -1))"
        }
    }

    /// Everything a decoder produced for one stream.
    struct DecodeResult: Equatable {
        var events: [SSEEvent]
        var anomalies: [SSEAnomaly]
        var commentCount: Int
        var reconnectionTime: Int?

        var summaries: [EventSummary] { events.map(EventSummary.init) }
        var anomalyKinds: [SSEAnomaly.Kind] { anomalies.map(\.kind) }
    }

    /// Feeds `chunks` in order, then finishes.
    private func decode(chunks: [[UInt8]]) -> DecodeResult {
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        for chunk in chunks {
            events += decoder.feed(chunk)
        }
        if let last = decoder.finish() {
            events.append(last)
        }
        return DecodeResult(
            events: events,
            anomalies: decoder.anomalies,
            commentCount: decoder.commentCount,
            reconnectionTime: decoder.reconnectionTime
        )
    }

    /// Feeds `bytes` whole, then finishes.
    private func decode(_ bytes: [UInt8]) -> DecodeResult {
        decode(chunks: [bytes])
    }

    /// Feeds the UTF-8 of `text` whole, then finishes.
    private func decode(_ text: String) -> DecodeResult {
        decode(Array(text.utf8))
    }

    /// The first two-chunk split point of `bytes` whose result differs from feeding it whole, or `nil`.
    private func firstSplitPointChangingResult(of bytes: [UInt8]) -> Int? {
        let whole = decode(bytes)
        for (point, chunks) in ChunkSplitting.everySplit(of: bytes).enumerated() {
            if decode(chunks: chunks) != whole { return point }
        }
        return nil
    }

    // MARK: Recorded streams

    /// A realistic OpenAI-style `/v1/chat/completions` stream (`stream: true`) and the data it must decode to.
    struct RecordedStream: Sendable, CustomTestStringConvertible {
        let name: String
        /// The `data:` payloads in order, `[DONE]` included.
        let payloads: [String]
        /// How many comment lines the stream contains.
        let comments: Int
        /// The stream exactly as sent.
        let bytes: [UInt8]

        var testDescription: String { name }
    }

    enum RecordedStreams {
        /// One `chat.completion.chunk` object, serialised the way OpenAI's servers do (no spaces).
        static func chunk(_ id: String, model: String, choices: String, usage: String? = nil) -> String {
            var json = #"{"id":"\#(id)","object":"chat.completion.chunk","created":1732501234,"model":"\#(model)","#
            json += #""system_fingerprint":"fp_0ba0d124f1","choices":\#(choices)"#
            if let usage {
                json += #","usage":\#(usage)"#
            }
            return json + "}"
        }

        /// A one-choice `choices` array.
        static func choice(_ delta: String, finish: String = "null") -> String {
            #"[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(finish)}]"#
        }

        /// A `tool_calls` delta carrying one piece of the arguments of the call at `index`.
        static func argumentsPiece(_ piece: String, index: Int = 0) -> String {
            #"{"tool_calls":[{"index":\#(index),"function":{"arguments":"\#(piece)"}}]}"#
        }

        /// Renders lines (`""` for a blank line) with the given line ending.
        static func render(_ lines: [String], lineEnding: String) -> [UInt8] {
            Array(lines.map { $0 + lineEnding }.joined().utf8)
        }

        /// A plain text answer, LF line ends, with `: keep-alive` comments before and during generation.
        static let textAnswer: RecordedStream = {
            let id = "chatcmpl-B1x9QpTz7wLmN4"
            let model = "gpt-4o-mini-2024-07-18"
            let pieces = [
                "The", " capital", " of", " France", " is", " Paris", " —", " the", " “City", " of", " Light”", ".",
                " 🇫🇷",
            ]
            let roleDelta = #"{"role":"assistant","content":"","refusal":null}"#
            var payloads = [chunk(id, model: model, choices: choice(roleDelta))]
            payloads += pieces.map { chunk(id, model: model, choices: choice(#"{"content":"\#($0)"}"#)) }
            payloads.append(chunk(id, model: model, choices: choice("{}", finish: #""stop""#)))
            payloads.append("[DONE]")
            var lines = [": keep-alive", ""]
            for (index, payload) in payloads.enumerated() {
                if index == 6 {
                    lines.append(": keep-alive")
                }
                lines += ["data: " + payload, ""]
            }
            return RecordedStream(
                name: "text answer (LF, keep-alive comments)",
                payloads: payloads,
                comments: 2,
                bytes: render(lines, lineEnding: "\n")
            )
        }()

        /// One tool call whose arguments arrive in pieces, CRLF line ends, non-ASCII text in the arguments.
        static let streamedToolCall: RecordedStream = {
            let id = "chatcmpl-7f3c2a9e41d04b7c"
            let model = "meta-llama/Llama-3.3-70B-Instruct"
            let header =
                #"{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_kX9vQ2mN","#
                + #""type":"function","function":{"name":"get_weather","arguments":""}}]}"#
            let pieces = [
                #"{\""#, "location", #"\":\""#, "Zürich", ", Switzerland", #"\",\""#, "unit", #"\":\""#,
                "celsius", #"\"}"#,
            ]
            var payloads = [chunk(id, model: model, choices: choice(header))]
            payloads += pieces.map { chunk(id, model: model, choices: choice(argumentsPiece($0))) }
            payloads.append(chunk(id, model: model, choices: choice("{}", finish: #""tool_calls""#)))
            payloads.append("[DONE]")
            return RecordedStream(
                name: "streamed tool call (CRLF)",
                payloads: payloads,
                comments: 0,
                bytes: render(payloads.flatMap { ["data: " + $0, ""] }, lineEnding: "\r\n")
            )
        }()

        /// Two parallel tool calls, then a usage-only chunk with `"choices":[]`, then `[DONE]`; LF line ends.
        static let parallelToolCallsWithUsage: RecordedStream = {
            let id = "chatcmpl-AY2pRk8sVd3nQe"
            let model = "gpt-4o-2024-08-06"
            func frame(_ delta: String, finish: String = "null") -> String {
                chunk(id, model: model, choices: choice(delta, finish: finish), usage: "null")
            }
            let firstCall =
                #"{"tool_calls":[{"index":0,"id":"call_a1B2c3D4","type":"function","#
                + #""function":{"name":"get_weather","arguments":""}}]}"#
            let secondCall =
                #"{"tool_calls":[{"index":1,"id":"call_e5F6g7H8","type":"function","#
                + #""function":{"name":"get_local_time","arguments":""}}]}"#
            let usage =
                #"{"prompt_tokens":82,"completion_tokens":48,"total_tokens":130,"#
                + #""prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"#
                + #""completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"#
                + #""accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"#
            let payloads = [
                frame(#"{"role":"assistant","content":null,"refusal":null}"#),
                frame(firstCall),
                frame(argumentsPiece(#"{\"lo"#)),
                frame(argumentsPiece(#"cation\": \"東京"#)),
                frame(argumentsPiece(#"\"}"#)),
                frame(secondCall),
                frame(argumentsPiece(#"{\"tz\""#, index: 1)),
                frame(argumentsPiece(#": \"Asia/Tokyo\"}"#, index: 1)),
                frame("{}", finish: #""tool_calls""#),
                chunk(id, model: model, choices: "[]", usage: usage),
                "[DONE]",
            ]
            return RecordedStream(
                name: "parallel tool calls + usage chunk (LF)",
                payloads: payloads,
                comments: 0,
                bytes: render(payloads.flatMap { ["data: " + $0, ""] }, lineEnding: "\n")
            )
        }()

        static let all = [textAnswer, streamedToolCall, parallelToolCallsWithUsage]
    }

    /// A small deterministic generator so random tests are reproducible.
    struct SplitMix64 {
        var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
