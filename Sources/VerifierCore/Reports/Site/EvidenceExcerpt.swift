import Foundation
import JSONSchema
import VerifierJudging

/// What the site shows of one evidence record: the request's tools and last message, and the response
/// body or SSE text, clipped to a few KB.
public struct EvidenceExcerpt: Sendable, Hashable {
    /// Characters kept of the request's last message.
    public static let messageLimit = 800
    /// Characters kept of the response body.
    public static let responseLimit = 3000

    /// The pointer (`evidence.jsonl:591`).
    public var pointer: String
    /// The record's case id.
    public var caseID: String?
    /// `stream` or `nonstream`.
    public var mode: String?
    /// `candidate` or `reference`.
    public var role: String?
    /// The HTTP status, or `no response`.
    public var status: String?
    /// The request's tools and tool choice, summarised.
    public var tools: String?
    /// The request's last message, summarised and clipped.
    public var lastMessage: String?
    /// The response body (SSE text when streamed), clipped.
    public var response: String?
    /// The transport failure, when the exchange had one.
    public var failure: String?
    /// The labels of the record's findings.
    public var findings: [String] = []
    /// Why nothing can be shown (missing file, line past the end, not JSON), or `nil`.
    public var problem: String?

    /// An excerpt that only says why the record cannot be shown.
    /// - Parameters:
    ///   - pointer: The pointer.
    ///   - problem: Why.
    public init(pointer: String, problem: String) {
        self.pointer = pointer
        self.problem = problem
    }

    /// Summarises an evidence record.
    /// - Parameters:
    ///   - record: The record (one line of `evidence.jsonl`).
    ///   - pointer: Its pointer.
    public init(record: JSONValue, pointer: String) {
        self.pointer = pointer
        caseID = record["case"]?.stringValue
        mode = record["mode"]?.stringValue
        role = record["role"]?.stringValue
        let request = record["request"]
        if let tools = request?["tools"]?.arrayValue {
            let names = tools.map { $0["function"]?["name"]?.stringValue ?? "?" }
            var text = "\(names.count) tool\(names.count == 1 ? "" : "s")"
            if !names.isEmpty { text += ": " + names.prefix(12).joined(separator: ", ") }
            if names.count > 12 { text += ", …" }
            if let choice = request?["tool_choice"] {
                text += "; tool_choice " + (choice.stringValue ?? choice.serialized())
            }
            if let parallel = request?["parallel_tool_calls"]?.boolValue {
                text += "; parallel_tool_calls \(parallel)"
            }
            self.tools = text
        }
        if let last = request?["messages"]?.arrayValue?.last {
            lastMessage = Self.clip(Self.describe(message: last), to: Self.messageLimit)
        }
        if let response = record["response"] {
            status = response["status"]?.intValue.map(String.init) ?? "no response"
            if let body = response["body"]?.stringValue {
                self.response = Self.clip(body, to: Self.responseLimit)
            } else if let encoded = response["body_base64"]?.stringValue {
                self.response = "(a body that is not UTF-8: \(encoded.utf8.count) characters of base64)"
            }
            if let failure = response["failure"] {
                self.failure =
                    (failure["label"]?.stringValue ?? "failure") + ": " + (failure["message"]?.stringValue ?? "")
            }
        }
        findings = (record["findings"]?.arrayValue ?? []).compactMap { $0["label"]?.stringValue }
    }

    /// `role: content`, with tool calls and tool results spelled out.
    static func describe(message: JSONValue) -> String {
        let role = message["role"]?.stringValue ?? "?"
        var parts: [String] = []
        switch message["content"] {
        case .string(let text)?:
            parts.append(text)
        case .array(let items)?:
            parts.append(items.map { $0["text"]?.stringValue ?? $0.serialized() }.joined(separator: "\n"))
        case nil, .null?:
            break
        case let other?:
            parts.append(other.serialized())
        }
        for call in message["tool_calls"]?.arrayValue ?? [] {
            let name = call["function"]?["name"]?.stringValue ?? "?"
            let arguments = call["function"]?["arguments"].map { $0.stringValue ?? $0.serialized() } ?? ""
            parts.append("→ \(name)(\(arguments))")
        }
        let id = message["tool_call_id"]?.stringValue.map { " [\($0)]" } ?? ""
        return role + id + ": " + parts.joined(separator: "\n")
    }

    /// Clips text to `limit` characters, saying how much was left out.
    static func clip(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let kept = String(text.prefix(limit))
        guard kept.count < text.count else { return text }
        return kept + "\n… (\(text.utf8.count - kept.utf8.count) more bytes in the evidence file)"
    }

    /// Reads the records behind evidence pointers of one run.
    ///
    /// Each file is read once, up to the highest line asked for. A pointer to a file outside the run folder
    /// (an absolute path or one with `..`) is not followed.
    /// - Parameters:
    ///   - pointers: Pointers such as `evidence.jsonl:591`, relative to `folder`.
    ///   - folder: The run folder.
    /// - Returns: An excerpt (or the reason there is none) for every pointer.
    public static func load(_ pointers: [String], folder: String) -> [String: EvidenceExcerpt] {
        var wanted: [String: Set<Int>] = [:]
        var excerpts: [String: EvidenceExcerpt] = [:]
        for pointer in pointers {
            guard let colon = pointer.lastIndex(of: ":"), let line = Int(pointer[pointer.index(after: colon)...]),
                line > 0
            else {
                excerpts[pointer] = EvidenceExcerpt(pointer: pointer, problem: "not a <file>:<line> pointer")
                continue
            }
            let file = String(pointer[..<colon])
            let components = file.split(separator: "/")
            guard !file.isEmpty, !file.hasPrefix("/"), !components.contains("..") else {
                excerpts[pointer] = EvidenceExcerpt(pointer: pointer, problem: "points outside the run folder")
                continue
            }
            wanted[file, default: []].insert(line)
        }
        for (file, lines) in wanted {
            let path = folder + "/" + file
            guard let highest = lines.max(), var reader = try? LineReader(path: path) else {
                for line in lines {
                    excerpts["\(file):\(line)"] = EvidenceExcerpt(
                        pointer: "\(file):\(line)",
                        problem: "\(file) is not next to the scorecard"
                    )
                }
                continue
            }
            var last = 0
            while let (number, bytes) = reader.next() {
                last = number
                if lines.contains(number) {
                    let pointer = "\(file):\(number)"
                    if let record = try? JSONValue.parse(bytes: bytes), record.objectValue != nil {
                        excerpts[pointer] = EvidenceExcerpt(record: record, pointer: pointer)
                    } else {
                        excerpts[pointer] = EvidenceExcerpt(pointer: pointer, problem: "line \(number) is not a record")
                    }
                }
                if number >= highest { break }
            }
            for line in lines where line > last {
                excerpts["\(file):\(line)"] = EvidenceExcerpt(
                    pointer: "\(file):\(line)",
                    problem: "\(file) has only \(last) lines"
                )
            }
        }
        return excerpts
    }
}
