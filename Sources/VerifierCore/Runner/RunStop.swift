import JSONSchema
import Synchronization
import VerifierJudging

/// A request to stop a run early, from a signal handler, a ceiling or a deadline; the first reason wins.
public final class RunStop: Sendable {
    private let state = Mutex<String?>(nil)

    /// Creates a stop that has not been requested.
    public init() {}

    /// Asks the run to stop.
    /// - Parameter reason: Why, as a clause ("interrupted by SIGINT").
    public func request(_ reason: String) {
        state.withLock { current in if current == nil { current = reason } }
    }

    /// The reason, once requested.
    public var reason: String? { state.withLock { $0 } }
}

/// A run's progress after a case, for a progress line.
public struct RunProgress: Sendable {
    /// Cases done (this session).
    public var done: Int
    /// Cases to run.
    public var total: Int
    /// Requests sent so far.
    public var requests: Int
    /// Seconds since the run started.
    public var seconds: Double
    /// Per candidate: cases with an error finding.
    public var failing: [Int]
    /// The candidates' names.
    public var providers: [String]

    /// Cases per second.
    public var rate: Double { seconds > 0 ? Double(done) / seconds : 0 }

    /// Seconds left at the current rate, when known.
    public var remainingSeconds: Double? { rate > 0 ? Double(total - done) / rate : nil }
}
