import JSONSchema

/// `wire.reasoning_in_text`: the model's reasoning reached the answer's `output_text`, where the user and the
/// agent read it as the answer: the text repeats a reasoning item's own text, or it is harmony rendered as plain
/// text (`analysis…assistantfinal…`, the channel names left in when the parser drops the special tokens).
///
/// Special-token markup itself (`<|channel|>`) is ``LeakedMarkup``'s.
public struct ReasoningInText: ResponsesWireCheck {
    public static let labels: [FailureLabel] = [.wireReasoningInText]

    /// The shortest reasoning text whose repetition in the answer counts (shorter ones repeat by chance).
    public static let minimumRepeatedLength = 24

    /// Creates the check.
    public init() {}

    public func findings(in context: ResponsesWireContext) -> [Finding] {
        guard let response = context.response else { return [] }
        let reasoning = response.items.filter { $0.type == "reasoning" }.compactMap(\.reasoning)
            .map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
            .filter { $0.count >= Self.minimumRepeatedLength }
        var findings: [Finding] = []
        for item in response.items where item.type == "message" {
            for (index, text) in (item.texts ?? []).enumerated() {
                let location = item.location + "/content/\(index)/text"
                if let repeated = reasoning.first(where: { text.contains($0) }) {
                    findings.append(
                        Finding(
                            .wireReasoningInText,
                            .error,
                            "The answer text repeats the reasoning: \"\(repeated.clipped(80))\".",
                            at: location
                        )
                    )
                } else if Self.isHarmonyAsText(text) {
                    findings.append(
                        Finding(
                            .wireReasoningInText,
                            .error,
                            "The answer text is harmony's analysis channel rendered as text: \"\(text.clipped(80))\".",
                            at: location
                        )
                    )
                }
            }
        }
        return findings
    }

    /// Whether `text` opens with harmony's analysis channel name and later switches to the final channel,
    /// with the special tokens between them dropped (`analysisThe user asks…assistantfinalIt is 18 °C.`).
    static func isHarmonyAsText(_ text: String) -> Bool {
        let trimmed = text.drop { $0.isWhitespace }
        guard trimmed.hasPrefix("analysis") else { return false }
        return trimmed.contains("assistantfinal") || trimmed.contains("assistant final")
    }
}

extension FailureLabel {
    /// Reasoning appears in a message's `output_text`.
    public static let wireReasoningInText = FailureLabel(rawValue: "wire.reasoning_in_text")
}
