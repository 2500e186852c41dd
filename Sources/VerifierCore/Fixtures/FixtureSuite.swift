import Crypto
import Foundation
import JSONSchema
import VerifierJudging

/// The transport modes of a labelled case.
public enum CaseModes: String, Sendable, Hashable, CaseIterable {
    /// Streamed only.
    case stream
    /// Non-streamed only.
    case nonstream
    /// Both, as two items.
    case both

    /// `true` means streamed.
    public var flags: [Bool] {
        switch self {
        case .stream: [true]
        case .nonstream: [false]
        case .both: [false, true]
        }
    }
}

/// One labelled case of a suite (DESIGN §3).
public struct FixtureCase: Sendable, Hashable {
    /// The case id, unique in its suite.
    public var id: String
    /// The suite's name.
    public var suite: String
    /// The file the case is in.
    public var file: String
    /// The line the case starts on.
    public var line: Int
    /// What the case checks, in a sentence.
    public var description: String?
    /// The request body exactly as sent (the runner adds `model`, `stream` and `stream_options`).
    public var request: ChatRequest
    /// The transport modes.
    public var modes: CaseModes
    /// How many times each mode is sent.
    public var repeatCount: Int
    /// What the answer must be.
    public var expectation: CaseExpectation
    /// How status probes are judged against the reference.
    public var policy: RequestPolicy
    /// The prompt-token tolerance of ``CaseExpectation/promptTokens`` and of reference parity.
    public var promptTokenTolerance: Int

    /// `<suite>/<id>`: the case's id in evidence and reports.
    public var qualifiedID: String { "\(suite)/\(id)" }

    /// `file:line`.
    public var location: String { "\(file):\(line)" }
}

/// A suite of labelled cases: `Fixtures/suites/<name>.json`.
///
/// ```json
/// {
///   "suite": "tool-choice",
///   "description": "tool_choice and parallel_tool_calls are honoured",
///   "defaults": {"modes": "both", "repeat": 1},
///   "cases": [
///     {"id": "none-weather", "request": {"messages": [...], "tools": [...], "tool_choice": "none"},
///      "expect": {"calls": "none"}}
///   ]
/// }
/// ```
/// Loading validates everything — bad JSON, unknown or repeated fields, duplicate ids, requests the
/// API must reject (unless the case expects a 4xx), tool schemas that are not JSON Schema, and
/// expectations naming tools or arguments the request does not offer — and reports each problem as
/// `file:line: case <id>: …`.
public struct FixtureSuite: Sendable {
    /// The suite's name (the file's name without `.json`).
    public var name: String
    /// The file's path.
    public var path: String
    /// What the suite proves.
    public var description: String
    /// How status probes are judged by default.
    public var policy: RequestPolicy
    /// When set, the suite runs by default only for models whose name contains one of these
    /// (case-insensitively); `--suite` runs it regardless.
    public var models: [String]?
    /// The cases in file order.
    public var cases: [FixtureCase]
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String

    /// Requests one run of the suite sends to one provider (modes × repeats), before parity twins.
    public var requestCount: Int { cases.reduce(0) { $0 + $1.modes.flags.count * $1.repeatCount } }

    /// Whether the suite runs by default for `model`.
    /// - Parameter model: The configured model name.
    /// - Returns: Whether it applies.
    public func applies(to model: String) -> Bool {
        guard let models else { return true }
        let lowered = model.lowercased()
        return models.contains { lowered.contains($0.lowercased()) }
    }

    /// Loads and validates a suite file.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - policy: A request policy overriding the file's.
    /// - Returns: The suite.
    /// - Throws: ``VerifierError`` `.invalidFixture` listing each problem as `file:line: …` (at most 20).
    public static func load(path: String, policy: RequestPolicy? = nil) throws(VerifierError) -> FixtureSuite {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VerifierError(.invalidFixture, "\(path): cannot read the suite file.")
        }
        let bytes = [UInt8](data)
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: bytes)
        } catch {
            let line = bytes.prefix(error.offset).reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw VerifierError(.invalidFixture, "\(path):\(line): not JSON: \(error.message).")
        }
        var reader = SuiteReader(path: path, lines: JSONLineMap(bytes: bytes))
        let suite = reader.suite(from: value, bytes: bytes, policy: policy)
        if !reader.problems.isEmpty {
            let shown = reader.problems.prefix(20).joined(separator: "\n")
            let more = reader.problems.count > 20 ? "\n(and \(reader.problems.count - 20) more problems)" : ""
            throw VerifierError(.invalidFixture, shown + more)
        }
        guard let suite else { throw VerifierError(.invalidFixture, "\(path): the suite could not be read.") }
        return suite
    }
}
