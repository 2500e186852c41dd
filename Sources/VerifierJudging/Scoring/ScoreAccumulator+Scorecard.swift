import JSONSchema

extension ScoreAccumulator {
    /// The gated metrics of a scorecard, each decided against its gate.
    struct GatedMetrics {
        var delivery: Metric
        var wire: Metric
        var parity: Metric
        var twinRate: Metric?
        var schema: Metric
        var trigger: Metric?
        var recall: Metric?
        var specificity: Metric?
        var contract: Metric
        var choice: Metric
        var wavering: Metric?
        var promptTokens: Metric?
        var agreement: AgreementTally

        /// Every gate by its scorecard name, in report order (`nil`: not evaluated in this run).
        func named(callParity: CallRateParity, referenceRun: Bool) -> [(String, Metric?)] {
            [
                ("delivery.success_rate", delivery), ("wire.error_free_rate", wire), ("wire.stream_parity", parity),
                ("wire.stream_call_rate_parity", callParity.asGate),
                ("wire.stream_twin_rate", twinRate),
                ("schema.schema_accuracy", schema),
                ("contract.pass_rate", contract),
                ("contract.choice_pass_rate", choice),
                ("contract.wavering_pass_rate", wavering),
                ("agreement.trigger_f1", trigger),
                ("agreement.call_recall", recall),
                ("agreement.call_specificity", specificity),
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
        card.choice = metrics.choice
        card.wavering = metrics.wavering
        card.parityRule = gates.parityRule
        card.twinRate = metrics.twinRate
        card.callRecall = metrics.recall
        card.callSpecificity = metrics.specificity
        card.sampling = sampling
        card.calibration = gates.calibration
        card.notices = ReferenceCalibration.notices(gates.calibration, sampling: sampling, referenceRun: reference != nil)
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
        var choice = choice.gated(gates.threshold("choice_pass_rate"))
        if gates.isStatistical("choice_pass_rate") { choice = choice.onInterval }
        if gates.referenceSampled {
            // Against a sampling reference, a gate on a handful of answers decides nothing: it says what it needs.
            choice.minimumSupport = gates.minimumSupport
            trigger?.minimumSupport = gates.minimumSupport
            trigger?.support = triggerByFinishReason.truePositives + triggerByFinishReason.falseNegatives
            for keyPath in [\AgreementTally.callCount, \.toolName, \.arguments] {
                agreed[keyPath: keyPath].minimumSupport = gates.minimumSupport
            }
        }
        let (recall, specificity) = triggerTests()
        let parity = parity.gated(gates.threshold("stream_parity_rate"))
        return GatedMetrics(
            delivery: Metric(numerator: deliveredCount, denominator: requests)
                .gated(gates.threshold("delivery_success_rate")),
            wire: Metric(numerator: wireClean, denominator: deliveredCount)
                .gated(gates.threshold("wire_error_free_rate")),
            parity: parity,
            twinRate: twinRate(),
            schema: summary.schemaAccuracy.gated(gates.threshold("schema_accuracy")),
            trigger: trigger,
            recall: recall,
            specificity: specificity,
            contract: contract.gated(gates.threshold("contract_pass_rate")),
            choice: choice,
            wavering: wavering.metric(margin: gates.baselineMargin, inconclusiveFails: gates.inconclusiveFails),
            promptTokens: reference == nil ? nil : promptTokenParity.gated(gates.threshold("prompt_token_parity")),
            agreement: agreed
        )
    }

    /// The host's call decisions against the reference's, tested against the reference's own against itself in
    /// calibration (``BinomialTest``, with the baseline margin on top of the reference's rate, as every gate from a
    /// baseline has): recall (calls the reference made that the host made too) fails when the host misses calls
    /// significantly more often, specificity (answers without a call where the reference made none) when it adds
    /// calls significantly more often. `nil` without a calibrated reference (`verifier calibrate`).
    func triggerTests() -> (recall: Metric?, specificity: Metric?) {
        guard reference != nil, let own = gates.referenceTrigger[""] else { return (nil, nil) }
        let host = triggerByCalls
        func tested(_ kept: Int, _ lost: Int, referenceKept: Int, referenceLost: Int) -> Metric? {
            guard kept + lost > 0, referenceKept + referenceLost > 0 else { return nil }
            var metric = Metric(numerator: kept, denominator: kept + lost)
                .gated(Double(referenceKept) / Double(referenceKept + referenceLost), source: .baseline)
            metric.gateOverride = !BinomialTest.exceeds(
                events: lost,
                trials: kept + lost,
                referenceEvents: referenceLost,
                referenceTrials: referenceKept + referenceLost,
                margin: gates.baselineMargin
            )
            return metric
        }
        return (
            tested(
                host.truePositives,
                host.falseNegatives,
                referenceKept: own.truePositives,
                referenceLost: own.falseNegatives
            ),
            tested(
                host.trueNegatives,
                host.falsePositives,
                referenceKept: own.trueNegatives,
                referenceLost: own.falsePositives
            )
        )
    }

    /// Under the `rate` parity rule: the share of twins that agreed in the reference's own kinds of difference,
    /// failed by an exact binomial test when the host differs significantly more often than the reference.
    func twinRate() -> Metric? {
        guard !gates.parityRule.referenceKinds.subtracting([.decision]).isEmpty, twins.pairs > 0 else { return nil }
        var metric = Metric(numerator: twins.pairs - twins.differing, denominator: twins.pairs)
            .gated(1 - gates.parityRule.referenceRate, source: .baseline)
        metric.gateOverride = !gates.parityRule.exceeds(differing: twins.differing, pairs: twins.pairs)
        return metric
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
            let needed = metric.answersToDecide.map {
                " (about \($0) answers would decide it; this run has \(metric.denominator): "
                    + "\(Metric.repeatsText(needed: $0, have: metric.denominator)))"
            }
            if metric.isBelowMinimumSupport, let minimum = metric.minimumSupport {
                return "\(name) \(metric.percentWithIntervalText) rests on \(metric.support ?? metric.denominator) "
                    + "observations, fewer than the \(minimum) a sampling reference needs" + (needed ?? "")
            }
            return "\(name) \(metric.percentWithIntervalText) straddles its gate \(Metric.percent(gate))" + (needed ?? "")
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
