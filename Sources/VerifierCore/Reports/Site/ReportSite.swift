import Foundation
import JSONSchema
import Synchronization
import VerifierJudging

/// A static leaderboard built from the scorecards under some folders: the data behind `verifier report`.
///
/// ```swift
/// let site = ReportSite.collect(["Reports/"])
/// try site.write(to: "site")          // site/index.html, site/providers/<name>.html
/// print(site.markdown())               // the leaderboard for a CI job summary
/// ```
///
/// Every `scorecard.json` under the folders (recursively; hidden folders are not entered) is read; runs are
/// grouped by `provider.name` and ordered by `run.started_at`; the newest run of each provider is its
/// leaderboard row and the subject of its page, the others make its trend charts and history table. The runs of
/// `verifier calibrate` (`run.purpose: "calibration"`: the reference against itself) are listed as skipped, not
/// ranked.
public struct ReportSite: Sendable {
    /// A scorecard that could not be used, and why.
    public struct Skipped: Error, Sendable, Hashable {
        /// The file.
        public var path: String
        /// Why.
        public var reason: String
    }

    /// One provider: its runs and its newest scorecard.
    public struct Provider: Sendable {
        /// `provider.name`.
        public var name: String
        /// The page's file name, without `.html`.
        public var fileName: String
        /// Every run, oldest first.
        public var runs: [SiteRun]
        /// The newest run.
        public var latest: SiteRun
        /// The newest run's scorecard.
        public var scorecard: JSONValue
        /// The records behind the newest run's failure examples, by pointer.
        public var evidence: [String: EvidenceExcerpt]
    }

    /// Evidence excerpts shown per failure label.
    public static let excerptsPerLabel = 2
    /// Evidence excerpts shown per page at most.
    public static let excerptsPerPage = 40

    /// The providers in leaderboard order: passing first, then by trigger F1, schema accuracy and contract
    /// pass rate (highest first), then by name.
    public var providers: [Provider]
    /// Scorecards that could not be used.
    public var skipped: [Skipped]

    /// Creates a site from its parts.
    /// - Parameters:
    ///   - providers: The providers (sorted into leaderboard order).
    ///   - skipped: The skipped scorecards.
    public init(providers: [Provider], skipped: [Skipped]) {
        self.providers = providers.sorted(by: Self.ranksBefore)
        self.skipped = skipped
    }

    /// The number of runs read.
    public var runCount: Int { providers.reduce(0) { $0 + $1.runs.count } }

    /// Reads every scorecard under some folders (or scorecard files given directly).
    /// - Parameter roots: Folders or `scorecard.json` files.
    /// - Returns: The site; unusable scorecards are in ``skipped``.
    public static func collect(_ roots: [String]) -> ReportSite {
        var skipped: [Skipped] = []
        var files: [String] = []
        var visited = Set<String>()
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                skipped.append(Skipped(path: root, reason: "no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                findScorecards(in: root, into: &files, visited: &visited)
            } else {
                files.append(root)
            }
        }
        let outcomes = readSummaries(files)
        var runs: [SiteRun] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let run): runs.append(run)
            case .failure(let problem): skipped.append(problem)
            }
        }
        let grouped = Dictionary(grouping: runs, by: \.provider)
        let fileNames = SiteFileName.assign(Array(grouped.keys))
        var providers: [Provider] = []
        for name in grouped.keys.sorted() {
            let history = (grouped[name] ?? []).sorted { $0.precedes($1) }
            // The newest run whose scorecard still reads; a file changed since the first pass is skipped.
            var candidates = history
            while let latest = candidates.popLast() {
                guard let json = try? parseFile(latest.scorecardPath) else {
                    skipped.append(Skipped(path: latest.scorecardPath, reason: "changed while the site was built"))
                    continue
                }
                let pointers = evidencePointers(json)
                providers.append(
                    Provider(
                        name: name,
                        fileName: fileNames[name] ?? name,
                        runs: candidates + [latest],
                        latest: latest,
                        scorecard: json,
                        evidence: EvidenceExcerpt.load(pointers, folder: latest.folder)
                    )
                )
                break
            }
        }
        skipped.sort { ($0.path, $0.reason) < ($1.path, $1.reason) }
        return ReportSite(providers: providers, skipped: skipped)
    }

    /// The pointers whose records the provider page shows: the first examples of each failure label.
    static func evidencePointers(_ scorecard: JSONValue) -> [String] {
        let overall = SectionReading(name: "overall", json: scorecard["overall"] ?? .null)
        var pointers: [String] = []
        for failure in overall.failures {
            for example in failure.examples.prefix(excerptsPerLabel) where !example.evidence.isEmpty {
                if !pointers.contains(example.evidence) { pointers.append(example.evidence) }
            }
        }
        return Array(pointers.prefix(excerptsPerPage))
    }

    /// Finds `scorecard.json` files, in sorted order, without entering hidden folders or a folder twice.
    static func findScorecards(in folder: String, into files: inout [String], visited: inout Set<String>) {
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else { return }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + entry : folder + "/" + entry
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                findScorecards(in: path, into: &files, visited: &visited)
            } else if entry == "scorecard.json" {
                files.append(path)
            }
        }
    }

    /// Reads the summaries of many scorecards, on every core.
    static func readSummaries(_ files: [String]) -> [Result<SiteRun, Skipped>] {
        let results = Mutex([Result<SiteRun, Skipped>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let outcome = readSummary(files[index])
            results.withLock { $0[index] = outcome }
        }
        return results.withLock { $0.compactMap { $0 } }
    }

    static func readSummary(_ path: String) -> Result<SiteRun, Skipped> {
        let json: JSONValue
        do {
            json = try parseFile(path)
        } catch {
            return .failure(Skipped(path: path, reason: error.reason))
        }
        let folder = (path as NSString).deletingLastPathComponent
        let absolute = URL(fileURLWithPath: folder.isEmpty ? "." : folder).standardizedFileURL.path
        let hasSummary = FileManager.default.fileExists(atPath: folder + "/summary.md")
        return SiteRun.read(json, path: path, absoluteFolder: absolute, hasSummary: hasSummary).mapError {
            Skipped(path: path, reason: $0.reason)
        }
    }

    /// Parses a scorecard file; the error names the line and column of a syntax error.
    static func parseFile(_ path: String) throws(SiteRun.Unusable) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SiteRun.Unusable("cannot read the file")
        }
        let bytes = [UInt8](data)
        do {
            return try JSONParser().parse(bytes: bytes)
        } catch {
            let prefix = bytes.prefix(min(error.offset, bytes.count))
            let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let column = prefix.count - (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            throw SiteRun.Unusable("line \(line), column \(column): not JSON: \(error.message)")
        }
    }

    /// Leaderboard order.
    static func ranksBefore(_ lhs: Provider, _ rhs: Provider) -> Bool {
        func rank(_ verdict: String) -> Int {
            switch verdict {
            case "pass": 0
            case "fail": 1
            case "incomplete": 2
            default: 3
            }
        }
        func key(_ run: SiteRun) -> [Double] {
            [
                Double(rank(run.verdict)), -(run.triggerF1?.value ?? -1), -(run.schemaAccuracy?.value ?? -1),
                -(run.contractPassRate?.value ?? -1),
            ]
        }
        let left = key(lhs.latest)
        let right = key(rhs.latest)
        if left != right { return left.lexicographicallyPrecedes(right) }
        return lhs.name < rhs.name
    }
}
