import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Scorecard comparison (verifier compare)")
struct ScorecardComparisonTests {
    /// A metric as 0.2.0 writes it (`passed`) or as 0.3.0 does (`decision`, `interval`).
    static func metric(
        _ numerator: Int,
        _ denominator: Int,
        gate: Double? = nil,
        decision: String? = nil,
        version3: Bool = false
    ) -> JSONValue {
        var object = JSONObject()
        object["value"] = denominator == 0 ? .null : .number(JSONNumber(Double(numerator) / Double(denominator)))
        object["numerator"] = .number(JSONNumber(numerator))
        object["denominator"] = .number(JSONNumber(denominator))
        object["interval"] = .null
        object["gate"] = gate.map { .number(JSONNumber($0)) } ?? .null
        if version3 {
            object["decision"] = decision.map(JSONValue.string) ?? .null
            object["passed"] = decision.map { .bool($0 != "fail") } ?? .null
        } else {
            object["passed"] = decision.map { .bool($0 == "pass") } ?? .null
        }
        return .object(object)
    }

    static func section(
        verdict: String,
        schema: JSONValue,
        f1: JSONValue? = nil,
        labels: [(String, String, Int)] = []
    ) -> JSONValue {
        var layers = JSONObject()
        layers["schema"] = ["verdict": "pass", "metrics": ["schema_accuracy": schema], "failing_items": 0]
        if let f1 {
            layers["agreement"] = ["verdict": "pass", "metrics": ["trigger_f1": f1], "failing_items": 0]
        } else {
            layers["agreement"] = ["verdict": "not_evaluated", "reason": "no reference was run"]
        }
        return [
            "verdict": .string(verdict), "verdict_reason": "…", "layers": .object(layers),
            "labels": .array(
                labels.map { ["label": .string($0.0), "severity": .string($0.1), "count": .number(JSONNumber($0.2))] }
            ),
        ]
    }

    static func scorecard(
        version: String = "0.2.0",
        provider: String = "p",
        fixtures: String = "abc",
        overall: JSONValue,
        suites: [(String, JSONValue)] = [],
        latency: JSONValue = [:]
    ) -> JSONValue {
        [
            "schema_version": .string(version),
            "run": [
                "id": .string("run-\(provider)"), "fixtures_manifest_hash": .string(fixtures), "model": "m",
                "shard": .null,
            ],
            "provider": ["name": .string(provider)],
            "verdict": overall["verdict"] ?? .null,
            "overall": overall,
            "suites": .object(JSONObject(suites)),
            "latency": latency,
        ]
    }

    @Test func aGateGoingFromPassToFailIsARegression() throws {
        let old = Self.scorecard(
            overall: Self.section(
                verdict: "pass",
                schema: Self.metric(200, 200, gate: 1, decision: "pass"),
                labels: [("wire.usage_missing", "warning", 280), ("http.status", "error", 3)]
            )
        )
        let new = Self.scorecard(
            overall: Self.section(
                verdict: "fail",
                schema: Self.metric(150, 200, gate: 1, decision: "fail"),
                labels: [("call.schema", "error", 50), ("http.status", "error", 5)]
            )
        )
        let comparison = try ScorecardComparison(old: old, new: new)
        #expect(comparison.regressed)
        #expect(comparison.regressions == ["overall: schema.schema_accuracy"])
        let overall = try #require(comparison.sections.first)
        #expect(overall.oldVerdict == "pass" && overall.newVerdict == "fail")
        let gate = try #require(overall.gates.first)
        #expect(gate.kind == .regression && gate.old == "pass" && gate.new == "fail" && gate.newGate == 1)
        let schema = try #require(overall.metrics.first { $0.metric == "schema_accuracy" })
        #expect(abs((schema.delta ?? 0) + 0.25) < 1e-12)
        let interval = try #require(schema.interval)
        #expect(interval.high < 0 && schema.beyondNoise == true)
        // New first, then changed, then gone.
        #expect(overall.labels.map(\.label) == ["call.schema", "http.status", "wire.usage_missing"])
        #expect(overall.labels.map(\.status) == ["new", "changed", "gone"])
        #expect(comparison.text.contains("REGRESSION"))
        #expect(comparison.text.contains("-25.00 pp"), "\(comparison.text)")
        #expect(comparison.markdown.contains("**regression**"))
        #expect(comparison.json["regression"] == true)
    }

    @Test func aFixedGateIsNoRegression() throws {
        let old = Self.scorecard(
            overall: Self.section(verdict: "fail", schema: Self.metric(10, 20, gate: 1, decision: "fail"))
        )
        let new = Self.scorecard(
            overall: Self.section(verdict: "pass", schema: Self.metric(20, 20, gate: 1, decision: "pass"))
        )
        let comparison = try ScorecardComparison(old: old, new: new)
        #expect(!comparison.regressed)
        #expect(comparison.sections[0].gates.map(\.kind) == [.fix])
        #expect(comparison.text.contains("no gate went from pass to fail"))
    }

    @Test func inconclusiveIsADecisionChangeNotARegression() throws {
        let old = Self.scorecard(
            version: "0.3.0",
            overall: Self.section(
                verdict: "pass",
                schema: Self.metric(20, 20, gate: 1, decision: "pass", version3: true),
                f1: Self.metric(95, 100, gate: 0.73, decision: "pass", version3: true)
            )
        )
        let new = Self.scorecard(
            version: "0.3.0",
            overall: Self.section(
                verdict: "pass",
                schema: Self.metric(20, 20, gate: 1, decision: "pass", version3: true),
                f1: Self.metric(17, 20, gate: 0.73, decision: "inconclusive", version3: true)
            )
        )
        let comparison = try ScorecardComparison(old: old, new: new)
        #expect(!comparison.regressed)
        let gate = try #require(comparison.sections[0].gates.first)
        #expect(gate.kind == .decision && gate.old == "pass" && gate.new == "inconclusive")
        // 17/20 against 95/100 over small samples: the interval spans zero.
        let f1 = try #require(comparison.sections[0].metrics.first { $0.metric == "trigger_f1" })
        #expect(f1.beyondNoise == false)
        #expect(comparison.text.contains("within noise"))
    }

    @Test func readsA020AgainstA030Scorecard() throws {
        let old = Self.scorecard(
            overall: Self.section(verdict: "pass", schema: Self.metric(20, 20, gate: 1, decision: "pass"))
        )
        let new = Self.scorecard(
            version: "0.3.0",
            overall: Self.section(
                verdict: "fail",
                schema: Self.metric(18, 20, gate: 1, decision: "fail", version3: true),
                f1: Self.metric(8, 10, gate: 0.73, decision: "pass", version3: true)
            )
        )
        let comparison = try ScorecardComparison(old: old, new: new)
        #expect(comparison.regressed)
        // The agreement layer was not evaluated before: its metric is new, ungated before, with no delta.
        let f1 = try #require(comparison.sections[0].metrics.first { $0.metric == "trigger_f1" })
        #expect(f1.old == nil && f1.new == 0.8 && f1.delta == nil && f1.interval == nil && f1.changed)
        let gate = try #require(comparison.sections[0].gates.first { $0.metric == "trigger_f1" })
        #expect(gate.kind == .decision && gate.old == nil && gate.new == "pass")
    }

    @Test func aZeroDenominatorGivesNoInterval() throws {
        let old = Self.scorecard(overall: Self.section(verdict: "pass", schema: Self.metric(0, 0, gate: 1)))
        let new = Self.scorecard(
            overall: Self.section(verdict: "pass", schema: Self.metric(5, 10, gate: 1, decision: "fail"))
        )
        let comparison = try ScorecardComparison(old: old, new: new)
        let schema = try #require(comparison.sections[0].metrics.first)
        #expect(schema.interval == nil && schema.delta == nil && schema.beyondNoise == nil)
        #expect(comparison.text.contains("n/a → 50.00%"), "\(comparison.text)")
        #expect(comparison.text.contains("[n/a]"))
        // Ungated (no value) to fail is a decision change, not a regression.
        #expect(!comparison.regressed)
    }

    @Test func suitesAreComparedOneByOne() throws {
        let passing = Self.section(verdict: "pass", schema: Self.metric(20, 20, gate: 1, decision: "pass"))
        let failing = Self.section(verdict: "fail", schema: Self.metric(19, 20, gate: 1, decision: "fail"))
        let old = Self.scorecard(overall: passing, suites: [("schema", passing), ("edge", passing)])
        let new = Self.scorecard(overall: passing, suites: [("schema", failing), ("tool-choice", passing)])
        let comparison = try ScorecardComparison(old: old, new: new)
        #expect(comparison.sections.map(\.name) == ["overall", "schema", "tool-choice", "edge"])
        #expect(comparison.regressions == ["schema: schema.schema_accuracy"])
        #expect(!comparison.sections[0].changed)
        let added = comparison.sections[2]
        #expect(added.oldVerdict == nil && added.newVerdict == "pass")
        let gone = comparison.sections[3]
        #expect(gone.oldVerdict == "pass" && gone.newVerdict == nil)
        #expect(comparison.text.contains("overall: pass — no change"))
        #expect(comparison.text.contains("suite schema: pass → fail"))
    }

    @Test func differentFixturesAreWarnedAboutAndProvidersNamed() throws {
        let section = Self.section(verdict: "pass", schema: Self.metric(20, 20, gate: 1, decision: "pass"))
        let comparison = try ScorecardComparison(
            old: Self.scorecard(provider: "a", fixtures: "111", overall: section),
            new: Self.scorecard(provider: "b", fixtures: "222", overall: section)
        )
        #expect(comparison.warnings.count == 1)
        #expect(comparison.text.contains("warning: the fixtures differ"))
        #expect(comparison.text.contains("comparing two providers (a → b)"))
        let same = try ScorecardComparison(
            old: Self.scorecard(overall: section),
            new: Self.scorecard(overall: section)
        )
        #expect(same.warnings.isEmpty && !same.regressed)
    }

    @Test func latencyPercentilesAreCompared() throws {
        let section = Self.section(verdict: "pass", schema: Self.metric(20, 20))
        let old = Self.scorecard(overall: section, latency: ["total_ms": ["count": 3, "p50": 100, "p90": 200]])
        let new = Self.scorecard(overall: section, latency: ["total_ms": ["count": 3, "p50": 150.5, "p90": 180]])
        let comparison = try ScorecardComparison(old: old, new: new)
        let total = try #require(comparison.latency.first)
        #expect(total.series == "total_ms" && total.oldP50 == 100 && total.newP50 == 150.5 && total.newP90 == 180)
        #expect(comparison.text.contains("total_ms: p50 100.0 → 150.5 (+50.5), p90 200.0 → 180.0 (-20.0)"))
    }

    @Test func somethingThatIsNotAScorecardIsRefused() {
        #expect(throws: VerifierError.self) {
            try ScorecardComparison(old: ["verdict": "pass"], new: Self.scorecard(overall: [:]), oldSource: "x.json")
        }
    }
}
