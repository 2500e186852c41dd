/// `stream.parity`: for a deterministic request (temperature 0), the streamed answer equals the
/// non-streamed answer — same content, same finish_reason, same calls with the same names and the
/// same parsed arguments.
///
/// vLLM's parser suites assert "streaming reconstruction equals non-streaming" for every parser;
/// hosts whose streaming path has its own parser bugs fail it while each answer alone looks fine.
/// At temperature above 0 a single pair proves nothing, so such requests are not compared.
public enum Parity {
    /// The label this comparison produces.
    public static let labels: [FailureLabel] = [.streamParity]

    /// Whether a request's answers should be identical between transports.
    /// - Parameter request: The request as the fixture wrote it.
    /// - Returns: `true` when `temperature` is 0.
    public static func isDeterministic(_ request: ChatRequest) -> Bool {
        request.body["temperature"]?.numberValue?.decimal.isZero ?? false
    }

    /// Compares a streamed answer with the non-streamed answer to the same request.
    /// - Parameters:
    ///   - streamed: The streamed answer's signature.
    ///   - plain: The non-streamed answer's signature.
    ///   - plainEvidence: Where the non-streamed answer is recorded.
    /// - Returns: A `stream.parity` finding, or `nil` when they agree.
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

    /// The signature of a message.
    /// - Parameter message: The observed message.
    public init(_ message: ObservedMessage) {
        content = message.contentText ?? ""
        finishReason = message.finishReason
        calls = message.toolCalls.map { call in
            let raw = call.arguments ?? .null
            let parsed = raw.stringValue.flatMap { try? JSONValue.parse($0) } ?? raw
            return Call(name: call.nameString, arguments: parsed)
        }
    }
}
