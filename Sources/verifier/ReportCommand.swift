import ArgumentParser
import Foundation
import VerifierCore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build a static leaderboard (HTML, Markdown) from the scorecards under some folders.",
        discussion: """
            Examples:
              verifier report Reports/ --html site/
              verifier report nightly/ --html site/ --markdown "$GITHUB_STEP_SUMMARY"
            Finds every scorecard.json under the folders (recursively, hidden folders excluded), groups runs by \
            provider and orders them by run.started_at. site/index.html is the leaderboard of each provider's newest \
            run; site/providers/<name>.html shows that run's suites, decisions, failures with their evidence, trend \
            charts over every run and the history. No script, no external asset; the same scorecards give the same \
            bytes. Without --html or --markdown the leaderboard is printed. Unusable scorecards are listed (and \
            printed on standard error); the exit code is 2 when no usable scorecard was found, else 0.
            """
    )

    @Argument(help: "Folders holding scorecards (or scorecard.json files).")
    var folders: [String]

    @Option(name: .long, help: "Write the site into this folder.")
    var html: String?

    @Option(name: .long, help: "Write the leaderboard as Markdown to this file.")
    var markdown: String?

    func run() async throws {
        try await reportingErrors {
            let site = ReportSite.collect(folders)
            for entry in site.skipped {
                FileHandle.standardError.write(Data("skipped \(entry.path): \(entry.reason)\n".utf8))
            }
            guard !site.providers.isEmpty else {
                throw VerifierError(
                    .incomplete,
                    "No usable scorecard.json under \(folders.joined(separator: ", ")) (\(site.skipped.count) skipped)."
                )
            }
            if let html {
                let pages = try site.write(to: html)
                let largest = pages.map(\.contents.utf8.count).max() ?? 0
                print(
                    "\(site.providers.count) providers, \(site.runCount) runs, \(site.skipped.count) skipped: "
                        + "\(pages.count) pages in \(html)/ (largest \(largest) bytes); open \(html)/index.html"
                )
            }
            if let markdown {
                try ReportWriter.write(site.markdown(), to: markdown)
                print("Markdown leaderboard: \(markdown)")
            }
            if html == nil, markdown == nil {
                print(site.markdown(), terminator: "")
            }
            return 0
        }
    }
}
