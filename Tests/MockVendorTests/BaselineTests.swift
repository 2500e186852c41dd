import AsyncHTTPClient
import Foundation
import MockVendor
import Testing
import VerifierCore
import VerifierTestSupport

/// Calibration against the in-process mock host: a baseline records the reference's answers and spread, sets
/// gates, stands in for the reference on a night it is not run, and is refused for other fixtures.
@Suite("Baselines", .timeLimit(.minutes(5)))
struct BaselineTests {
    static let suites = ["tool-choice", "parallel", "irrelevance", "requests"]

    static func provider(_ profile: String, port: Int, name: String? = nil) -> ProviderConfiguration {
        ProviderConfiguration(
            name: name ?? profile,
            baseURL: MockServer.baseURL(profile: profile, port: port),
            model: "mock-model",
            apiKeyEnvironmentVariable: nil,
            concurrency: 8
        )
    }

    static func sources() throws -> [CaseSource] {
        try SuiteCatalog.load(fixtures: TestPaths.repositoryRoot + "/Fixtures", names: suites)
    }

    /// Runs `candidates` against a live reference, a baseline, or neither.
    static func check(
        _ candidates: [String],
        reference: String?,
        baseline: BaselineReference? = nil,
        gates: GateConfiguration = GateConfiguration(),
        casesPerSuite: Int? = nil,
        purpose: RunPurpose = .check,
        folder: String
    ) async throws -> [Scorecard] {
        let sources = try sources()
        return try await MockServer.withRunning { port in
            var run = VerificationRun(
                candidates: candidates.map { provider($0, port: port) },
                reference: reference.map { provider($0, port: port, name: "reference") },
                suites: sources,
                outputDirectory: folder,
                gates: gates
            )
            run.configuration.reference.baseline = baseline
            run.configuration.limits.casesPerSuite = casesPerSuite
            run.configuration.output.purpose = purpose
            return try await HTTPClient.withVerifierClient { try await run.execute(httpClient: $0) }
        }
    }

    /// Calibrates `profile` with `runs` runs and returns the baseline written to disk and loaded back.
    static func calibrate(_ profile: String, runs: Int, casesPerSuite: Int? = nil) async throws -> BaselineReference {
        let folder = TestPaths.temporaryDirectory("calibrate-\(profile)")
        var paths: [String] = []
        for index in 1...runs {
            let runFolder = folder + "/run-\(index)"
            let card = try #require(
                try await check(
                    [profile],
                    reference: nil,
                    casesPerSuite: casesPerSuite,
                    purpose: .calibration,
                    folder: runFolder
                ).first
            )
            #expect(card.verdict != .incomplete, "\(card.verdictReason)")
            // A calibration run says so in its scorecard (valid against the shipped schema) and its evidence,
            // so scoring the evidence again keeps it.
            #expect(card.json["run"]?["purpose"] == "calibration")
            try expectValidScorecard(runFolder + "/scorecard.json")
            #expect(try EvidenceScorer.scorecard(path: runFolder + "/evidence.jsonl").run.purpose == .calibration)
            paths.append(runFolder + "/evidence.jsonl")
        }
        let baseline = try BaselineBuilder.build(
            evidence: paths,
            model: "mock-model",
            margin: 0.03,
            createdAt: "2026-12-03T00:00:00Z"
        )
        let path = folder + "/baseline.json"
        try ReportWriter.write(baseline.json.serialized(options: JSONWriter.Options(pretty: true)) + "\n", to: path)
        return try BaselineReference.load(path: path, for: try sources())
    }

    @Test func deterministicReferenceHasNoSpreadAndSetsGates() async throws {
        let loaded = try await Self.calibrate("faithful", runs: 3)
        let baseline = loaded.baseline
        #expect(baseline.runs == 3)
        #expect(baseline.fixtures.count == Self.suites.count)
        let record = try #require(baseline.cases.values.first?.values.first)
        #expect(record.answers == 3)
        // Six ordered pairs of runs, three leave-one-out comparisons; a deterministic host agrees with itself.
        #expect(baseline.pairwise["trigger_f1"]?.values.count == 6)
        #expect(baseline.leaveOneOut["trigger_f1"]?.values.count == 3)
        #expect(baseline.pairwise["trigger_f1"]?.min == 1)
        #expect(baseline.leaveOneOut["argument_agreement"]?.min == 1)
        let gates = baseline.gates(applyingTo: GateConfiguration(), asReference: true)
        #expect(abs(gates.triggerF1 - 0.97) < 1e-9)
        #expect(gates.sources["trigger_f1"] == .baseline)
        #expect(gates.argumentAgreement.map { abs($0 - 0.97) < 1e-9 } == true)
        // A perfect reference never loosens a deterministic gate.
        #expect(gates.schemaAccuracy == 1.0)
        #expect(gates.sources["schema_accuracy"] == nil)
        // A gate set in verifier.yaml wins over the baseline.
        var configured = GateConfiguration()
        configured.set("trigger_f1", 0.5, source: .config)
        #expect(baseline.gates(applyingTo: configured, asReference: true).triggerF1 == 0.5)
        // Reading the file back gives the same bytes again.
        #expect(
            try Baseline.load(path: loaded.path).baseline.json.serialized() == baseline.json.serialized()
        )
    }

    @Test func baselineStandsInForTheReference() async throws {
        let loaded = try await Self.calibrate("faithful", runs: 2)
        let gates = loaded.baseline.gates(applyingTo: GateConfiguration(), asReference: true)
        let baselineFolder = TestPaths.temporaryDirectory("baseline-check")
        let viaBaseline = try await Self.check(
            ["faithful", "drop-calls", "spurious-calls"],
            reference: nil,
            baseline: loaded,
            gates: gates,
            folder: baselineFolder
        )
        let liveFolder = TestPaths.temporaryDirectory("live-check")
        let live = try await Self.check(
            ["faithful", "drop-calls", "spurious-calls"],
            reference: "faithful",
            folder: liveFolder
        )
        // Every scorecard written, live or against the baseline, validates against the shipped JSON Schema.
        for folder in [baselineFolder, liveFolder] {
            for name in ["faithful", "drop-calls", "spurious-calls"] {
                try Self.expectValidScorecard(folder + "/" + name + "/scorecard.json")
            }
        }
        for (card, liveCard) in zip(viaBaseline, live) {
            // The deterministic mock answers the same either way, so the baseline judges as the live reference.
            #expect(card.referenceSource == "baseline")
            #expect(card.triggerF1?.value == liveCard.triggerF1?.value, "\(card.provider.name)")
            #expect(card.triggerByFinishReason == liveCard.triggerByFinishReason, "\(card.provider.name)")
            #expect(card.json["reference"]?["baseline_hash"] == .string(loaded.sha256))
            #expect(card.json["reference"]?["runs"] == 2)
            #expect(card.triggerF1?.gateSource == .baseline)
        }
        #expect(viaBaseline[0].verdict == .pass, "\(viaBaseline[0].verdictReason)")
        #expect(viaBaseline[1].verdict == .fail)
        #expect(viaBaseline[1].labels.count(of: .agreeMissedCall) > 0)
        #expect(viaBaseline[2].labels.count(of: .agreeSpuriousCall) > 0)
        // The reference's answers are recorded in the evidence, so `verifier score` gives the same scorecard.
        let folder = baselineFolder + "/drop-calls"
        let rescored = try EvidenceScorer.scorecard(path: folder + "/evidence.jsonl")
        let written = try String(contentsOfFile: folder + "/scorecard.json", encoding: .utf8)
        let again = rescored.json.serialized(options: JSONWriter.Options(pretty: true)) + "\n"
        if again != written { try again.write(toFile: folder + "/rescored.json", atomically: true, encoding: .utf8) }
        #expect(again == written, "diff \(folder)/scorecard.json \(folder)/rescored.json")
        let evidence = try String(contentsOfFile: folder + "/evidence.jsonl", encoding: .utf8)
        #expect(evidence.contains("\"provider\":\"baseline:faithful\""))
        #expect(evidence.contains("\"synthesized\":"))
    }

    /// Validates a written scorecard against docs/scorecard.schema.json with the project's own validator.
    static func expectValidScorecard(_ path: String) throws {
        let schemaText = try String(
            contentsOfFile: TestPaths.repositoryRoot + "/docs/scorecard.schema.json",
            encoding: .utf8
        )
        let schema = try JSONSchema(try JSONValue.parse(schemaText))
        let card = try JSONValue.parse(try String(contentsOfFile: path, encoding: .utf8))
        let violations = schema.validate(card)
        #expect(violations.isEmpty, "\(path): \(violations.prefix(5).map { "\($0)" })")
        #expect(card["schema_version"] == .string(Scorecard.schemaVersion))
    }

    @Test func aBaselineLackingMostCasesLeavesTheRunIncomplete() async throws {
        let loaded = try await Self.calibrate("faithful", runs: 1, casesPerSuite: 3)
        let card = try #require(
            try await Self.check(
                ["faithful"],
                reference: nil,
                baseline: loaded,
                folder: TestPaths.temporaryDirectory("baseline-partial")
            ).first
        )
        #expect(card.verdict == .incomplete)
        #expect(card.verdictReason.contains("had no reference answer"), "\(card.verdictReason)")
        #expect(card.unpaired > 0)
        #expect(card.json["overall"]?["layers"]?["agreement"]?["unpaired"] == .number(JSONNumber(card.unpaired)))
    }

    @Test func baselineForOtherFixturesIsRefused() async throws {
        let loaded = try await Self.calibrate("faithful", runs: 1)
        let others = try SuiteCatalog.load(fixtures: TestPaths.repositoryRoot + "/Fixtures", names: ["edge"])
        #expect {
            try BaselineReference.load(path: loaded.path, for: others)
        } throws: { error in
            let message = (error as? VerifierError)?.message ?? ""
            return message.contains("edge.json was not calibrated") && message.contains("verifier calibrate")
        }
        // One run has no spread: no gate is derived from it.
        let gates = loaded.baseline.gates(applyingTo: GateConfiguration(), asReference: true)
        #expect(gates.sources.isEmpty)
        #expect(gates.triggerF1 == 0.73)
    }

    @Test(arguments: [
        // (file text, what the message must say)
        ("not json", "not a baseline"),
        ("{\"format\": \"something-else\"}", "`format` must be"),
        ("{\"format\": \"vendor-verifier-baseline/1\", \"model\": \"m\"}", "needs `model`, `provider`"),
    ])
    func brokenBaselineFilesAreRefusedWithTheirPath(text: String, message: String) throws {
        let path = TestPaths.temporaryDirectory("broken-baseline") + "/b.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try Baseline.load(path: path)
        } throws: { error in
            let said = (error as? VerifierError)?.message ?? ""
            return said.hasPrefix(path + ": ") && said.contains(message)
        }
    }
}
