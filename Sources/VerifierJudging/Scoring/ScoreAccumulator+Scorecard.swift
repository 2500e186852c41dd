import JSONSchema

extension ScoreAccumulator {
    /// The gated metrics of a scorecard, each decided against its gate.
    struct GatedMetrics {
        var delivery: Metric
        var wire: Metric
        var parity: Metric
        var schema: Metric
        var trigger: Metric?
        var contract: Metric
        var promptTokens: Metric?
        var agreement: AgreementTally

        /// Every gate by its scorecard name, in report order (`nil`: not evaluated in this run).
        func named(callParity: CallRateParity, referenceRun: Bool) -> [(String, Metric?)] {
            [
                ("delivery.success_rate", delivery), ("wire.error_free_rate", wire), ("wire.stream_parity", parity),
                ("wire.stream_call_rate_parity", callParity.asGate),
                ("schema.schema_accuracy", schema),
                ("contract.pass_rate", contract),
                ("agreement.trigger_f1", trigger),
                ("agreement.prompt_token_parity", promptTokens),
                ("agreement.call_count_agreement", referenceRun ? agreement.callCount : nil),
                ("agreement.tool_name_agreement", referenceRun ? agreement.toolName : nil),
                ("agreement.argument_agreement", referenceRun ? agreement.arguments : nil),
            ]
        }
    }

    /// Builds the scorecard.
    /// - Parameter run: The run's identity and timing.
    /// - Returns: The scorecard.
    public func scorecard(run: RunInfo) -> Scorecard {
        let seed = provider.name + "/" + run.fixturesHash
        let metrics = gatedMetrics(seed: seed)
        let (verdict, reason) = decide(metrics)
        var card = Scorecard(
            run: run,
            provider: provider,
            reference: reference,
            verdict: verdict,
            verdictReason: reason,
            requests: requests,
            streamedRequests: streamedRequests,
            transportFailures: transportFailures,
            delivery: metrics.delivery,
            wireErrorFree: metrics.wire,
            streamParity: metrics.parity,
            parityRequests: parityRequests,
            callParity: callParity,
            schemaAccuracy: metrics.schema,
            referenceSchemaAccuracy: reference == nil ? nil : referenceSummary.schemaAccuracy,
            triggerByFinishReason: reference == nil ? nil : triggerByFinishReason,
            triggerByCalls: reference == nil ? nil : triggerByCalls,
            triggerF1: metrics.trigger,
            failures: failures,
            labels: labels,
            referenceFailures: reference == nil ? nil : referenceFailures,
            summary: summary,
            referenceSummary: reference == nil ? nil : referenceSummary,
            latency: latency,
            upstreamHosts: upstreamHosts,
            probes: probes,
            contract: metrics.contract,
            promptTokenParity: metrics.promptTokens
        )
        card.deliveryStats = deliveryStats
        if reference != nil {
            card.agreement = metrics.agreement
            card.deltas = statistics.deltas(seed: seed)
            card.referenceSource = referenceSource
            card.unpaired = unpaired
        }
        card.passAtK = statistics.passAtK
        return card
    }

    /// Every gated metric, decided against the configured gates.
    func gatedMetrics(seed: String) -> GatedMetrics {
        let deliveredCount = summary.successCount
        var agreed = agreement
        agreed.callCount = agreed.callCount.gated(gates.threshold("call_count_agreement")).onInterval
        agreed.toolName = agreed.toolName.gated(gates.threshold("tool_name_agreement")).onInterval
        agreed.arguments = agreed.arguments.gated(gates.threshold("argument_agreement")).onInterval
        var trigger: Metric?
        if reference != nil {
            var metric = triggerByFinishReason.f1.gated(gates.threshold("trigger_f1")).onInterval
            metric.estimator = .ratio
            metric.explicitInterval = statistics.triggerF1Interval(seed: seed + "/trigger_f1")
            trigger = metric
        }
        return GatedMetrics(
            delivery: Metric(numerator: deliveredCount, denominator: requests)
                .gated(gates.threshold("delivery_success_rate")),
            wire: Metric(numerator: wireClean, denominator: deliveredCount)
                .gated(gates.threshold("wire_error_free_rate")),
            parity: parity.gated(gates.threshold("stream_parity_rate")),
            schema: summary.schemaAccuracy.gated(gates.threshold("schema_accuracy")),
            trigger: trigger,
            contract: contract.gated(gates.threshold("contract_pass_rate")),
            promptTokens: reference == nil ? nil : promptTokenParity.gated(gates.threshold("prompt_token_parity")),
            agreement: agreed
        )
    }

    /// Why the run cannot be judged, if it cannot: too many transport failures, unpaired answers, or a
    /// reference that mostly failed.
    func incompleteReasons() -> [String] {
        var reasons: [String] = []
        let sent = requests + probes
        let failedInTransport = transportFailures + probeTransportFailures
        let transportRate = sent == 0 ? 1 : Double(failedInTransport) / Double(sent)
        if sent == 0 {
            reasons.append("no request was sent")
        } else if transportRate > gates.maxTransportFailureRate {
            reasons.append(
                "\(failedInTransport) of \(sent) requests to \(provider.name) failed in transport "
                    + "(more than \(Metric.percent(gates.maxTransportFailureRate)))"
            )
        }
        if reference != nil, requests > 0, Double(unpaired) / Double(requests) > gates.maxTransportFailureRate {
            reasons.append(
                "\(unpaired) of \(requests) answers had no reference answer to be compared with (the baseline lacks "
                    + "their cases: calibrate on the same case selection)"
            )
        }
        if reference != nil, referenceRequests > 0 {
            // Agreement is judged only on cases the reference answered; a reference that mostly failed
            // leaves too little to judge, whatever the cause.
            let unanswered = referenceRequests - referenceSummary.successCount
            if Double(unanswered) / Double(referenceRequests) > gates.maxTransportFailureRate {
                reasons.append(
                    "the reference gave no usable answer to \(unanswered) of \(referenceRequests) requests "
                        + "(\(referenceTransportFailures) transport failures)"
                )
            }
        }
        return reasons
    }

    /// The verdict and its reason: incomplete, a failed gate, or a pass that names inconclusive gates.
    func decide(_ metrics: GatedMetrics) -> (Verdict, String) {
        let incompleteReasons = incompleteReasons()
        if !incompleteReasons.isEmpty { return (.incomplete, incompleteReasons.joined(separator: "; ")) }
        let gated = metrics.named(callParity: callParity, referenceRun: reference != nil)
        let failedGates = gated.compactMap { name, metric in metric?.passed == false ? name : nil }
        let inconclusiveNames = gated.compactMap { name, metric in metric?.decision == .inconclusive ? name : nil }
        if !failedGates.isEmpty {
            // The failures are the news; inconclusive gates are named, their figures are in the metrics.
            let straddling = inconclusiveNames.filter { !failedGates.contains($0) }
            return (
                .fail,
                "gates failed: " + failedGates.joined(separator: ", ")
                    + (straddling.isEmpty ? "" : " (inconclusive: " + straddling.joined(separator: ", ") + ")")
            )
        }
        let inconclusive = gated.compactMap { name, metric -> String? in
            guard let metric, metric.decision == .inconclusive, let gate = metric.gate else { return nil }
            return "\(name) \(metric.percentWithIntervalText) straddles its gate \(Metric.percent(gate))"
        }
        if !inconclusive.isEmpty {
            return (
                .pass,
                "every conclusive gate passed; inconclusive (interval straddles the gate, not counted as a failure): "
                    + inconclusive.joined(separator: "; ")
            )
        }
        if reference == nil { return (.pass, "every deterministic gate passed; no reference was run") }
        if metrics.trigger?.value == nil {
            return (.pass, "every evaluable gate passed; trigger F1 is undefined because neither side called a tool")
        }
        return (.pass, "every gate passed")
    }
}
