import Crypto
import Foundation
import JSONSchema
import VerifierJudging

/// One request of a replay file.
public struct ReplayCase: Sendable {
    /// `<file name>:<line>`, stable across runs of the same file.
    public var id: String
    /// The 1-based line number (K2VV's `data_index`).
    public var line: Int
    /// The request as written.
    public var request: ChatRequest
}

/// A replay file: one Chat Completions request body per line (K2VV's `samples.jsonl` format).
///
/// Files are validated completely before anything is sent, then streamed a line at a time.
public struct ReplayFile: Sendable {
    /// The file's path.
    public var path: String
    /// The number of requests (non-empty lines), known after ``validate(path:)``.
    public var count: Int
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String

    /// The name used in case ids.
    public var name: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Reads the whole file once, checking every line.
    /// - Parameter path: The file's path.
    /// - Returns: The validated file.
    /// - Throws: ``VerifierError`` with code `.invalidFixture` naming file and line of each bad line
    ///   (the first ten), or `.io` when unreadable.
    public static func validate(path: String) throws(VerifierError) -> ReplayFile {
        var reader = try LineReader(path: path)
        var hasher = SHA256()
        var count = 0
        var problems: [String] = []
        var problemCount = 0
        while let (number, bytes) = reader.next() {
            hasher.update(data: bytes)
            hasher.update(data: [UInt8(ascii: "\n")])
            if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            count += 1
            if let problem = problem(in: bytes) {
                problemCount += 1
                if problems.count < 10 { problems.append("\(path):\(number): \(problem)") }
            }
        }
        if problemCount > 0 {
            let more = problemCount > problems.count ? "\n(and \(problemCount - problems.count) more bad lines)" : ""
            throw VerifierError(.invalidFixture, problems.joined(separator: "\n") + more)
        }
        if count == 0 {
            throw VerifierError(.invalidFixture, "\(path): the replay file holds no requests.")
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return ReplayFile(path: path, count: count, sha256: digest)
    }

    private static func problem(in bytes: ArraySlice<UInt8>) -> String? {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: bytes)
        } catch {
            return "not JSON: \(error.message) at byte \(error.offset)."
        }
        guard let object = value.objectValue else {
            return "a request body must be a JSON object, not a \(value.typeName)."
        }
        if let duplicate = object.duplicateKeys.first { return "the key `\(duplicate)` appears twice." }
        guard let messages = object["messages"]?.arrayValue, !messages.isEmpty else {
            return "a request body needs a non-empty `messages` array."
        }
        for (index, message) in messages.enumerated() where message["role"]?.stringValue == nil {
            return "messages[\(index)] has no string `role`."
        }
        if let tools = object["tools"], !tools.isNull {
            guard let list = tools.arrayValue else { return "`tools` must be an array." }
            for (index, tool) in list.enumerated() {
                let function = tool["function"] ?? tool
                guard let name = function["name"]?.stringValue else { return "tools[\(index)] has no `function.name`." }
                // A tool schema that is not valid JSON Schema is the fixture's problem, never the provider's:
                // it is reported here, before anything is sent.
                if let parameters = function["parameters"], !parameters.isNull {
                    do {
                        _ = try JSONSchema(parameters)
                    } catch {
                        return "tools[\(index)] (\(name)): `parameters` is not a valid JSON Schema: \(error)"
                    }
                }
            }
        }
        return nil
    }

    /// The requests in file order, read lazily.
    /// - Returns: A sequence of cases.
    /// - Throws: ``VerifierError`` with code `.io` when the file cannot be opened.
    public func cases() throws(VerifierError) -> ReplayCases {
        ReplayCases(reader: try LineReader(path: path), name: name)
    }
}

/// The requests of a validated replay file, read a line at a time.
public struct ReplayCases: Sequence, IteratorProtocol {
    var reader: LineReader
    let name: String

    /// The next request, skipping blank lines (and, defensively, lines that stopped parsing since validation).
    public mutating func next() -> ReplayCase? {
        while let (number, bytes) = reader.next() {
            guard let value = try? JSONValue.parse(bytes: bytes), value.objectValue != nil else { continue }
            return ReplayCase(id: "\(name):\(number)", line: number, request: ChatRequest(body: value))
        }
        return nil
    }
}
