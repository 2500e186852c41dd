import JSONSchema

/// An incremental `text/event-stream` decoder that follows the WHATWG HTML "event stream" parsing rules,
/// records every deviation it tolerates, and never traps on any input.
///
/// Feed it the response body in whatever chunks arrive; the events returned do not depend on where the
/// chunks were split. Call ``finish()`` at the end of the body.
///
/// ```swift
/// var decoder = SSEDecoder()
/// var events = decoder.feed(Array("data: {\"a\":1}\r\n\r".utf8))   // one event; the stream may send "\n" next
/// events += decoder.feed(Array("\ndata: [DONE]\n".utf8))        // nothing: no blank line yet
/// if let last = decoder.finish() { events.append(last) }         // "[DONE]", plus an anomaly
/// decoder.anomalies.map(\.kind)                                  // [.unterminatedFinalEvent]
/// ```
///
/// Differences from a browser's `EventSource`, all deliberate: an event still open at the end of the stream
/// is returned by ``finish()`` rather than discarded, and everything a browser silently ignores or repairs
/// (a byte-order mark, unknown fields, bad `retry` values, invalid UTF-8 …) is also recorded in
/// ``anomalies``.
public struct SSEDecoder: Sendable {
    /// Everything tolerated so far, in stream order.
    public private(set) var anomalies: [SSEAnomaly] = []
    /// How many comment lines (lines starting with `:`) have been seen.
    public private(set) var commentCount = 0
    /// The stream's reconnection time in milliseconds: the last valid `retry` value seen, even in a block
    /// that dispatched no event; `nil` if there was none.
    public private(set) var reconnectionTime: Int?
    /// How many bytes have been fed so far.
    public private(set) var bytesConsumed = 0

    // Line splitting.
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var skipLeadingLF = false
    private var bomState = BOMState.undecided
    private var bomProbe: [UInt8] = []
    private var isFinished = false

    // The event being built (the spec's buffers).
    private var data = ""
    private var hasData = false
    private var eventType = ""
    private var lastEventID: String?
    private var eventRetry: Int?
    private var rawLines: [String] = []
    private var eventOffset = 0
    private var lastDataLine: (offset: Int, text: String)?
    private var lastEventLine: (offset: Int, text: String)?

    private enum BOMState: Sendable {
        case undecided, present, absent
    }

    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " ")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Creates a decoder at the start of a stream.
    public init() {}

    /// Decodes the next chunk of the stream.
    ///
    /// A line end may be split across chunks (a CR at the end of one chunk and an LF at the start of the
    /// next are a single line end), as may a UTF-8 sequence or the byte-order mark. Bytes fed after
    /// ``finish()`` are ignored.
    /// - Parameter bytes: The next bytes of the stream, in any chunking, possibly empty.
    /// - Returns: The events completed by this chunk (those whose terminating blank line it contains).
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        guard !isFinished else { return [] }
        var events: [SSEEvent] = []
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            self.accept(buffer, into: &events)
        }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { buffer in
                self.accept(buffer, into: &events)
            }
        }
        return events
    }

    /// Ends the stream: decodes any unterminated last line and returns the event still being built, if any.
    ///
    /// The spec discards an event whose terminating blank line never arrived; this returns it (when it has
    /// data) so its content can be judged, and records ``SSEAnomaly/Kind/unterminatedFinalEvent`` whenever
    /// field lines were left without a blank line. Later calls return `nil`.
    /// - Returns: The unterminated final event, or `nil` if there is none.
    public mutating func finish() -> SSEEvent? {
        guard !isFinished else { return nil }
        // Neither step below involves a blank line, so neither can complete an event into `events`.
        var events: [SSEEvent] = []
        if bomState == .undecided {
            // Fewer than three bytes arrived and they were a prefix of the mark: they are ordinary bytes.
            bomState = .absent
            let probe = bomProbe
            bomProbe = []
            probe.withUnsafeBufferPointer { buffer in
                self.scan(buffer, startingAt: 0, into: &events)
            }
        }
        if !pending.isEmpty {
            var line: [UInt8] = []
            swap(&line, &pending)
            line.withUnsafeBufferPointer { buffer in
                self.processLine(buffer, at: self.pendingOffset, into: &events)
            }
        }
        isFinished = true
        guard let lastLine = rawLines.last else {
            resetEvent()
            return nil
        }
        record(.unterminatedFinalEvent, at: eventOffset, line: lastLine)
        let event = hasData ? makeEvent() : nil
        resetEvent()
        return event
    }

    /// Decodes a complete stream in one call.
    /// - Parameter bytes: The whole stream.
    /// - Returns: Every event, including an unterminated final one, and every anomaly recorded.
    public static func decodeAll(_ bytes: some Sequence<UInt8>) -> (events: [SSEEvent], anomalies: [SSEAnomaly]) {
        var decoder = SSEDecoder()
        var events = decoder.feed(bytes)
        if let last = decoder.finish() {
            events.append(last)
        }
        return (events, decoder.anomalies)
    }

    // MARK: - Bytes to lines

    /// Handles the byte-order mark check at the start of the stream, then scans for lines.
    private mutating func accept(_ buffer: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        let offset = bytesConsumed
        bytesConsumed += buffer.count
        guard bomState == .undecided else {
            scan(buffer, startingAt: offset, into: &events)
            return
        }
        var index = 0
        while index < buffer.count, bomProbe.count < Self.byteOrderMark.count {
            guard buffer[index] == Self.byteOrderMark[bomProbe.count] else {
                // Not a mark: the probed bytes start the first line.
                bomState = .absent
                let probe = bomProbe
                bomProbe = []
                var combined = probe
                combined.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index...]))
                combined.withUnsafeBufferPointer { joined in
                    self.scan(joined, startingAt: 0, into: &events)
                }
                return
            }
            bomProbe.append(buffer[index])
            index += 1
        }
        guard bomProbe.count == Self.byteOrderMark.count else { return }
        bomState = .present
        bomProbe = []
        record(.bom, at: 0, line: "\u{FEFF}")
        scan(UnsafeBufferPointer(rebasing: buffer[index...]), startingAt: Self.byteOrderMark.count, into: &events)
    }

    /// Splits `buffer` (which starts at stream offset `base`) into lines, joining with the pending partial line.
    private mutating func scan(
        _ buffer: UnsafeBufferPointer<UInt8>,
        startingAt base: Int,
        into events: inout [SSEEvent]
    ) {
        let count = buffer.count
        var index = 0
        if skipLeadingLF, count > 0 {
            skipLeadingLF = false
            if buffer[0] == Self.lineFeed { index = 1 }
        }
        var lineStart = index
        while index < count {
            index = Self.nextLineEnd(in: buffer, from: index)
            guard index < count else { break }
            let byte = buffer[index]
            let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<index])
            if pending.isEmpty {
                processLine(line, at: base + lineStart, into: &events)
            } else {
                var joined: [UInt8] = []
                swap(&joined, &pending)
                joined.append(contentsOf: line)
                joined.withUnsafeBufferPointer { whole in
                    self.processLine(whole, at: self.pendingOffset, into: &events)
                }
                joined.removeAll(keepingCapacity: true)
                swap(&joined, &pending)
            }
            if byte == Self.carriageReturn {
                if index + 1 < count {
                    if buffer[index + 1] == Self.lineFeed { index += 1 }
                } else {
                    skipLeadingLF = true
                }
            }
            index += 1
            lineStart = index
        }
        if lineStart < count {
            if pending.isEmpty { pendingOffset = base + lineStart }
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart..<count]))
        }
    }

    /// The index of the first CR or LF in `buffer` at or after `start`, or `buffer.count` if there is none.
    ///
    /// Checks eight bytes at a time: a word with no byte equal to CR or LF is skipped whole.
    private static func nextLineEnd(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = buffer.count
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let lineFeeds = word ^ (ones &* UInt64(lineFeed))
                let carriageReturns = word ^ (ones &* UInt64(carriageReturn))
                // (x - 0x01…) & ~x & 0x80… is non-zero exactly when some byte of x is zero; the byte loop
                // below then finds which.
                let zeroBytes = ((lineFeeds &- ones) & ~lineFeeds) | ((carriageReturns &- ones) & ~carriageReturns)
                if zeroBytes & highBits != 0 { break }
                index += 8
            }
        }
        while index < count {
            let byte = buffer[index]
            if byte == lineFeed || byte == carriageReturn { return index }
            index += 1
        }
        return count
    }

    /// Whether every byte in `bytes` is ASCII, checked eight bytes at a time.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        var union: UInt64 = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                union |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                index += 8
            }
        }
        while index < count {
            union |= UInt64(bytes[index])
            index += 1
        }
        return union & 0x8080_8080_8080_8080 == 0
    }

    /// Decodes a line as UTF-8, recording an anomaly (and substituting U+FFFD) if it is not valid.
    private mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
        // Provider JSON is nearly always ASCII; `String(validating:)` is only needed for the rest.
        if Self.isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        let repaired = String(decoding: bytes, as: UTF8.self)
        record(.invalidUTF8, at: offset + Self.firstInvalidByte(in: bytes), line: repaired)
        return repaired
    }

    /// The index of the first byte of the first ill-formed UTF-8 sequence in `bytes` (`bytes.count` if none).
    private static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var position = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                position += scalar.count
            case .error:
                return position
            case .emptyInput:
                return bytes.count
            }
        }
    }

    // MARK: - Lines to events

    /// Interprets one line (without its terminator) that starts at stream offset `offset`.
    private mutating func processLine(
        _ bytes: UnsafeBufferPointer<UInt8>,
        at offset: Int,
        into events: inout [SSEEvent]
    ) {
        guard let first = bytes.first else {
            if let event = dispatch() { events.append(event) }
            return
        }
        let line = decode(bytes, at: offset)
        if first == Self.colon {
            commentCount += 1
            return
        }
        if rawLines.isEmpty { eventOffset = offset }
        rawLines.append(line)

        let utf8 = line.utf8
        let name: Substring.UTF8View
        let value: Substring
        if let colonIndex = utf8.firstIndex(of: Self.colon) {
            name = utf8[..<colonIndex]
            var valueStart = utf8.index(after: colonIndex)
            if valueStart < utf8.endIndex, utf8[valueStart] == Self.space {
                valueStart = utf8.index(after: valueStart)
            }
            value = Substring(utf8[valueStart...])
        } else {
            name = utf8[...]
            value = ""
        }

        if name.elementsEqual("data".utf8) {
            if hasData { data.append("\n") }
            data.append(contentsOf: value)
            hasData = true
            lastDataLine = (offset, line)
        } else if name.elementsEqual("event".utf8) {
            eventType = String(value)
            lastEventLine = (offset, line)
        } else if name.elementsEqual("id".utf8) {
            if value.utf8.contains(0) {
                record(.idContainsNull, at: offset, line: line)
            } else {
                lastEventID = String(value)
            }
        } else if name.elementsEqual("retry".utf8) {
            if !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let milliseconds = Int(value)
            {
                eventRetry = milliseconds
                reconnectionTime = milliseconds
            } else {
                record(.invalidRetry, at: offset, line: line)
            }
        } else {
            record(.unknownField, at: offset, line: line)
        }
    }

    /// Handles a blank line: returns the event built so far if it has data, and starts a new one.
    private mutating func dispatch() -> SSEEvent? {
        defer { resetEvent() }
        guard hasData else {
            if !eventType.isEmpty, let eventLine = lastEventLine {
                record(.eventWithoutData, at: eventLine.offset, line: eventLine.text)
            }
            return nil
        }
        return makeEvent()
    }

    /// Moves the current buffers into an event, recording ``SSEAnomaly/Kind/emptyData`` if its data is empty.
    private mutating func makeEvent() -> SSEEvent {
        if data.isEmpty, let dataLine = lastDataLine {
            record(.emptyData, at: dataLine.offset, line: dataLine.text)
        }
        // The buffers are moved into the event rather than copied; the caller resets them next.
        var event = SSEEvent(data: "", id: lastEventID, retry: eventRetry, byteOffset: eventOffset)
        swap(&event.data, &data)
        swap(&event.rawLines, &rawLines)
        if !eventType.isEmpty {
            event.event = eventType
        }
        return event
    }

    /// Clears the per-event buffers (the last event ID persists, as the spec requires).
    private mutating func resetEvent() {
        data = ""
        hasData = false
        eventType = ""
        eventRetry = nil
        rawLines = []
        lastDataLine = nil
        lastEventLine = nil
    }

    private mutating func record(_ kind: SSEAnomaly.Kind, at offset: Int, line: String) {
        anomalies.append(SSEAnomaly(kind: kind, byteOffset: offset, line: line))
    }
}
