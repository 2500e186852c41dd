import JSONSchema
import VerifierJudging

/// The first record of an evidence file: what the run was (fixtures, configuration without secrets,
/// options, tool version, shard), so the file can be scored again offline and a resumed run can refuse
/// to continue under changed conditions.
public struct EvidenceManifest: Sendable, Hashable {
    /// The evidence format this tool writes.
    public static let format = "vendor-verifier-evidence/1"

    /// The manifest as recorded.
    public var json: JSONValue

    /// Builds the manifest of one candidate's evidence file.
    /// - Parameters:
    ///   - runID: The run id.
    ///   - startedAt: ISO 8601 start.
    ///   - candidate: The candidate.
    ///   - reference: The reference, if any.
    ///   - gates: The gates.
    ///   - model: The model label.
    ///   - sources: The suites and replay files, in run order.
    ///   - configHash: The configuration hash.
    ///   - options: Run options that change what is sent (modes, parity, limits, request policy).
    ///   - baseline: The calibrated baseline used (`null`: none): its SHA-256, runs, path, and whether it
    ///     stood in for the reference.
    ///   - shard: The shard this run sends (`nil`: every case).
    ///   - purpose: What the run is for (recorded only when it is not a check).
    public init(
        runID: String,
        startedAt: String,
        candidate: ProviderConfiguration,
        reference: ProviderConfiguration?,
        gates: GateConfiguration,
        model: String,
        sources: [CaseSource],
        configHash: String,
        options: JSONValue,
        baseline: JSONValue = .null,
        shard: Shard? = nil,
        purpose: RunPurpose = .check
    ) {
        var object = JSONObject()
        object["kind"] = "manifest"
        object["format"] = .string(Self.format)
        object["tool_version"] = .string(VerifierVersion.current)
        object["run_id"] = .string(runID)
        object["started_at"] = .string(startedAt)
        object["model"] = .string(model)
        object["candidate"] = candidate.descriptionJSON
        object["reference"] = reference?.descriptionJSON ?? .null
        object["gates"] = gates.json
        object["suites"] = .array(sources.map { .string($0.name) })
        object["fixtures"] = .array(sources.map { ["file": .string($0.fileName), "sha256": .string($0.sha256)] })
        object["fixtures_manifest_hash"] = .string(Self.fixturesHash(sources))
        object["config_hash"] = .string(configHash)
        object["options"] = options
        object["shard"] = shard.map { .string($0.description) } ?? .null
        object["baseline"] = baseline
        if purpose != .check { object["purpose"] = .string(purpose.rawValue) }
        json = .object(object)
    }

    /// Reads a recorded manifest.
    /// - Parameter json: The record.
    public init(json: JSONValue) {
        var object = json.objectValue ?? JSONObject()
        object["seq"] = nil
        object["prev"] = nil
        self.json = .object(object)
    }

    /// What must not change for a run to be resumed: everything but the run's id and start time.
    public var identity: JSONValue {
        var object = json.objectValue ?? JSONObject()
        object["run_id"] = nil
        object["started_at"] = nil
        return .object(object)
    }

    /// The members that differ from another manifest's, for the refusal message.
    /// - Parameter other: The other manifest.
    /// - Returns: Member names.
    public func differences(from other: EvidenceManifest) -> [String] {
        let mine = identity.objectValue ?? JSONObject()
        let theirs = other.identity.objectValue ?? JSONObject()
        let keys = Set(mine.keys).union(theirs.keys).sorted()
        return keys.filter { mine[$0] != theirs[$0] }
    }
}

extension EvidenceManifest {
    /// SHA-256 over the fixture files' names and hashes: the run's fixtures manifest hash.
    /// - Parameter files: The sources.
    /// - Returns: 64 hex digits.
    static func fixturesHash(_ files: [CaseSource]) -> String {
        var bytes: [UInt8] = []
        for file in files {
            bytes += Array(file.fileName.utf8)
            bytes += Array(file.sha256.utf8)
        }
        return Digest.sha256Hex(bytes)
    }
}
