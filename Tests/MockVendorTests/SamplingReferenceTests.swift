import AsyncHTTPClient
import Foundation
import MockVendor
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Verdicts against a reference that samples, as official APIs do: the mock's reference flips 3 % of its
/// `tool_choice: auto` decisions and rewords its text on every answer, at temperature 0 too (batch noise), and is
/// calibrated over five runs. Each trial is one seed; five seeds are five fixed experiments.
///
/// Over every seed the reference checked against itself and a faithful host with 3 % more flips pass, while hosts
/// that drop or add 15 % of calls and a host whose streamed answers differ from its non-streamed ones still fail
/// with their labels.
@Suite("Sampling reference", .timeLimit(.minutes(6)))
struct SamplingReferenceTests {
    static let suites = ["bfcl-answers", "irrelevance", "parallel", "tool-choice", "multi-turn"]
    static let casesPerSuite = 40

    /// The hosts checked in each trial, with the labels that name each fault (`[]`: must pass): on a labelled
    /// case a dropped call is first of all the case's missing call (or a forced `tool_choice` not honoured), on a
    /// replayed one a missed call.
    static let hosts: [(path: String, labels: Set<String>)] = [
        ("faithful", []),
        ("faithful+flips6", []),
        (
            "drop-calls+rate15",
            ["agree.missed_call", "contract.missing_call", "contract.tool_choice_required", "contract.tool_choice_named"]
        ),
        ("spurious-calls+rate15", ["agree.spurious_call", "contract.unexpected_call"]),
        ("stream-parity", ["stream.parity"]),
    ]

    static func provider(_ path: String, port: Int, name: String? = nil) -> ProviderConfiguration {
        ProviderConfiguration(
            name: name ?? path,
            baseURL: MockServer.baseURL(profile: path, port: port),
            model: "mock-model",
            apiKeyEnvironmentVariable: nil,
            concurrency: 8
        )
    }

    static func run(
        _ candidates: [ProviderConfiguration],
        reference: ProviderConfiguration?,
        baseline: BaselineReference?,
        gates: GateConfiguration,
        purpose: RunPurpose,
        repeats: Int = 1,
        folder: String
    ) async throws -> [Scorecard] {
        let sources = try SuiteCatalog.load(fixtures: TestPaths.repositoryRoot + "/Fixtures", names: suites)
        var run = VerificationRun(
            candidates: candidates,
            reference: reference,
            suites: sources,
            outputDirectory: folder,
            gates: gates
        )
        run.configuration.reference.baseline = baseline
        run.configuration.limits.casesPerSuite = casesPerSuite
        run.configuration.output.purpose = purpose
        run.configuration.limits.repeats = repeats
        return try await HTTPClient.withVerifierClient { try await run.execute(httpClient: $0) }
    }

    /// Calibrates the sampling reference over five runs, then checks every host against it live, each case twice
    /// (`--repeats 2`: the suites' fifty-odd answers without a call are too few to tell a host that adds 15 % of
    /// calls from one that samples twice as noisily as the reference, which the run would report as inconclusive).
    static func trial(seed: UInt64) async throws -> (baseline: Baseline, cards: [String: Scorecard]) {
        let folder = TestPaths.temporaryDirectory("sampling-\(seed)")
        let sampling = MockSampling(seed: seed, flipPercent: 3, atTemperatureZero: true)
        return try await MockServer.withRunning(sampling: sampling) { port in
            let reference = provider("faithful", port: port, name: "reference")
            var evidence: [String] = []
            for index in 1...5 {
                let runFolder = folder + "/calibration/run-\(index)"
                _ = try await run(
                    [reference],
                    reference: nil,
                    baseline: nil,
                    gates: GateConfiguration(),
                    purpose: .calibration,
                    folder: runFolder
                )
                evidence.append(runFolder + "/evidence.jsonl")
            }
            let baseline = try BaselineBuilder.build(
                evidence: evidence,
                model: "mock-model",
                margin: 0.03,
                createdAt: "2026-12-07T00:00:00Z"
            )
            let loaded = BaselineReference(
                baseline: baseline,
                sha256: EvidenceRecord.sha256Hex(Array(baseline.json.serialized().utf8)),
                path: folder + "/baseline.json"
            )
            let cards = try await run(
                hosts.map { provider($0.path, port: port) },
                reference: reference,
                baseline: loaded,
                gates: baseline.gates(applyingTo: GateConfiguration(), asReference: false),
                purpose: .check,
                repeats: 2,
                folder: folder + "/check"
            )
            return (baseline, Dictionary(uniqueKeysWithValues: cards.map { ($0.provider.name, $0) }))
        }
    }

    @Test(arguments: (ProcessInfo.processInfo.environment["VV_SEEDS"] ?? "1,2,3,4,5").split(separator: ",").compactMap { UInt64($0) })
    func faithfulHostsPassAndFaultsFailWithTheirLabels(seed: UInt64) async throws {
        let (baseline, cards) = try await Self.trial(seed: seed)
        // The reference sampled, and calibration saw it.
        #expect(baseline.determinism.showedSpread)
        #expect(baseline.determinism.callsVaried > 0)
        #expect(baseline.determinism.parityRule.name == "rate")
        for (path, labels) in Self.hosts {
            let card = try #require(cards[path])
            if !labels.isEmpty {
                #expect(card.verdict == .fail, "seed \(seed): \(path) passed: \(card.verdictReason)")
                // The fault's label is among the failures, and it is the top one.
                let failing = card.failures.sorted.map(\.label.rawValue)
                #expect(failing.first.map(labels.contains) == true, "seed \(seed): \(path): \(failing)")
            } else {
                #expect(card.verdict == .pass, "seed \(seed): \(path) failed: \(card.verdictReason)")
                // The disagreements a sampling reference makes on its own are judged by rate.
                #expect(card.wavering != nil || card.choice.denominator > 0)
            }
        }
        // The scorecard says which parity rule applied, and what was sent.
        let faithful = try #require(cards["faithful"])
        #expect(faithful.json["overall"]?["layers"]?["wire"]?["stream_parity_rule"]?["rule"] == "rate")
        #expect(faithful.json["sampling"]?["temperature"]?["0"] != nil)
        #expect(faithful.json["sampling"]?["reference_calibration"]?["showed_spread"] == true)
        // Every scorecard of a sampling run validates against the shipped JSON Schema.
        let schemaText = try String(
            contentsOfFile: TestPaths.repositoryRoot + "/docs/scorecard.schema.json",
            encoding: .utf8
        )
        let schema = try JSONSchema(try JSONValue.parse(schemaText))
        for card in cards.values {
            let violations = schema.validate(card.json)
            #expect(violations.isEmpty, "\(card.provider.name): \(violations.prefix(3).map { "\($0)" })")
        }
    }

    @Test func deterministicReferenceKeepsTheStrictRules() async throws {
        let folder = TestPaths.temporaryDirectory("deterministic-calibration")
        let baseline: Baseline = try await MockServer.withRunning { port in
            var evidence: [String] = []
            for index in 1...2 {
                let runFolder = folder + "/run-\(index)"
                _ = try await Self.run(
                    [Self.provider("faithful", port: port)],
                    reference: nil,
                    baseline: nil,
                    gates: GateConfiguration(),
                    purpose: .calibration,
                    folder: runFolder
                )
                evidence.append(runFolder + "/evidence.jsonl")
            }
            return try BaselineBuilder.build(evidence: evidence, model: "m", margin: 0.03, createdAt: "")
        }
        #expect(!baseline.determinism.showedSpread)
        #expect(baseline.determinism.parityRule.name == "exact")
        #expect(baseline.determinism.parityRule.referenceKinds.isEmpty)
        let gates = baseline.gates(applyingTo: GateConfiguration(), asReference: false)
        // A reference that never wavered leaves the model-choice gate strict in every suite.
        #expect(gates.choicePassRate == 1)
        for suite in Self.suites {
            #expect(gates.forSuite(suite).choicePassRate == 1, "\(suite)")
            #expect(!gates.forSuite(suite).isStatistical("choice_pass_rate"))
        }
        #expect(gates.calibration?.showedSpread == false)
    }
}
