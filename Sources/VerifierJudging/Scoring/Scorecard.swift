import JSONSchema

/// The result of verifying one provider: verdict, gated metrics per layer, labelled failures with
/// evidence pointers, latency and K2VV's summary fields (DESIGN §7).
public struct Scorecard: Sendable {
    /// The scorecard format version; bumped on any incompatible change.
    public static let schemaVersion = "0.4.0"

    /// The run.
    public var run: RunInfo
    /// The provider.
    public var provider: ProviderConfiguration
    /// The reference, when one was run.
    public var reference: ProviderConfiguration?
    /// The overall verdict.
    public var verdict: Verdict
    /// Why, in one sentence.
    public var verdictReason: String
    /// Requests sent to the provider.
    public var requests: Int
    /// Of which streamed.
    public var streamedRequests: Int
    /// Requests that failed in transport.
    public var transportFailures: Int
    /// Delivery success rate.
    public var delivery: Metric
    /// Share of delivered answers free of wire errors.
    public var wireErrorFree: Metric
    /// Streamed answers equal to their non-streamed twin (temperature-0 requests).
    public var streamParity: Metric
    /// Non-streamed twins sent for parity.
    public var parityRequests: Int
    /// Call-rate agreement between transports over sampled requests.
    public var callParity: CallRateParity
    /// K2VV schema accuracy of the provider.
    public var schemaAccuracy: Metric
    /// K2VV schema accuracy of the reference (side by side, never gated).
    public var referenceSchemaAccuracy: Metric?
    /// Trigger confusion matrix from `finish_reason` (K2VV).
    public var triggerByFinishReason: ConfusionMatrix?
    /// Trigger confusion matrix from the presence of calls.
    public var triggerByCalls: ConfusionMatrix?
    /// The gated trigger F1.
    public var triggerF1: Metric?
    /// Calls the reference made that the provider made too, tested against the reference's own recall in
    /// calibration (`nil`: no calibrated reference).
    public var callRecall: Metric?
    /// Answers without a call where the reference made none, tested against the reference's own in calibration.
    public var callSpecificity: Metric?
    /// Failing items by primary label.
    public var failures: FailureTally
    /// Every finding by label.
    public var labels: FailureTally
    /// The reference's own failures.
    public var referenceFailures: FailureTally?
    /// K2VV summary of the provider.
    public var summary: K2VVSummary
    /// K2VV summary of the reference.
    public var referenceSummary: K2VVSummary?
    /// Latency samples.
    public var latency: LatencySamples
    /// Upstream hosts an aggregator reported, with counts.
    public var upstreamHosts: [String: Int]
    /// Request probes sent (judged by status only).
    public var probes: Int = 0
    /// Labelled answers that met their case's constraints (status, `tool_choice`, `parallel_tool_calls`, …).
    public var contract = Metric(numerator: 0, denominator: 0)
    /// Answers that made the call their case expects, on the cases the reference always meets.
    public var choice = Metric(numerator: 0, denominator: 0)
    /// Answers on the cases the reference wavers on, gated against its rate (`nil`: no such case).
    public var wavering: Metric?
    /// How streamed and non-streamed twins were compared.
    public var parityRule = ParityRule()
    /// Under the `rate` parity rule: twins that agreed in the kinds the reference's own twins differ in, tested
    /// against the reference's rate (`nil`: another rule).
    public var twinRate: Metric?
    /// The sampling parameters sent.
    public var sampling = SamplingRecord()
    /// Warnings about how the run's sampling fits the reference's calibration.
    public var notices: [String] = []
    /// What the reference's calibration showed: whether it sampled and whether its answers moved (`nil`: the
    /// gates came from no baseline).
    public var calibration: ReferenceCalibration?
    /// Prompt-token agreement with the reference.
    public var promptTokenParity: Metric?
    /// First-attempt and eventual success, retries by cause, timeouts.
    public var deliveryStats = DeliveryStats()
    /// Each suite's own verdict and section, in run order (empty for a single-suite scorecard).
    public var suites: [SuiteResult] = []
    /// Call-count, tool-name and argument agreement with the reference (`nil` without a reference).
    public var agreement: AgreementTally?
    /// Provider-minus-reference differences over the same cases, with paired bootstrap intervals.
    public var deltas: [(name: String, delta: MetricDelta)] = []
    /// pass^k over repeated cases.
    public var passAtK = PassAtK(tallies: [])
    /// Where the reference's answers came from: `live`, or `baseline` (a calibrated baseline, no reference
    /// request sent); `nil` without a reference.
    public var referenceSource: String?
    /// Answers with no reference answer to compare (cases a baseline lacks); not judged for agreement.
    public var unpaired = 0
    /// The baseline the gates or the reference's answers came from: its SHA-256 and calibration runs.
    public var baseline: (sha256: String, runs: Int)?
    /// The cases the candidate's API surface could not express, with why.
    public var skippedCases: [SkippedCase] = []

    /// Whether the candidate was compared with a reference on another API surface.
    public var crossSurface: Bool { reference.map { $0.api != provider.api } ?? false }

    /// What the provider's answers cost at its configured prices, or `nil` without prices.
    public var costUSD: Double? {
        guard provider.inputPricePerMillion != nil || provider.outputPricePerMillion != nil else { return nil }
        let input = Double(summary.promptTokens) * (provider.inputPricePerMillion ?? 0)
        let output = Double(summary.completionTokens) * (provider.outputPricePerMillion ?? 0)
        return (input + output) / 1_000_000
    }

    /// The most frequent primary failure label, if any.
    public var topFailure: FailureTally.Entry? { failures.sorted.first }

    /// The scorecard as JSON, members in a fixed order so equal runs give identical bytes.
    public var json: JSONValue {
        var root = JSONObject()
        root["schema_version"] = .string(Scorecard.schemaVersion)
        root["tool"] = ["name": "vendor-verifier", "version": .string(VerifierVersion.current)]
        let runValue: JSONValue = [
            "id": .string(run.id),
            "started_at": .string(run.startedAt),
            "finished_at": .string(run.finishedAt),
            "duration_ms": .number(JSONNumber(run.durationMilliseconds)),
            "model": .string(run.model),
            "fixtures": .array(run.fixtures.map(JSONValue.string)),
            "fixtures_manifest_hash": .string(run.fixturesHash),
            "config_hash": .string(run.configHash),
            "shard": run.shard.map(JSONValue.string) ?? .null,
        ]
        var runJSON = runValue.objectValue ?? JSONObject()
        if run.purpose != .check { runJSON["purpose"] = .string(run.purpose.rawValue) }
        root["run"] = .object(runJSON)
        var providerJSON = provider.descriptionJSON.objectValue ?? JSONObject()
        var hosts = JSONObject()
        for (host, count) in upstreamHosts.sorted(by: { $0.key < $1.key }) { hosts[host] = .number(JSONNumber(count)) }
        providerJSON["upstream_hosts"] = .object(hosts)
        root["provider"] = .object(providerJSON)
        if let reference {
            var referenceJSON = reference.descriptionJSON.objectValue ?? JSONObject()
            referenceJSON["baseline_hash"] = baseline.map { .string($0.sha256) } ?? .null
            referenceJSON["runs"] = .number(JSONNumber(referenceSource == "baseline" ? (baseline?.runs ?? 1) : 1))
            referenceJSON["source"] = .string(referenceSource ?? "live")
            root["reference"] = .object(referenceJSON)
        } else {
            root["reference"] = .null
        }
        root["verdict"] = .string(verdict.rawValue)
        root["verdict_reason"] = .string(verdictReason)
        root["surface"] = [
            "candidate": .string(provider.api.rawValue),
            "reference": reference.map { .string($0.api.rawValue) } ?? .null,
            "cross_surface": .bool(crossSurface),
            "skipped_cases": .array(skippedCases.map(\.json)),
        ]
        var samplingJSON = sampling.json.objectValue ?? JSONObject()
        samplingJSON["reference_calibration"] = calibration?.json ?? .null
        samplingJSON["notices"] = .array(notices.map(JSONValue.string))
        root["sampling"] = .object(samplingJSON)
        root["overall"] = suiteJSON
        var suitesJSON = JSONObject()
        for suite in suites { suitesJSON[suite.name] = suite.json }
        if suites.isEmpty { suitesJSON["all"] = suiteJSON }
        root["suites"] = .object(suitesJSON)
        if let referenceFailures { root["reference_failures"] = referenceFailures.json }
        root["latency"] = latency.json
        root["usage"] = [
            "prompt_tokens": .number(JSONNumber(summary.promptTokens)),
            "completion_tokens": .number(JSONNumber(summary.completionTokens)),
            "total_tokens": .number(JSONNumber(summary.totalTokens)),
            "cost_usd": costUSD.map { .number(JSONNumber(rounded6: $0)) } ?? .null,
        ]
        root["k2vv"] = .object(k2vvJSON)
        return .object(root)
    }

    /// The verdict, metrics by layer and failures of this scorecard's cases, as one suite section.
    public var suiteJSON: JSONValue {
        var layers = JSONObject()
        var deliveryLayer =
            layerJSON(
                [
                    ("success_rate", delivery), ("first_attempt_success", deliveryStats.firstAttemptSuccess),
                    ("eventual_success", deliveryStats.eventualSuccess),
                ],
                filter: .delivery
            ).objectValue ?? JSONObject()
        for (key, value) in deliveryStats.countsJSON { deliveryLayer[key] = value }
        layers["delivery"] = .object(deliveryLayer)
        var wireLayer =
            layerJSON(
                [("error_free_rate", wireErrorFree), ("stream_parity", streamParity)]
                    + (twinRate.map { [("stream_twin_rate", $0)] } ?? []),
                filter: .wire
            ).objectValue ?? JSONObject()
        wireLayer["stream_parity_rule"] = parityRule.json
        layers["wire"] = .object(wireLayer)
        var schemaMetrics: [(String, Metric)] = [("schema_accuracy", schemaAccuracy)]
        if let referenceSchemaAccuracy { schemaMetrics.append(("reference_schema_accuracy", referenceSchemaAccuracy)) }
        layers["schema"] = layerJSON(schemaMetrics, filter: .schema)
        var contractMetrics: [(String, Metric)] = [("pass_rate", contract), ("choice_pass_rate", choice)]
        if let wavering { contractMetrics.append(("wavering_pass_rate", wavering)) }
        layers["contract"] = layerJSON(contractMetrics, filter: .contract)
        if let triggerF1, let triggerByFinishReason, let triggerByCalls {
            var metrics: [(String, Metric)] = [
                ("trigger_f1", triggerF1), ("trigger_precision", triggerByFinishReason.precision),
                ("trigger_recall", triggerByFinishReason.recall), ("trigger_f1_from_calls", triggerByCalls.f1),
            ]
            if let callRecall { metrics.append(("call_recall", callRecall)) }
            if let callSpecificity { metrics.append(("call_specificity", callSpecificity)) }
            if let promptTokenParity { metrics.append(("prompt_token_parity", promptTokenParity)) }
            if let agreement {
                metrics.append(("call_count_agreement", agreement.callCount))
                metrics.append(("tool_name_agreement", agreement.toolName))
                metrics.append(("argument_agreement", agreement.arguments))
            }
            var layer = layerJSON(metrics, filter: .agreement).objectValue ?? JSONObject()
            layer["confusion_finish_reason"] = triggerByFinishReason.json
            layer["confusion_calls"] = triggerByCalls.json
            layer["reference_source"] = .string(referenceSource ?? "live")
            layer["unpaired"] = .number(JSONNumber(unpaired))
            var deltasJSON = JSONObject()
            for (name, delta) in deltas { deltasJSON[name] = delta.json }
            layer["deltas"] = .object(deltasJSON)
            layer["disagreements"] = .array((agreement?.examples ?? []).map(\.json))
            layers["agreement"] = .object(layer)
        } else {
            layers["agreement"] = ["verdict": "not_evaluated", "reason": "no reference was run"]
        }
        var suite = JSONObject()
        suite["verdict"] = .string(verdict.rawValue)
        suite["verdict_reason"] = .string(verdictReason)
        suite["probes"] = .number(JSONNumber(probes))
        suite["requests"] = .number(JSONNumber(requests))
        suite["streamed_requests"] = .number(JSONNumber(streamedRequests))
        suite["transport_failures"] = .number(JSONNumber(transportFailures))
        suite["parity_requests"] = .number(JSONNumber(parityRequests))
        suite["layers"] = .object(layers)
        suite["pass_k"] = passAtK.json
        suite["failures"] = failures.json
        suite["labels"] = .array(
            labels.sorted.map {
                [
                    "label": .string($0.label.rawValue), "severity": .string($0.severity.rawValue),
                    "count": .number(JSONNumber($0.count)),
                ]
            }
        )
        return .object(suite)
    }

    /// K2VV's summary fields plus its comparison metrics, with K2VV's key names.
    public var k2vvJSON: JSONObject {
        var object = summary.json(
            model: provider.model,
            started: run.startedAt,
            finished: run.finishedAt,
            durationMilliseconds: run.durationMilliseconds
        )
        object["count_finish_reason_tool_calls"] = .number(JSONNumber(summary.finishToolCalls))
        object["count_successful_tool_call"] = .number(JSONNumber(summary.successfulToolCallCount))
        object["schema_accuracy"] = schemaAccuracy.value.map { .number(JSONNumber(rounded6: $0)) } ?? .null
        if let matrix = triggerByFinishReason {
            object["tool_call_precision"] = matrix.precision.value.map { .number(JSONNumber(rounded6: $0)) } ?? .null
            object["tool_call_recall"] = matrix.recall.value.map { .number(JSONNumber(rounded6: $0)) } ?? .null
            object["tool_call_f1"] = matrix.f1.value.map { .number(JSONNumber(rounded6: $0)) } ?? .null
            object["tp"] = .number(JSONNumber(matrix.truePositives))
            object["fp"] = .number(JSONNumber(matrix.falsePositives))
            object["fn"] = .number(JSONNumber(matrix.falseNegatives))
            object["tn"] = .number(JSONNumber(matrix.trueNegatives))
        }
        return object
    }

    private func layerJSON(_ metrics: KeyValuePairs<String, Metric>, filter layer: VerdictLayer) -> JSONValue {
        layerJSON(metrics.map { ($0.key, $0.value) }, filter: layer)
    }

    private func layerJSON(_ metrics: [(String, Metric)], filter layer: VerdictLayer) -> JSONValue {
        var object = JSONObject()
        let passed = metrics.compactMap(\.1.passed)
        let inconclusive = metrics.contains { $0.1.decision == .inconclusive }
        object["verdict"] = .string(
            passed.contains(false) ? "fail" : passed.isEmpty ? "not_evaluated" : inconclusive ? "inconclusive" : "pass"
        )
        var metricsJSON = JSONObject()
        for (name, metric) in metrics { metricsJSON[name] = metric.json }
        object["metrics"] = .object(metricsJSON)
        let count = failures.sorted.filter { $0.label.layer == layer }.reduce(0) { $0 + $1.count }
        object["failing_items"] = .number(JSONNumber(count))
        return .object(object)
    }
}

/// One suite's part of a provider's scorecard.
public struct SuiteResult: Sendable {
    /// The suite's name.
    public var name: String
    /// The suite's own scorecard (its cases only).
    public var scorecard: Scorecard

    /// The suite's verdict.
    public var verdict: Verdict { scorecard.verdict }

    /// The suite section of `scorecard.json`.
    public var json: JSONValue { scorecard.suiteJSON }
}
