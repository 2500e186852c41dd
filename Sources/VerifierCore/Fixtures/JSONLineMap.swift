import Foundation
import JSONSchema
import VerifierJudging

/// The line on which each value of a JSON document starts, by JSON Pointer, so that a problem found
/// in the parsed value can be reported as `file:line`.
///
/// Built by one scan over a document that already parsed; values are recorded to any depth.
struct JSONLineMap: Sendable {
    private var lines: [String: Int] = [:]

    /// Scans `bytes`, which must hold one valid JSON document.
    /// - Parameter bytes: The document.
    init(bytes: [UInt8]) {
        var scanner = Scanner(bytes: bytes)
        var path: [String] = []
        scanner.value(&path, depth: 0, into: &lines)
    }

    /// The line of the value at `pointer`, or of its nearest recorded ancestor.
    /// - Parameter pointer: A JSON Pointer such as `/cases/3/expect`.
    /// - Returns: A 1-based line number.
    func line(for pointer: String) -> Int {
        var current = pointer
        while true {
            if let line = lines[current] { return line }
            guard let slash = current.lastIndex(of: "/") else { return 1 }
            current = String(current[..<slash])
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\n"): line += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
                default: return
                }
                index += 1
            }
        }

        /// Reads a string starting at `"`, returning its decoded text.
        mutating func string() -> String {
            let start = index
            index += 1
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    break
                }
            }
            let slice = bytes[start..<min(index, bytes.count)]
            if !escaped { return String(decoding: slice.dropFirst().dropLast(), as: UTF8.self) }
            return (try? JSONValue.parse(bytes: slice))?.stringValue ?? ""
        }

        mutating func value(_ path: inout [String], depth: Int, into lines: inout [String: Int]) {
            skipWhitespace()
            guard index < bytes.count else { return }
            let pointer = path.isEmpty ? "" : "/" + path.joined(separator: "/")
            lines[pointer] = line
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                while index < bytes.count {
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1 }
                        return
                    }
                    let key = string()
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                    path.append(Self.escape(key))
                    if depth < 64 {
                        value(&path, depth: depth + 1, into: &lines)
                    } else {
                        skipValue()
                    }
                    path.removeLast()
                    skipWhitespace()
                    guard index < bytes.count else { return }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else {
                        index += 1  // the closing brace
                        return
                    }
                }
            case UInt8(ascii: "["):
                index += 1
                var position = 0
                while index < bytes.count {
                    skipWhitespace()
                    guard index < bytes.count else { return }
                    if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        return
                    }
                    path.append(String(position))
                    if depth < 64 {
                        value(&path, depth: depth + 1, into: &lines)
                    } else {
                        skipValue()
                    }
                    path.removeLast()
                    position += 1
                    skipWhitespace()
                    guard index < bytes.count else { return }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else {
                        index += 1
                        return
                    }
                }
            case UInt8(ascii: "\""):
                _ = string()
            default:
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: " "),
                        UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                        return
                    default: index += 1
                    }
                }
            }
        }

        /// Skips a value too deep to map, keeping the line count.
        mutating func skipValue() {
            skipWhitespace()
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    _ = string()
                    if depth == 0 { return }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return }
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return
                    }
                case UInt8(ascii: "\n"): line += 1
                case UInt8(ascii: ","): if depth == 0 { return }
                default: break
                }
                index += 1
            }
        }

        static func escape(_ key: String) -> String {
            key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
    }
}
