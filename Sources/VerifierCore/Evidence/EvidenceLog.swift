import Crypto
import Foundation
import JSONSchema
import Synchronization
import VerifierJudging

/// An append-only, hash-chained JSON Lines file of exchanges, written record by record as they complete.
///
/// Every record starts with `"seq"` (its 1-based line number) and `"prev"` (the SHA-256 of the previous
/// line's bytes; 64 zeros for the first), so removing, inserting, reordering or editing any record breaks
/// the chain at that point (`verifier verify-evidence`). Each record is written with one `write(2)`
/// call, so a killed process loses at most the record in flight and never leaves earlier evidence in a
/// buffer. Line numbers are handed back so findings can point at the record that shows them
/// (`evidence.jsonl:123`).
public final class EvidenceLog: Sendable {
    private struct State {
        var handle: FileHandle?
        var lines: Int
        var lastHash: [UInt8]
        var failures: Int = 0
    }

    /// The `prev` of the first record.
    public static let genesis = String(repeating: "0", count: 64)

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
        self.state = Mutex(State(handle: handle, lines: 0, lastHash: Array(Self.genesis.utf8)))
    }

    /// Opens an existing evidence file to continue it (`--resume`).
    ///
    /// A last line without its newline is a record the killed process was writing: it is cut off (it was
    /// never a complete record), and the chain continues from the last complete one.
    /// - Parameter path: The file.
    /// - Returns: The log, and how many bytes of a partial last record were discarded.
    /// - Throws: ``VerifierError`` `.io` when the file cannot be read or written.
    public static func continuing(path: String) throws(VerifierError) -> (log: EvidenceLog, discardedBytes: Int) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VerifierError(.io, "\(path): cannot read the evidence file to resume it.")
        }
        let bytes = [UInt8](data)
        var end = bytes.count
        while end > 0, bytes[end - 1] != UInt8(ascii: "\n") { end -= 1 }
        let discarded = bytes.count - end
        var lines = 0
        var lastStart = 0
        var start = 0
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            lines += 1
            lastStart = start
            start = index + 1
        }
        let lastHash =
            lines == 0 ? Array(genesis.utf8) : Array(EvidenceRecord.sha256Hex(bytes[lastStart..<(start - 1)]).utf8)
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw VerifierError(.io, "\(path): cannot open the evidence file to resume it.")
        }
        do {
            try handle.truncate(atOffset: UInt64(end))
            try handle.seekToEnd()
        } catch {
            throw VerifierError(.io, "\(path): cannot repair the evidence file's last record: \(error).")
        }
        let log = EvidenceLog(path: path, state: State(handle: handle, lines: lines, lastHash: lastHash))
        return (log, discarded)
    }

    private init(path: String, state: State) {
        self.path = path
        self.fileName = URL(fileURLWithPath: path).lastPathComponent
        self.state = Mutex(state)
    }

    /// Appends one record, prefixed with its `seq` and the previous record's hash.
    /// - Parameter record: A JSON object; written compactly on one line.
    /// - Returns: The record's 1-based line number.
    /// - Throws: ``VerifierError`` with code `.io` when the write fails.
    @discardableResult
    public func append(_ record: JSONValue) throws(VerifierError) -> Int {
        var body: [UInt8] = []
        body.reserveCapacity(4096)
        record.write(into: &body)
        return try appendSerialized(body)
    }

    /// Appends a record already serialized as one compact JSON object (`{…}` on one line, without `seq` and
    /// `prev`), keeping its bytes: how `verifier merge` copies exchange records from shard files unchanged.
    /// - Parameter body: The object's bytes.
    /// - Returns: The record's 1-based line number.
    /// - Throws: ``VerifierError`` with code `.io` when the write fails.
    @discardableResult
    func appendSerialized(_ body: [UInt8]) throws(VerifierError) -> Int {
        let result: Result<Int, VerifierError> = state.withLock { state in
            guard let handle = state.handle else {
                state.failures += 1
                return .failure(VerifierError(.io, "\(path): the evidence file is closed."))
            }
            let seq = state.lines + 1
            var line: [UInt8] = Array("{\"seq\":\(seq),\"prev\":\"".utf8)
            line.reserveCapacity(body.count + 100)
            line += state.lastHash
            line.append(UInt8(ascii: "\""))
            if body.count > 2 {
                line.append(UInt8(ascii: ","))
                line += body.dropFirst()
            } else {
                line.append(UInt8(ascii: "}"))
            }
            let hash = Array(EvidenceRecord.sha256Hex(line).utf8)
            line.append(UInt8(ascii: "\n"))
            do {
                try handle.write(contentsOf: line)
            } catch {
                state.failures += 1
                return .failure(VerifierError(.io, "\(path): writing evidence failed: \(error)."))
            }
            state.lines = seq
            state.lastHash = hash
            return .success(seq)
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
