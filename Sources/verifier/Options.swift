import ArgumentParser
import Logging
import VerifierCore

/// Flags shared by commands that run requests.
struct RunOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Replay file(s), one request body per line (K2VV samples.jsonl format). Default: Fixtures/replay/*.jsonl."
    )
    var replay: [String] = []

    @Option(
        name: .long,
        help:
            "Run only this suite (repeatable): a name from `verifier fixtures list`. Default: every suite that applies to the model."
    )
    var suite: [String] = []

    @Option(name: .long, help: "The Fixtures folder. Default: ./Fixtures, or the nearest one above.")
    var fixtures: String?

    @Option(
        name: .long,
        help:
            "How request probes are judged: compatible (a stricter 4xx is reported, not failed) or parity (status class must match the reference). Default: as each suite says."
    )
    var requestPolicy: RequestPolicy?

    @Option(
        name: .long,
        help: "Transport modes: recorded (as each replayed body or suite case says), stream, nonstream or both."
    )
    var mode: ModeSelection = .recorded

    @Option(
        name: .long,
        help: """
            The API surface to ask the provider on: chat (/v1/chat/completions), messages (Anthropic /v1/messages) or \
            responses. Default: the provider's `api:` in the configuration (chat). The reference stays on its own \
            configured surface, so a different one here compares across surfaces — the provider against itself too.
            """
    )
    var api: APISurface?

    @Option(name: .long, help: "Send at most this many cases.")
    var limit: Int?

    @Option(name: .long, help: "At most this many cases of each suite, spread evenly over it.")
    var casesPerSuite: Int?

    @Option(
        name: .long,
        help: """
            Send each suite case this many times its own `repeat` (ids suite/case#2, …), to narrow the intervals of \
            a small suite: an inconclusive gate names the repeats that would decide it. Replayed requests are sent once.
            """
    )
    var repeats: Int = 1

    @Option(name: .long, help: "Stop (incomplete, resumable) before sending more than this many requests in all.")
    var maxRequests: Int?

    @Option(
        name: .long,
        help: "Stop (incomplete, resumable) once the answers cost this many USD at the configured prices."
    )
    var maxCost: Double?

    @Option(name: .long, help: "Stop (incomplete, resumable) after this many seconds; cases in flight are cancelled.")
    var deadline: Double?

    @Flag(
        name: .long,
        inversion: .prefixedNo,
        help: "Also send each streamed request non-streamed and compare the answers (stream.parity)."
    )
    var parity = true

    @Option(name: .long, help: "Folder for run reports.")
    var output: String = "Reports"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .notice

    func validate() throws {
        if let maxRequests, maxRequests < 1 { throw ValidationError("--max-requests must be at least 1.") }
        if let maxCost, !(maxCost > 0) { throw ValidationError("--max-cost must be a positive number of USD.") }
        if let deadline, !(deadline > 0) { throw ValidationError("--deadline must be a positive number of seconds.") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        guard (1...1000).contains(repeats) else { throw ValidationError("--repeats must be between 1 and 1000.") }
    }
}

// Closed sets of values are parsed by ArgumentParser, which rejects anything else with a usage error (exit 64)
// and lists the values in `--help`; nothing falls back silently.
extension ModeSelection: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { names }
}

extension RequestPolicy: ExpressibleByArgument {}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension APISurface: ExpressibleByArgument {}
