import Crypto
import JSONSchema
import VerifierJudging

/// One of `n` parts of a run split across machines (`verifier check --shard i/n`).
///
/// A case belongs to shard `SHA-256(fixture id) mod n + 1`, where the fixture id is the case id without
/// its `#k` repeat suffix (`tool-choice/none-weather`, `bfcl.jsonl:12`): every repeat of a case lands in
/// the same shard, and the split depends on nothing but the ids — not on run order, the machine or the
/// process (Swift's `Hasher` is seeded per process and is never used for this). The shards of one run
/// together hold every case exactly once; `verifier merge` joins them.
///
/// ```swift
/// let shard = try Shard.parse("2/4")
/// shard.contains(caseID: "tool-choice/none-weather#2")   // the same answer as for "tool-choice/none-weather"
/// ```
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// The shard's 1-based position, from 1 to ``count``.
    public let index: Int
    /// How many shards the run is split into.
    public let count: Int

    /// Creates a shard.
    /// - Parameters:
    ///   - index: The 1-based position, from 1 to `count`.
    ///   - count: The number of shards, at least 1.
    /// - Returns: `nil` when `index` is outside 1…`count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads `i/n` as given to `--shard`.
    /// - Parameter text: The text, e.g. `2/4`.
    /// - Returns: The shard.
    /// - Throws: ``VerifierError`` `.invalidConfiguration` saying what is wrong with the text.
    public static func parse(_ text: String) throws(VerifierError) -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else {
            throw VerifierError(
                .invalidConfiguration,
                "--shard \(text): expected i/n with whole numbers, like 2/4 (the second of four shards)."
            )
        }
        guard count >= 1 else {
            throw VerifierError(.invalidConfiguration, "--shard \(text): the number of shards must be at least 1.")
        }
        guard let shard = Shard(index: index, count: count) else {
            throw VerifierError(
                .invalidConfiguration,
                "--shard \(text): the shard number must be from 1 to \(count)."
            )
        }
        return shard
    }

    /// `i/n`.
    public var description: String { "\(index)/\(count)" }

    /// Whether a case belongs to this shard.
    /// - Parameter caseID: A case id, with or without its `#k` repeat suffix.
    /// - Returns: Whether the case is run by this shard.
    public func contains(caseID: String) -> Bool {
        Self.assignment(of: caseID, among: count) == index
    }

    /// The shard (1…`count`) a case belongs to.
    /// - Parameters:
    ///   - caseID: A case id, with or without its `#k` repeat suffix.
    ///   - count: The number of shards.
    /// - Returns: The 1-based shard number.
    public static func assignment(of caseID: String, among count: Int) -> Int {
        assignment(fixture: fixtureID(of: caseID), among: count)
    }

    /// The shard of a fixture id taken as it is (the runner knows it without parsing a case id).
    static func assignment(fixture: String, among count: Int) -> Int {
        guard count > 1 else { return 1 }
        let digest = Array(SHA256.hash(data: Array(fixture.utf8)))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return Int(value % UInt64(count)) + 1
    }

    /// A case id without its repeat suffix: `suite/case#3` → `suite/case`; ids without one are unchanged.
    /// - Parameter caseID: The case id.
    /// - Returns: The fixture id.
    public static func fixtureID(of caseID: String) -> String {
        guard let hash = caseID.lastIndex(of: "#") else { return caseID }
        let digits = caseID[caseID.index(after: hash)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return caseID }
        return String(caseID[..<hash])
    }
}
