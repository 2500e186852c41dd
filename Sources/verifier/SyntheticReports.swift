import Foundation
import VerifierCore

/// Writes a nightly history of synthetic but realistic scorecards for `verifier bench --report`: schema 0.3.0
/// sections for nine suites with intervals, decisions, failures with examples, latency and cost, and an
/// `evidence.jsonl` (streamed and non-streamed exchanges) for each provider's newest night.
enum SyntheticReports {
    static let suites = [
        "trigger", "schema", "tool-choice", "parallel", "streaming", "multi-turn", "irrelevance", "requests", "usage",
    ]
    static let labels = [
        ("call.schema", "schema"), ("contract.tool_choice_required", "contract"), ("agree.missed_call", "agreement"),
        ("stream.truncated", "wire"), ("wire.finish_reason_mismatch", "wire"), ("contract.parallel_false", "contract"),
        ("agree.arguments", "agreement"), ("http.status", "delivery"), ("call.invalid_json", "schema"),
    ]

    /// A deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() * Double(range.count)) % range.count
        }
    }

    /// Writes `nights × providers` run folders under `folder`.
    /// - Returns: The number of bytes written.
    static func write(to folder: String, nights: Int, providers: Int) throws -> Int {
        var bytes = 0
        let evidenceLines = 600
        for provider in 0..<providers {
            let name = "provider-\(provider < 10 ? "0" : "")\(provider)"
            // Each provider has its own quality level, drifting a little from night to night.
            var random = Random(state: UInt64(provider + 1) &* 7919)
            let quality = 0.70 + 0.30 * random.next()
            for night in 0..<nights {
                let day = 1 + night
                let stamp = "2026-11-\(day < 10 ? "0" : "")\(day)T02:00:00.000Z"
                let runFolder = folder + "/night-\(day < 10 ? "0" : "")\(day)/\(name)"
                try FileManager.default.createDirectory(atPath: runFolder, withIntermediateDirectories: true)
                var nightly = Random(state: UInt64(provider * 1000 + night + 17))
                let card = scorecard(
                    name: name,
                    startedAt: stamp,
                    quality: min(1, quality + 0.04 * (nightly.next() - 0.5)),
                    random: &nightly,
                    evidenceLines: evidenceLines
                )
                let text = card.serialized(options: JSONWriter.Options(pretty: true)) + "\n"
                try Data(text.utf8).write(to: URL(fileURLWithPath: runFolder + "/scorecard.json"))
                bytes += text.utf8.count
                if night == nights - 1 {
                    bytes += try writeEvidence(to: runFolder + "/evidence.jsonl", provider: name, lines: evidenceLines)
                }
            }
        }
        return bytes
    }

    static func metric(_ value: Double, _ denominator: Int, gate: Double?, statistical: Bool) -> JSONValue {
        let numerator = Int((value * Double(denominator)).rounded())
        let rate = denominator == 0 ? nil : Double(numerator) / Double(denominator)
        var object = JSONObject()
        object["value"] = rate.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        object["numerator"] = .number(JSONNumber(numerator))
        object["denominator"] = .number(JSONNumber(denominator))
        if let rate, statistical {
            let margin = 1.96 * (rate * (1 - rate) / Double(max(denominator, 1))).squareRoot() + 0.01
            object["interval"] = [
                "low": .number(JSONNumber(rounded6: max(0, rate - margin))),
                "high": .number(JSONNumber(rounded6: min(1, rate + margin))), "confidence": 0.95,
                "method": "wilson",
            ]
        } else {
            object["interval"] = .null
        }
        object["gate"] = gate.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        object["gate_source"] = gate == nil ? .null : statistical ? "baseline" : "default"
        object["basis"] = gate == nil ? .null : statistical ? "interval" : "point"
        var decision: String?
        if let gate, let rate {
            if statistical {
                let margin = 1.96 * (rate * (1 - rate) / Double(max(denominator, 1))).squareRoot() + 0.01
                decision = rate + margin < gate ? "fail" : rate - margin >= gate ? "pass" : "inconclusive"
            } else {
                decision = rate + 1e-12 >= gate ? "pass" : "fail"
            }
        }
        object["decision"] = decision.map(JSONValue.string) ?? .null
        object["passed"] = decision.map { .bool($0 != "fail") } ?? .null
        return .object(object)
    }

    static func section(quality: Double, random: inout Random, requests: Int, evidenceLines: Int) -> JSONValue {
        func rate(_ spread: Double) -> Double { min(1, max(0, quality + spread * (random.next() - 0.3))) }
        let f1 = rate(0.2)
        let schema = rate(0.1)
        let contract = rate(0.15)
        var layers = JSONObject()
        layers["delivery"] = [
            "verdict": "pass",
            "metrics": [
                "success_rate": metric(1, requests, gate: 0.95, statistical: false),
                "first_attempt_success": metric(0.98, requests, gate: nil, statistical: false),
                "eventual_success": metric(1, requests, gate: nil, statistical: false),
            ], "failing_items": 0, "attempts": .number(JSONNumber(requests)),
        ]
        layers["wire"] = [
            "verdict": "pass",
            "metrics": [
                "error_free_rate": metric(rate(0.05), requests, gate: 1, statistical: false),
                "stream_parity": metric(1, requests / 2, gate: 1, statistical: false),
            ], "failing_items": 0,
        ]
        layers["schema"] = [
            "verdict": "pass",
            "metrics": [
                "schema_accuracy": metric(schema, requests / 2, gate: 1, statistical: false),
                "reference_schema_accuracy": metric(1, requests / 2, gate: nil, statistical: false),
            ], "failing_items": 0,
        ]
        layers["contract"] = [
            "verdict": "pass", "metrics": ["pass_rate": metric(contract, requests, gate: 1, statistical: false)],
            "failing_items": 0,
        ]
        var deltas = JSONObject()
        for name in ["trigger_f1", "call_count_agreement", "argument_agreement"] {
            let delta = (random.next() - 0.7) * 0.2
            deltas[name] = [
                "value": .number(JSONNumber(rounded6: delta)),
                "interval": [
                    "low": .number(JSONNumber(rounded6: delta - 0.05)),
                    "high": .number(JSONNumber(rounded6: delta + 0.05)), "confidence": 0.95,
                    "method": "paired_bootstrap",
                ], "cases": .number(JSONNumber(requests / 2)),
            ]
        }
        layers["agreement"] = [
            "verdict": "pass",
            "metrics": [
                "trigger_f1": metric(f1, requests, gate: 0.73, statistical: true),
                "trigger_precision": metric(rate(0.1), requests / 2, gate: nil, statistical: true),
                "trigger_recall": metric(rate(0.2), requests / 2, gate: nil, statistical: true),
                "trigger_f1_from_calls": metric(f1, requests, gate: nil, statistical: true),
                "call_count_agreement": metric(rate(0.1), requests / 2, gate: nil, statistical: true),
                "tool_name_agreement": metric(rate(0.05), requests / 2, gate: nil, statistical: true),
                "argument_agreement": metric(rate(0.2), requests / 2, gate: nil, statistical: true),
            ],
            "failing_items": 0, "confusion_finish_reason": ["tp": 40, "fp": 3, "fn": 5, "tn": 32],
            "reference_source": "baseline", "deltas": .object(deltas),
            "disagreements": .array(
                (0..<3).map { index in
                    [
                        "kind": "arguments", "case": .string("trigger/case-\(index)"), "mode": "stream",
                        "evidence": .string("evidence.jsonl:\(random.int(2...evidenceLines))"),
                        "reference_evidence": "baseline",
                        "provider": #"{"city":"Paris","unit":"F"}"#, "reference": #"{"city":"Paris","unit":"C"}"#,
                    ]
                }
            ),
        ]
        var failures: [JSONValue] = []
        let labelCount = quality > 0.97 ? 0 : random.int(2...6)
        for (label, layer) in labels.prefix(labelCount) {
            failures.append([
                "label": .string(label), "layer": .string(layer), "severity": "error",
                "count": .number(JSONNumber(random.int(1...40))),
                "examples": .array(
                    (0..<5).map { index in
                        [
                            "case": .string("suite/case-\(index)"),
                            "evidence": .string("evidence.jsonl:\(random.int(2...evidenceLines))"),
                            "message": .string(
                                "The answer to case \(index) broke \(label): <details> & \"quotes\" as the host sent them."
                            ),
                            "location": "/choices/0/message/tool_calls/0/function/arguments",
                        ]
                    }
                ),
            ])
        }
        let verdict = f1 < 0.73 || schema < 1 || contract < 1 ? "fail" : "pass"
        return [
            "verdict": .string(verdict),
            "verdict_reason": .string(verdict == "pass" ? "every gate passed" : "gates failed"),
            "probes": 0, "requests": .number(JSONNumber(requests)),
            "streamed_requests": .number(JSONNumber(requests / 2)), "transport_failures": 0,
            "parity_requests": .number(JSONNumber(requests / 4)), "layers": .object(layers),
            "pass_k": ["cases": 10, "repeats": 3, "values": ["1": 0.9, "2": 0.85, "3": 0.8]],
            "failures": .array(failures),
            "labels": .array(
                failures.map { ["label": $0["label"] ?? .null, "severity": "error", "count": $0["count"] ?? 0] }
            ),
        ]
    }

    static func scorecard(
        name: String,
        startedAt: String,
        quality: Double,
        random: inout Random,
        evidenceLines: Int
    ) -> JSONValue {
        var suitesJSON = JSONObject()
        for suite in suites {
            suitesJSON[suite] = section(
                quality: quality,
                random: &random,
                requests: 40,
                evidenceLines: evidenceLines
            )
        }
        let overall = section(quality: quality, random: &random, requests: 360, evidenceLines: evidenceLines)
        var latency = JSONObject()
        let base = 400 + 2000 * random.next()
        for (series, factor) in [
            ("headers_ms", 0.3), ("first_event_ms", 0.4), ("first_content_ms", 0.5), ("first_tool_call_ms", 0.6),
            ("last_event_ms", 0.95), ("max_gap_ms", 0.1), ("total_ms", 1.0),
        ] {
            let p50 = base * factor
            latency[series] = [
                "count": 360, "p50": .number(JSONNumber(rounded: p50)), "p90": .number(JSONNumber(rounded: p50 * 1.6)),
                "p99": .number(JSONNumber(rounded: p50 * 2.4)), "max": .number(JSONNumber(rounded: p50 * 3)),
            ]
        }
        let speed = 30 + 120 * random.next()
        latency["tokens_per_second"] = [
            "count": 360, "p50": .number(JSONNumber(rounded: speed)), "p90": .number(JSONNumber(rounded: speed * 1.3)),
            "p99": .number(JSONNumber(rounded: speed * 1.5)), "max": .number(JSONNumber(rounded: speed * 1.7)),
        ]
        return [
            "schema_version": "0.3.0", "tool": ["name": "vendor-verifier", "version": "0.1.0"],
            "run": [
                "id": .string("nightly-" + startedAt.prefix(10)), "started_at": .string(startedAt),
                "finished_at": .string(startedAt), "duration_ms": 612_000, "model": "kimi-k2",
                "fixtures": .array(suites.map { .string($0 + ".json") }),
                "fixtures_manifest_hash": .string(String(repeating: "ab", count: 32)), "config_hash": "nightly",
                "shard": .null,
            ],
            "provider": [
                "name": .string(name), "base_url": .string("https://\(name).example.invalid/v1"), "model": "kimi-k2",
            ],
            "reference": [
                "name": "official", "model": "kimi-k2", "baseline_hash": .string(String(repeating: "cd", count: 32)),
                "runs": 5,
            ],
            "verdict": overall["verdict"] ?? "fail", "verdict_reason": overall["verdict_reason"] ?? "",
            "overall": overall, "suites": .object(suitesJSON), "reference_failures": [], "latency": .object(latency),
            "usage": [
                "prompt_tokens": 512_000, "completion_tokens": 48_000, "total_tokens": 560_000,
                "cost_usd": .number(JSONNumber(rounded: 0.4 + random.next())),
            ],
            "k2vv": ["model": "kimi-k2", "success_count": 360, "failure_count": 0],
        ]
    }

    /// An evidence file of `lines` records: a manifest, then exchanges alternating streamed and not.
    static func writeEvidence(to path: String, provider: String, lines: Int) throws -> Int {
        var text = #"{"seq":1,"kind":"manifest","format":"vendor-verifier-evidence/1"}"# + "\n"
        for line in 2...lines {
            let stream = line % 2 == 0
            let request: JSONValue = [
                "model": "kimi-k2",
                "messages": [
                    ["role": "system", "content": "You are a helpful assistant with tools."],
                    ["role": "user", "content": .string("Case \(line): what is the weather in Paris in celsius?")],
                ],
                "tools": .array(
                    ["get_weather", "search_web", "book_flight", "send_email"].map { name in
                        [
                            "type": "function",
                            "function": [
                                "name": .string(name), "description": "A tool.",
                                "parameters": [
                                    "type": "object", "properties": ["city": ["type": "string"]],
                                    "required": ["city"],
                                ],
                            ],
                        ]
                    }
                ),
                "tool_choice": "auto", "stream": .bool(stream),
            ]
            var body = ""
            if stream {
                for index in 0..<40 {
                    body +=
                        #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"part \#(index)\""}}]},"finish_reason":null}]}"#
                        + "\n\n"
                }
                body += "data: [DONE]\n\n"
            } else {
                body =
                    #"{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":120,"completion_tokens":18,"total_tokens":138}}"#
            }
            let record: JSONValue = [
                "seq": .number(JSONNumber(line)), "prev": .string(String(repeating: "0", count: 64)),
                "provider": .string(provider), "role": "candidate", "case": .string("trigger/case-\(line)"),
                "mode": .string(stream ? "stream" : "nonstream"), "request": request,
                "response": [
                    "status": 200,
                    "headers": ["content-type": .string(stream ? "text/event-stream" : "application/json")],
                    "body": .string(body),
                ],
                "timing": ["headers_ms": 120.5, "total_ms": 900.25, "chunks": []],
                "findings": [["label": "call.schema", "severity": "error", "message": "synthetic"]],
            ]
            text += record.serialized() + "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return text.utf8.count
    }
}
