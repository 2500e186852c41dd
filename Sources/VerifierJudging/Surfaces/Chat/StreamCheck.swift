import JSONSchema

/// A check of a streamed answer's event sequence: a pure function of the parsed trace.
///
/// Each stream check of Chat Completions lives in `Surfaces/Chat/Checks/Stream/`, in a file named after it.
public protocol StreamCheck: Check {
    /// Judges one stream.
    /// - Parameters:
    ///   - trace: The parsed events.
    ///   - toolNames: The names of the tools the request offered.
    /// - Returns: Findings; empty when the stream passes.
    func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding]
}
