import Foundation
import JSONSchema
import VerifierJudging

/// Renders `providers/<name>.html`: one provider's newest run in full, its trends and its history.
enum ProviderPage {
    typealias H = HTMLPage

    /// The page.
    /// - Parameters:
    ///   - provider: The provider.
    ///   - pagesFolder: The absolute folder the page is written to (for relative links to run folders).
    static func render(_ provider: ReportSite.Provider, pagesFolder: String) -> String {
        let card = provider.scorecard
        let run = provider.latest
        var body = "<nav class=\"small\"><a href=\"../index.html\">← leaderboard</a></nav>\n"
        body += "<h1>\(H.h(provider.name)) \(H.badge(run.verdict))</h1>\n"
        if let reason = card["verdict_reason"]?.stringValue {
            body += "<p>\(H.h(reason))</p>\n"
        }
        body += meta(provider, pagesFolder: pagesFolder)
        body += "<h2>Trends over \(provider.runs.count) run\(provider.runs.count == 1 ? "" : "s")</h2>\n"
        body += trends(provider.runs)
        let overall = SectionReading(name: "overall", json: card["overall"] ?? .null)
        body += "<h2>All suites together</h2>\n"
        body += metricTable(overall)
        body += extras(overall, provider: provider, pagesFolder: pagesFolder)
        body += latencyTable(card["latency"])
        let suites = (card["suites"]?.objectValue?.members ?? []).filter { $0.value.objectValue != nil }
        if !suites.isEmpty {
            body += "<h2>Suites</h2>\n"
            for member in suites {
                let section = SectionReading(name: member.key, json: member.value)
                let verdict = section.verdict ?? "unknown"
                body += "<details\(verdict == "pass" ? "" : " open")><summary>\(H.h(section.name)) "
                body += H.badge(verdict) + " <span class=\"muted small\">"
                body += H.h(section.verdictReason ?? "") + "</span></summary>\n"
                body += metricTable(section)
                body += extras(section, provider: provider, pagesFolder: pagesFolder)
                body += labelTable(section, provider: provider, pagesFolder: pagesFolder)
                body += "</details>\n"
            }
        }
        body += failureSection(overall, provider: provider, pagesFolder: pagesFolder)
        if let reference = card["reference_failures"]?.arrayValue, !reference.isEmpty {
            body += "<h2>The reference's own failures</h2>\n<table><thead><tr><th>label</th><th>severity</th>"
            body += "<th class=\"n\">count</th></tr></thead><tbody>\n"
            for entry in reference {
                body += "<tr><td><code>\(H.h(entry["label"]?.stringValue ?? "?"))</code></td>"
                body += "<td>\(H.h(entry["severity"]?.stringValue ?? ""))</td>"
                body += "<td class=\"n\">\(entry["count"]?.intValue.map(String.init) ?? "—")</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        body += history(provider, pagesFolder: pagesFolder)
        return H.document(title: provider.name + " — tool-calling verification", body: body)
    }

    static func meta(_ provider: ReportSite.Provider, pagesFolder: String) -> String {
        let card = provider.scorecard
        let run = provider.latest
        var rows: [(String, String)] = []
        func add(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { rows.append((key, H.h(value))) }
        }
        add("model", card["run"]?["model"]?.stringValue)
        let served = [card["provider"]?["model"]?.stringValue, card["provider"]?["base_url"]?.stringValue]
            .compactMap { $0 }
        add("served as", served.joined(separator: " at "))
        if let hosts = card["provider"]?["upstream_hosts"]?.objectValue, !hosts.isEmpty {
            add("upstream hosts", hosts.members.map { "\($0.key) (\($0.value.serialized()))" }.joined(separator: ", "))
        }
        if let reference = card["reference"], reference.objectValue != nil {
            var text = reference["name"]?.stringValue ?? "?"
            if let model = reference["model"]?.stringValue { text += " (\(model))" }
            if let runs = reference["runs"]?.intValue { text += ", \(runs) run\(runs == 1 ? "" : "s")" }
            if let hash = reference["baseline_hash"]?.stringValue { text += ", baseline " + String(hash.prefix(12)) }
            add("reference", text)
        } else {
            add("reference", "none")
        }
        add("run", run.runID + (run.shard.map { " (shard \($0))" } ?? ""))
        let finished = card["run"]?["finished_at"]?.stringValue
        add("started", run.startedAt + (finished.map { " → " + $0 } ?? ""))
        if let requests = card["overall"]?["requests"]?.intValue {
            let streamed = card["overall"]?["streamed_requests"]?.intValue.map { " (\($0) streamed)" } ?? ""
            let probes = card["overall"]?["probes"]?.intValue.map { $0 > 0 ? ", \($0) probes" : "" } ?? ""
            add("requests", "\(requests)\(streamed)\(probes)")
        }
        if let usage = card["usage"], usage.objectValue != nil {
            let parts = ["prompt_tokens", "completion_tokens", "total_tokens"].compactMap { key in
                usage[key]?.intValue.map { "\(key.replacingOccurrences(of: "_tokens", with: "")) \($0)" }
            }
            add("tokens", parts.joined(separator: ", "))
        }
        add("cost", H.cost(run.costUSD))
        add("scorecard", "schema " + run.schemaVersion + ", " + run.scorecardPath)
        var html = "<dl class=\"meta small\">"
        for (key, value) in rows { html += "<dt>\(H.h(key))</dt><dd>\(value)</dd>" }
        let link = H.href(H.relativePath(from: pagesFolder, to: run.absoluteFolder))
        html += "<dt>files</dt><dd><a href=\"\(H.a(link))/scorecard.json\">scorecard.json</a>"
        if run.hasSummary { html += " · <a href=\"\(H.a(link))/summary.md\">summary.md</a>" }
        html += " · <a href=\"\(H.a(link))/\">run folder</a></dd>"
        return html + "</dl>\n"
    }

    static func trends(_ runs: [SiteRun]) -> String {
        func points(_ value: (SiteRun) -> Double?) -> [SVGChart.Point] {
            runs.map { SVGChart.Point(label: $0.startedAt, value: value($0), verdict: $0.verdict) }
        }
        let latest = runs.last
        var html = "<div class=\"charts\">"
        html += SVGChart.line(
            title: "trigger F1",
            points: points { $0.triggerF1?.value },
            gate: latest?.triggerF1?.gate,
            scale: .rate
        )
        html += SVGChart.line(
            title: "schema accuracy",
            points: points { $0.schemaAccuracy?.value },
            gate: latest?.schemaAccuracy?.gate,
            scale: .rate
        )
        html += SVGChart.line(
            title: "contract pass rate",
            points: points { $0.contractPassRate?.value },
            gate: latest?.contractPassRate?.gate,
            scale: .rate
        )
        html += SVGChart.line(
            title: "latency p50 (total, ms)",
            points: points { $0.totalMilliseconds?.p50 },
            scale: .quantity(unit: "ms")
        )
        html += SVGChart.line(
            title: "throughput p50 (tokens/s)",
            points: points { $0.tokensPerSecond?.p50 },
            scale: .quantity(unit: "tok/s")
        )
        return html + "</div>\n<p class=\"small muted\">Dashed red: the newest run's gate. Points: "
            + "green pass, red fail, grey incomplete.</p>\n"
    }

    static func metricTable(_ section: SectionReading) -> String {
        let metrics = section.metrics
        var html = ""
        let notEvaluated = section.layers.filter { $0.json["verdict"]?.stringValue == "not_evaluated" }
        if !metrics.isEmpty {
            html += "<table><thead><tr><th>layer</th><th>metric</th><th class=\"n\">value</th><th class=\"n\">n</th>"
            html += "<th class=\"n\">interval</th><th class=\"n\">gate</th><th>basis</th><th>decision</th></tr></thead>"
            html += "<tbody>\n"
            for entry in metrics {
                let metric = entry.metric
                html += "<tr><td>\(H.h(entry.layer))</td><td><code>\(H.h(entry.name))</code></td>"
                html += "<td class=\"n\">\(H.h(metric.percentText))</td>"
                html += "<td class=\"n\">\(H.h(metric.countText.isEmpty ? "—" : metric.countText))</td>"
                html += "<td class=\"n\">\(H.h(metric.intervalText ?? "—"))</td>"
                html += "<td class=\"n\">\(H.h(metric.gateText ?? "—"))</td>"
                html += "<td>\(H.h(metric.basis ?? "—"))</td>"
                html += H.decision(metric.decision) + "</tr>\n"
            }
            html += "</tbody></table>\n"
        }
        for layer in notEvaluated {
            html += "<p class=\"small muted\">\(H.h(layer.name)): not evaluated"
            html += (layer.json["reason"]?.stringValue.map { " — " + H.h($0) } ?? "") + "</p>\n"
        }
        return html
    }

    /// Confusion matrix, pass^k, reference deltas and disagreements, where the scorecard has them.
    static func extras(_ section: SectionReading, provider: ReportSite.Provider, pagesFolder: String) -> String {
        var html = ""
        let agreement = section.json["layers"]?["agreement"]
        if let matrix = agreement?["confusion_finish_reason"], matrix.objectValue != nil {
            let cells = ["tp", "fp", "fn", "tn"].map { key in
                "\(key.uppercased()) \(matrix[key]?.intValue.map(String.init) ?? "—")"
            }
            let source = agreement?["reference_source"]?.stringValue.map { "; reference: \($0)" } ?? ""
            html += "<p class=\"small\">Trigger confusion (finish_reason): \(H.h(cells.joined(separator: ", ")))"
            html += H.h(source) + ".</p>\n"
        }
        if let passK = section.json["pass_k"], let values = passK["values"]?.objectValue, !values.isEmpty {
            let parts = values.members.map { member in
                "pass^\(member.key) " + (member.value.numberValue.map { Metric.percent($0.doubleValue) } ?? "n/a")
            }
            var text = parts.joined(separator: ", ")
            if let cases = passK["cases"]?.intValue, let repeats = passK["repeats"]?.intValue {
                text += " (\(cases) cases × \(repeats) repeats)"
            }
            html += "<p class=\"small\">\(H.h(text))</p>\n"
        }
        if let deltas = agreement?["deltas"]?.objectValue, !deltas.isEmpty {
            html += "<table><thead><tr><th>delta vs reference</th><th class=\"n\">value</th>"
            html += "<th class=\"n\">interval</th><th class=\"n\">cases</th></tr></thead><tbody>\n"
            for member in deltas.members {
                let value = member.value["value"]?.numberValue.map { signedPoints($0.doubleValue) } ?? "n/a"
                var interval = "—"
                if let low = member.value["interval"]?["low"]?.numberValue?.doubleValue,
                    let high = member.value["interval"]?["high"]?.numberValue?.doubleValue
                {
                    interval = "[\(signedPoints(low)), \(signedPoints(high))]"
                }
                let cases = member.value["cases"]?.intValue.map(String.init) ?? "—"
                html += "<tr><td><code>\(H.h(member.key))</code></td><td class=\"n\">\(H.h(value))</td>"
                html += "<td class=\"n\">\(H.h(interval))</td><td class=\"n\">\(H.h(cases))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        if let disagreements = agreement?["disagreements"]?.arrayValue, !disagreements.isEmpty {
            html += "<table><thead><tr><th>disagreement</th><th>case</th><th>provider</th><th>reference</th>"
            html += "<th>evidence</th></tr></thead><tbody>\n"
            for item in disagreements {
                html += "<tr><td>\(H.h(item["kind"]?.stringValue ?? "?"))</td>"
                html += "<td><code>\(H.h(item["case"]?.stringValue ?? ""))</code>"
                html += (item["mode"]?.stringValue.map { " <span class=\"muted\">\(H.h($0))</span>" } ?? "") + "</td>"
                html += "<td><code>\(H.h(item["provider"]?.stringValue ?? ""))</code></td>"
                html += "<td><code>\(H.h(item["reference"]?.stringValue ?? ""))</code></td>"
                html += "<td class=\"small\">"
                html += evidenceLink(item["evidence"]?.stringValue ?? "", provider: provider, pagesFolder: pagesFolder)
                if let reference = item["reference_evidence"]?.stringValue {
                    html += "<br>ref: "
                    html +=
                        reference.contains(":")
                        ? evidenceLink(reference, provider: provider, pagesFolder: pagesFolder) : H.h(reference)
                }
                html += "</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        return html
    }

    static func labelTable(_ section: SectionReading, provider: ReportSite.Provider, pagesFolder: String) -> String {
        let failures = section.failures
        guard !failures.isEmpty else { return "<p class=\"small muted\">No failing items.</p>\n" }
        var html = "<table><thead><tr><th>label</th><th>layer</th><th>severity</th><th class=\"n\">count</th>"
        html += "<th>first example</th></tr></thead><tbody>\n"
        for failure in failures {
            html += "<tr><td><code>\(H.h(failure.label))</code></td><td>\(H.h(failure.layer))</td>"
            html += "<td>\(H.h(failure.severity))</td><td class=\"n\">\(failure.count)</td><td class=\"small\">"
            if let example = failure.examples.first {
                html += "<code>\(H.h(example.caseID))</code>: \(H.h(EvidenceExcerpt.clip(example.message, to: 300)))"
                html += " — " + evidenceLink(example.evidence, provider: provider, pagesFolder: pagesFolder)
            }
            html += "</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    static func failureSection(_ overall: SectionReading, provider: ReportSite.Provider, pagesFolder: String) -> String
    {
        let failures = overall.failures
        var html = "<h2>Failures and the evidence behind them</h2>\n"
        guard !failures.isEmpty else { return html + "<p>No failing items in the newest run.</p>\n" }
        var shown = Set<String>()
        for failure in failures {
            html += "<h3><code>\(H.h(failure.label))</code> ×\(failure.count) "
            html += "<span class=\"muted small\">\(H.h(failure.layer)), \(H.h(failure.severity))</span></h3>\n"
            for example in failure.examples {
                html += "<div class=\"excerpt\"><p class=\"small\"><code>\(H.h(example.caseID))</code>: "
                html += H.h(EvidenceExcerpt.clip(example.message, to: 600))
                if let location = example.location { html += " <span class=\"muted\">at \(H.h(location))</span>" }
                html += " — " + evidenceLink(example.evidence, provider: provider, pagesFolder: pagesFolder) + "</p>"
                if let excerpt = provider.evidence[example.evidence], shown.insert(example.evidence).inserted {
                    html += excerptHTML(excerpt)
                }
                html += "</div>\n"
            }
        }
        return html
    }

    static func excerptHTML(_ excerpt: EvidenceExcerpt) -> String {
        var html = "<div id=\"\(anchor(excerpt.pointer))\">"
        if let problem = excerpt.problem {
            return html + "<p class=\"small muted\">Evidence not shown: \(H.h(problem)).</p></div>"
        }
        var facts: [String] = []
        if let role = excerpt.role { facts.append(role) }
        if let mode = excerpt.mode { facts.append(mode) }
        if let status = excerpt.status { facts.append("status " + status) }
        if !excerpt.findings.isEmpty { facts.append("findings: " + excerpt.findings.joined(separator: ", ")) }
        html += "<p class=\"small muted\">\(H.h(facts.joined(separator: " · ")))</p>"
        if let tools = excerpt.tools { html += "<p class=\"small\">Request tools: \(H.h(tools))</p>" }
        if let message = excerpt.lastMessage {
            html += "<p class=\"small\">Last message of the request:</p><pre>\(H.h(message))</pre>"
        }
        if let failure = excerpt.failure { html += "<p class=\"small\">Transport: \(H.h(failure))</p>" }
        if let response = excerpt.response {
            html += "<p class=\"small\">Response\(excerpt.mode == "stream" ? " (SSE)" : ""):</p>"
            html += "<pre>\(H.h(response))</pre>"
        }
        return html + "</div>"
    }

    /// The pointer as a link to the evidence file, and to its excerpt on this page when there is one.
    static func evidenceLink(_ pointer: String, provider: ReportSite.Provider, pagesFolder: String) -> String {
        guard !pointer.isEmpty else { return "" }
        let file = pointer.lastIndex(of: ":").map { String(pointer[..<$0]) } ?? pointer
        let shownPath = provider.latest.folder == "." ? pointer : provider.latest.folder + "/" + pointer
        let folder = H.relativePath(from: pagesFolder, to: provider.latest.absoluteFolder)
        var html = "<a href=\"\(H.a(H.href(folder + "/" + file)))\"><code>\(H.h(shownPath))</code></a>"
        if let excerpt = provider.evidence[pointer], excerpt.problem == nil {
            html += " <a href=\"#\(anchor(pointer))\" class=\"small\">(excerpt)</a>"
        }
        return html
    }

    /// An element id for a pointer.
    static func anchor(_ pointer: String) -> String {
        "ev-" + String(pointer.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    static func latencyTable(_ latency: JSONValue?) -> String {
        guard let series = latency?.objectValue, !series.isEmpty else { return "" }
        var html = "<h3>Latency and throughput</h3><table><thead><tr><th>series</th><th class=\"n\">n</th>"
        html += "<th class=\"n\">p50</th><th class=\"n\">p90</th><th class=\"n\">p99</th><th class=\"n\">max</th>"
        html += "</tr></thead><tbody>\n"
        for member in series.members {
            let values = ["count", "p50", "p90", "p99", "max"].map { key in
                H.quantity(member.value[key]?.numberValue?.doubleValue)
            }
            html += "<tr><td><code>\(H.h(member.key))</code></td>"
            html += values.map { "<td class=\"n\">\(H.h($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody></table>\n<p class=\"small muted\">Tokens per second come from "
            + "<code>usage.completion_tokens</code>.</p>\n"
    }

    static func history(_ provider: ReportSite.Provider, pagesFolder: String) -> String {
        var html = "<h2>History</h2>\n<table><thead><tr><th>started</th><th>run</th><th>verdict</th>"
        html += "<th class=\"n\">trigger F1</th><th class=\"n\">schema accuracy</th><th class=\"n\">contract</th>"
        html += "<th class=\"n\">total p50 ms</th><th class=\"n\">tok/s p50</th><th class=\"n\">cost</th>"
        html += "<th>top failure</th><th>files</th></tr></thead><tbody>\n"
        for run in provider.runs.reversed() {
            let link = H.href(H.relativePath(from: pagesFolder, to: run.absoluteFolder))
            html += "<tr><td class=\"small\">\(H.h(run.startedAt))</td><td class=\"small\">\(H.h(run.runID))</td>"
            html += "<td>\(H.badge(run.verdict))</td>"
            for metric in [run.triggerF1, run.schemaAccuracy, run.contractPassRate] {
                html += "<td class=\"n\">\(H.h(metric?.percentText ?? "—"))</td>"
            }
            html += "<td class=\"n\">\(H.quantity(run.totalMilliseconds?.p50))</td>"
            html += "<td class=\"n\">\(H.quantity(run.tokensPerSecond?.p50))</td>"
            html += "<td class=\"n\">\(H.cost(run.costUSD))</td>"
            html += "<td class=\"small\">"
            html += run.topFailures.first.map { "<code>\(H.h($0.label))</code> ×\($0.count)" } ?? "—"
            html += "</td><td class=\"small\"><a href=\"\(H.a(link))/scorecard.json\">scorecard</a>"
            if run.hasSummary { html += " · <a href=\"\(H.a(link))/summary.md\">summary</a>" }
            html += "</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// A difference of rates in percentage points (`+1.20 pp`).
    static func signedPoints(_ value: Double) -> String {
        (value >= 0 ? "+" : "−") + Metric.percent(abs(value)).dropLast() + " pp"
    }
}
