import JSONSchema

/// `stream.input_json`: a `tool_use` block's `input_json_delta` fragments do not assemble to one JSON object
/// (invalid JSON, or another value). Merged and split blocks are ``ToolUseMerged``'s and ``ToolUseSplit``'s.
public struct InputJSON: MessagesStreamCheck {
    public static let labels: [FailureLabel] = [.streamInputJSON]

    /// Creates the check.
    public init() {}

    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        let blocks = trace.toolUseBlocks
        var findings: [Finding] = []
        var position = 0
        while position < blocks.count {
            let run = ToolUseSplit.run(from: position, in: blocks)
            defer { position += max(run, 1) }
            let block = blocks[position]
            guard run == 1, block.fragments > 0, !block.json.allSatisfy(\.isWhitespace) else { continue }
            if let values = MessagesStreamTrace.concatenatedValues(block.json), values.count > 1 { continue }
            let problem: String
            do {
                let value = try JSONValue.parse(block.json)
                guard value.objectValue == nil else { continue }
                problem = "a JSON \(value.typeName), not an object"
            } catch {
                problem = "not JSON (\(error.message) at byte \(error.offset))"
            }
            findings.append(
                Finding(
                    .streamInputJSON,
                    .error,
                    "The \(block.fragments) input_json_delta fragment(s) of tool_use block \(block.index) assemble to "
                        + "\(problem): \(block.json.clipped(120))",
                    at: "/events/\(block.startEvent)"
                )
            )
        }
        return findings
    }
}

extension FailureLabel {
    /// Streamed input fragments do not assemble to one JSON object.
    public static let streamInputJSON = FailureLabel(rawValue: "stream.input_json")
}
