import Synchronization
import VerifierCore

/// A mock host that samples, as an official API does: each answer draws anew, so a share of the model's
/// `tool_choice: auto` decisions flip (a call becomes a text answer, a text answer calls a tool) and text is
/// reworded, differently on every request — also between a run and its rerun, and between a streamed request
/// and its non-streamed twin.
///
/// Draws are reproducible from ``seed``: the n-th time a profile sees a request body in the process, it draws
/// `hash(seed, profile, body, n)`, so a test over five seeds is five fixed experiments.
///
/// ```swift
/// try await MockServer.withRunning(sampling: MockSampling(seed: 1, flipPercent: 3)) { port in … }
/// // http://127.0.0.1:\(port)/faithful+flips6/v1 samples with 6 % flips instead
/// ```
public struct MockSampling: Sendable, Hashable {
    /// What the draws are reproducible from.
    public var seed: UInt64
    /// The share (percent) of `auto` decisions that flip, per answer.
    public var flipPercent: Double
    /// Whether text answers are reworded per answer.
    public var reword: Bool
    /// Whether temperature-0 requests sample too (batched inference is not deterministic); otherwise only
    /// requests with a temperature above 0, or none, do.
    public var atTemperatureZero: Bool

    /// Creates a sampling mode.
    /// - Parameters:
    ///   - seed: The seed.
    ///   - flipPercent: The share of `auto` decisions flipped per answer, in percent.
    ///   - reword: Whether text is reworded.
    ///   - atTemperatureZero: Whether temperature-0 requests sample too.
    public init(seed: UInt64 = 1, flipPercent: Double = 3, reword: Bool = true, atTemperatureZero: Bool = true) {
        self.seed = seed
        self.flipPercent = flipPercent
        self.reword = reword
        self.atTemperatureZero = atTemperatureZero
    }

    /// Whether a request body samples under this mode.
    /// - Parameter body: The request body.
    /// - Returns: `true` at a temperature above 0 (or none), and at 0 when ``atTemperatureZero``.
    public func samples(_ body: JSONValue) -> Bool {
        atTemperatureZero || !Parity.isDeterministic(ChatRequest(body: body))
    }

    /// The model's decision as one sample draws it.
    /// - Parameters:
    ///   - decision: What the deterministic model decided.
    ///   - body: The request body.
    ///   - model: The model (to choose a tool and its arguments for a flipped text answer).
    ///   - draw: The sample's random bits.
    /// - Returns: The decision, flipped and reworded as the draw says.
    func perturb(
        _ decision: ScriptedModel.Decision,
        body: JSONValue,
        model: ScriptedModel,
        draw: UInt64
    ) -> ScriptedModel.Decision {
        let request = ChatRequest(body: body)
        let choice = request.toolChoice
        let isAuto = !request.tools.isEmpty && (choice == nil || choice?.isNull == true || choice?.stringValue == "auto")
        let uniform = Double(draw >> 11) / Double(UInt64(1) << 53)
        if isAuto, uniform < flipPercent / 100 {
            switch decision {
            case .calls, .textAndCalls:
                return .text(reworded(ScriptedModel.reply(to: Self.userText(body)), draw: draw))
            case .text:
                guard let tool = request.tools.first else { return decision }
                let arguments = model.arguments(for: tool, message: Self.userText(body))
                return .calls([ScriptedModel.Call(name: tool.name, arguments: arguments)])
            }
        }
        guard reword, case .text(let text) = decision else { return decision }
        return .text(reworded(text, draw: draw))
    }

    /// The text with one of a few openings, chosen by the draw: the same answer in other words.
    private func reworded(_ text: String, draw: UInt64) -> String {
        let openings = ["", "Sure. ", "Of course. ", "Certainly. "]
        return openings[Int((draw >> 3) % UInt64(openings.count))] + text
    }

    private static func userText(_ body: JSONValue) -> String {
        let messages = body["messages"]?.arrayValue ?? []
        return messages.last(where: { $0["role"]?.stringValue == "user" })?["content"].map(ScriptedModel.text) ?? ""
    }

    /// The random bits of one answer.
    /// - Parameters:
    ///   - profile: The profile path answered for.
    ///   - body: The request body's hash.
    ///   - sample: How many times the profile had seen the body before.
    /// - Returns: 64 mixed bits.
    func draw(profile: String, body: UInt64, sample: Int) -> UInt64 {
        var state = seed ^ MockResponder.fnv1a(Array(profile.utf8)) ^ (body &* 0x9E37_79B9_7F4A_7C15)
        state = state &+ UInt64(sample) &* 0xBF58_476D_1CE4_E5B9
        // SplitMix64's finaliser.
        state = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
        state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
        return state ^ (state >> 31)
    }
}

/// How many times each profile has seen each request body under each seed, so every answer is a fresh sample.
///
/// One ledger serves the whole process, so the runs of a `verifier calibrate` against a `mock://` reference, each
/// with a mock server of its own, still draw anew; keyed by seed too, trials with other seeds in the same process
/// (the tests run five at once) do not disturb each other's sequence.
final class SampleLedger: Sendable {
    /// The process's ledger.
    static let shared = SampleLedger()

    private let counts = Mutex([UInt64: Int]())

    /// The number of earlier sightings of `key`; this one is counted from now on.
    func next(_ key: UInt64) -> Int {
        counts.withLock { counts in
            let seen = counts[key, default: 0]
            counts[key] = seen + 1
            return seen
        }
    }
}
