import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Shards: --shard i/n")
struct ShardTests {
    static let fixtures = TestPaths.repositoryRoot + "/Fixtures"

    @Test(arguments: [
        ("1/1", 1, 1),  // one shard: everything
        ("2/4", 2, 4),  // the usual form
        ("4/4", 4, 4),  // the last shard
    ])
    func parsesGoodValues(_ text: String, _ index: Int, _ count: Int) throws {
        let shard = try Shard.parse(text)
        #expect(shard.index == index && shard.count == count)
        #expect(shard.description == text)
    }

    @Test(arguments: [
        ("0/3", "from 1 to 3"),  // shards count from 1
        ("4/3", "from 1 to 3"),  // beyond the count
        ("a/b", "whole numbers"),  // not numbers
        ("1/0", "at least 1"),  // no shards
        ("2", "whole numbers"),  // no count
        ("+1/3", "whole numbers"),  // a sign is not a digit
        ("1/3/5", "whole numbers"),  // too many parts
        ("", "whole numbers"),  // empty
    ])
    func refusesBadValuesSayingWhy(_ text: String, _ reason: String) {
        do {
            _ = try Shard.parse(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("--shard \(text)"), "\(error.message)")
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    /// Pinned values: SHA-256 of the fixture id, first 8 bytes big-endian, mod n, plus 1. A change here
    /// would re-split every sharded run, so it must be deliberate.
    @Test(arguments: [
        ("tool-choice/none-weather", [2, 1, 4, 6]),
        ("bfcl.jsonl:12", [2, 1, 4, 5]),
        ("parallel/two-cities", [1, 2, 3, 1]),
    ])
    func assignmentIsAStableHashOfTheFixtureID(_ id: String, _ expected: [Int]) {
        #expect([2, 3, 4, 7].map { Shard.assignment(of: id, among: $0) } == expected)
    }

    @Test func repeatsLandInTheShardOfTheirFixture() {
        for count in 2...6 {
            let base = Shard.assignment(of: "tool-choice/none-weather", among: count)
            for k in 2...5 {
                #expect(Shard.assignment(of: "tool-choice/none-weather#\(k)", among: count) == base)
            }
        }
        #expect(Shard.fixtureID(of: "a/b#12") == "a/b")
        #expect(Shard.fixtureID(of: "a/b#x") == "a/b#x")
        #expect(Shard.fixtureID(of: "a/b#") == "a/b#")
        #expect(Shard.fixtureID(of: "bfcl.jsonl:7") == "bfcl.jsonl:7")
    }

    static func ids(_ cases: RunCases) throws -> [String] {
        var iterator = try cases.makeIterator()
        var ids: [String] = []
        while let runCase = iterator.next() { ids.append(runCase.id) }
        return ids
    }

    /// Shipped suites and a replay file (small-model has a repeated case), loaded once.
    static let loaded: [CaseSource] =
        (try? SuiteCatalog.load(fixtures: fixtures, names: ["tool-choice", "small-model", "streaming", "parallel"]))
        ?? []

    static func sources() throws -> [CaseSource] {
        try #require(loaded.count == 4, "the shipped fixtures did not load")
        return loaded
    }

    @Test(
        arguments: [
            (nil, nil),  // every case
            (5, nil),  // sampled
            (nil, 30),  // limited
            (7, 20),  // both
        ] as [(Int?, Int?)]
    )
    func shardsPartitionTheUnshardedCases(_ perSource: Int?, _ limit: Int?) throws {
        let sources = try Self.sources()
        let whole = try Self.ids(RunCases(sources: sources, modes: .recorded, perSource: perSource, limit: limit))
        #expect(whole.count == Set(whole).count)
        for count in [1, 3, 4] {
            var union: [String] = []
            for index in 1...count {
                let shard = try #require(Shard(index: index, count: count))
                let cases = RunCases(
                    sources: sources,
                    modes: .recorded,
                    perSource: perSource,
                    limit: limit,
                    shard: shard
                )
                let ids = try Self.ids(cases)
                #expect(try cases.count() == ids.count)
                #expect(ids.allSatisfy { shard.contains(caseID: $0) })
                // Within a shard, cases keep the unsharded order.
                #expect(ids == whole.filter { Set(ids).contains($0) })
                union += ids
            }
            #expect(union.count == whole.count, "\(count) shards")
            #expect(Set(union) == Set(whole), "\(count) shards")
        }
        let unsharded = RunCases(sources: sources, modes: .recorded, perSource: perSource, limit: limit)
        #expect(try unsharded.count() == whole.count)
    }

    @Test func repeatedCasesStayTogether() throws {
        let sources = try Self.sources()
        let whole = try Self.ids(RunCases(sources: sources, modes: .recorded))
        let repeated = try #require(whole.first { $0.hasSuffix("#2") })
        let base = Shard.fixtureID(of: repeated)
        for index in 1...3 {
            let shard = try #require(Shard(index: index, count: 3))
            let ids = try Self.ids(RunCases(sources: sources, modes: .recorded, shard: shard))
            #expect(ids.contains(repeated) == ids.contains(base))
        }
    }

    @Test func theSplitIsRoughlyEven() {
        // The ids of Fixtures/replay/bfcl.jsonl: 640 cases over 4 shards, 160 each on average; a fair hash
        // stays well within ±25 %.
        let ids = (1...640).map { "bfcl.jsonl:\($0)" }
        let sizes = (1...4).map { index in ids.filter { Shard.assignment(of: $0, among: 4) == index }.count }
        #expect(sizes == [157, 182, 142, 159])
        #expect(sizes.allSatisfy { abs($0 - 160) < 40 }, "\(sizes)")
    }

    @Test func theManifestAndScorecardRecordTheShard() {
        let shard = Shard(index: 2, count: 4)
        let manifest = EvidenceManifest(
            runID: "r",
            startedAt: "t",
            candidate: ProviderConfiguration(name: "p", baseURL: "mock://faithful", model: "m"),
            reference: nil,
            gates: GateConfiguration(),
            model: "m",
            sources: [],
            configHash: "",
            options: [:],
            shard: shard
        )
        #expect(manifest.json["shard"] == "2/4")
        let unsharded = EvidenceManifest(
            json: manifest.json.objectValue.map { object -> JSONValue in
                var copy = object
                copy["shard"] = .null
                return .object(copy)
            } ?? .null
        )
        #expect(manifest.differences(from: unsharded) == ["shard"])
    }
}
