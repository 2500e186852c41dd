import JSONSchema

/// `stream.parity`: for a deterministic request (temperature 0), the streamed answer equals the
/// non-streamed answer — same content, same finish_reason, same calls with the same names and the
/// same parsed arguments.
///
/// vLLM's parser suites assert "streaming reconstruction equals non-streaming" for every parser;
/// hosts whose streaming path has its own parser bugs fail it while each answer alone looks fine.
/// At temperature above 0 a single pair proves nothing, so such requests are not compared.
public struct Parity: PairCheck {
    /// The label this comparison produces.
    public static let labels: [FailureLabel] = [.streamParity]

    /// Whether a request's answers should be identical between transports.
    /// - Parameter request: The request as the fixture wrote it.
    /// - Returns: `true` when `temperature` is 0.
    public static func isDeterministic(_ request: ChatRequest) -> Bool {
        request.body["temperature"]?.numberValue?.decimal.isZero ?? false
    }

    /// Creates the check.
    public init() {}

    /// Compares a streamed answer (``PairContext/answer``) with its non-streamed twin (``PairContext/other``).
    public func findings(in context: PairContext) -> [Finding] {
        guard let streamed = context.answer.signature, let plain = context.other.signature else { return [] }
        return Self.compare(streamed: streamed, plain: plain, plainEvidence: context.otherEvidence).map { [$0] } ?? []
    }

    /// Compares two signatures of answers to one deterministic request.
    /// - Parameters:
    ///   - streamed: The streamed answer.
    ///   - plain: The non-streamed answer.
    ///   - plainEvidence: Where the non-streamed answer is recorded.
    /// - Returns: A `stream.parity` finding when they differ.
    public static func compare(streamed: MessageSignature, plain: MessageSignature, plainEvidence: String) -> Finding? {
        var differences: [String] = []
        if streamed.calls.count != plain.calls.count {
            differences.append("\(streamed.calls.count) call(s) streamed, \(plain.calls.count) not streamed")
        } else {
            for (position, (a, b)) in zip(streamed.calls, plain.calls).enumerated() {
                if a.name != b.name {
                    differences.append(
                        "call \(position) is \(a.name ?? "unnamed") streamed, \(b.name ?? "unnamed") not streamed"
                    )
                } else if !a.arguments.semanticallyEquals(b.arguments) {
                    differences.append(
                        "call \(position) arguments \(a.arguments.serialized().clipped(80)) streamed, "
                            + "\(b.arguments.serialized().clipped(80)) not streamed"
                    )
                }
            }
        }
        if streamed.content != plain.content {
            differences.append(
                "content \"\(streamed.content.clipped(60))\" streamed, \"\(plain.content.clipped(60))\" not streamed"
            )
        }
        if streamed.finishReason != plain.finishReason {
            differences.append(
                "finish_reason \(streamed.finishReason ?? "null") streamed, \(plain.finishReason ?? "null") not streamed"
            )
        }
        guard !differences.isEmpty else { return nil }
        return Finding(
            .streamParity,
            .error,
            "At temperature 0 the streamed answer differs from the non-streamed one (\(plainEvidence)): "
                + differences.joined(separator: "; ") + ".",
            at: "/events"
        )
    }
}

extension FailureLabel {
    /// The streamed answer differs from the non-streamed answer to the same deterministic request.
    public static let streamParity = FailureLabel(rawValue: "stream.parity")
}
