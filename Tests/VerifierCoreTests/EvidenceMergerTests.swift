import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The merge's record handling on hand-made evidence files (the end-to-end merge of real runs is in
/// `ShardMergeTests`).
@Suite("Evidence merger")
struct EvidenceMergerTests {
    static let hash = String(repeating: "a", count: 64)

    @Test(arguments: [
        (#"{"seq":3,"prev":"\#(hash)","provider":"p","n":1}"#, #"{"provider":"p","n":1}"#),  // the usual form
        (#"{"seq":12,"prev":"\#(hash)"}"#, "{}"),  // nothing but the chain
        (#"{"prev":"\#(hash)","seq":3,"n":1}"#, #"{"n":1}"#),  // another order: re-serialized
    ])
    func chainMembersAreStripped(_ line: String, _ expected: String) throws {
        let bytes = Array(line.utf8)
        let body = try EvidenceMerger.body(of: bytes[...], path: "e.jsonl", line: 1)
        #expect(String(decoding: body, as: UTF8.self) == expected)
    }

    @Test func controlRecordsAreToldFromExchanges() {
        let marker = Array(#"{"seq":4,"prev":"\#(Self.hash)","kind":"case","case":"a","lines":[2,3]}"#.utf8)
        #expect(EvidenceMerger.controlRecord(marker[...])?["kind"] == "case")
        // An exchange whose body happens to hold `"kind":` is still an exchange.
        let exchange = Array(
            #"{"seq":2,"prev":"\#(Self.hash)","provider":"p","response":{"body":"{\"kind\":\"case\"}"}}"#.utf8
        )
        #expect(EvidenceMerger.controlRecord(exchange[...]) == nil)
    }

    /// A shard file: manifest, one exchange and one case marker per case id, end.
    static func shard(_ shard: String, cases: [String], in folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/evidence.jsonl"
        let log = try EvidenceLog(path: path)
        try log.append(["kind": "manifest", "run_id": .string(folder), "config_hash": "c", "shard": .string(shard)])
        for id in cases {
            let line = try log.append(["provider": "p", "role": "candidate", "case": .string(id), "request": [:]])
            try log.append(["kind": "case", "case": .string(id), "lines": [.number(JSONNumber(line))]])
        }
        try log.append(["kind": "end", "finished_at": "2026-01-01T00:00:00.000Z", "duration_ms": 1])
        log.close()
        return path
    }

    @Test func overlappingShardsAreRefusedAndNothingIsLeft() throws {
        let folder = TestPaths.temporaryDirectory("merger")
        let files = [
            try Self.shard("1/2", cases: ["a", "b"], in: folder + "/one"),
            try Self.shard("2/2", cases: ["c", "b"], in: folder + "/two"),
        ]
        do {
            _ = try EvidenceMerger.merge(evidence: files, into: folder + "/merged")
            Issue.record("overlapping shards were merged")
        } catch {
            #expect(error.message.contains("case b is recorded by shard 1/2 and shard 2/2"), "\(error.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/merged/evidence.jsonl"))
    }

    @Test func shardsOfDifferentSplitsAreRefused() throws {
        let folder = TestPaths.temporaryDirectory("merger")
        let files = [
            try Self.shard("1/2", cases: ["a"], in: folder + "/one"),
            try Self.shard("2/3", cases: ["c"], in: folder + "/two"),
        ]
        #expect(throws: VerifierError.self) { try EvidenceMerger.merge(evidence: files, into: folder + "/merged") }
        do {
            _ = try EvidenceMerger.inspect(files)
            Issue.record("shards of different splits were accepted")
        } catch {
            #expect(error.message.contains("different splits"), "\(error.message)")
        }
    }

    @Test func manifestsThatDifferAreNamed() throws {
        let folder = TestPaths.temporaryDirectory("merger")
        let one = try Self.shard("1/2", cases: ["a"], in: folder + "/one")
        let path = folder + "/two/evidence.jsonl"
        try FileManager.default.createDirectory(atPath: folder + "/two", withIntermediateDirectories: true)
        let log = try EvidenceLog(path: path)
        try log.append(["kind": "manifest", "run_id": "x", "config_hash": "other", "shard": "2/2"])
        try log.append(["kind": "end"])
        log.close()
        do {
            _ = try EvidenceMerger.inspect([one, path])
            Issue.record("different manifests were accepted")
        } catch {
            #expect(error.message.contains("differ in config_hash"), "\(error.message)")
            #expect(!error.message.contains("run_id"))
        }
    }
}
