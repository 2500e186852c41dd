import AsyncHTTPClient
import Foundation
import MockVendor
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Runs the shipped BFCL replay set through the real pipeline against each mock profile, with the
/// faithful profile as reference: the faithful host passes and every fault fails with its own label.
@Suite("Mock profiles end to end", .timeLimit(.minutes(3)))
struct MockProfileTests {
    static let cases = 160

    static func run(profiles: [String], modes: ModeSelection = .recorded, limit: Int = cases) async throws -> (
        [Scorecard], String
    ) {
        let folder = TestPaths.temporaryDirectory("profiles")
        let replay = try ReplayFile.validate(path: TestPaths.bfclReplay)
        let scorecards = try await MockServer.withRunning { port in
            let candidates = profiles.map {
                ProviderConfiguration(
                    name: $0,
                    baseURL: MockServer.baseURL(profile: $0, port: port),
                    model: "mock",
                    apiKeyEnvironmentVariable: nil,
                    concurrency: 8
                )
            }
            let reference = ProviderConfiguration(
                name: "reference",
                baseURL: MockServer.baseURL(profile: "faithful", port: port),
                model: "mock",
                apiKeyEnvironmentVariable: nil,
                concurrency: 8
            )
            let verification = VerificationRun(
                candidates: candidates,
                reference: reference,
                replay: [replay],
                outputDirectory: folder,
                gates: GateConfiguration(triggerF1: 0.95),
                modes: modes,
                limit: limit
            )
            return try await HTTPClient.withVerifierClient { try await verification.execute(httpClient: $0) }
        }
        return (scorecards, folder)
    }

    /// Profiles whose fault shows on replayed requests; the contract profiles need labelled suites
    /// (`SuiteConformanceTests`).
    static let replayProfiles = MockProfile.all.filter { !MockProfile.contractProfiles.contains($0) }

    @Test(arguments: replayProfiles)
    func profileGetsItsVerdictAndLabel(profile: MockProfile) async throws {
        let (scorecards, folder) = try await Self.run(profiles: [profile.name])
        let card = try #require(scorecards.first)
        #expect(card.requests == Self.cases)
        if let expected = profile.expectedLabel {
            #expect(card.verdict == .fail, "\(card.verdictReason)")
            #expect(card.topFailure?.label.rawValue == expected)
            // The evidence pointer names a record that really shows the defect.
            let example = try #require(card.topFailure?.examples.first)
            let parts = example.evidence.split(separator: ":")
            let line = try #require(Int(parts.last ?? ""))
            let record = try Self.evidenceLine(folder + "/evidence.jsonl", line)
            // The candidate's answer, or its non-streamed parity twin, which shows the same defect.
            #expect(record["role"] == "candidate" || record["role"] == "parity")
            #expect(record["case"]?.stringValue == example.caseID)
            let recorded = (record["findings"]?.arrayValue ?? []).compactMap { $0["label"]?.stringValue }
            // Every label is in the record it points at, agreement with the reference included.
            #expect(recorded.contains(expected))
        } else {
            #expect(card.verdict == .pass, "\(card.verdictReason)")
            #expect(card.failures.sorted.isEmpty)
            let warnings = card.labels.sorted.filter { $0.severity == .warning }.map(\.label.rawValue)
            let expectedWarnings = (profile.expectedWarning.map { [$0] } ?? []) + profile.toleratedWarnings
            #expect(Set(warnings) == Set(expectedWarnings) && warnings.count == expectedWarnings.count)
            #expect(card.triggerF1?.value == 1)
            #expect(card.schemaAccuracy.value == 1)
        }
        // Every request of the candidate and of the reference, and every parity twin, is in the evidence file.
        #expect(card.parityRequests == Self.cases / 2)
        #expect(try Self.lineCount(folder + "/evidence.jsonl") == 2 * Self.cases + card.parityRequests)
        for file in ["scorecard.json", "summary.json", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file))
        }
    }

    @Test func callsAndNonCallsAreBothCommonInTheReplaySet() async throws {
        let (scorecards, _) = try await Self.run(profiles: ["faithful"], limit: 640)
        let matrix = try #require(scorecards.first?.triggerByFinishReason)
        #expect(matrix.truePositives > 150)
        #expect(matrix.trueNegatives > 150)
    }

    @Test func bothModesAgreeForTheFaithfulHost() async throws {
        let (scorecards, _) = try await Self.run(profiles: ["faithful"], modes: .both, limit: 60)
        let card = try #require(scorecards.first)
        #expect(card.requests == 120)
        #expect(card.streamedRequests == 60)
        #expect(card.verdict == .pass)
        #expect(card.labels.sorted.isEmpty)
    }

    @Test func deadHostIsIncompleteWithLabelledEvidence() async throws {
        let folder = TestPaths.temporaryDirectory("dead")
        let replay = try ReplayFile.validate(path: TestPaths.bfclReplay)
        let dead = ProviderConfiguration(
            name: "dead",
            baseURL: "http://127.0.0.1:9/v1",
            model: "m",
            apiKeyEnvironmentVariable: nil,
            timeoutSeconds: 1
        )
        let verification = VerificationRun(
            candidates: [dead],
            reference: nil,
            replay: [replay],
            outputDirectory: folder,
            limit: 20
        )
        let scorecards = try await HTTPClient.withVerifierClient { try await verification.execute(httpClient: $0) }
        let card = try #require(scorecards.first)
        #expect(card.verdict == .incomplete)
        #expect(card.topFailure?.label == .httpConnection)
        #expect(card.transportFailures == 20)
        #expect(try Self.lineCount(folder + "/evidence.jsonl") == 20 + card.parityRequests)
    }

    @Test func missingKeyStopsBeforeAnythingIsSent() async throws {
        let folder = TestPaths.temporaryDirectory("key")
        let replay = try ReplayFile.validate(path: TestPaths.bfclReplay)
        let provider = ProviderConfiguration(
            name: "p",
            baseURL: "http://127.0.0.1:9/v1",
            model: "m",
            apiKeyEnvironmentVariable: "VV_TEST_UNSET_KEY"
        )
        let verification = VerificationRun(
            candidates: [provider],
            reference: nil,
            replay: [replay],
            outputDirectory: folder,
            limit: 1
        )
        await #expect(throws: VerifierError.self) {
            try await HTTPClient.withVerifierClient { try await verification.execute(httpClient: $0, environment: [:]) }
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/evidence.jsonl"))
    }

    /// The exchange records of an evidence file (the manifest, case markers and the end record aside).
    static func lineCount(_ path: String) throws -> Int {
        var reader = try LineReader(path: path)
        var count = 0
        while let (_, bytes) = reader.next() {
            if (try? JSONValue.parse(bytes: bytes))?["role"] != nil { count += 1 }
        }
        return count
    }

    static func evidenceLine(_ path: String, _ number: Int) throws -> JSONValue {
        var reader = try LineReader(path: path)
        while let (index, bytes) = reader.next(), index <= number {
            if index == number { return try JSONValue.parse(bytes: bytes) }
        }
        throw VerifierError(.io, "no line \(number)")
    }
}

@Suite("Timeouts", .timeLimit(.minutes(1)))
struct TimeoutTests {
    @Test(arguments: ["_stall", "_stall-stream"])
    func stalledHostEndsInTimeoutNotAHang(route: String) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (card, _) = try await HostileStreamTests.run(
            route: route,
            timeout: 0.5,
            modes: route == "_stall" ? .nonstream : .stream,
            limit: 4
        )
        #expect(clock.now - start < .seconds(30))
        #expect(card.verdict == .incomplete)
        #expect(card.topFailure?.label == .httpTimeout)
        #expect(card.transportFailures == 4)
    }
}

/// Hostile streams end in a labelled finding within the configured limits, with memory bounded by the
/// body cap.
@Suite("Hostile streams", .timeLimit(.minutes(3)))
struct HostileStreamTests {
    /// Runs `limit` cases against one mock route without parity twins.
    static func run(
        route: String,
        timeout: Double = 5,
        cap: Int = 16 << 20,
        modes: ModeSelection = .stream,
        limit: Int = 1
    ) async throws -> (Scorecard, String) {
        // One exchange per case, no retries and no parity twins: these tests prove how an exchange ends.
        try await RunFaultTests.run(
            route: route,
            configure: {
                $0.timeoutSeconds = timeout
                $0.maxResponseBytes = cap
            },
            modes: modes,
            limit: limit
        )
    }

    @Test func endlessStreamEndsAtTheCapOrTimeout() async throws {
        let (card, folder) = try await Self.run(route: "_endless", timeout: 1, cap: 64 << 10)
        let label = try #require(card.topFailure?.label)
        #expect([FailureLabel.httpTimeout, .httpBodyTooLarge].contains(label))
        let size = (try FileManager.default.attributesOfItem(atPath: folder + "/evidence.jsonl")[.size] as? Int) ?? 0
        #expect(size < 2 << 20)
    }

    @Test func fiftyMegabyteEventIsCut() async throws {
        // Cut at a 2 MiB cap long before the 50 MB event ends; the timeout only guards against a hang.
        let (card, _) = try await Self.run(route: "_huge-event", timeout: 120, cap: 2 << 20)
        #expect(card.topFailure?.label == .httpBodyTooLarge)
    }

    @Test func connectionDroppedMidStreamIsTruncated() async throws {
        let (card, _) = try await Self.run(route: "_drop-stream")
        #expect(card.topFailure?.label == .streamTruncated)
        #expect(card.transportFailures == 0)
    }

    @Test func binaryGarbageIsNotJSON() async throws {
        let (card, _) = try await Self.run(route: "_garbage")
        #expect(card.topFailure?.label == .wireBodyNotJSON)
    }

    @Test func invalidUTF8InADataLineIsABadEvent() async throws {
        let (card, folder) = try await Self.run(route: "_bad-utf8")
        #expect(card.topFailure?.label == .streamBadEvent)
        // The body is kept byte for byte (base64) in the evidence.
        let text = try String(contentsOfFile: folder + "/evidence.jsonl", encoding: .utf8)
        #expect(text.contains("body_base64"))
    }
}

@Suite("Sampled parity", .timeLimit(.minutes(1)))
struct SampledParityTests {
    @Test func sampledStreamsAreComparedInDistribution() async throws {
        let folder = TestPaths.temporaryDirectory("sampled")
        let line =
            #"{"messages":[{"role":"user","content":"What's the weather in 'Oslo'?"}],"#
            + #""tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],"#
            + #""temperature":0.7,"stream":true}"#
        let path = folder + "/sampled.jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(String(repeating: line + "\n", count: 12).utf8))
        let replay = try ReplayFile.validate(path: path)
        let scorecards = try await MockServer.withRunning { port in
            let provider = ProviderConfiguration(
                name: "faithful",
                baseURL: MockServer.baseURL(profile: "faithful", port: port),
                model: "m",
                apiKeyEnvironmentVariable: nil
            )
            let verification = VerificationRun(
                candidates: [provider],
                reference: nil,
                replay: [replay],
                outputDirectory: folder + "/run"
            )
            return try await HTTPClient.withVerifierClient { try await verification.execute(httpClient: $0) }
        }
        let card = try #require(scorecards.first)
        #expect(card.parityRequests == 12)
        #expect(card.callParity.pairs == 12)
        #expect(card.callParity.streamedCalls == 12)
        // Sampled requests are never compared exactly.
        #expect(card.streamParity.denominator == 0)
        #expect(card.verdict == .pass)
    }
}
