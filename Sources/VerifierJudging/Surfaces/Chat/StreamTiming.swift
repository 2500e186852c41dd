import JSONSchema

/// Arrival times of a stream's landmarks, read from the chunk arrival log.
public struct StreamTiming: Sendable, Hashable {
    /// Milliseconds to the landmark (see ``ExchangeJudgement``).
    public var firstEvent: Double?
    /// Milliseconds to the landmark (see ``ExchangeJudgement``).
    public var firstContent: Double?
    /// Milliseconds to the landmark (see ``ExchangeJudgement``).
    public var firstToolCall: Double?
    /// Milliseconds to the landmark (see ``ExchangeJudgement``).
    public var lastEvent: Double?
    /// Milliseconds to the landmark (see ``ExchangeJudgement``).
    public var maxGap: Double?

    /// Reads the landmarks of a trace from the arrival log.
    /// - Parameters:
    ///   - trace: The parsed events.
    ///   - arrivals: When each body chunk arrived.
    public init(trace: StreamTrace, arrivals: [RawResponse.ChunkArrival]) {
        self.init(
            offsets: (
                firstEvent: trace.events.first?.byteOffset,
                firstContent: trace.events.first { !($0.content ?? "").isEmpty }?.byteOffset,
                firstToolCall: trace.events.first { !$0.fragments.isEmpty }?.byteOffset,
                lastEvent: trace.events.last?.byteOffset
            ),
            arrivals: arrivals
        )
    }

    /// Reads the landmarks at byte offsets of the body from the arrival log (any surface's stream).
    /// - Parameters:
    ///   - offsets: Where each landmark's event begins in the body.
    ///   - arrivals: When each body chunk arrived.
    public init(
        offsets: (firstEvent: Int?, firstContent: Int?, firstToolCall: Int?, lastEvent: Int?),
        arrivals: [RawResponse.ChunkArrival]
    ) {
        func time(_ offset: Int) -> Double? {
            // The arrival of the body chunk that holds the byte at `offset` (arrivals are sorted by offset).
            var low = 0
            var high = arrivals.count - 1
            var found: Double?
            while low <= high {
                let middle = (low + high) / 2
                if arrivals[middle].offset <= offset {
                    found = arrivals[middle].milliseconds
                    low = middle + 1
                } else {
                    high = middle - 1
                }
            }
            return found
        }
        firstEvent = offsets.firstEvent.flatMap(time)
        firstContent = offsets.firstContent.flatMap(time)
        firstToolCall = offsets.firstToolCall.flatMap(time)
        lastEvent = offsets.lastEvent.flatMap(time)
        maxGap = zip(arrivals, arrivals.dropFirst()).map { $1.milliseconds - $0.milliseconds }.max()
    }
}
