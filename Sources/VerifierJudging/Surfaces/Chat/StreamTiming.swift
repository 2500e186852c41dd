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
        firstEvent = trace.events.first.flatMap { time($0.byteOffset) }
        firstContent = trace.events.first { !($0.content ?? "").isEmpty }.flatMap { time($0.byteOffset) }
        firstToolCall = trace.events.first { !$0.fragments.isEmpty }.flatMap { time($0.byteOffset) }
        lastEvent = trace.events.last.flatMap { time($0.byteOffset) }
        maxGap = zip(arrivals, arrivals.dropFirst()).map { $1.milliseconds - $0.milliseconds }.max()
    }
}
