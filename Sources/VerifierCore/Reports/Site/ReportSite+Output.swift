import Foundation
import JSONSchema
import VerifierJudging

extension ReportSite {
    /// One file of the site.
    public struct Page: Sendable, Hashable {
        /// The path relative to the output folder (`index.html`, `providers/fireworks.html`).
        public var path: String
        /// The HTML.
        public var contents: String
    }

    /// Renders every page. Pure: the same site and folder give the same bytes.
    /// - Parameter outputDirectory: Where the pages will be written (links to run folders are relative to it).
    /// - Returns: `index.html` first, then one page per provider.
    public func pages(outputDirectory: String) -> [Page] {
        let root = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        let pagesFolder = (root as NSString).appendingPathComponent("providers")
        var pages = [Page(path: "index.html", contents: LeaderboardPage.render(self))]
        for provider in providers.sorted(by: { $0.fileName < $1.fileName }) {
            pages.append(
                Page(
                    path: "providers/\(provider.fileName).html",
                    contents: ProviderPage.render(provider, pagesFolder: pagesFolder)
                )
            )
        }
        return pages
    }

    /// Writes the pages into a folder (created if needed); stale provider pages of earlier builds are kept.
    /// - Parameter outputDirectory: The folder.
    /// - Returns: The pages written.
    /// - Throws: ``VerifierError`` with code `.io` when a folder or file cannot be written.
    @discardableResult
    public func write(to outputDirectory: String) throws(VerifierError) -> [Page] {
        let pages = pages(outputDirectory: outputDirectory)
        do {
            try FileManager.default.createDirectory(
                atPath: outputDirectory + "/providers",
                withIntermediateDirectories: true
            )
        } catch {
            throw VerifierError(.io, "\(outputDirectory): cannot create the folder: \(error.localizedDescription)")
        }
        for page in pages {
            try ReportWriter.write(page.contents, to: outputDirectory + "/" + page.path)
        }
        return pages
    }

    /// The leaderboard as Markdown, for a CI job summary.
    /// - Returns: A heading, the table and the skipped scorecards.
    public func markdown() -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        func percent(_ metric: MetricReading?, interval: Bool = false) -> String {
            guard let metric else { return "—" }
            return metric.percentText + (interval ? metric.intervalText.map { " " + $0 } ?? "" : "")
        }
        var lines = [
            "# Tool-calling leaderboard", "",
            "\(providers.count) providers, \(runCount) runs.", "",
            "| provider | verdict | trigger F1 | schema accuracy | contract | top failure labels | total p50/p90 ms "
                + "| first event p50/p90 ms | tok/s p50 | cost | last run |",
            "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---|",
        ]
        for provider in providers {
            let run = provider.latest
            let labels = run.topFailures.map { "`\($0.label)` ×\($0.count)" }.joined(separator: ", ")
            let cells = [
                cell(provider.name), run.verdict == "pass" ? "pass" : "**\(cell(run.verdict))**",
                percent(run.triggerF1, interval: true), percent(run.schemaAccuracy), percent(run.contractPassRate),
                labels.isEmpty ? "—" : cell(labels),
                HTMLPage.quantity(run.totalMilliseconds?.p50) + " / " + HTMLPage.quantity(run.totalMilliseconds?.p90),
                HTMLPage.quantity(run.firstEventMilliseconds?.p50) + " / "
                    + HTMLPage.quantity(run.firstEventMilliseconds?.p90),
                HTMLPage.quantity(run.tokensPerSecond?.p50), HTMLPage.cost(run.costUSD), cell(run.startedAt),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        if !skipped.isEmpty {
            lines.append("")
            lines.append("Skipped:")
            lines.append("")
            for entry in skipped { lines.append("- `\(cell(entry.path))`: \(cell(entry.reason))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
