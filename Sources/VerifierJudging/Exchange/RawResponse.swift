import JSONSchema

/// What the transport recorded for one request: status, headers, the raw body bytes and timings.
///
/// Nothing here is interpreted; judging happens later, from this record alone, so a run can be
/// re-scored offline from its evidence.
public struct RawResponse: Sendable, Hashable {
    /// A transport failure that prevented a complete response.
    public struct TransportFailure: Sendable, Hashable {
        /// `http.timeout`, `http.connection` or `http.body_too_large`.
        public var label: FailureLabel
        /// A whole sentence.
        public var message: String

        /// Creates a failure.
        /// - Parameters:
        ///   - label: The delivery label.
        ///   - message: A whole sentence.
        public init(label: FailureLabel, message: String) {
            self.label = label
            self.message = message
        }
    }

    /// When a body chunk arrived: its offset in the body and milliseconds since the request was sent.
    public struct ChunkArrival: Sendable, Hashable {
        /// Offset of the chunk's first byte in the body.
        public var offset: Int
        /// Milliseconds since the request started.
        public var milliseconds: Double

        /// Creates an arrival record.
        /// - Parameters:
        ///   - offset: Offset of the chunk's first byte.
        ///   - milliseconds: Milliseconds since the request started.
        public init(offset: Int, milliseconds: Double) {
            self.offset = offset
            self.milliseconds = milliseconds
        }
    }

    /// The HTTP status, when headers arrived.
    public var status: Int?
    /// Response headers (lower-cased names), in arrival order.
    public var headers: [(name: String, value: String)]
    /// The body bytes as received (possibly cut at the size cap).
    public var body: [UInt8]
    /// Chunk arrival times (streamed answers only; empty otherwise).
    public var arrivals: [ChunkArrival]
    /// Milliseconds until the response head arrived.
    public var headersMilliseconds: Double?
    /// Milliseconds until the whole body arrived (or the failure).
    public var totalMilliseconds: Double
    /// Set when the exchange did not complete.
    public var failure: TransportFailure?

    /// Creates a record.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - headers: Response headers.
    ///   - body: The body bytes.
    ///   - arrivals: Chunk arrival times.
    ///   - headersMilliseconds: Time to the response head.
    ///   - totalMilliseconds: Time to the end.
    ///   - failure: The transport failure, if any.
    public init(
        status: Int?,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        arrivals: [ChunkArrival] = [],
        headersMilliseconds: Double? = nil,
        totalMilliseconds: Double = 0,
        failure: TransportFailure? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.arrivals = arrivals
        self.headersMilliseconds = headersMilliseconds
        self.totalMilliseconds = totalMilliseconds
        self.failure = failure
    }

    /// The value of the first header named `name` (case-insensitive).
    /// - Parameter name: The header name.
    /// - Returns: Its value, or `nil`.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    public static func == (lhs: RawResponse, rhs: RawResponse) -> Bool {
        lhs.status == rhs.status && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value) && lhs.body == rhs.body
            && lhs.arrivals == rhs.arrivals && lhs.headersMilliseconds == rhs.headersMilliseconds
            && lhs.totalMilliseconds == rhs.totalMilliseconds && lhs.failure == rhs.failure
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(body)
        hasher.combine(totalMilliseconds)
    }
}

extension RawResponse {
    /// The response with every time rounded to the microsecond, as the evidence records it, so that the
    /// live judgement and a judgement of the record are the same.
    public func roundedTimings() -> RawResponse {
        func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        var copy = self
        copy.headersMilliseconds = headersMilliseconds.map(round)
        copy.totalMilliseconds = round(totalMilliseconds)
        copy.arrivals = arrivals.map { .init(offset: $0.offset, milliseconds: round($0.milliseconds)) }
        return copy
    }
}
