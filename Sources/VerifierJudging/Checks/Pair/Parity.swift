import JSONSchema

/// `stream.parity`: for a deterministic request (temperature 0), the streamed answer equals the
/// non-streamed answer — same calls with the same names and the same parsed arguments, the same
/// finish_reason, and the same text.
///
/// vLLM's parser suites assert "streaming reconstruction equals non-streaming" for every parser;
/// hosts whose streaming path has its own parser bugs fail it while each answer alone looks fine.
/// At temperature above 0 a single pair proves nothing, so such requests are not compared.
///
/// Batched GPU inference is not deterministic even at temperature 0, so the comparison follows a
/// ``ParityRule`` taken from the reference's calibration: text is compared exactly only when the
/// reference proved deterministic, and a difference of a kind the reference's own twins show (say, a
/// call made in one transport and not the other) is a warning counted against the reference's rate,
/// while a kind it never shows (different arguments for the same call) stays an error.
public struct Parity: PairCheck {
    /// The label this comparison produces.
    public static let labels: [FailureLabel] = [.streamParity]

    /// Whether a request's answers should be identical between transports.
    /// - Parameter request: The request as the fixture wrote it.
    /// - Returns: `true` when `temperature` is 0.
    public static func isDeterministic(_ request: ChatRequest) -> Bool {
        request.body["temperature"]?.numberValue?.decimal.isZero ?? false
    }

    /// How the twins are compared.
    public var rule: ParityRule

    /// Creates the check.
    /// - Parameter rule: How the twins are compared (default: exactly, for a deterministic reference).
    public init(rule: ParityRule = ParityRule()) {
        self.rule = rule
    }

    /// Compares a streamed answer (``PairContext/answer``) with its non-streamed twin (``PairContext/other``).
    public func findings(in context: PairContext) -> [Finding] {
        guard let streamed = context.answer.signature, let plain = context.other.signature else { return [] }
        return Self.compare(streamed: streamed, plain: plain, plainEvidence: context.otherEvidence, rule: rule)
            .map { [$0] } ?? []
    }

    /// Compares two signatures of answers to one deterministic request.
    /// - Parameters:
    ///   - streamed: The streamed answer.
    ///   - plain: The non-streamed answer.
    ///   - plainEvidence: Where the non-streamed answer is recorded.
    ///   - rule: How text and structure differences are weighed.
    /// - Returns: A `stream.parity` finding when they differ: an error, or a warning when every difference is of a
    ///   kind the reference's own twins show (its rate is judged instead).
    public static func compare(
        streamed: MessageSignature,
        plain: MessageSignature,
        plainEvidence: String,
        rule: ParityRule = ParityRule()
    ) -> Finding? {
        let found = differences(streamed: streamed, plain: plain, rule: rule)
        guard !found.isEmpty else { return nil }
        let tolerated = found.allSatisfy { rule.tolerates($0.kind) }
        return Finding(
            .streamParity,
            tolerated ? .warning : .error,
            "At temperature 0 the streamed answer differs from the non-streamed one (\(plainEvidence)): "
                + found.map(\.text).joined(separator: "; ") + "."
                + (tolerated
                    ? " The reference's own twins differ this way in \(Metric.percent(rule.referenceRate)) of its "
                        + "calibrated cases, so this is judged by rate (wire.stream_call_rate_parity for a call made "
                        + "one way only, wire.stream_twin_rate otherwise)." : ""),
            at: "/events"
        )
    }

    /// The kinds of difference between two answers (empty when they agree under `rule`).
    /// - Parameters:
    ///   - streamed: The streamed answer.
    ///   - plain: The non-streamed answer.
    ///   - rule: How text is compared.
    /// - Returns: The kinds found.
    public static func kinds(streamed: MessageSignature, plain: MessageSignature, rule: ParityRule = ParityRule())
        -> Set<ParityDifference>
    {
        Set(differences(streamed: streamed, plain: plain, rule: rule).map(\.kind))
    }

    private static func differences(streamed: MessageSignature, plain: MessageSignature, rule: ParityRule)
        -> [(kind: ParityDifference, text: String)]
    {
        var differences: [(kind: ParityDifference, text: String)] = []
        if streamed.calls.count != plain.calls.count {
            differences.append(
                (.decision, "\(streamed.calls.count) call(s) streamed, \(plain.calls.count) not streamed")
            )
        } else {
            for (position, (a, b)) in zip(streamed.calls, plain.calls).enumerated() {
                if a.name != b.name {
                    differences.append(
                        (.tool, "call \(position) is \(a.name ?? "unnamed") streamed, \(b.name ?? "unnamed") not streamed")
                    )
                } else if !a.arguments.semanticallyEquals(b.arguments) {
                    differences.append(
                        (
                            .arguments,
                            "call \(position) arguments \(a.arguments.serialized().clipped(80)) streamed, "
                                + "\(b.arguments.serialized().clipped(80)) not streamed"
                        )
                    )
                }
            }
        }
        let textDiffers =
            rule.text == .exact
            ? streamed.content != plain.content : !ParityRule.textsAgree(streamed.content, plain.content)
        // A call made in one transport only changes the text as well; that is one difference, not two.
        if textDiffers, streamed.calls.isEmpty == plain.calls.isEmpty {
            differences.append(
                (
                    .text,
                    "content \"\(streamed.content.clipped(60))\" streamed, \"\(plain.content.clipped(60))\" not streamed"
                )
            )
        }
        if streamed.finishReason != plain.finishReason, streamed.calls.isEmpty == plain.calls.isEmpty {
            differences.append(
                (
                    .finish,
                    "finish_reason \(streamed.finishReason ?? "null") streamed, \(plain.finishReason ?? "null") not streamed"
                )
            )
        }
        return differences
    }
}

/// A kind of difference between the streamed and the non-streamed answer to one request.
public enum ParityDifference: String, Sendable, Hashable, CaseIterable, Comparable {
    /// One transport called and the other did not, or they made different numbers of calls.
    case decision
    /// The same number of calls, to different tools.
    case tool
    /// The same tools, with different parsed arguments.
    case arguments
    /// Different text (beyond the rule's tolerance).
    case text
    /// The same calls, a different finish_reason.
    case finish

    /// Orders kinds by name, so sets of them are written in a stable order.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How streamed and non-streamed answers to one temperature-0 request are compared, from what the reference
/// showed in calibration; the scorecard names the rule that applied (`exact`, `structure` or `rate`).
public struct ParityRule: Sendable, Hashable {
    /// How the answers' text is compared.
    public enum Text: String, Sendable, Hashable {
        /// Byte for byte: the reference proved deterministic (or was not calibrated).
        case exact
        /// By ``ParityRule/textsAgree(_:_:)``: the reference's own text varied between runs.
        case tolerant
    }

    /// How text is compared.
    public var text: Text
    /// The kinds of difference the reference's own twins showed in calibration: differences of these kinds
    /// are judged by rate; any other kind is a defect.
    public var referenceKinds: Set<ParityDifference>
    /// The reference's twin pairs compared in calibration, pooled over its runs.
    public var referencePairs: Int
    /// Of which differed in one of ``referenceKinds``.
    public var referenceDiffering: Int

    /// Creates a rule.
    /// - Parameters:
    ///   - text: How text is compared.
    ///   - referenceKinds: The kinds the reference's twins showed.
    ///   - referencePairs: The reference's twin pairs compared.
    ///   - referenceDiffering: Of which differed.
    public init(
        text: Text = .exact,
        referenceKinds: Set<ParityDifference> = [],
        referencePairs: Int = 0,
        referenceDiffering: Int = 0
    ) {
        self.text = text
        self.referenceKinds = referenceKinds
        self.referencePairs = referencePairs
        self.referenceDiffering = referenceDiffering
    }

    /// The reference's own rate of tolerated differences (0 when it showed none).
    public var referenceRate: Double {
        referencePairs == 0 ? 0 : Double(referenceDiffering) / Double(referencePairs)
    }

    /// Whether a difference of `kind` is judged by rate rather than as a defect.
    /// - Parameter kind: The kind.
    /// - Returns: Whether the reference's own twins showed it.
    public func tolerates(_ kind: ParityDifference) -> Bool { referenceKinds.contains(kind) }

    /// The rule's name for the scorecard: `exact` (text and structure must match), `structure` (structure must
    /// match, text is compared tolerantly), or `rate` (the kinds the reference shows are counted against its rate).
    public var name: String {
        !referenceKinds.isEmpty ? "rate" : text == .exact ? "exact" : "structure"
    }

    /// Whether a host's tolerated differences are too many for the reference's rate (``BinomialTest``).
    /// - Parameters:
    ///   - differing: The host's pairs that differed in a tolerated kind.
    ///   - pairs: The host's pairs compared.
    /// - Returns: Whether the host differs significantly more often than the reference.
    public func exceeds(differing: Int, pairs: Int) -> Bool {
        BinomialTest.exceeds(
            events: differing,
            trials: pairs,
            referenceEvents: referenceDiffering,
            referenceTrials: referencePairs,
            margin: GateConfiguration().baselineMargin
        )
    }

    /// The tolerant text measure: both empty or both not, lengths within a factor of two, and at least half of
    /// the words shared (Jaccard similarity of the lower-cased word sets).
    /// - Parameters:
    ///   - a: One text.
    ///   - b: The other.
    /// - Returns: Whether they count as the same answer.
    public static func textsAgree(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if a.isEmpty != b.isEmpty { return false }
        let (shorter, longer) = a.count < b.count ? (a.count, b.count) : (b.count, a.count)
        guard longer <= 2 * max(shorter, 1) else { return false }
        let wordsA = words(a)
        let wordsB = words(b)
        let union = wordsA.union(wordsB).count
        return union == 0 || Double(wordsA.intersection(wordsB).count) / Double(union) >= 0.5
    }

    private static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
    }
}

extension FailureLabel {
    /// The streamed answer differs from the non-streamed answer to the same deterministic request.
    public static let streamParity = FailureLabel(rawValue: "stream.parity")
}
