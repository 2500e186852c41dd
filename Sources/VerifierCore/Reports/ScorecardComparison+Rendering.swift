import Foundation
import JSONSchema
import VerifierJudging

extension ScorecardComparison {
    /// The gates that went from pass to fail, as `section: layer.metric`.
    public var regressions: [String] {
        sections.flatMap { section in
            section.gates.filter { $0.kind == .regression }.map { "\(section.name): \($0.layer).\($0.metric)" }
        }
    }

    /// The comparison for a terminal: per section the verdict, the gates crossed, the metrics that changed
    /// (with their interval and whether the change is beyond noise) and the labels that changed.
    public var text: String {
        var lines = header
        lines.append("")
        for section in sections {
            let verdict = Self.change(section.oldVerdict, section.newVerdict)
            guard section.changed else {
                lines.append("\(section.title): \(verdict) — no change")
                continue
            }
            lines.append("\(section.title): \(verdict)")
            if !section.gates.isEmpty {
                lines.append("  gates crossed:")
                for gate in section.gates { lines.append("    \(Self.describe(gate))") }
            }
            let changed = section.metrics.filter(\.changed)
            if !changed.isEmpty {
                lines.append("  metrics (new − old, 95 % interval):")
                let width = changed.map { "\($0.layer).\($0.metric)".count }.max() ?? 0
                for metric in changed {
                    let name = "\(metric.layer).\(metric.metric)"
                    lines.append(
                        "    \(name.padding(toLength: width, withPad: " ", startingAt: 0))  "
                            + "\(Self.percent(metric.old)) → \(Self.percent(metric.new))  "
                            + "\(Self.points(metric.delta)) \(Self.interval(metric.interval))  \(Self.noise(metric))"
                    )
                }
            }
            if !section.labels.isEmpty {
                lines.append("  labels:")
                for label in section.labels { lines.append("    \(Self.describe(label))") }
            }
        }
        let series = latency.filter { $0.oldP50 != nil || $0.newP50 != nil }
        if !series.isEmpty {
            lines.append("latency (p50, p90; milliseconds, tokens_per_second in tokens/s):")
            for change in series {
                lines.append(
                    "  \(change.series): p50 \(Self.figure(change.oldP50)) → \(Self.figure(change.newP50)) "
                        + "(\(Self.signed(change.oldP50, change.newP50))), p90 \(Self.figure(change.oldP90)) → "
                        + "\(Self.figure(change.newP90)) (\(Self.signed(change.oldP90, change.newP90)))"
                )
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The comparison as Markdown (a CI job summary or a pull-request comment).
    public var markdown: String {
        var lines: [String] = ["# Scorecard comparison", ""]
        lines += header.map { $0.isEmpty ? $0 : "- " + $0 }
        for section in sections {
            lines.append("")
            lines.append("## \(section.title): \(Self.change(section.oldVerdict, section.newVerdict))")
            guard section.changed else {
                lines.append("")
                lines.append("No change.")
                continue
            }
            if !section.gates.isEmpty {
                lines.append("")
                lines.append("| gate | old | new | change |")
                lines.append("|---|---|---|---|")
                for gate in section.gates {
                    lines.append(
                        "| `\(gate.layer).\(gate.metric)` | \(gate.old ?? "—") | \(gate.new ?? "—") | "
                            + "\(gate.kind == .regression ? "**regression**" : gate.kind.rawValue) |"
                    )
                }
            }
            let changed = section.metrics.filter(\.changed)
            if !changed.isEmpty {
                lines.append("")
                lines.append("| metric | old | new | new − old | 95 % interval | beyond noise |")
                lines.append("|---|---:|---:|---:|---:|---|")
                for metric in changed {
                    lines.append(
                        "| `\(metric.layer).\(metric.metric)` | \(Self.percent(metric.old)) \(Self.counts(metric, old: true)) "
                            + "| \(Self.percent(metric.new)) \(Self.counts(metric, old: false)) "
                            + "| \(Self.points(metric.delta)) | \(Self.interval(metric.interval)) "
                            + "| \(metric.beyondNoise.map { $0 ? "yes" : "no" } ?? "n/a") |"
                    )
                }
            }
            if !section.labels.isEmpty {
                lines.append("")
                lines.append("| label | severity | old | new | |")
                lines.append("|---|---|---:|---:|---|")
                for label in section.labels {
                    lines.append(
                        "| `\(label.label)` | \(label.severity) | \(label.old) | \(label.new) | \(label.status) |"
                    )
                }
            }
        }
        let series = latency.filter { $0.oldP50 != nil || $0.newP50 != nil }
        if !series.isEmpty {
            lines.append("")
            lines.append("## Latency")
            lines.append("")
            lines.append("| series | p50 old | p50 new | p90 old | p90 new |")
            lines.append("|---|---:|---:|---:|---:|")
            for change in series {
                lines.append(
                    "| \(change.series) | \(Self.figure(change.oldP50)) | \(Self.figure(change.newP50)) | "
                        + "\(Self.figure(change.oldP90)) | \(Self.figure(change.newP90)) |"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The comparison as JSON: both sides, warnings, whether it regressed, and every section with all its
    /// metrics (changed or not).
    public var json: JSONValue {
        func side(_ side: Side) -> JSONValue {
            [
                "source": .string(side.source), "provider": .string(side.provider), "run_id": .string(side.runID),
                "schema_version": .string(side.schemaVersion), "fixtures_manifest_hash": .string(side.fixturesHash),
                "model": .string(side.model), "verdict": side.verdict.map(JSONValue.string) ?? .null,
            ]
        }
        func number(_ value: Double?) -> JSONValue { value.map { .number(JSONNumber(rounded6: $0)) } ?? .null }
        func integer(_ value: Int?) -> JSONValue { value.map { .number(JSONNumber($0)) } ?? .null }
        func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var root = JSONObject()
        root["old"] = side(old)
        root["new"] = side(new)
        root["regression"] = .bool(regressed)
        root["regressions"] = .array(regressions.map(JSONValue.string))
        root["warnings"] = .array(warnings.map(JSONValue.string))
        root["sections"] = .array(
            sections.map { section -> JSONValue in
                var object = JSONObject()
                object["name"] = .string(section.name)
                object["verdict"] = ["old": string(section.oldVerdict), "new": string(section.newVerdict)]
                object["gates"] = .array(
                    section.gates.map { gate -> JSONValue in
                        [
                            "layer": .string(gate.layer), "metric": .string(gate.metric), "old": string(gate.old),
                            "new": string(gate.new), "old_gate": number(gate.oldGate), "new_gate": number(gate.newGate),
                            "change": .string(gate.kind.rawValue),
                        ]
                    }
                )
                object["metrics"] = .array(
                    section.metrics.map { metric -> JSONValue in
                        [
                            "layer": .string(metric.layer), "metric": .string(metric.metric),
                            "old": [
                                "value": number(metric.old), "numerator": integer(metric.oldNumerator),
                                "denominator": integer(metric.oldDenominator),
                            ],
                            "new": [
                                "value": number(metric.new), "numerator": integer(metric.newNumerator),
                                "denominator": integer(metric.newDenominator),
                            ],
                            "delta": number(metric.delta),
                            "interval": metric.interval.map { interval -> JSONValue in
                                [
                                    "low": number(interval.low), "high": number(interval.high),
                                    "confidence": number(interval.confidence), "method": "newcombe",
                                ]
                            } ?? .null,
                            "beyond_noise": metric.beyondNoise.map(JSONValue.bool) ?? .null,
                        ]
                    }
                )
                object["labels"] = .array(
                    section.labels.map { label -> JSONValue in
                        [
                            "label": .string(label.label), "severity": .string(label.severity),
                            "old": .number(JSONNumber(label.old)), "new": .number(JSONNumber(label.new)),
                            "status": .string(label.status),
                        ]
                    }
                )
                return .object(object)
            }
        )
        root["latency"] = .array(
            latency.map { change -> JSONValue in
                [
                    "series": .string(change.series), "old_p50": number(change.oldP50),
                    "new_p50": number(change.newP50), "old_p90": number(change.oldP90),
                    "new_p90": number(change.newP90),
                ]
            }
        )
        return .object(root)
    }

    /// The lines naming both sides, the warnings and the result.
    var header: [String] {
        func describe(_ side: Side) -> String {
            "\(side.source) — provider \(side.provider), run \(side.runID), verdict \(side.verdict ?? "—") "
                + "(scorecard \(side.schemaVersion.isEmpty ? "?" : side.schemaVersion))"
        }
        var lines = ["old: \(describe(old))", "new: \(describe(new))"]
        if old.provider != new.provider {
            lines.append("note: comparing two providers (\(old.provider) → \(new.provider)).")
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        let regressions = self.regressions
        lines.append(
            regressions.isEmpty
                ? "result: no gate went from pass to fail."
                : "result: REGRESSION — \(regressions.count) gate\(regressions.count == 1 ? "" : "s") went from pass "
                    + "to fail: \(regressions.prefix(6).joined(separator: "; "))"
                    + (regressions.count > 6 ? "; and \(regressions.count - 6) more." : ".")
        )
        return lines
    }

    static func change(_ old: String?, _ new: String?) -> String {
        old == new ? (new ?? "—") : "\(old ?? "—") → \(new ?? "—")"
    }

    static func describe(_ gate: GateChange) -> String {
        let gates =
            gate.oldGate == gate.newGate
            ? gate.newGate.map { " (gate \(percent($0)))" } ?? ""
            : " (gate \(percent(gate.oldGate)) → \(percent(gate.newGate)))"
        let kind = gate.kind == .regression ? "REGRESSION" : gate.kind == .fix ? "fixed" : "decision changed"
        return "\(gate.layer).\(gate.metric): \(gate.old ?? "ungated") → \(gate.new ?? "ungated")\(gates) — \(kind)"
    }

    static func describe(_ label: LabelChange) -> String {
        let mark = label.status == "new" ? "+" : label.status == "gone" ? "-" : "~"
        return "\(mark) \(label.label) (\(label.severity)) \(label.old) → \(label.new) \(label.status)"
    }

    static func counts(_ metric: MetricDelta, old: Bool) -> String {
        let numerator = old ? metric.oldNumerator : metric.newNumerator
        let denominator = old ? metric.oldDenominator : metric.newDenominator
        guard let numerator, let denominator else { return "" }
        return "(\(numerator)/\(denominator))"
    }

    static func noise(_ metric: MetricDelta) -> String {
        guard let beyond = metric.beyondNoise else { return "" }
        return beyond ? "beyond noise" : "within noise"
    }

    /// A rate as a percentage with two decimals, or `n/a`.
    static func percent(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return String(format: "%.2f%%", value * 100)
    }

    /// A difference of rates in percentage points, signed, or `n/a`.
    static func points(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return String(format: "%+.2f pp", value * 100)
    }

    static func interval(_ interval: ProportionInterval?) -> String {
        guard let interval else { return "[n/a]" }
        return String(format: "[%+.2f, %+.2f]", interval.low * 100, interval.high * 100)
    }

    static func figure(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f", value)
    }

    static func signed(_ old: Double?, _ new: Double?) -> String {
        guard let old, let new else { return "n/a" }
        return String(format: "%+.1f", new - old)
    }
}

extension ScorecardComparison.Section {
    /// `overall` or `suite NAME`.
    var title: String { name == "overall" ? "overall" : "suite \(name)" }
}
