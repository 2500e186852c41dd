import JSONSchema

/// One event dispatched from a `text/event-stream`, as the WHATWG HTML "event stream" rules define it,
/// plus the position and raw field lines it came from, kept as evidence.
///
/// ```swift
/// let (events, _) = SSEDecoder.decodeAll(Array("event: add\nid: 7\ndata: 1\ndata: 2\n\n".utf8))
/// events[0].event     // "add"
/// events[0].data      // "1\n2"
/// events[0].id        // "7"
/// events[0].rawLines  // ["event: add", "id: 7", "data: 1", "data: 2"]
/// ```
public struct SSEEvent: Sendable, Hashable {
    /// The `event` field's value, or `nil` when the event had no `event` field or an empty one
    /// (a browser then dispatches it as `message`; see ``eventType``).
    public var event: String?
    /// The `data` field values joined with `"\n"` (the spec's data buffer without its final line feed).
    public var data: String
    /// The last event ID in force when the event was dispatched: the most recent valid `id` field of this
    /// event or of any earlier block in the stream; `nil` if the stream has not sent one yet, `""` after
    /// an `id` field with an empty value.
    public var id: String?
    /// The value of this event's last valid `retry` field, in milliseconds, or `nil` if it had none.
    public var retry: Int?
    /// The offset, in the whole stream (byte-order mark included), of the first byte of the event's first
    /// field line.
    public var byteOffset: Int
    /// The event's field lines as received (decoded as UTF-8, line terminators removed, comments excluded),
    /// in order.
    public var rawLines: [String]

    /// Creates an event.
    /// - Parameters:
    ///   - event: The `event` field value, or `nil` for the default `message` type.
    ///   - data: The joined data.
    ///   - id: The last event ID in force.
    ///   - retry: The event's `retry` value in milliseconds.
    ///   - byteOffset: The stream offset of the event's first field line.
    ///   - rawLines: The field lines the event was built from.
    public init(
        event: String? = nil,
        data: String,
        id: String? = nil,
        retry: Int? = nil,
        byteOffset: Int = 0,
        rawLines: [String] = []
    ) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
        self.byteOffset = byteOffset
        self.rawLines = rawLines
    }

    /// The event type a browser's `EventSource` would dispatch: ``event``, or `"message"` when that is `nil`.
    public var eventType: String {
        event ?? "message"
    }
}
