import Foundation
import JSONSchema
import VerifierJudging

/// Writes a scorecard's files into a report folder: `scorecard.json`, `summary.json` (K2VV's field
/// names), `summary.md` and `junit.xml`.
public enum ReportWriter {
    /// Writes all report files of one provider.
    /// - Parameters:
    ///   - scorecard: The scorecard.
    ///   - directory: The provider's report folder (it already holds `evidence.jsonl`).
    /// - Throws: ``VerifierError`` with code `.io` when a file cannot be written.
    public static func write(_ scorecard: Scorecard, to directory: String) throws(VerifierError) {
        let pretty = JSONWriter.Options(pretty: true)
        try write(scorecard.json.serialized(options: pretty) + "\n", to: directory + "/scorecard.json")
        try write(
            JSONValue.object(scorecard.k2vvJSON).serialized(options: pretty) + "\n",
            to: directory + "/summary.json"
        )
        try write(MarkdownSummary.render(scorecard), to: directory + "/summary.md")
        try write(JUnitReport.render(scorecard, evidencePrefix: directory + "/"), to: directory + "/junit.xml")
    }

    /// Writes text to a file, replacing it.
    /// - Parameters:
    ///   - text: The text.
    ///   - path: The file.
    /// - Throws: ``VerifierError`` with code `.io`.
    public static func write(_ text: String, to path: String) throws(VerifierError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw VerifierError(.io, "\(path): cannot write: \(error.localizedDescription)")
        }
    }
}
