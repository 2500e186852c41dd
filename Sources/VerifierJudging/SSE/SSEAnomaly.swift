import JSONSchema

/// Something in an event stream that a conforming parser tolerates (or that we tolerate on purpose)
/// but that a provider should not send, recorded by ``SSEDecoder`` with where it happened.
public struct SSEAnomaly: Sendable, Hashable {
    /// What kind of deviation was seen.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The stream began with a UTF-8 byte-order mark, which was skipped as the spec requires.
        case bom
        /// A field name other than `event`, `data`, `id` or `retry`; the line was ignored.
        case unknownField
        /// A line held bytes that are not valid UTF-8; they were replaced with U+FFFD.
        /// Recorded once per line, at the first invalid byte.
        case invalidUTF8
        /// An event was dispatched with empty data, because of a single `data` field with an empty value.
        case emptyData
        /// The stream ended after an event's lines without the blank line that dispatches it.
        /// The spec discards such an event; ``SSEDecoder/finish()`` returns it instead.
        case unterminatedFinalEvent
        /// A `retry` field whose value is not a non-empty run of ASCII digits (or does not fit in `Int`);
        /// it was ignored.
        case invalidRetry
        /// An `id` field whose value contains U+0000 NULL; it was ignored, as the spec requires.
        case idContainsNull
        /// A block with an `event` field but no `data` field; the spec dispatches nothing for it.
        case eventWithoutData
    }

    /// What kind of deviation was seen.
    public var kind: Kind
    /// The offset in the whole stream of the first offending byte (for line-level anomalies, the line's
    /// first byte; for ``Kind/invalidUTF8``, the first invalid byte).
    public var byteOffset: Int
    /// The text of the line concerned, decoded with invalid bytes replaced (`"\u{FEFF}"` for ``Kind/bom``).
    public var line: String

    /// Creates an anomaly record.
    /// - Parameters:
    ///   - kind: What kind of deviation was seen.
    ///   - byteOffset: The stream offset of the offending byte or line.
    ///   - line: The text of the line concerned.
    public init(kind: Kind, byteOffset: Int, line: String) {
        self.kind = kind
        self.byteOffset = byteOffset
        self.line = line
    }
}
