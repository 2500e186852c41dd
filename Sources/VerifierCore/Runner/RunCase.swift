import JSONSchema
import VerifierJudging

/// One case as the runner sends it: a request, its modes, and what its answer is judged against.
struct RunCase: Sendable {
    /// The id in evidence and reports: `bfcl.jsonl:12`, `tool-choice/none-weather`, or with `#k` for
    /// the k-th repeat (k ≥ 2).
    var id: String
    /// The id without the repeat suffix: what decides the case's shard.
    var fixtureID: String
    /// The suite's name.
    var suite: String
    /// The request as written.
    var request: ChatRequest
    /// The transport modes (`true` = streamed).
    var modes: [Bool]
    /// What the answer must be.
    var expectation: CaseExpectation
    /// How status probes are judged.
    var policy: RequestPolicy
    /// Tolerance for a labelled prompt-token count.
    var promptTokenTolerance: Int
}

extension RunCase {
    /// One repeat of a labelled case.
    /// - Parameters:
    ///   - fixture: The case.
    ///   - repeatIndex: Which repeat (0 for the first, whose id carries no suffix).
    ///   - modes: The run's mode selection (`recorded`: the case's own modes).
    init(fixture: FixtureCase, repeatIndex: Int, modes: ModeSelection) {
        self.init(
            id: fixture.qualifiedID + (repeatIndex == 0 ? "" : "#\(repeatIndex + 1)"),
            fixtureID: fixture.qualifiedID,
            suite: fixture.suite,
            request: fixture.request,
            modes: modes == .recorded ? fixture.modes.flags : modes.modes(for: fixture.request),
            expectation: fixture.expectation,
            policy: fixture.policy,
            promptTokenTolerance: fixture.promptTokenTolerance
        )
    }

    /// SHA-256 of a case's request as written (the key `--resume` skips recorded cases by).
    static func requestHash(_ request: ChatRequest) -> String {
        EvidenceRecord.sha256Hex(request.body.serializedBytes())
    }
}

/// The cases of a run's sources in order, read lazily from replay files.
struct RunCases: Sendable {
    let sources: [CaseSource]
    let modes: ModeSelection
    /// At most this many cases of each source, spread evenly over it (`nil`: all).
    var perSource: Int? = nil
    /// At most this many cases in all (each repeat counted), taken in source order before sharding, so the
    /// shards of a limited run together hold exactly the cases the unsharded run sends.
    var limit: Int? = nil
    /// Only the cases of this shard (`nil`: every case).
    var shard: Shard? = nil
    /// Each suite case is sent this many times its own `repeat` (replayed requests once).
    var repeats = 1

    /// Whether the case at `position` of a source of `count` cases is run: with a cap `k`, the cases
    /// at ⌊i·count/k⌋ for i in 0..<k, so a sample covers the whole file deterministically.
    static func isSampled(_ position: Int, of count: Int, cap: Int?) -> Bool {
        guard let cap, cap < count, cap > 0 else { return true }
        // position is chosen iff some i has ⌊i·count/cap⌋ == position.
        let i = (position * cap + count - 1) / count
        return i < cap && (i * count) / cap == position
    }

    /// The cases the iterator yields: every case (each repeat counted) within the limit and the shard.
    /// - Returns: The number of cases.
    /// - Throws: ``VerifierError`` when a replay file cannot be read (sharded runs read them to count).
    func count() throws(VerifierError) -> Int {
        guard shard != nil else { return min(total, limit ?? Int.max) }
        var iterator = try makeIterator()
        var count = 0
        while iterator.next() != nil { count += 1 }
        return count
    }

    /// Cases (each with its repeats) across all sources, before the limit and the shard.
    var total: Int {
        sources.reduce(0) { sum, source in
            switch source {
            case .replay(let file): sum + min(file.count, perSource ?? Int.max)
            case .suite(let suite):
                sum
                    + suite.cases.indices.filter { Self.isSampled($0, of: suite.cases.count, cap: perSource) }
                    .reduce(0) { $0 + suite.cases[$1].repeatCount * max(repeats, 1) }
            }
        }
    }

    func makeIterator() throws(VerifierError) -> Iterator {
        var iterators: [Iterator.Source] = []
        for source in sources {
            switch source {
            case .replay(let file):
                iterators.append(.replay(try file.cases(), suite: source.name, position: 0, count: file.count))
            case .suite(let suite): iterators.append(.suite(suite, caseIndex: 0, repeatIndex: 0))
            }
        }
        return Iterator(
            sources: iterators,
            modes: modes,
            perSource: perSource,
            limit: limit,
            shard: shard,
            repeats: max(repeats, 1)
        )
    }

    struct Iterator {
        enum Source {
            case replay(ReplayCases, suite: String, position: Int, count: Int)
            case suite(FixtureSuite, caseIndex: Int, repeatIndex: Int)
        }
        var sources: [Source]
        let modes: ModeSelection
        let perSource: Int?
        let limit: Int?
        let shard: Shard?
        let repeats: Int
        var position = 0
        /// Cases taken from the sources so far, in every shard.
        var taken = 0

        /// The next case of the shard, within the limit.
        mutating func next() -> RunCase? {
            while taken < limit ?? Int.max, let runCase = nextOfAll() {
                taken += 1
                if let shard, Shard.assignment(fixture: runCase.fixtureID, among: shard.count) != shard.index {
                    continue
                }
                return runCase
            }
            return nil
        }

        /// The next case of every shard.
        private mutating func nextOfAll() -> RunCase? {
            while position < sources.count {
                switch sources[position] {
                case .replay(var cases, let suite, var index, let count):
                    var next = cases.next()
                    while next != nil, !RunCases.isSampled(index, of: count, cap: perSource) {
                        index += 1
                        next = cases.next()
                    }
                    sources[position] = .replay(cases, suite: suite, position: index + 1, count: count)
                    if let next {
                        return RunCase(
                            id: next.id,
                            fixtureID: next.id,
                            suite: suite,
                            request: next.request,
                            modes: modes.modes(for: next.request),
                            expectation: .reference,
                            policy: .compatible,
                            promptTokenTolerance: 0
                        )
                    }
                case .suite(let suite, var caseIndex, let repeatIndex):
                    while caseIndex < suite.cases.count,
                        !RunCases.isSampled(caseIndex, of: suite.cases.count, cap: perSource)
                    {
                        caseIndex += 1
                    }
                    if caseIndex < suite.cases.count {
                        let fixture = suite.cases[caseIndex]
                        if repeatIndex + 1 < fixture.repeatCount * repeats {
                            sources[position] = .suite(suite, caseIndex: caseIndex, repeatIndex: repeatIndex + 1)
                        } else {
                            sources[position] = .suite(suite, caseIndex: caseIndex + 1, repeatIndex: 0)
                        }
                        return RunCase(fixture: fixture, repeatIndex: repeatIndex, modes: modes)
                    }
                }
                position += 1
            }
            return nil
        }
    }
}
