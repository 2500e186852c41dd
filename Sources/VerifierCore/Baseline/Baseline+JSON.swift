import Foundation
import JSONSchema
import VerifierJudging

extension Baseline {
    /// The baseline as JSON, members in a fixed order and cases sorted, so equal calibrations give equal bytes.
    public var json: JSONValue {
        var root = JSONObject()
        root["format"] = .string(Self.format)
        root["model"] = .string(model)
        root["provider"] = provider.descriptionJSON
        root["created_at"] = .string(createdAt)
        root["tool_version"] = .string(toolVersion)
        root["runs"] = .number(JSONNumber(runs))
        root["margin"] = .number(JSONNumber(rounded6: margin))
        var fixturesJSON = JSONObject()
        for (file, sha) in fixtures.sorted(by: { $0.key < $1.key }) { fixturesJSON[file] = .string(sha) }
        root["fixtures"] = .object(fixturesJSON)
        root["fixtures_manifest_hash"] = .string(fixturesHash)
        root["run_folders"] = .array(runFolders.map(JSONValue.string))
        func spreads(_ values: [String: Spread]) -> JSONValue {
            var object = JSONObject()
            for (name, spread) in values.sorted(by: { $0.key < $1.key }) { object[name] = spread.json }
            return .object(object)
        }
        root["pairwise"] = spreads(pairwise)
        root["leave_one_out"] = spreads(leaveOneOut)
        var suitesJSON = JSONObject()
        for suite in Set(suitePairwise.keys).union(suiteLeaveOneOut.keys).sorted() {
            suitesJSON[suite] = [
                "pairwise": spreads(suitePairwise[suite] ?? [:]),
                "leave_one_out": spreads(suiteLeaveOneOut[suite] ?? [:]),
            ]
        }
        root["suites"] = .object(suitesJSON)
        root["determinism"] = determinism.json
        func confusion(_ values: [String: ConfusionMatrix]) -> JSONValue {
            .object(JSONObject(values.sorted { $0.key < $1.key }.map { ($0.key, $0.value.countsJSON) }))
        }
        root["trigger"] = ["pairwise": confusion(pairwiseTrigger), "leave_one_out": confusion(leaveOneOutTrigger)]
        var proposed = JSONObject()
        for asReference in [false, true] {
            var defaults = GateConfiguration()
            defaults.baselineMargin = margin
            let gates = self.gates(applyingTo: defaults, asReference: asReference)
            var object = JSONObject()
            for (key, _) in Self.gatedMetrics where gates.sources[key] == .baseline {
                object[key] = gates.value(key).map { .number(JSONNumber(rounded6: $0)) } ?? .null
            }
            for (suite, values) in gates.suiteGates.sorted(by: { $0.key < $1.key }) {
                var suiteObject = JSONObject()
                for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                    suiteObject[key] = .number(JSONNumber(rounded6: value))
                }
                object["suite:" + suite] = .object(suiteObject)
            }
            if gates.sources["stream_parity_rate"] == .baseline {
                object["stream_parity_rate"] = .number(JSONNumber(rounded6: gates.streamParityRate))
            }
            object["stream_parity_rule"] = .string(gates.parityRule.name)
            proposed[asReference ? "as_reference" : "with_live_reference"] = .object(object)
        }
        root["gates"] = .object(proposed)
        var casesJSON = JSONObject()
        for (caseID, modes) in cases.sorted(by: { $0.key < $1.key }) {
            var modesJSON = JSONObject()
            for (mode, record) in modes.sorted(by: { $0.key < $1.key }) { modesJSON[mode] = record.json }
            casesJSON[caseID] = .object(modesJSON)
        }
        root["cases"] = .object(casesJSON)
        return .object(root)
    }

    /// Reads a baseline file.
    /// - Parameter path: The file.
    /// - Returns: The baseline and the SHA-256 of the file's bytes.
    /// - Throws: ``VerifierError`` `.invalidFixture` naming the file and the problem.
    public static func load(path: String) throws(VerifierError) -> (baseline: Baseline, sha256: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VerifierError(
                .invalidFixture,
                "\(path): no such baseline; create one with `verifier calibrate --provider <reference> --runs 5`."
            )
        }
        let bytes = [UInt8](data)
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: bytes)
        } catch {
            throw VerifierError(.invalidFixture, "\(path): not a baseline: \(error)")
        }
        return (try Baseline(json: value, path: path), EvidenceRecord.sha256Hex(bytes))
    }

    /// Reads ``json``.
    /// - Parameters:
    ///   - value: The JSON.
    ///   - path: The file, for messages.
    /// - Throws: ``VerifierError`` `.invalidFixture` for a file that is not a baseline of this format.
    public init(json value: JSONValue, path: String) throws(VerifierError) {
        func fail(_ message: String) -> VerifierError { VerifierError(.invalidFixture, "\(path): \(message)") }
        guard value["format"]?.stringValue == Self.format else {
            throw fail("not a baseline (`format` must be \"\(Self.format)\").")
        }
        guard let model = value["model"]?.stringValue,
            let provider = ProviderConfiguration(descriptionJSON: value["provider"] ?? .null),
            let runs = value["runs"]?.intValue, runs >= 1,
            let fixturesObject = value["fixtures"]?.objectValue,
            let cases = value["cases"]?.objectValue
        else {
            throw fail("a baseline needs `model`, `provider`, `runs` (≥ 1), `fixtures` and `cases`.")
        }
        var fixtures: [String: String] = [:]
        for member in fixturesObject {
            let file = member.key
            guard let sha = member.value.stringValue else { throw fail("`fixtures.\(file)` must be a SHA-256 string.") }
            fixtures[file] = sha
        }
        var records: [String: [String: CaseRecord]] = [:]
        for caseMember in cases {
            let caseID = caseMember.key
            guard let modes = caseMember.value.objectValue else {
                throw fail("case `\(caseID)` must map modes to records.")
            }
            for modeMember in modes {
                let (mode, record) = (modeMember.key, modeMember.value)
                guard mode == "stream" || mode == "nonstream" else {
                    throw fail("case `\(caseID)`: unknown mode `\(mode)` (stream or nonstream).")
                }
                guard let parsed = CaseRecord(json: record) else {
                    throw fail(
                        "case `\(caseID)` (\(mode)): a record needs integer `answers`, `delivered` and `called`."
                    )
                }
                records[caseID, default: [:]][mode] = parsed
            }
        }
        func spreads(_ key: String) -> [String: Spread] {
            var result: [String: Spread] = [:]
            for member in value[key]?.objectValue ?? JSONObject() { result[member.key] = Spread(json: member.value) }
            return result
        }
        func confusion(_ key: String) -> [String: ConfusionMatrix] {
            var result: [String: ConfusionMatrix] = [:]
            for member in value["trigger"]?[key]?.objectValue ?? JSONObject() {
                result[member.key] = ConfusionMatrix(counts: member.value)
            }
            return result
        }
        var suitePairwise: [String: [String: Spread]] = [:]
        var suiteLeaveOneOut: [String: [String: Spread]] = [:]
        for suite in value["suites"]?.objectValue ?? JSONObject() {
            func suiteSpreads(_ key: String) -> [String: Spread] {
                var result: [String: Spread] = [:]
                for member in suite.value[key]?.objectValue ?? JSONObject() {
                    result[member.key] = Spread(json: member.value)
                }
                return result
            }
            suitePairwise[suite.key] = suiteSpreads("pairwise")
            suiteLeaveOneOut[suite.key] = suiteSpreads("leave_one_out")
        }
        self.init(
            model: model,
            provider: provider,
            createdAt: value["created_at"]?.stringValue ?? "",
            toolVersion: value["tool_version"]?.stringValue ?? "",
            runs: runs,
            margin: value["margin"]?.numberValue?.doubleValue ?? 0.03,
            fixtures: fixtures,
            fixturesHash: value["fixtures_manifest_hash"]?.stringValue ?? "",
            runFolders: (value["run_folders"]?.arrayValue ?? []).compactMap(\.stringValue),
            pairwise: spreads("pairwise"),
            leaveOneOut: spreads("leave_one_out"),
            cases: records,
            suitePairwise: suitePairwise,
            suiteLeaveOneOut: suiteLeaveOneOut,
            determinism: Determinism(json: value["determinism"]),
            pairwiseTrigger: confusion("pairwise"),
            leaveOneOutTrigger: confusion("leave_one_out")
        )
    }

    /// The default baseline file of a model: `<fixtures>/baselines/<model>.json`, the model name made safe
    /// for a file name.
    /// - Parameters:
    ///   - model: The model label.
    ///   - fixtures: The Fixtures folder.
    /// - Returns: The path.
    public static func defaultPath(model: String, fixtures: String) -> String {
        let safe = String(model.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return fixtures + "/baselines/" + (safe.isEmpty ? "model" : safe) + ".json"
    }
}

extension Baseline.CaseRecord {
    var json: JSONValue {
        func counts<Key>(_ values: [Key: Int], _ key: (Key) -> String) -> JSONValue {
            var object = JSONObject()
            for (name, count) in values.map({ (key($0.key), $0.value) }).sorted(by: { $0.0 < $1.0 }) {
                object[name] = .number(JSONNumber(count))
            }
            return .object(object)
        }
        var object = JSONObject()
        object["answers"] = .number(JSONNumber(answers))
        object["statuses"] = counts(statuses) { String($0) }
        object["delivered"] = .number(JSONNumber(delivered))
        object["finished_with_tool_calls"] = .number(JSONNumber(finishedWithToolCalls))
        object["called"] = .number(JSONNumber(called))
        object["call_counts"] = counts(callCounts) { String($0) }
        object["tool_names"] = counts(toolNames) { $0 }
        object["call_sets"] = .array(
            callSets.map { set in
                [
                    "key": .string(set.key), "count": .number(JSONNumber(set.count)),
                    "calls": .array(set.calls.map { ["name": .string($0.name), "arguments": $0.arguments] }),
                ]
            }
        )
        object["prompt_tokens"] = counts(promptTokens) { String($0) }
        object["choice_runs"] = .number(JSONNumber(choiceRuns))
        object["choice_failures"] = .number(JSONNumber(choiceFailures))
        return .object(object)
    }

    init?(json value: JSONValue) {
        guard let answers = value["answers"]?.intValue, let delivered = value["delivered"]?.intValue,
            let called = value["called"]?.intValue
        else { return nil }
        func counts<Key: Hashable>(_ name: String, _ key: (String) -> Key?) -> [Key: Int] {
            var result: [Key: Int] = [:]
            for member in value[name]?.objectValue ?? JSONObject() {
                if let parsed = key(member.key), let count = member.value.intValue { result[parsed] = count }
            }
            return result
        }
        self.init()
        self.answers = answers
        self.delivered = delivered
        self.called = called
        finishedWithToolCalls = value["finished_with_tool_calls"]?.intValue ?? 0
        statuses = counts("statuses") { Int($0) }
        callCounts = counts("call_counts") { Int($0) }
        toolNames = counts("tool_names") { $0 }
        promptTokens = counts("prompt_tokens") { Int($0) }
        choiceRuns = value["choice_runs"]?.intValue ?? 0
        choiceFailures = value["choice_failures"]?.intValue ?? 0
        callSets = (value["call_sets"]?.arrayValue ?? []).compactMap { set in
            guard let key = set["key"]?.stringValue, let count = set["count"]?.intValue else { return nil }
            let calls = (set["calls"]?.arrayValue ?? []).compactMap { call -> Baseline.Call? in
                guard let name = call["name"]?.stringValue else { return nil }
                return Baseline.Call(name: name, arguments: call["arguments"] ?? .null)
            }
            return Baseline.CallSet(key: key, count: count, calls: calls)
        }
    }
}

extension Baseline.Determinism {
    var json: JSONValue {
        [
            "twin_structure_difference": twinStructure.json,
            "twin_pairs": .number(JSONNumber(twinPairs)),
            "twin_structure_differing": .number(JSONNumber(twinStructureDiffering)),
            "twin_kinds": .object(
                JSONObject(twinKinds.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .number(JSONNumber($0.value))) })
            ),
            "calls_varied": .number(JSONNumber(rounded6: callsVaried)),
            "text_varied": .number(JSONNumber(rounded6: textVaried)), "sampled": .bool(sampled),
            "showed_spread": .bool(showedSpread), "parity_rule": .string(parityRule.name),
        ]
    }

    init(json value: JSONValue?) {
        self.init()
        guard let value else { return }
        twinStructure = Baseline.Spread(json: value["twin_structure_difference"])
        twinPairs = value["twin_pairs"]?.intValue ?? 0
        twinStructureDiffering = value["twin_structure_differing"]?.intValue ?? 0
        for member in value["twin_kinds"]?.objectValue ?? JSONObject() {
            if let kind = ParityDifference(rawValue: member.key), let count = member.value.intValue {
                twinKinds[kind] = count
            }
        }
        callsVaried = value["calls_varied"]?.numberValue?.doubleValue ?? 0
        textVaried = value["text_varied"]?.numberValue?.doubleValue ?? 0
        sampled = value["sampled"]?.boolValue ?? false
    }
}
