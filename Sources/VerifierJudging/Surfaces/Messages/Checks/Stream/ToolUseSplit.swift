import JSONSchema

/// `stream.tool_use_split`: one call is spread over several `tool_use` blocks — consecutive blocks with the
/// same id, or blocks whose fragments only parse when joined. vLLM's `/v1/messages` opened a new block for every
/// argument chunk: clients see several calls with broken input ("required parameter missing").
public struct ToolUseSplit: MessagesStreamCheck {
    public static let labels: [FailureLabel] = [.streamToolUseSplit]

    /// Creates the check.
    public init() {}

    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        let blocks = trace.toolUseBlocks
        var findings: [Finding] = []
        var position = 0
        while position < blocks.count {
            let run = Self.run(from: position, in: blocks)
            if run > 1 {
                let first = blocks[position]
                findings.append(
                    Finding(
                        .streamToolUseSplit,
                        .error,
                        "One call (\(first.name?.stringValue ?? "?"), id \(first.id?.serialized() ?? "missing")) is split over "
                            + "\(run) tool_use blocks, \(first.index) to \(blocks[position + run - 1].index).",
                        at: "/events/\(first.startEvent)"
                    )
                )
            }
            position += max(run, 1)
        }
        return findings
    }

    /// How many blocks from `start` belong to the call that opens there.
    static func run(from start: Int, in blocks: [MessagesStreamTrace.ToolUseBlock]) -> Int {
        let first = blocks[start]
        var count = 1
        var joined = first.json
        while start + count < blocks.count {
            let next = blocks[start + count]
            let sameID = (first.id?.stringValue).map { !$0.isEmpty && next.id?.stringValue == $0 } ?? false
            let incomplete = !Self.parses(joined) && !joined.isEmpty
            guard sameID || (incomplete && Self.parses(joined + next.json)) || (incomplete && !Self.parses(next.json)) else {
                break
            }
            joined += next.json
            count += 1
        }
        return count
    }

    static func parses(_ text: String) -> Bool { (try? JSONValue.parse(text))?.objectValue != nil }
}

extension FailureLabel {
    /// One call streamed over several `tool_use` blocks.
    public static let streamToolUseSplit = FailureLabel(rawValue: "stream.tool_use_split")
}
