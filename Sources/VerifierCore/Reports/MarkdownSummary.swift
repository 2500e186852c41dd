import Foundation
import JSONSchema
import VerifierJudging

/// Renders a scorecard as Markdown fit for a CI job summary.
public enum MarkdownSummary {
    /// The Markdown of one scorecard.
    /// - Parameter scorecard: The scorecard.
    /// - Returns: The Markdown text.
    public static func render(_ scorecard: Scorecard) -> String {
        let sections = [
            header(scorecard),
            metricsTable(scorecard),
            comparisons(scorecard),
            delivery(scorecard),
            failureLists(scorecard),
            latencyTable(scorecard),
        ]
        return sections.joined().joined(separator: "\n")
    }

    /// The title, the verdict, what was compared and the suites.
    private static func header(_ scorecard: Scorecard) -> [String] {
        var lines: [String] = []
        let badge = scorecard.verdict == .pass ? "PASS" : scorecard.verdict == .fail ? "FAIL" : "INCOMPLETE"
        lines.append("# \(scorecard.provider.name): \(badge)")
        lines.append("")
        lines.append("\(scorecard.verdictReason.prefix(1).uppercased() + scorecard.verdictReason.dropFirst()).")
        lines.append("")
        let reference =
            scorecard.reference.map {
                "`\($0.name)` (`\($0.model)`\(scorecard.crossSurface ? " on \($0.api.title)" : ""))"
            } ?? "none"
        let surface = scorecard.provider.api == .chat && !scorecard.crossSurface ? "" : " over \(scorecard.provider.api.title)"
        lines.append(
            "Model `\(scorecard.run.model)` served as `\(scorecard.provider.model)` at `\(scorecard.provider.baseURL)`\(surface); reference \(reference)."
        )
        if scorecard.crossSurface {
            lines.append(
                "Compared across surfaces: agreement findings say so, and prompt tokens may differ by 8 tokens or 1 %."
            )
        }
        lines.append(
            "\(scorecard.requests) requests (\(scorecard.streamedRequests) streamed) from \(scorecard.run.fixtures.joined(separator: ", ")), run `\(scorecard.run.id)`."
        )
        lines.append("")
        let sampling = scorecard.sampling
        if sampling.requests > 0 {
            let temperatures = (sampling.values["temperature"] ?? [:]).sorted { $0.key < $1.key }
                .map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            lines.append(
                "Sampling sent: temperature \(temperatures) (\(sampling.sampled) of \(sampling.requests) requests sampled); "
                    + "stream parity rule `\(scorecard.parityRule.name)`."
            )
            lines.append("")
        }
        for notice in scorecard.notices {
            lines.append("> **Notice:** \(notice)")
            lines.append("")
        }
        if !scorecard.skippedCases.isEmpty {
            lines.append(
                "\(scorecard.skippedCases.count) case(s) not asked: \(scorecard.provider.api.title) cannot express them."
            )
            lines.append("")
            lines.append("| case | suite | why |")
            lines.append("|---|---|---|")
            for entry in scorecard.skippedCases.prefix(50) {
                lines.append("| `\(entry.caseID)` | \(entry.suite) | \(entry.reason.replacingOccurrences(of: "|", with: "/")) |")
            }
            if scorecard.skippedCases.count > 50 { lines.append("| … | | \(scorecard.skippedCases.count - 50) more in scorecard.json |") }
            lines.append("")
        }
        if !scorecard.suites.isEmpty {
            lines.append("| suite | verdict | requests | contract | schema accuracy | trigger F1 | top failure |")
            lines.append("|---|---|---:|---:|---:|---:|---|")
            for suite in scorecard.suites {
                let card = suite.scorecard
                let verdict = card.verdict == .pass ? "pass" : "**\(card.verdict.rawValue)**"
                let contract = card.contract.denominator > 0 ? card.contract.percentText : "—"
                let schema = card.schemaAccuracy.denominator > 0 ? card.schemaAccuracy.percentText : "—"
                let trigger = card.triggerF1.map { $0.denominator > 0 ? $0.percentText : "—" } ?? "—"
                let top = card.topFailure.map { "`\($0.label)` ×\($0.count)" } ?? "—"
                lines.append(
                    "| \(suite.name) | \(verdict) | \(card.requests + card.probes) | \(contract) | \(schema) | \(trigger) | \(top) |"
                )
            }
            lines.append("")
            lines.append("All suites together:")
            lines.append("")
        }
        return lines
    }

    /// The gated metrics, one row each.
    private static func metricsTable(_ scorecard: Scorecard) -> [String] {
        var lines: [String] = []
        lines.append("| layer | metric | value | 95 % interval | n | gate | result |")
        lines.append("|---|---|---:|---|---:|---:|---|")
        var rows: [(String, String, Metric)] = [
            ("delivery", "success rate", scorecard.delivery),
            ("delivery", "first-attempt success", scorecard.deliveryStats.firstAttemptSuccess),
            ("wire", "error-free answers", scorecard.wireErrorFree),
            ("wire", "stream ≡ non-stream (temperature 0)", scorecard.streamParity),
            ("schema", "schema accuracy (K2VV)", scorecard.schemaAccuracy),
            ("contract", "labelled cases meeting their constraints", scorecard.contract),
            ("contract", "model's choice of call (cases the reference always meets)", scorecard.choice),
        ]
        if let metric = scorecard.wavering {
            rows.append(("contract", "cases the reference wavers on (against its rate)", metric))
        }
        if let metric = scorecard.referenceSchemaAccuracy {
            rows.append(("schema", "reference schema accuracy", metric))
        }
        if let f1 = scorecard.triggerF1, let byCalls = scorecard.triggerByCalls,
            let matrix = scorecard.triggerByFinishReason
        {
            rows.append(("agreement", "trigger F1 (finish_reason, K2VV)", f1))
            rows.append(("agreement", "trigger precision", matrix.precision))
            rows.append(("agreement", "trigger recall", matrix.recall))
            rows.append(("agreement", "trigger F1 (calls present)", byCalls.f1))
            if let recall = scorecard.callRecall {
                rows.append(("agreement", "reference's calls made (tested against its own)", recall))
            }
            if let specificity = scorecard.callSpecificity {
                rows.append(("agreement", "no call where the reference made none (tested)", specificity))
            }
            if let tokens = scorecard.promptTokenParity {
                rows.append(("agreement", "prompt tokens equal to the reference's", tokens))
            }
            if let agreement = scorecard.agreement {
                rows.append(("agreement", "same number of calls (both called)", agreement.callCount))
                rows.append(("agreement", "same tools (both called)", agreement.toolName))
                rows.append(("agreement", "same arguments (same tools)", agreement.arguments))
            }
        }
        for (layer, name, metric) in rows {
            let gate =
                metric.gate.map { "≥ " + Metric.percent($0) + (metric.gateSource == .baseline ? " (baseline)" : "") }
                ?? ""
            let result: String
            switch metric.decision {
            case nil: result = ""
            case .pass: result = metric.basis == .interval ? "pass (interval)" : "pass"
            case .fail: result = metric.basis == .interval ? "**fail** (interval)" : "**fail**"
            case .inconclusive:
                result = metric.passed == false ? "**inconclusive → fail**" : "inconclusive (straddles the gate)"
            }
            let interval = metric.interval?.percentText ?? "—"
            lines.append(
                "| \(layer) | \(name) | \(metric.percentText) | \(interval) | \(metric.numerator)/\(metric.denominator) | \(gate) | \(result) |"
            )
        }
        return lines
    }

    /// Deltas with the reference, agreement examples and pass^k.
    private static func comparisons(_ scorecard: Scorecard) -> [String] {
        var lines: [String] = []
        if !scorecard.deltas.isEmpty {
            let shown = scorecard.deltas.filter { $0.delta.value != nil }
            if !shown.isEmpty {
                lines.append("")
                lines.append(
                    "Provider minus reference (paired bootstrap over case ids): "
                        + shown.map { name, delta in
                            "\(name) \(Metric.percent(delta.value ?? 0))"
                                + (delta.interval.map { " " + $0.percentText } ?? "")
                        }.joined(separator: ", ") + "."
                )
            }
        }
        if let examples = scorecard.agreement?.examples, !examples.isEmpty {
            lines.append("")
            lines.append("Disagreements with the reference (examples):")
            lines.append("")
            for example in examples.prefix(6) {
                lines.append(
                    "- `\(example.kind)` \(example.caseID) (\(example.mode)): provider \(example.provider.clippedMarkdown(120)) "
                        + "— reference \(example.reference.clippedMarkdown(120)) (`\(example.evidence)`)"
                )
            }
        }
        if scorecard.passAtK.maxK >= 2 {
            let values = (1...scorecard.passAtK.maxK).compactMap { k in
                scorecard.passAtK.value(k: k).map { "pass^\(k) \(Metric.percent($0))" }
            }
            lines.append("")
            lines.append(
                "Repeated cases (\(scorecard.passAtK.tallies.count)): " + values.joined(separator: ", ")
                    + " — the chance that every one of k tries passes."
            )
        }
        return lines
    }

    /// Delivery and the trigger confusion matrix.
    private static func delivery(_ scorecard: Scorecard) -> [String] {
        var lines: [String] = []
        lines.append("")
        lines.append("Delivery: \(scorecard.deliveryStats.summaryText).")
        if let matrix = scorecard.triggerByFinishReason {
            lines.append("")
            lines.append(
                "Trigger confusion (finish_reason): TP \(matrix.truePositives), FP \(matrix.falsePositives), "
                    + "FN \(matrix.falseNegatives), TN \(matrix.trueNegatives)."
            )
        }
        return lines
    }

    /// Failures by label, then warnings.
    private static func failureLists(_ scorecard: Scorecard) -> [String] {
        var lines: [String] = []
        lines.append("")
        let failures = scorecard.failures.sorted
        if failures.isEmpty {
            lines.append("No failing items.")
        } else {
            lines.append("## Failures (primary label per failing answer)")
            lines.append("")
            lines.append("| label | layer | count | example | evidence |")
            lines.append("|---|---|---:|---|---|")
            for entry in failures {
                let example = entry.examples.first
                let message = (example?.message ?? "").replacingOccurrences(of: "|", with: "\\|").clipped(160)
                lines.append(
                    "| `\(entry.label)` | \(entry.label.layer.rawValue) | \(entry.count) | \(message) | `\(example?.evidence ?? "")` |"
                )
            }
        }
        let warnings = scorecard.labels.sorted.filter { $0.severity == .warning }
        if !warnings.isEmpty {
            lines.append("")
            lines.append("Warnings: " + warnings.map { "`\($0.label)` × \($0.count)" }.joined(separator: ", ") + ".")
        }
        return lines
    }

    /// Latency and throughput percentiles.
    private static func latencyTable(_ scorecard: Scorecard) -> [String] {
        var lines: [String] = []
        lines.append("")
        lines.append("## Latency and throughput (delivered answers)")
        lines.append("")
        lines.append("| series | n | p50 | p90 | p99 | max |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for (name, samples) in scorecard.latency.series where !samples.isEmpty {
            let cells = [50.0, 90, 99, 100].map { p in
                LatencySamples.percentile(p, of: samples).map { String(Int($0.rounded())) } ?? "–"
            }
            lines.append("| \(name) | \(samples.count) | " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("Tokens per second come from `usage.completion_tokens` only, never from chunk counts.")
        lines.append("")
        return lines
    }
}

extension String {
    /// The text clipped for a Markdown line, with backticks and pipes neutralised.
    func clippedMarkdown(_ limit: Int) -> String {
        let clean = replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
        return "`" + (clean.count <= limit ? clean : String(clean.prefix(limit)) + "…") + "`"
    }
}
