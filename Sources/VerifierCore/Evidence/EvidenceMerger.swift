import Crypto
import Foundation
import JSONSchema
import VerifierJudging

/// Joins the evidence of a sharded run (`verifier check --shard i/n`, one folder per shard) into one
/// evidence file and scores it, so the merged scorecard is the one an unsharded run gives.
///
/// The shards must be 1…n of one `n`, with manifests equal apart from the shard, run id and start time
/// (fixtures, configuration, candidate, reference, gates, options, tool version), each hash chain intact,
/// and each run finished — unless incomplete shards are allowed, which makes the verdict `incomplete`.
/// The merged file starts with a new manifest (`shard: null`, `merged_from` naming every shard's run id
/// and file hash), then every shard's records in shard order — exchange records byte for byte, case
/// markers with their record lines renumbered — and ends with an `end` record (or a `stop` record naming
/// the shards that did not finish). Every record gets a new `seq` and `prev`, so the chain verifies.
///
/// ```swift
/// let merged = try EvidenceMerger.merge(
///     evidence: ["out/1/evidence.jsonl", "out/2/evidence.jsonl"], into: "Reports/merged"
/// )
/// print(merged.scorecard.verdict)
/// ```
public enum EvidenceMerger {
    /// One shard's evidence as read for the merge.
    public struct ShardFile: Sendable, Hashable {
        /// The evidence file.
        public var path: String
        /// Its shard.
        public var shard: Shard
        /// The shard run's id.
        public var runID: String
        /// SHA-256 of the file's complete records.
        public var sha256: String
        /// Complete records in the file.
        public var records: Int
        /// Completed cases.
        public var cases: Int
        /// Why the shard did not finish, or `nil` when it did.
        public var unfinished: String?
    }

    /// What a merge wrote.
    public struct Outcome: Sendable {
        /// The merged evidence file.
        public var evidencePath: String
        /// The shards, in shard order.
        public var shards: [ShardFile]
        /// The merged scorecard, as `verifier score` gives it for the merged file.
        public var scorecard: Scorecard
    }

    /// Merges shard evidence files and writes the reports (`scorecard.json`, `summary.json`, `summary.md`)
    /// next to the merged `evidence.jsonl`.
    /// - Parameters:
    ///   - files: The shards' `evidence.jsonl` files, in any order.
    ///   - directory: The folder to write; it must not hold an `evidence.jsonl` yet.
    ///   - allowIncomplete: Merge shards that did not finish (the verdict is then `incomplete`).
    ///   - runID: The merged run's id (default: the folder's name).
    /// - Returns: What was written.
    /// - Throws: ``VerifierError`` `.invalidFixture` for files that are not the shards of one run (naming what
    ///   differs) or whose chain is broken, `.incomplete` for a shard that did not finish, `.io` when writing fails.
    public static func merge(
        evidence files: [String],
        into directory: String,
        allowIncomplete: Bool = false,
        runID: String? = nil
    ) throws(VerifierError) -> Outcome {
        let shards = try inspect(files)
        let unfinished = shards.filter { $0.file.unfinished != nil }
        if !allowIncomplete, let first = unfinished.first {
            let list = unfinished.map { "shard \($0.file.shard) (\($0.file.path)): \($0.file.unfinished ?? "")" }
            throw VerifierError(
                .incomplete,
                "cannot merge: \(list.joined(separator: "; ")). Resume it with `verifier check … --shard "
                    + "\(first.file.shard) --resume \(folder(of: first.file.path))`, or pass --allow-incomplete to "
                    + "merge what there is (the verdict is then incomplete)."
            )
        }
        let path = directory + "/evidence.jsonl"
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            throw VerifierError(
                .io,
                "\(path) already exists; merge into a new folder (a merge never overwrites evidence)."
            )
        }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw VerifierError(.io, "\(directory): cannot create the folder: \(error.localizedDescription)")
        }
        let log = try EvidenceLog(path: path)
        defer { log.close() }
        do {
            try write(
                shards,
                unfinished: unfinished,
                into: log,
                runID: runID ?? URL(fileURLWithPath: directory).lastPathComponent
            )
        } catch {
            // Half a merge is no evidence: remove it, so that the merge can be run again into the same folder.
            log.close()
            try? manager.removeItem(atPath: path)
            throw error
        }
        let scorecard = try EvidenceScorer.scorecard(path: path)
        try ReportWriter.write(scorecard, to: directory)
        return Outcome(evidencePath: path, shards: shards.map(\.file), scorecard: scorecard)
    }

    /// Writes the merged file: manifest, every shard's records, end (or stop) record.
    static func write(_ shards: [Inspected], unfinished: [Inspected], into log: EvidenceLog, runID: String)
        throws(VerifierError)
    {
        try log.append(manifest(shards, runID: runID))
        var seen: [String: Shard] = [:]
        for shard in shards {
            try copy(shard, into: log, seen: &seen)
        }
        let started = shards.map(\.startedAt).min() ?? ""
        let finished = shards.map(\.finishedAt).max() ?? ""
        let duration =
            Timestamp.milliseconds(between: started, and: finished) ?? shards.map(\.duration).max() ?? 0
        if let first = unfinished.first {
            let reasons = unfinished.map { "shard \($0.file.shard): \($0.file.unfinished ?? "")" }
            try log.append(
                [
                    "kind": "stop", "reason": .string("not every shard finished: " + reasons.joined(separator: "; ")),
                    "finished_at": .string(finished), "duration_ms": .number(JSONNumber(duration)),
                    "folder": .string(folder(of: first.file.path)),
                ]
            )
        } else {
            try log.append(
                [
                    "kind": "end", "finished_at": .string(finished), "duration_ms": .number(JSONNumber(duration)),
                    "merged_shards": .number(JSONNumber(shards.count)),
                ]
            )
        }
        if log.failures > 0 {
            throw VerifierError(.io, "\(log.path): \(log.failures) evidence records could not be written.")
        }
        log.close()
    }

    /// A shard with what the merge needs from its manifest and end record.
    struct Inspected {
        var file: ShardFile
        var manifest: EvidenceManifest
        var startedAt: String
        var finishedAt: String
        var duration: Int
    }

    /// Reads and checks every file: chains intact, all shards of one `n` exactly once, same manifests.
    static func inspect(_ files: [String]) throws(VerifierError) -> [Inspected] {
        guard !files.isEmpty else {
            throw VerifierError(.invalidFixture, "nothing to merge: name the shard run folders.")
        }
        var shards: [Inspected] = []
        for path in files {
            let report = try EvidenceVerifier.verify(path: path)
            if let problem = report.problem {
                throw VerifierError(.invalidFixture, "cannot merge: the evidence chain is broken: \(problem)")
            }
            var first: JSONValue?
            var end: JSONValue?
            var reader = try LineReader(path: path)
            // SHA-256 of the complete records, each with its newline (a torn last one left out).
            var hasher = SHA256()
            while let (number, bytes) = reader.next(), number <= report.records {
                hasher.update(data: bytes)
                hasher.update(data: [UInt8(ascii: "\n")])
                // Only the manifest and the end/stop/resume records are needed here.
                guard let record = controlRecord(bytes) else { continue }
                if number == 1 { first = record }
                switch record["kind"]?.stringValue {
                case "end", "stop": end = record
                case "resume": end = nil
                default: break
                }
            }
            guard first?["kind"]?.stringValue == "manifest" else {
                throw VerifierError(.invalidFixture, "\(path):1: the first record is not a run's manifest.")
            }
            guard let first else {
                throw VerifierError(.invalidFixture, "\(path): the evidence file is empty.")
            }
            let manifest = EvidenceManifest(json: first)
            guard let text = manifest.json["shard"]?.stringValue else {
                throw VerifierError(
                    .invalidFixture,
                    "\(path): not a shard: its manifest records no shard (an unsharded or merged run). "
                        + "Merge the folders of `verifier check --shard i/n` runs."
                )
            }
            let shard: Shard
            do {
                shard = try Shard.parse(text)
            } catch {
                throw VerifierError(.invalidFixture, "\(path):1: the manifest's shard `\(text)` is not i/n.")
            }
            var unfinished: String?
            if !report.finished {
                if end?["kind"]?.stringValue == "stop" {
                    unfinished = "it stopped early (\(end?["reason"]?.stringValue ?? "no reason recorded"))"
                } else {
                    unfinished = "it was interrupted (no end record)"
                }
            }
            shards.append(
                Inspected(
                    file: ShardFile(
                        path: path,
                        shard: shard,
                        runID: manifest.json["run_id"]?.stringValue ?? "",
                        sha256: EvidenceRecord.hex(hasher.finalize()),
                        records: report.records,
                        cases: report.completedCases,
                        unfinished: unfinished
                    ),
                    manifest: manifest,
                    startedAt: manifest.json["started_at"]?.stringValue ?? "",
                    finishedAt: end?["finished_at"]?.stringValue ?? "",
                    duration: end?["duration_ms"]?.intValue ?? 0
                )
            )
        }
        try checkSet(shards)
        try checkManifests(shards)
        return shards.sorted { $0.file.shard.index < $1.file.shard.index }
    }

    /// Shards 1…n of one n, each exactly once.
    static func checkSet(_ shards: [Inspected]) throws(VerifierError) {
        let counts = Set(shards.map(\.file.shard.count))
        guard counts.count == 1, let count = counts.first else {
            let described = shards.map { "\($0.file.path) is shard \($0.file.shard)" }.joined(separator: ", ")
            throw VerifierError(
                .invalidFixture,
                "cannot merge shards of different splits: \(described). Merge the n shards of one run."
            )
        }
        var byIndex: [Int: [String]] = [:]
        for shard in shards { byIndex[shard.file.shard.index, default: []].append(shard.file.path) }
        if let (index, paths) = byIndex.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            throw VerifierError(
                .invalidFixture,
                "shard \(index)/\(count) is given \(paths.count) times: \(paths.joined(separator: ", "))."
            )
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw VerifierError(
                .invalidFixture,
                "cannot merge: shard\(missing.count == 1 ? "" : "s") \(names) missing; merge needs all \(count) "
                    + "shards of the run (got \(shards.count))."
            )
        }
    }

    /// Manifests equal apart from run id, start time and shard.
    static func checkManifests(_ shards: [Inspected]) throws(VerifierError) {
        guard let base = shards.min(by: { $0.file.shard.index < $1.file.shard.index }) else { return }
        let reference = withoutShard(base.manifest)
        for shard in shards where shard.file.path != base.file.path {
            let differences = withoutShard(shard.manifest).differences(from: reference)
            guard differences.isEmpty else {
                throw VerifierError(
                    .invalidFixture,
                    "cannot merge: shard \(shard.file.shard) (\(shard.file.path)) and shard \(base.file.shard) "
                        + "(\(base.file.path)) differ in \(differences.joined(separator: ", ")); they are not "
                        + "shards of one run. Run every shard with the same configuration, fixtures and options."
                )
            }
        }
    }

    static func withoutShard(_ manifest: EvidenceManifest) -> EvidenceManifest {
        var object = manifest.json.objectValue ?? JSONObject()
        object["shard"] = nil
        return EvidenceManifest(json: .object(object))
    }

    /// The merged manifest: the shards' own, with no shard, the new run id, the earliest start, and
    /// `merged_from` naming every shard.
    static func manifest(_ shards: [Inspected], runID: String) -> JSONValue {
        var object = shards.first?.manifest.json.objectValue ?? JSONObject()
        object["run_id"] = .string(runID)
        object["started_at"] = .string(shards.map(\.startedAt).min() ?? "")
        object["shard"] = .null
        object["merged_from"] = .array(
            shards.map { shard in
                [
                    "shard": .string(shard.file.shard.description), "run_id": .string(shard.file.runID),
                    "started_at": .string(shard.startedAt), "evidence_sha256": .string(shard.file.sha256),
                    "records": .number(JSONNumber(shard.file.records)),
                    "cases": .number(JSONNumber(shard.file.cases)),
                    "finished": .bool(shard.file.unfinished == nil),
                ]
            }
        )
        return .object(object)
    }

    /// Appends a shard's records after its manifest and before its end: exchange records byte for byte,
    /// case markers with their lines renumbered.
    static func copy(_ shard: Inspected, into log: EvidenceLog, seen: inout [String: Shard]) throws(VerifierError) {
        let path = shard.file.path
        var reader = try LineReader(path: path)
        var lines: [Int: Int] = [:]
        while let (number, bytes) = reader.next(), number <= shard.file.records {
            guard number > 1 else { continue }
            if let record = controlRecord(bytes) {
                switch record["kind"]?.stringValue {
                case "end", "stop": continue
                case "case":
                    guard var marker = record.objectValue, let caseID = marker["case"]?.stringValue else {
                        throw VerifierError(.invalidFixture, "\(path):\(number): a case marker without a case id.")
                    }
                    if let other = seen[caseID] {
                        throw VerifierError(
                            .invalidFixture,
                            "\(path):\(number): case \(caseID) is recorded by shard \(other) and shard "
                                + "\(shard.file.shard); the shards overlap."
                        )
                    }
                    seen[caseID] = shard.file.shard
                    var renumbered: [JSONValue] = []
                    for old in (marker["lines"]?.arrayValue ?? []).compactMap(\.intValue) {
                        guard let new = lines[old] else {
                            throw VerifierError(
                                .invalidFixture,
                                "\(path):\(number): the case marker of \(caseID) lists line \(old), which holds no "
                                    + "exchange record."
                            )
                        }
                        renumbered.append(.number(JSONNumber(new)))
                    }
                    marker["seq"] = nil
                    marker["prev"] = nil
                    marker["lines"] = .array(renumbered)
                    lines[number] = try log.append(.object(marker))
                    continue
                default:
                    break
                }
            }
            lines[number] = try log.appendSerialized(try body(of: bytes, path: path, line: number))
        }
    }

    /// A record of the runner's own (manifest, case marker, end, stop, resume), parsed, or `nil` for an
    /// exchange record. The runner writes `kind` first, right after `seq` and `prev`, and exchange records
    /// have none, so an exchange — the bulk of a file — is recognised without parsing it.
    static func controlRecord(_ bytes: ArraySlice<UInt8>) -> JSONValue? {
        // {"seq":N,"prev":"<64 hex>","kind":…
        if let prev = firstRange(of: Array(#","prev":""#.utf8), in: bytes) {
            let after = prev.upperBound + 64 + 1
            guard after < bytes.endIndex, bytes[after...].starts(with: Array(#","kind":"#.utf8)) else { return nil }
        }
        guard let record = try? JSONValue.parse(bytes: bytes), record["kind"]?.stringValue != nil else { return nil }
        return record
    }

    /// The record without its `seq` and `prev` members, as the bytes of a JSON object.
    static func body(of bytes: ArraySlice<UInt8>, path: String, line: Int) throws(VerifierError) -> [UInt8] {
        if let prev = firstRange(of: Array(#","prev":""#.utf8), in: bytes) {
            let close = prev.upperBound + 64
            if close < bytes.endIndex, bytes[close] == UInt8(ascii: "\"") {
                let rest = bytes[(close + 1)...]
                if rest.first == UInt8(ascii: ",") { return [UInt8(ascii: "{")] + rest.dropFirst() }
                if rest.elementsEqual([UInt8(ascii: "}")]) { return Array("{}".utf8) }
            }
        }
        // Not in the form this tool writes: fall back to re-serializing the parsed record.
        guard var object = (try? JSONValue.parse(bytes: bytes))?.objectValue else {
            throw VerifierError(.invalidFixture, "\(path):\(line): not a JSON record.")
        }
        object["seq"] = nil
        object["prev"] = nil
        var out: [UInt8] = []
        JSONValue.object(object).write(into: &out)
        return out
    }

    static func firstRange(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        // The member sits within the first hundred bytes (after `{"seq":N`).
        let limit = min(bytes.endIndex, bytes.startIndex + 120)
        var index = bytes.startIndex
        while index + needle.count <= limit {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index..<(index + needle.count) }
            index += 1
        }
        return nil
    }

    static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}
