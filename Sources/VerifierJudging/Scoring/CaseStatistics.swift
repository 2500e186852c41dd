import JSONSchema

/// Per-case counts kept for the statistics that cannot be computed from totals: bootstrap intervals of F1,
/// paired provider-minus-reference deltas, and pass^k over repeated cases.
///
/// Each case id (repeats `#k` folded into their case) is one cluster holding a short vector of counts, so
/// memory grows with the number of distinct cases, not with the number of requests.
struct CaseStatistics: Sendable {
    /// Positions in a cluster's count vector.
    enum Slot: Int, CaseIterable {
        case truePositive, falsePositive, falseNegative
        case pairs, providerFinishedWithCalls, referenceFinishedWithCalls
        case providerSchemaAnswered, providerSchemaValid, referenceSchemaAnswered, referenceSchemaValid
        case providerWireClean, referenceWireClean
    }

    static let width = Slot.allCases.count
    private var clusterIndex: [String: Int] = [:]
    private var counts: [Double] = []
    private var tallies: [String: PassAtK.Tally] = [:]
    private var tallyOrder: [String] = []

    /// The case id without its repeat suffix (`suite/case#3` → `suite/case`).
    static func cluster(of caseID: String) -> Substring {
        if let hash = caseID.lastIndex(of: "#"), caseID[caseID.index(after: hash)...].allSatisfy(\.isNumber),
            caseID.index(after: hash) < caseID.endIndex
        {
            return caseID[..<hash]
        }
        return caseID[...]
    }

    /// Records one primary answer and, when paired, the reference's answer to the same request.
    mutating func add(
        caseID: String,
        mode: String,
        candidate: ExchangeJudgement,
        findings: [Finding],
        reference: ExchangeJudgement?
    ) {
        let key = String(Self.cluster(of: caseID))
        let tallyKey = key + "\u{0}" + mode
        var tally =
            tallies[tallyKey]
            ?? {
                tallyOrder.append(tallyKey)
                return PassAtK.Tally(tries: 0, passes: 0)
            }()
        tally.tries += 1
        if !findings.contains(where: { $0.severity == .error }) { tally.passes += 1 }
        tallies[tallyKey] = tally

        guard let reference, candidate.delivered, reference.delivered else { return }
        let cluster: Int
        if let index = clusterIndex[key] {
            cluster = index
        } else {
            cluster = clusterIndex.count
            clusterIndex[key] = cluster
            counts.append(contentsOf: repeatElement(0, count: Self.width))
        }
        func bump(_ slot: Slot, _ condition: Bool = true) {
            if condition { counts[cluster * Self.width + slot.rawValue] += 1 }
        }
        let mine = candidate.finishedWithToolCalls
        let theirs = reference.finishedWithToolCalls
        bump(.truePositive, mine && theirs)
        bump(.falsePositive, mine && !theirs)
        bump(.falseNegative, !mine && theirs)
        bump(.pairs)
        bump(.providerFinishedWithCalls, mine)
        bump(.referenceFinishedWithCalls, theirs)
        bump(.providerSchemaAnswered, candidate.schemaValid != nil)
        bump(.providerSchemaValid, candidate.schemaValid == true)
        bump(.referenceSchemaAnswered, reference.schemaValid != nil)
        bump(.referenceSchemaValid, reference.schemaValid == true)
        bump(.providerWireClean, !findings.contains { $0.label.layer == .wire && $0.severity == .error })
        bump(.referenceWireClean, !reference.findings.contains { $0.label.layer == .wire && $0.severity == .error })
    }

    /// Cases (clusters) with at least one answer paired with the reference's.
    var pairedCases: Int { clusterIndex.count }

    private func bootstrap(_ slots: [Slot]) -> ClusterBootstrap {
        // Clusters in case-id order, not arrival order: a live run and `verifier score` of its evidence must
        // resample the same sequence.
        let clusters = clusterIndex.sorted { $0.key < $1.key }.map { _, cluster in
            slots.map { counts[cluster * Self.width + $0.rawValue] }
        }
        return ClusterBootstrap(clusters: clusters, resamples: 1000)
    }

    /// The bootstrap interval of trigger F1 (K2VV's finish_reason definition) over case ids.
    func triggerF1Interval(seed: String) -> ConfidenceInterval? {
        bootstrap([.truePositive, .falsePositive, .falseNegative]).interval(seed: seed) { sum in
            let denominator = 2 * sum[0] + sum[1] + sum[2]
            return denominator == 0 ? nil : 2 * sum[0] / denominator
        }
    }

    /// Provider-minus-reference differences with paired bootstrap intervals.
    func deltas(seed: String) -> [(name: String, delta: MetricDelta)] {
        let definitions: [(String, Slot, Slot, Slot, Slot)] = [
            ("call_rate", .providerFinishedWithCalls, .pairs, .referenceFinishedWithCalls, .pairs),
            (
                "schema_accuracy", .providerSchemaValid, .providerSchemaAnswered, .referenceSchemaValid,
                .referenceSchemaAnswered
            ),
            ("wire_error_free_rate", .providerWireClean, .pairs, .referenceWireClean, .pairs),
        ]
        return definitions.map {
            name,
            providerNumerator,
            providerDenominator,
            referenceNumerator,
            referenceDenominator in
            let sample = bootstrap([providerNumerator, providerDenominator, referenceNumerator, referenceDenominator])
            let statistic: ([Double]) -> Double? = { sum in
                guard sum[1] > 0, sum[3] > 0 else { return nil }
                return sum[0] / sum[1] - sum[2] / sum[3]
            }
            let point = sample.pointEstimate(statistic)
            // Both sides alike in every case: the difference is 0 in every resample.
            let alike = sample.clusters.allSatisfy { $0[0] == $0[2] && $0[1] == $0[3] }
            let interval: ConfidenceInterval? =
                point == nil
                ? nil
                : alike
                    ? ConfidenceInterval(low: 0, high: 0, confidence: 0.95, method: .pairedBootstrap)
                    : sample.interval(seed: seed + "/" + name, method: .pairedBootstrap, statistic: statistic)
            return (name, MetricDelta(value: point, interval: interval, cases: clusterIndex.count))
        }
    }

    /// pass^k over the cases tried more than once (per mode).
    var passAtK: PassAtK {
        PassAtK(tallies: tallyOrder.compactMap { tallies[$0] })
    }
}

/// A provider-minus-reference difference of a rate over the same cases.
public struct MetricDelta: Sendable, Hashable {
    /// The difference, or `nil` when either side has no denominator.
    public var value: Double?
    /// Its paired bootstrap interval.
    public var interval: ConfidenceInterval?
    /// Cases compared.
    public var cases: Int

    /// `{"value", "interval", "cases"}`.
    public var json: JSONValue {
        [
            "value": value.map { .number(JSONNumber(rounded6: $0)) } ?? .null,
            "interval": interval?.json ?? .null, "cases": .number(JSONNumber(cases)),
        ]
    }
}
