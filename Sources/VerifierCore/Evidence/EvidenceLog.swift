import Foundation
import Synchronization

/// An append-only JSON Lines file of exchanges, written record by record as they complete.
///
/// Each record is written with one `write(2)` call, so a crash loses at most the record in flight
/// and never leaves a run's earlier evidence behind in a buffer. Line numbers are handed back so
/// findings can point at the record that shows them (`evidence.jsonl:123`).
public final class EvidenceLog: Sendable {
    private struct State {
        var handle: FileHandle?
        var lines: Int
        var failures: Int = 0
    }

    /// The file's path.
    public let path: String
    /// The name used in evidence pointers (the file name).
    public let fileName: String
    private let state: Mutex<State>

    /// Creates (truncating) the evidence file.
    /// - Parameter path: Where to write.
    /// - Throws: ``VerifierError`` with code `.io` when the file cannot be created.
    public init(path: String) throws(VerifierError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw VerifierError(.io, "\(path): cannot create the evidence file.")
        }
        self.path = path
        self.fileName = URL(fileURLWithPath: path).lastPathComponent
        self.state = Mutex(State(handle: handle, lines: 0))
    }

    /// Appends one record.
    /// - Parameter record: The record; written compactly on one line.
    /// - Returns: The record's 1-based line number.
    /// - Throws: ``VerifierError`` with code `.io` when the write fails.
    @discardableResult
    public func append(_ record: JSONValue) throws(VerifierError) -> Int {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        record.write(into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        let result: Result<Int, VerifierError> = state.withLock { state in
            guard let handle = state.handle else {
                state.failures += 1
                return .failure(VerifierError(.io, "\(path): the evidence file is closed."))
            }
            do {
                try handle.write(contentsOf: bytes)
            } catch {
                state.failures += 1
                return .failure(VerifierError(.io, "\(path): writing evidence failed: \(error)."))
            }
            state.lines += 1
            return .success(state.lines)
        }
        return try result.get()
    }

    /// The number of records written.
    public var count: Int { state.withLock { $0.lines } }

    /// The number of records that could not be written.
    public var failures: Int { state.withLock { $0.failures } }

    /// Closes the file.
    public func close() {
        state.withLock { state in
            try? state.handle?.close()
            state.handle = nil
        }
    }
}
