import ArgumentParser
import Foundation
import VerifierCore

/// The output formats of `verifier compare`.
enum ComparisonFormat: String, EnumerableFlag {
    case text, markdown, json

    static func help(for value: ComparisonFormat) -> ArgumentHelp? {
        switch value {
        case .text: "Plain text (the default)."
        case .markdown: "Markdown, for a CI job summary or a pull-request comment."
        case .json: "JSON, every metric of every section."
        }
    }
}

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Show what changed between two scorecards: verdicts, gates crossed, metric deltas, labels, latency.",
        discussion: """
            Examples:
              verifier compare Reports/last-night/scorecard.json Reports/tonight/scorecard.json
              verifier compare Reports/provider-a Reports/provider-b --markdown >> "$GITHUB_STEP_SUMMARY"
            Per section (overall and each suite): the verdict change; gates that went pass → fail (a regression), \
            fail → pass, or to or from inconclusive; every rate's delta new − old with Newcombe's 95 % hybrid score \
            interval from the numerators and denominators ("n/a" on a zero denominator) and whether it is beyond \
            noise (the interval leaves out zero); labels new, gone or changed in count; latency p50/p90. Scorecards \
            of two providers on the same fixtures compare too; different fixtures are warned about.
            Exit codes: 0 no gate went from pass to fail; 1 one did (a regression); 2 unreadable input.
            """
    )

    @Argument(help: "The old scorecard.json (or its run folder).")
    var old: String

    @Argument(help: "The new scorecard.json (or its run folder).")
    var new: String

    @Flag(help: "Output format.")
    var format: ComparisonFormat = .text

    func run() async throws {
        try await reportingErrors {
            let comparison = try ScorecardComparison.load(old: old, new: new)
            switch format {
            case .text: print(comparison.text)
            case .markdown: print(comparison.markdown, terminator: "")
            case .json: print(comparison.json.serialized(options: JSONWriter.Options(pretty: true)))
            }
            return comparison.regressed ? 1 : 0
        }
    }
}
