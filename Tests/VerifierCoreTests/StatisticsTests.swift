import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Statistics")
struct StatisticsTests {
    @Test func normalQuantileMatchesKnownValues() {
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(NormalDistribution.quantile(0.5)) < 1e-12)
        #expect(abs(NormalDistribution.quantile(0.01) + 2.3263478740408408) < 1e-10)
        #expect(NormalDistribution.quantile(0) == -.infinity)
    }

    @Test(arguments: [
        // (successes, trials, low, high): Wilson 1927, 95 %, values from an independent implementation.
        (0, 10, 0.0, 0.27753279986288915),
        (10, 10, 0.7224672001371109, 1.0),
        (5, 10, 0.23659309051256405, 0.763406909487436),
        (81, 263, 0.2552885198782743, 0.3662095769828001),  // Newcombe 1998, example (a)
        (50, 50, 0.9286524008666414, 1.0),  // a perfect rate still has a width
        (1, 2, 0.09453120573423074, 0.9054687942657693),
    ])
    func wilsonInterval(successes: Int, trials: Int, low: Double, high: Double) throws {
        let interval = try #require(WilsonInterval.interval(successes: successes, trials: trials))
        #expect(abs(interval.low - low) < 1e-9)
        #expect(abs(interval.high - high) < 1e-9)
        #expect(interval.method == .wilson)
    }

    @Test func wilsonHasNoIntervalWithoutTrials() {
        #expect(WilsonInterval.interval(successes: 0, trials: 0) == nil)
        #expect(Metric(numerator: 0, denominator: 0).interval == nil)
        #expect(Metric(numerator: 0, denominator: 0).json["interval"] == .null)
    }

    /// F1 from per-case (tp, fp, fn) counts.
    static func f1(_ sum: [Double]) -> Double? {
        let denominator = 2 * sum[0] + sum[1] + sum[2]
        return denominator == 0 ? nil : 2 * sum[0] / denominator
    }

    @Test func bootstrapIsReproducibleAndBracketsThePoint() throws {
        // 60 cases agree, 25 are false positives, 15 false negatives.
        let clusters =
            Array(repeating: [1.0, 0, 0], count: 60) + Array(repeating: [0.0, 1, 0], count: 25)
            + Array(repeating: [0.0, 0, 1], count: 15)
        let bootstrap = ClusterBootstrap(clusters: clusters)
        let first = try #require(bootstrap.interval(seed: "f1", statistic: Self.f1))
        let again = try #require(bootstrap.interval(seed: "f1", statistic: Self.f1))
        #expect(first == again)
        let point = try #require(bootstrap.pointEstimate(Self.f1))
        #expect(abs(point - 120.0 / 160.0) < 1e-12)
        #expect(first.low < point && point < first.high)
        // Roughly ±7 points for 100 cases; never degenerate.
        #expect(first.high - first.low > 0.05 && first.high - first.low < 0.25)
        let other = try #require(bootstrap.interval(seed: "another statistic", statistic: Self.f1))
        #expect(other != first)
    }

    @Test func bootstrapOfIdenticalCasesIsThePoint() throws {
        let interval = try #require(
            ClusterBootstrap(clusters: Array(repeating: [1.0, 0, 0], count: 30)).interval(seed: "x", statistic: Self.f1)
        )
        #expect(interval.low == 1 && interval.high == 1)
    }

    @Test func bootstrapNeedsTwoCasesAndADefinedStatistic() {
        #expect(ClusterBootstrap(clusters: [[1, 0, 0]]).interval(seed: "x", statistic: Self.f1) == nil)
        #expect(
            ClusterBootstrap(clusters: Array(repeating: [0.0, 0, 0], count: 10)).interval(seed: "x", statistic: Self.f1)
                == nil
        )
    }

    @Test func bootstrapOfAProportionAgreesWithWilson() throws {
        // 30 of 100 independent cases: the bootstrap and Wilson intervals should nearly coincide.
        let clusters = (0..<100).map { $0 < 30 ? [1.0, 1] : [0.0, 1] }
        let bootstrap = try #require(
            ClusterBootstrap(clusters: clusters, resamples: 4000).interval(seed: "p") { $0[0] / $0[1] }
        )
        let wilson = try #require(WilsonInterval.interval(successes: 30, trials: 100))
        #expect(abs(bootstrap.low - wilson.low) < 0.03)
        #expect(abs(bootstrap.high - wilson.high) < 0.03)
    }

    @Test func passAtKAveragesTheUnbiasedEstimate() throws {
        let tallies = [
            PassAtK.Tally(tries: 3, passes: 3), PassAtK.Tally(tries: 3, passes: 2), PassAtK.Tally(tries: 3, passes: 0),
            PassAtK.Tally(tries: 1, passes: 0),  // tried once: not a repeated case
        ]
        let passK = PassAtK(tallies: tallies)
        #expect(passK.tallies.count == 3)
        #expect(passK.maxK == 3)
        #expect(abs(try #require(passK.value(k: 1)) - 5.0 / 9.0) < 1e-12)
        #expect(abs(try #require(passK.value(k: 2)) - 4.0 / 9.0) < 1e-12)
        #expect(abs(try #require(passK.value(k: 3)) - 1.0 / 3.0) < 1e-12)
        #expect(passK.value(k: 4) == nil)
        #expect(passK.value(k: 0) == nil)
        #expect(PassAtK(tallies: [.init(tries: 1, passes: 1)]).json == .null)
        #expect(passK.json["values"]?["3"] == .number(JSONNumber(rounded6: 1.0 / 3.0)))
    }

    @Test(arguments: [
        // (case id, cluster): repeats fold into their case; other `#` stay.
        ("tool-choice/none#3", "tool-choice/none"),
        ("tool-choice/none", "tool-choice/none"),
        ("bfcl/a#b", "bfcl/a#b"),
        ("odd#", "odd#"),
    ])
    func clusterOfCaseID(caseID: String, cluster: String) {
        #expect(CaseStatistics.cluster(of: caseID) == cluster[...])
    }
}

@Suite("Metric decisions")
struct MetricDecisionTests {
    /// 72 of 100 with a wide Wilson interval, against a 73 % gate.
    static let nearGate = Metric(numerator: 72, denominator: 100).gated(0.73, source: .baseline)

    @Test func pointBasisFailsBelowTheGate() {
        #expect(Self.nearGate.decision == .fail)
        #expect(Self.nearGate.passed == false)
        #expect(Self.nearGate.json["basis"] == "point")
    }

    @Test func intervalStraddlingTheGateIsInconclusiveNotFlipped() {
        let metric = Self.nearGate.onInterval
        #expect(metric.decision == .inconclusive)
        #expect(metric.passed == true)
        #expect(metric.json["decision"] == "inconclusive")
        #expect(metric.json["basis"] == "interval")
        #expect(metric.json["gate_source"] == "baseline")
        var strict = metric
        strict.inconclusiveFails = true
        #expect(strict.passed == false)
    }

    @Test func intervalWhollyBelowOrAboveDecides() {
        #expect(Metric(numerator: 600, denominator: 1000).gated(0.73).onInterval.decision == .fail)
        #expect(Metric(numerator: 990, denominator: 1000).gated(0.73).onInterval.decision == .pass)
        // A point above the gate with too few cases is inconclusive too: the data cannot tell.
        #expect(Metric(numerator: 8, denominator: 10).gated(0.73).onInterval.decision == .inconclusive)
    }

    @Test func ungatedOrEmptyMetricsDecideNothing() {
        #expect(Metric(numerator: 3, denominator: 4).decision == nil)
        #expect(Metric(numerator: 0, denominator: 0).gated(0.5).decision == nil)
        #expect(Metric(numerator: 0, denominator: 0).gated(0.5).json["value"] == .null)
    }

    @Test func ratioWithoutIntervalFallsBackToThePoint() {
        var metric = Metric(numerator: 70, denominator: 100).gated(0.73).onInterval
        metric.estimator = .ratio
        #expect(metric.interval == nil)
        #expect(metric.decision == .fail)
    }
}
