import JSONSchema
import VerifierJudging

/// Renders `index.html`: the leaderboard of every provider's newest run.
enum LeaderboardPage {
    static func render(_ site: ReportSite) -> String {
        typealias H = HTMLPage
        var body = "<header><h1>Tool-calling leaderboard</h1>"
        let models = Set(site.providers.compactMap(\.latest.model)).sorted()
        let times = site.providers.flatMap { $0.runs.map(\.startedAt) }.sorted()
        var facts = [
            "\(site.providers.count) provider\(site.providers.count == 1 ? "" : "s")", "\(site.runCount) runs",
        ]
        if !models.isEmpty { facts.append("model " + models.joined(separator: ", ")) }
        if let first = times.first, let last = times.last {
            facts.append(first == last ? "run at \(first)" : "runs from \(first) to \(last)")
        }
        body += "<p class=\"muted\">" + H.h(facts.joined(separator: " · ")) + "</p></header>\n"
        if site.providers.isEmpty {
            body += "<p>No usable scorecard was found.</p>\n"
        } else {
            body += """
                <table class="board">
                <thead><tr><th>provider</th><th>verdict</th><th class="n">trigger<br>F1</th>\
                <th class="n">schema<br>accuracy</th><th class="n">contract<br>pass rate</th><th>top failure labels</th>\
                <th class="n">total ms<br>p50 / p90</th><th class="n">first event ms<br>p50 / p90</th>\
                <th class="n">tok/s<br>p50</th><th class="n">cost</th><th>last run</th><th>trend</th></tr></thead>
                <tbody>

                """
            for provider in site.providers {
                body += row(provider)
            }
            body += "</tbody>\n</table>\n"
            body +=
                "<p class=\"small muted\">Ranked by verdict, then trigger F1, schema accuracy and contract pass rate "
                + "of each provider's newest run. Intervals, where the scorecard has them, are shown in brackets; "
                + "n/a: nothing to judge; —: not in the scorecard. Trend: <span class=\"legend\">"
                + "<span style=\"background:#1f5fbf\"></span>trigger F1<span style=\"background:#d9822b\"></span>"
                + "schema accuracy</span> over every run.</p>\n"
        }
        body += skippedSection(site.skipped)
        return H.document(title: "Tool-calling leaderboard", body: body)
    }

    static func row(_ provider: ReportSite.Provider) -> String {
        typealias H = HTMLPage
        let run = provider.latest
        var cells: [String] = []
        cells.append(
            "<td class=\"nw\"><a href=\"providers/\(H.a(H.href(provider.fileName))).html\">\(H.h(provider.name))</a></td>"
        )
        cells.append("<td>" + H.badge(run.verdict) + "</td>")
        cells.append(metricCell(run.triggerF1, withInterval: true))
        cells.append(metricCell(run.schemaAccuracy, withInterval: false))
        cells.append(metricCell(run.contractPassRate, withInterval: false))
        let labels = run.topFailures.map { "<code>\(H.h($0.label))</code> ×\($0.count)" }
        cells.append("<td class=\"small\">" + (labels.isEmpty ? "—" : labels.joined(separator: "<br>")) + "</td>")
        cells.append(
            "<td class=\"n\">" + H.quantity(run.totalMilliseconds?.p50) + " / " + H.quantity(run.totalMilliseconds?.p90)
                + "</td>"
        )
        cells.append(
            "<td class=\"n\">" + H.quantity(run.firstEventMilliseconds?.p50) + " / "
                + H.quantity(run.firstEventMilliseconds?.p90) + "</td>"
        )
        cells.append("<td class=\"n\">" + H.quantity(run.tokensPerSecond?.p50) + "</td>")
        cells.append("<td class=\"n\">" + H.cost(run.costUSD) + "</td>")
        cells.append("<td class=\"small nw\" title=\"\(H.a(run.startedAt))\">" + shortTime(run.startedAt) + "</td>")
        let spark = SVGChart.sparkline(
            [
                (cssClass: "s1", values: provider.runs.map { $0.triggerF1?.value }),
                (cssClass: "s2", values: provider.runs.map { $0.schemaAccuracy?.value }),
            ],
            title: "\(provider.runs.count) run\(provider.runs.count == 1 ? "" : "s"): trigger F1 "
                + (run.triggerF1?.percentText ?? "—") + ", schema accuracy " + (run.schemaAccuracy?.percentText ?? "—")
        )
        cells.append("<td>" + spark + "</td>")
        return "<tr class=\"row-\(SVGChart.verdictClass(run.verdict).dropFirst(2))\">" + cells.joined() + "</tr>\n"
    }

    /// A rate with its counts in a tooltip and, if asked, its interval.
    static func metricCell(_ metric: MetricReading?, withInterval: Bool) -> String {
        typealias H = HTMLPage
        guard let metric else { return "<td class=\"n muted\">—</td>" }
        var text = H.h(metric.percentText)
        if withInterval, let interval = metric.intervalText {
            text += "<br><span class=\"small muted\">\(H.h(interval))</span>"
        }
        let mark = metric.decision == "fail" ? " bad" : metric.decision == "inconclusive" ? " unsure" : ""
        let title = [metric.countText, metric.gateText.map { "gate " + $0 } ?? "", metric.decision ?? ""]
            .filter { !$0.isEmpty }.joined(separator: ", ")
        return "<td class=\"n\(mark)\" title=\"\(H.a(title))\">\(text)</td>"
    }

    /// `2026-12-03<br>08:13Z` from an ISO 8601 time; other text as it is.
    static func shortTime(_ time: String) -> String {
        let characters = Array(time)
        guard characters.count >= 16, characters[10] == "T" else { return HTMLPage.h(time) }
        return HTMLPage.h(String(characters[0..<10])) + "<br>" + HTMLPage.h(String(characters[11..<16])) + "Z"
    }

    /// The list of unusable scorecards.
    static func skippedSection(_ skipped: [ReportSite.Skipped]) -> String {
        guard !skipped.isEmpty else { return "" }
        var html =
            "<section id=\"skipped\"><h2>Skipped</h2>\n<table><thead><tr><th>file</th><th>reason</th></tr></thead><tbody>\n"
        for entry in skipped {
            html += "<tr><td><code>\(HTMLPage.h(entry.path))</code></td><td>\(HTMLPage.h(entry.reason))</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }
}
