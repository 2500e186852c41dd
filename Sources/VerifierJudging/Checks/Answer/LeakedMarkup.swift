import JSONSchema

/// `wire.leaked_markup`: tool-call markup or special tokens of a chat template in `content` or reasoning.
///
/// When a host's tool-call parser fails (wrong parser for the model, a streaming bug, a template that
/// drops `tools`), the model's raw call syntax reaches the client as text and the call is lost.
/// Evidence: vLLM PRs #48940 and #46875, SGLang's Kimi-K2 detector test (markup returned as
/// `normal_text`), ai-dynamo/dynamo PR #8820, vLLM's Mistral parser not stripping `[TOOL_CALLS]`.
public struct LeakedMarkup: AnswerCheck {
    /// A marker and the model family whose template emits it.
    public struct Marker: Sendable, Hashable {
        /// The literal text.
        public var text: String
        /// Who emits it.
        public var family: String
    }

    /// The markers looked for, by family.
    public static let markers: [Marker] = {
        let table: [(String, [String])] = [
            (
                "Kimi K2",
                [
                    "<|tool_calls_section_begin|>", "<|tool_calls_section_end|>", "<|tool_call_begin|>",
                    "<|tool_call_argument_begin|>", "<|tool_call_end|>",
                ]
            ),
            (
                "DeepSeek",
                [
                    "<｜tool▁calls▁begin｜>", "<｜tool▁calls▁end｜>", "<｜tool▁call▁begin｜>", "<｜tool▁call▁end｜>",
                    "<｜tool▁sep｜>", "<｜end▁of▁sentence｜>",
                ]
            ),
            ("Hermes/Qwen", ["<tool_call>", "</tool_call>"]),
            ("Qwen3-Coder XML", ["<function=", "<parameter="]),
            ("Mistral", ["[TOOL_CALLS]", "[ARGS]", "[/TOOL_CALLS]"]),
            ("Llama 3", ["<|python_tag|>", "<|eom_id|>", "<|eot_id|>", "<|start_header_id|>"]),
            ("gpt-oss harmony", ["<|channel|>", "<|message|>", "<|call|>", "<|constrain|>", "<|start|>", "<|end|>"]),
            ("GLM-4.5", ["<arg_key>", "<arg_value>"]),
            ("MiniMax M2", ["<minimax:tool_call>", "</minimax:tool_call>"]),
            ("Gemma", ["<|tool_call>", "<tool_code>", "<start_function_call>"]),
            ("ChatML", ["<|im_start|>", "<|im_end|>", "<|endoftext|>"]),
        ]
        return table.flatMap { family, texts in texts.map { Marker(text: $0, family: family) } }
    }()

    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.wireLeakedMarkup]

    public func findings(in context: AnswerContext) -> [Finding] {
        var findings: [Finding] = []
        let answer = context.answer
        let fields: [(String, String?, String)] = [
            ("content", answer.text, answer.textLocation),
            ("reasoning", answer.reasoning, answer.reasoningLocation),
        ]
        for (field, text, location) in fields {
            guard let text, !text.isEmpty, let (marker, range) = Self.firstMarker(in: text) else { continue }
            let start = text.distance(from: text.startIndex, to: range.lowerBound)
            let excerpt = String(text[range.lowerBound...].prefix(120))
            findings.append(
                Finding(
                    .wireLeakedMarkup,
                    .error,
                    "`\(field)` contains \(marker.family) tool-call markup \(marker.text) at character \(start): \(excerpt)",
                    at: location
                )
            )
        }
        return findings
    }

    /// The earliest marker in `text`, if any.
    /// - Parameter text: Content or reasoning text.
    /// - Returns: The marker and where it occurs.
    public static func firstMarker(in text: String) -> (Marker, Range<String.Index>)? {
        guard text.contains("<") || text.contains("[") else { return nil }
        var best: (Marker, Range<String.Index>)?
        for marker in markers {
            if let range = text.firstRange(of: marker.text), best.map({ range.lowerBound < $0.1.lowerBound }) ?? true {
                best = (marker, range)
            }
        }
        return best
    }
}

extension FailureLabel {
    /// Tool-call markup or special tokens appear in `content` or reasoning.
    public static let wireLeakedMarkup = FailureLabel(rawValue: "wire.leaked_markup")
}
