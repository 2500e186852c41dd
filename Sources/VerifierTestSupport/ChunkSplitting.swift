/// Ways of cutting a byte stream into chunks, for checking that an incremental decoder's output does not
/// depend on where network reads happened to split the data.
///
/// ```swift
/// let stream = Array("data: x\r\n\r\n".utf8)
/// for chunks in ChunkSplitting.everySplit(of: stream) {
///     var decoder = SSEDecoder()
///     let events = chunks.flatMap { decoder.feed($0) }
///     // compare with the events from feeding `stream` whole
/// }
/// ```
public enum ChunkSplitting {
    /// Every way of cutting `bytes` into two chunks, one per split point `0...bytes.count`.
    ///
    /// The first and last splits have an empty chunk, which a decoder must also accept. Concatenating the
    /// chunks of any element gives `bytes` back.
    /// - Parameter bytes: The stream to split.
    /// - Returns: `bytes.count + 1` two-element chunk lists, produced lazily.
    public static func everySplit(of bytes: [UInt8]) -> some Sequence<[[UInt8]]> {
        (0...bytes.count).lazy.map { point in
            [Array(bytes[..<point]), Array(bytes[point...])]
        }
    }

    /// Cuts `bytes` into consecutive chunks of `chunkSize` bytes; the last chunk may be shorter.
    /// - Parameters:
    ///   - bytes: The stream to split.
    ///   - chunkSize: The length of every chunk but the last; values below 1 are treated as 1.
    /// - Returns: The chunks in order (none for an empty stream).
    public static func splits(of bytes: [UInt8], chunkSize: Int) -> [[UInt8]] {
        let size = max(1, chunkSize)
        return stride(from: 0, to: bytes.count, by: size).map { start in
            Array(bytes[start..<min(start + size, bytes.count)])
        }
    }

    /// Cuts `bytes` into one-byte chunks, the harshest chunking a network read can produce.
    /// - Parameter bytes: The stream to split.
    /// - Returns: One single-byte chunk per byte, in order.
    public static func oneBytePerChunk(of bytes: [UInt8]) -> [[UInt8]] {
        splits(of: bytes, chunkSize: 1)
    }
}
