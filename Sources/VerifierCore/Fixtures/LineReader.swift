import Foundation
import JSONSchema
import VerifierJudging

/// Reads a file line by line in fixed-size blocks, so a replay file of any size costs constant memory.
///
/// Lines end with LF; a CR before the LF is dropped. The last line need not end with LF.
public struct LineReader: Sequence, IteratorProtocol {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private var lineNumber = 0
    private let blockSize: Int

    /// Opens a file.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - blockSize: Bytes read at a time.
    /// - Throws: ``VerifierError`` with code `.io` when the file cannot be opened.
    public init(path: String, blockSize: Int = 1 << 16) throws(VerifierError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VerifierError(.io, "\(path): cannot open the file.")
        }
        self.handle = handle
        self.blockSize = blockSize
    }

    /// The next line and its 1-based number, or `nil` at the end.
    public mutating func next() -> (number: Int, bytes: ArraySlice<UInt8>)? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = buffer[position..<end]
                position = newline + 1
                lineNumber += 1
                return (lineNumber, line)
            }
            if finished {
                guard position < buffer.count else { return nil }
                var line = buffer[position...]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                position = buffer.count
                lineNumber += 1
                return (lineNumber, line)
            }
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            let block = (try? handle.read(upToCount: blockSize)) ?? nil
            if let block, !block.isEmpty {
                buffer.append(contentsOf: block)
            } else {
                finished = true
                try? handle.close()
            }
        }
    }
}
