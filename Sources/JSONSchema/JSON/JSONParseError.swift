/// Why a JSON text was rejected, and the byte offset where the problem was found.
///
/// ```swift
/// do {
///     _ = try JSONValue.parse(#"{"a" 1}"#)
/// } catch {
///     print(error) // invalid JSON at byte 5: expected ':' after object key, found '1'
/// }
/// ```
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 0-based byte offset in the input (its UTF-8 bytes) where the problem is.
    ///
    /// When the input ended too early this is the input's length.
    public var offset: Int

    /// What is wrong, in words (for example `expected ':' after object key`).
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - offset: The 0-based byte offset of the problem.
    ///   - message: What is wrong.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// The error as one line: `invalid JSON at byte 17: expected ':' after object key`.
    public var description: String {
        "invalid JSON at byte \(offset): \(message)"
    }
}
