import ArgumentParser
import Foundation
import VerifierCore

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print what a check would send — requests per suite, tokens, a cost ceiling — without any traffic.",
        discussion: """
            Prices come from the configuration: `price: {input: 0.6, output: 2.5}` (USD per million tokens) per \
            provider. Every fixture is validated first, as `check` does. `check --max-requests N` and `--max-cost USD` \
            enforce a ceiling during the run.
            """
    )

    @Option(name: .long, help: "The provider to plan for, as named in the configuration.")
    var provider: String

    @Option(name: .long, help: "The configuration file.")
    var config: String = "verifier.yaml"

    @OptionGroup var run: RunOptions

    @OptionGroup var referenceOptions: ReferenceOptions

    @Option(name: .long, help: "Plan only shard i of n (i/n, e.g. 2/4), as `check --shard` would run it.")
    var shard: String?

    @Option(
        name: .long,
        help: """
            The width (0–1) a suite's 95 % interval should have: prints the repeats each suite needs to reach it, at \
            the calibrated reference's own pass rate (50 %, the widest case, without a baseline).
            """
    )
    var intervalWidth: Double?

    func run() async throws {
        try await reportingErrors {
            let shard = try shard.map { text throws(VerifierError) in try Shard.parse(text) }
            let setup = try referenceOptions.setup(provider: provider, config: config, run: run)
            let (candidate, sources, resolved) = (setup.candidate, setup.sources, setup.resolved)
            let settings = run.configuration(
                directory: run.output,
                model: candidate.model,
                configHash: "",
                reference: resolved.reference,
                gates: resolved.gates,
                baseline: resolved.baseline,
                shard: shard
            )
            if let intervalWidth, !(intervalWidth > 0 && intervalWidth < 1) {
                throw VerifierError(.invalidConfiguration, "--interval-width must be between 0 and 1 (0.1 is ±5 points).")
            }
            let verification = VerificationRun(candidates: [candidate], sources: sources, configuration: settings)
            let plan = try RunPlan.make(verification)
            var rates: [String: Double] = [:]
            for (suite, spreads) in resolved.baseline?.baseline.suiteLeaveOneOut ?? [:] {
                if let mean = spreads["choice_pass_rate"]?.mean { rates[suite] = mean }
            }
            print(plan.text)
            if let intervalWidth {
                print("")
                print(plan.sizing(width: intervalWidth, rates: rates))
            }
            return 0
        }
    }
}
