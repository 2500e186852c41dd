import JSONSchema
import VerifierJudging

/// Renders a scorecard as JUnit XML, so that CI systems show each suite gate as a test.
///
/// Mapping: one `<testsuite>` per suite section of the scorecard (the `overall` section when there are no
/// suites), one `<testcase>` per gated metric of that suite, named `<suite>: <layer>.<metric>`
/// (`tool-choice: contract.pass_rate`). A gate that failed carries a `<failure>` whose message gives the
/// value, the interval, the gate and the suite's most frequent failure labels of that layer with their
/// evidence pointers. An inconclusive decision (the interval straddles the gate) is not a failure; it is
/// shown in the testcase's `<properties>` and `<system-out>`. A gated metric with nothing to judge (zero
/// denominator) is `<skipped>`; a suite whose verdict is `incomplete` gets an extra `<suite>: verdict`
/// testcase with an `<error>`.
///
/// ```swift
/// let xml = JUnitReport.render(scorecard.json, evidencePrefix: "Reports/20260101-000000-fireworks/")
/// ```
public enum JUnitReport {
    /// Labels listed per failing gate.
    static let labelsPerFailure = 3
    /// Examples listed per label in a failure's text.
    static let examplesPerLabel = 3

    /// Renders a scorecard.
    /// - Parameters:
    ///   - scorecard: The scorecard's JSON (schema 0.2.0 or 0.3.0).
    ///   - evidencePrefix: Prepended to evidence pointers (the run folder, ending in `/`), so CI logs point at
    ///     the file from the repository root.
    /// - Returns: The XML document.
    public static func render(_ scorecard: JSONValue, evidencePrefix: String = "") -> String {
        let provider = scorecard["provider"]?["name"]?.stringValue ?? "provider"
        let startedAt = scorecard["run"]?["started_at"]?.stringValue
        let suites = SectionReading.suites(of: scorecard).map {
            suiteXML($0, provider: provider, startedAt: startedAt, evidencePrefix: evidencePrefix)
        }
        let totals = suites.reduce(into: (tests: 0, failures: 0, errors: 0, skipped: 0)) {
            $0.tests += $1.tests
            $0.failures += $1.failures
            $0.errors += $1.errors
            $0.skipped += $1.skipped
        }
        var attributes = [
            ("name", "vendor-verifier: " + provider), ("tests", String(totals.tests)),
            ("failures", String(totals.failures)), ("errors", String(totals.errors)),
            ("skipped", String(totals.skipped)),
        ]
        if let duration = scorecard["run"]?["duration_ms"]?.numberValue?.doubleValue {
            attributes.append(("time", seconds(duration)))
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites" + attributeText(attributes) + ">\n"
        for suite in suites { xml += suite.xml }
        xml += "</testsuites>\n"
        return xml
    }

    /// Renders a scorecard value.
    /// - Parameters:
    ///   - scorecard: The scorecard.
    ///   - evidencePrefix: Prepended to evidence pointers.
    /// - Returns: The XML document.
    public static func render(_ scorecard: Scorecard, evidencePrefix: String = "") -> String {
        render(scorecard.json, evidencePrefix: evidencePrefix)
    }

    private struct SuiteXML {
        var xml: String
        var tests: Int
        var failures: Int
        var errors: Int
        var skipped: Int
    }

    private static func suiteXML(
        _ section: SectionReading,
        provider: String,
        startedAt: String?,
        evidencePrefix: String
    ) -> SuiteXML {
        var cases: [String] = []
        var counts = (failures: 0, errors: 0, skipped: 0)
        let classname = provider + "." + section.name
        if section.verdict == "incomplete" {
            counts.errors += 1
            let message = "incomplete: " + (section.verdictReason ?? "the suite could not be judged")
            cases.append(
                "    <testcase" + attributeText([("name", section.name + ": verdict"), ("classname", classname)])
                    + ">\n      <error" + attributeText([("message", message), ("type", "incomplete")])
                    + "/>\n    </testcase>\n"
            )
        }
        for entry in section.metrics where entry.metric.isGated {
            let metric = entry.metric
            let id = entry.layer + "." + entry.name
            let name = section.name + ": " + id
            var body = ""
            var properties: [(String, String)] = [("value", metric.value.map(plainNumber) ?? "null")]
            if let gate = metric.gate { properties.append(("gate", plainNumber(gate))) }
            if let interval = metric.interval {
                properties.append(("interval", plainNumber(interval.low) + "," + plainNumber(interval.high)))
            }
            properties.append(("decision", metric.decision ?? "not_judged"))
            body += "      <properties>\n"
            for (key, value) in properties {
                body += "        <property" + attributeText([("name", key), ("value", value)]) + "/>\n"
            }
            body += "      </properties>\n"
            let summary = summaryLine(id: id, metric: metric)
            switch metric.decision {
            case "fail":
                counts.failures += 1
                body += failureXML(
                    section,
                    layer: entry.layer,
                    id: id,
                    summary: summary,
                    evidencePrefix: evidencePrefix
                )
            case "inconclusive":
                body += "      <system-out>" + MarkupText.text("inconclusive: " + summary) + "</system-out>\n"
            case nil:
                counts.skipped += 1
                body += "      <skipped" + attributeText([("message", "not judged: " + summary)]) + "/>\n"
            default:
                body += "      <system-out>" + MarkupText.text(summary) + "</system-out>\n"
            }
            cases.append(
                "    <testcase" + attributeText([("name", name), ("classname", classname)]) + ">\n" + body
                    + "    </testcase>\n"
            )
        }
        var attributes = [
            ("name", section.name), ("tests", String(cases.count)), ("failures", String(counts.failures)),
            ("errors", String(counts.errors)), ("skipped", String(counts.skipped)),
        ]
        if let startedAt { attributes.append(("timestamp", startedAt)) }
        var xml = "  <testsuite" + attributeText(attributes) + ">\n"
        var properties: [(String, String)] = [("provider", provider)]
        if let verdict = section.verdict { properties.append(("verdict", verdict)) }
        if let reason = section.verdictReason { properties.append(("verdict_reason", reason)) }
        xml += "    <properties>\n"
        for (key, value) in properties {
            xml += "      <property" + attributeText([("name", key), ("value", value)]) + "/>\n"
        }
        xml += "    </properties>\n"
        xml += cases.joined()
        xml += "  </testsuite>\n"
        return SuiteXML(
            xml: xml,
            tests: cases.count,
            failures: counts.failures,
            errors: counts.errors,
            skipped: counts.skipped
        )
    }

    /// A failed gate's `<failure>`: the summary and the layer's top labels, each with its evidence.
    private static func failureXML(
        _ section: SectionReading,
        layer: String,
        id: String,
        summary: String,
        evidencePrefix: String
    ) -> String {
        let labels = section.failures.filter { $0.layer == layer && $0.severity != "warning" }
            .prefix(labelsPerFailure)
        var message = summary
        if !labels.isEmpty {
            message +=
                "; top labels: "
                + labels.map { failure in
                    let pointer = failure.examples.first.map { " at " + evidencePrefix + $0.evidence } ?? ""
                    return "\(failure.label) ×\(failure.count)\(pointer)"
                }.joined(separator: ", ")
        }
        var text = section.name + ": " + summary + "\n"
        if labels.isEmpty {
            text += "No failure label of the \(layer) layer was recorded in this suite.\n"
        } else {
            text += "Top failure labels of the \(layer) layer:\n"
            for failure in labels {
                text += "  \(failure.label) ×\(failure.count) (\(failure.severity))\n"
                for example in failure.examples.prefix(examplesPerLabel) {
                    text += "    \(example.caseID): \(example.message) → \(evidencePrefix)\(example.evidence)\n"
                }
            }
        }
        return
            "      <failure" + attributeText([("message", message), ("type", id)]) + ">"
            + MarkupText.text(text) + "</failure>\n"
    }

    /// `contract.pass_rate 37.50% (6/16), 95% interval [..] (wilson), gate ≥ 100.00% (config): fail`.
    static func summaryLine(id: String, metric: MetricReading) -> String {
        var parts = [id + " " + metric.percentText + (metric.countText.isEmpty ? "" : " (\(metric.countText))")]
        parts.append(metric.intervalDescription ?? "no interval")
        parts.append(metric.gateText.map { "gate " + $0 } ?? "no gate")
        if let basis = metric.basis { parts.append("decided on the \(basis)") }
        return parts.joined(separator: ", ") + ": " + (metric.decision ?? "not judged")
    }

    private static func attributeText(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(MarkupText.attribute($0.1))\"" }.joined()
    }

    private static func plainNumber(_ value: Double) -> String {
        JSONNumber(rounded6: value).literal
    }

    private static func seconds(_ milliseconds: Double) -> String {
        JSONNumber(rounded: milliseconds / 1000).literal
    }
}
