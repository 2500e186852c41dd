import Foundation
import VerifierCore

/// Small hand-made scorecards (schema 0.2.0 and 0.3.0) and run folders for tests of report readers.
public enum ScorecardFixtures {
    /// A metric object: 0.2.0 style (`passed`) or 0.3.0 style (`interval`, `decision`, …).
    /// - Parameters:
    ///   - numerator: Successes.
    ///   - denominator: Trials.
    ///   - gate: The gate.
    ///   - decision: The 0.3.0 decision; `nil` writes a 0.2.0 metric.
    ///   - interval: The 0.3.0 interval.
    /// - Returns: The metric object.
    public static func metric(
        _ numerator: Int,
        _ denominator: Int,
        gate: Double? = nil,
        decision: String? = nil,
        interval: (Double, Double)? = nil
    ) -> JSONValue {
        var object = JSONObject()
        let value = denominator == 0 ? nil : Double(numerator) / Double(denominator)
        object["value"] = value.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        object["numerator"] = .number(JSONNumber(numerator))
        object["denominator"] = .number(JSONNumber(denominator))
        object["interval"] =
            interval.map {
                [
                    "low": .number(JSONNumber(rounded6: $0.0)), "high": .number(JSONNumber(rounded6: $0.1)),
                    "confidence": 0.95, "method": "wilson",
                ]
            } ?? .null
        object["gate"] = gate.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        if let decision {
            object["gate_source"] = "config"
            object["basis"] = interval == nil ? "point" : "interval"
            object["decision"] = .string(decision)
            object["passed"] = .bool(decision != "fail")
        } else if let gate, let value {
            object["passed"] = .bool(value + 1e-12 >= gate)
        } else {
            object["passed"] = .null
        }
        return .object(object)
    }

    /// A section with a contract, schema and agreement layer and some failures.
    /// - Parameters:
    ///   - verdict: The verdict.
    ///   - contract: The contract pass rate metric.
    ///   - schema: The schema accuracy metric.
    ///   - triggerF1: The trigger F1 metric.
    ///   - failures: The `failures` array.
    /// - Returns: The section object.
    public static func section(
        verdict: String,
        contract: JSONValue,
        schema: JSONValue,
        triggerF1: JSONValue,
        failures: [JSONValue] = []
    ) -> JSONValue {
        [
            "verdict": .string(verdict),
            "verdict_reason": .string(verdict == "pass" ? "every gate passed" : "gates failed"),
            "probes": 0, "requests": 20, "streamed_requests": 10, "transport_failures": 0, "parity_requests": 0,
            "layers": [
                "delivery": ["verdict": "pass", "metrics": ["success_rate": metric(20, 20, gate: 0.95)]],
                "wire": ["verdict": "pass", "metrics": ["stream_parity": metric(0, 0, gate: 1)]],
                "schema": ["verdict": "pass", "metrics": ["schema_accuracy": schema]],
                "contract": ["verdict": .string(verdict), "metrics": ["pass_rate": contract]],
                "agreement": [
                    "verdict": "pass",
                    "metrics": ["trigger_f1": triggerF1, "trigger_precision": metric(9, 10)],
                    "confusion_finish_reason": ["tp": 9, "fp": 1, "fn": 2, "tn": 8],
                ],
            ],
            "failures": .array(failures),
            "labels": .array(
                failures.map { ["label": $0["label"] ?? .null, "severity": "error", "count": $0["count"] ?? 0] }
            ),
        ]
    }

    /// A failure entry.
    /// - Parameters:
    ///   - label: The label.
    ///   - layer: Its layer.
    ///   - count: How many items.
    ///   - evidence: The examples' evidence pointers.
    ///   - message: The examples' message.
    /// - Returns: The entry.
    public static func failure(
        _ label: String,
        layer: String,
        count: Int,
        evidence: [String],
        message: String = "The provider answered without a tool call."
    ) -> JSONValue {
        [
            "label": .string(label), "layer": .string(layer), "severity": "error", "count": .number(JSONNumber(count)),
            "examples": .array(
                evidence.enumerated().map { index, pointer in
                    [
                        "case": .string("tool-choice/case-\(index)"), "evidence": .string(pointer),
                        "message": .string(message),
                    ]
                }
            ),
        ]
    }

    /// A whole scorecard.
    /// - Parameters:
    ///   - provider: `provider.name`.
    ///   - startedAt: `run.started_at`.
    ///   - version: `schema_version`.
    ///   - verdict: The verdict.
    ///   - suites: The suites by name.
    ///   - costUSD: `usage.cost_usd` (0.3.0), if any.
    /// - Returns: The scorecard.
    public static func scorecard(
        provider: String,
        startedAt: String,
        version: String = "0.2.0",
        verdict: String,
        suites: [(String, JSONValue)],
        costUSD: Double? = nil
    ) -> JSONValue {
        var usage = JSONObject([("prompt_tokens", 1000), ("completion_tokens", 100), ("total_tokens", 1100)])
        if let costUSD { usage["cost_usd"] = .number(JSONNumber(costUSD)) }
        var overall = suites.first?.1 ?? .null
        if case .object(var object) = overall {
            object["verdict"] = .string(verdict)
            overall = .object(object)
        }
        return [
            "schema_version": .string(version), "tool": ["name": "vendor-verifier", "version": "0.1.0"],
            "run": [
                "id": .string("run-" + startedAt), "started_at": .string(startedAt), "finished_at": .string(startedAt),
                "duration_ms": 1500, "model": "mock-model", "shard": .null,
            ],
            "provider": ["name": .string(provider), "base_url": "http://127.0.0.1:9/v1", "model": "mock-model"],
            "reference": .null, "verdict": .string(verdict), "verdict_reason": .string("gates: " + verdict),
            "overall": overall, "suites": .object(JSONObject(suites)),
            "latency": [
                "total_ms": ["count": 20, "p50": 812.5, "p90": 1500, "p99": 2000, "max": 2100],
                "first_event_ms": ["count": 20, "p50": 200, "p90": 350, "p99": 400, "max": 410],
                "tokens_per_second": ["count": 20, "p50": 42.5, "p90": 60, "p99": 70, "max": 71],
            ],
            "usage": .object(usage),
        ]
    }

    /// Writes a scorecard (and optionally an evidence file) into `folder`, creating it.
    /// - Parameters:
    ///   - scorecard: The scorecard.
    ///   - folder: The run folder.
    ///   - evidence: Lines of `evidence.jsonl`, if any.
    /// - Throws: When a file cannot be written.
    public static func write(_ scorecard: JSONValue, to folder: String, evidence: [JSONValue]? = nil) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = scorecard.serialized(options: JSONWriter.Options(pretty: true)) + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/scorecard.json"))
        if let evidence {
            let lines = evidence.map { $0.serialized() + "\n" }.joined()
            try Data(lines.utf8).write(to: URL(fileURLWithPath: folder + "/evidence.jsonl"))
        }
    }

    /// A nightly tree: `alpha` with three runs (0.2.0, the newest failing with evidence), `beta/gamma` with one
    /// 0.3.0 run (intervals, an inconclusive decision, cost), a malformed scorecard and one without a provider.
    /// - Parameter root: The folder to fill.
    /// - Throws: When a file cannot be written.
    public static func writeNightlyTree(at root: String) throws {
        for (night, contract) in [(1, 20), (2, 19), (3, 12)] {
            let failures =
                night == 3
                ? [
                    failure(
                        "contract.tool_choice_required",
                        layer: "contract",
                        count: 8,
                        evidence: ["evidence.jsonl:2", "evidence.jsonl:3"]
                    )
                ]
                : []
            let suite = section(
                verdict: contract == 20 ? "pass" : "fail",
                contract: metric(contract, 20, gate: 1),
                schema: metric(10, 10, gate: 1),
                triggerF1: metric(18 - night, 20, gate: 0.73),
                failures: failures
            )
            let card = scorecard(
                provider: "alpha",
                startedAt: "2026-11-0\(night)T02:00:00.000Z",
                verdict: contract == 20 ? "pass" : "fail",
                suites: [("tool-choice", suite)]
            )
            let evidence: [JSONValue]? =
                night == 3
                ? [
                    ["seq": 1, "kind": "manifest"],
                    [
                        "seq": 2, "provider": "alpha", "role": "candidate", "case": "tool-choice/case-0",
                        "mode": "nonstream",
                        "request": [
                            "messages": [["role": "user", "content": "Weather in <script>alert(1)</script> & Paris?"]],
                            "tools": [["type": "function", "function": ["name": "get_weather"]]],
                            "tool_choice": "required",
                        ],
                        "response": ["status": 200, "body": #"{"choices":[{"message":{"content":"No ]]> tools"}}]}"#],
                        "findings": [["label": "contract.tool_choice_required"]],
                    ],
                ] : nil
            try write(card, to: root + "/night-\(night)/alpha", evidence: evidence)
        }
        let suite = section(
            verdict: "fail",
            contract: metric(19, 20, gate: 1, decision: "fail"),
            schema: metric(10, 10, gate: 1, decision: "pass"),
            triggerF1: metric(15, 20, gate: 0.73, decision: "inconclusive", interval: (0.55, 0.9)),
            failures: [failure("call.schema", layer: "schema", count: 1, evidence: ["evidence.jsonl:7"])]
        )
        try write(
            scorecard(
                provider: "beta/gamma",
                startedAt: "2026-11-03T02:00:00.000Z",
                version: "0.3.0",
                verdict: "fail",
                suites: [("schema", suite)],
                costUSD: 1.234
            ),
            to: root + "/night-3/beta"
        )
        try FileManager.default.createDirectory(atPath: root + "/night-3/broken", withIntermediateDirectories: true)
        try Data("{\n  \"schema_version\": \"0.2.0\",\n  oops\n}\n".utf8).write(
            to: URL(fileURLWithPath: root + "/night-3/broken/scorecard.json")
        )
        try write(["schema_version": "0.2.0", "run": ["started_at": "x"]], to: root + "/night-3/anonymous")
    }
}
