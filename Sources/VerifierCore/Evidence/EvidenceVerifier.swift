import Foundation
import JSONSchema
import VerifierJudging

/// Checks an evidence file's hash chain: every record's `seq` is its line number and its `prev` is the
/// SHA-256 of the line before, so an edited, inserted, removed or reordered record is found at the line
/// where the chain breaks.
public enum EvidenceVerifier {
    /// What the check found.
    public struct Report: Sendable, Hashable {
        /// Complete records read.
        public var records: Int
        /// Cases with a completion marker.
        public var completedCases: Int
        /// Whether the run finished (an `end` record closes the file).
        public var finished: Bool
        /// Bytes of a last record that was being written when the run was killed.
        public var partialTailBytes: Int
        /// The first problem, `file:line: …`, or `nil` when the chain holds.
        public var problem: String?

        /// Whether the chain is intact.
        public var intact: Bool { problem == nil }
    }

    /// Verifies one evidence file.
    /// - Parameter path: The file.
    /// - Returns: The report.
    /// - Throws: ``VerifierError`` `.io` when the file cannot be read.
    public static func verify(path: String) throws(VerifierError) -> Report {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VerifierError(.io, "\(path): cannot read the evidence file.")
        }
        let bytes = [UInt8](data)
        var report = Report(records: 0, completedCases: 0, finished: false, partialTailBytes: 0, problem: nil)
        var previous = EvidenceLog.genesis
        var start = 0
        var line = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                report.partialTailBytes = bytes.count - start
                break
            }
            line += 1
            let content = bytes[start..<newline]
            start = newline + 1
            guard let record = try? JSONValue.parse(bytes: content), record.objectValue != nil else {
                report.problem = "\(path):\(line): not a JSON record."
                return report
            }
            guard record["seq"]?.intValue == line else {
                report.problem =
                    "\(path):\(line): `seq` is \(record["seq"]?.serialized() ?? "missing"), expected \(line): a record was inserted or removed before it."
                return report
            }
            guard record["prev"]?.stringValue == previous else {
                report.problem =
                    "\(path):\(line): `prev` does not match the hash of line \(line - 1): that record was changed, or records were reordered."
                return report
            }
            if line == 1, record["kind"]?.stringValue != "manifest" {
                report.problem = "\(path):1: the first record is not the run's manifest."
                return report
            }
            previous = EvidenceRecord.sha256Hex(content)
            report.records = line
            switch record["kind"]?.stringValue {
            case "case": report.completedCases += 1
            case "end": report.finished = true
            case "resume": report.finished = false
            default: break
            }
        }
        if line == 0 { report.problem = "\(path): the evidence file is empty." }
        return report
    }
}
