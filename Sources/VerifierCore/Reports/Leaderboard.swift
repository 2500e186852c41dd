import Foundation
import JSONSchema
import VerifierJudging

/// A leaderboard of several scorecards: one row per provider with verdict, trigger F1, schema
/// accuracy and the top failure label pointed at its evidence.
public enum Leaderboard {
    /// One row.
    public struct Row: Sendable, Hashable {
        /// Provider name.
        public var provider: String
        /// Verdict.
        public var verdict: String
        /// Trigger F1 text.
        public var triggerF1: String
        /// Schema accuracy text.
        public var schemaAccuracy: String
        /// Top failure label with count, else the top warning, else the most frequent retry cause, or `—`.
        public var topFailure: String
        /// Evidence of the first example of the top failure.
        public var evidence: String
    }

    /// The rows, in the order given.
    /// - Parameters:
    ///   - scorecards: The scorecards.
    ///   - evidencePrefix: Prepended to evidence pointers (the folder of each provider's report).
    /// - Returns: The rows.
    public static func rows(_ scorecards: [Scorecard], evidencePrefix: (Scorecard) -> String = { _ in "" }) -> [Row] {
        scorecards.map { card in
            let top = card.topFailure
            let warning = card.labels.sorted.first { $0.severity == .warning }
            let shown = top ?? warning
            // A host that passes with failing items passed every gate: against a sampling reference, the items
            // are disagreements within the reference's own spread, and the row says so.
            let prefix = top == nil ? "warning: " : card.verdict == .pass ? "within spread: " : ""
            let label = shown.map { prefix + "\($0.label) (\($0.count))" }
            // A host that passed after retries says so: the delivery layer is reported, never hidden.
            let retried = card.deliveryStats.retries.filter { $0.value > 0 }.sorted { $0.key < $1.key }.first
                .map { "retried: \($0.key) (\($0.value))" }
            return Row(
                provider: card.provider.name,
                verdict: card.verdict.rawValue,
                triggerF1: card.triggerF1?.percentText ?? "n/a",
                schemaAccuracy: card.schemaAccuracy.percentText,
                topFailure: label ?? retried ?? "—",
                evidence: shown?.examples.first.map { evidencePrefix(card) + $0.evidence } ?? ""
            )
        }
    }

    /// A plain-text table for a terminal.
    /// - Parameter rows: The rows.
    /// - Returns: The table.
    public static func text(_ rows: [Row]) -> String {
        let header =
            ["provider", "verdict", "trigger F1", "schema acc.", "top failure label (count)", "evidence"]
            as [String]
        let table =
            [header]
            + rows.map { [$0.provider, $0.verdict, $0.triggerF1, $0.schemaAccuracy, $0.topFailure, $0.evidence] }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.enumerated().map { index, cells in
            let line = cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            return index == 0
                ? line + "\n" + String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) : line
        }.joined(separator: "\n")
    }

    /// A Markdown table.
    /// - Parameter rows: The rows.
    /// - Returns: The Markdown.
    public static func markdown(_ rows: [Row]) -> String {
        var lines = [
            "| provider | verdict | trigger F1 | schema accuracy | top failure label (count) | evidence |",
            "|---|---|---:|---:|---|---|",
        ]
        for row in rows {
            lines.append(
                "| \(row.provider) | \(row.verdict) | \(row.triggerF1) | \(row.schemaAccuracy) | `\(row.topFailure)` | `\(row.evidence)` |"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
