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

/// What parity compares of an answer: content, finish_reason, and each call's name and parsed arguments.
public struct MessageSignature: Sendable, Hashable {
    /// One call.
    public struct Call: Sendable, Hashable {
        /// The name when it is a string.
        public var name: String?
        /// The arguments parsed when they parse (else the raw value).
        public var arguments: JSONValue
    }

    /// Content text (`null` and absent read as empty).
    public var content: String
    /// `finish_reason`.
    public var finishReason: String?
    /// The calls in order.
    public var calls: [Call]

    /// A signature from its parts.
    /// - Parameters:
    ///   - content: The content text.
    ///   - finishReason: The finish reason.
    ///   - calls: The calls in order.
    public init(content: String, finishReason: String?, calls: [Call]) {
        self.content = content
        self.finishReason = finishReason
        self.calls = calls
    }

    /// The signature of a neutral answer.
    /// - Parameter answer: The answer.
    public init(_ answer: HostAnswer) {
        content = answer.text ?? ""
        finishReason = answer.rawStopReason
        calls = answer.calls.map { Call(name: $0.name, arguments: $0.comparable) }
    }
}

extension FailureLabel {
    /// The streamed answer differs from the non-streamed answer to the same deterministic request.
    public static let streamParity = FailureLabel(rawValue: "stream.parity")
}
