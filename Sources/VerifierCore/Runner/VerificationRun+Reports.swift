import JSONSchema
import Logging
import VerifierJudging

extension VerificationRun {
    /// Writes each candidate's scorecard and reports into its folder.
    func writeReports(_ scores: [ProviderScore], run info: RunInfo, stopReason: String?, logger: Logger)
        throws(VerifierError) -> [Scorecard]
    {
        var scorecards: [Scorecard] = []
        for (index, score) in scores.enumerated() {
            let folder = directory(for: candidates[index].name)
            let scorecard = score.scorecard(
                run: info,
                suites: sources.map(\.name),
                stopReason: stopReason.map { Verdict.stoppedReason($0, folder: folder) }
            )
            try ReportWriter.write(scorecard, to: folder)
            scorecards.append(scorecard)
            logger.info(
                "provider judged",
                metadata: ["provider": "\(scorecard.provider.name)", "verdict": "\(scorecard.verdict.rawValue)"]
            )
        }
        return scorecards
    }
}
