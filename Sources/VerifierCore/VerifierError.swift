import JSONSchema
import VerifierJudging

/// An error that stops a run: the run cannot go on or cannot be judged.
///
/// Provider misbehaviour is never thrown; it is returned as ``Finding``s. This type is for bad
/// configuration, bad fixtures, missing keys and failures of the verifier's own I/O.
public struct VerifierError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidConfiguration, invalidFixture, missingKey, transport, timeout, io, incomplete
        }
        private let value: Value
        /// `verifier.yaml` (or flags) cannot be used.
        public static let invalidConfiguration = Code(value: .invalidConfiguration)
        /// A fixture or replay file cannot be used.
        public static let invalidFixture = Code(value: .invalidFixture)
        /// An API key named by `api_key_env` is not set.
        public static let missingKey = Code(value: .missingKey)
        /// The verifier's own transport failed (not a provider finding).
        public static let transport = Code(value: .transport)
        /// A deadline of the verifier's own passed.
        public static let timeout = Code(value: .timeout)
        /// Reading or writing a local file failed.
        public static let io = Code(value: .io)
        /// The run finished but cannot be judged.
        public static let incomplete = Code(value: .incomplete)

        /// A short name of the code.
        public var description: String { "\(value)" }
    }

    /// The kind of error.
    public var code: Code
    /// A whole sentence that the CLI prints as is.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of error.
    ///   - message: A whole sentence describing it, naming the file and line where there is one.
    public init(_ code: Code, _ message: String) {
        (self.code, self.message) = (code, message)
    }

    /// The message.
    public var description: String { message }
}
