import ArgumentParser
import Foundation
import VerifierCore

/// Where a check's reference behaviour comes from: the live reference, a calibrated baseline, or none.
struct ReferenceOptions: ParsableArguments {
    enum Source: String, CaseIterable, ExpressibleByArgument {
        case auto, live, baseline, none
    }

    @Option(
        name: .long,
        help: """
            Where agreement is judged against: live (send every request to the configured reference), baseline (the \
            calibrated baseline stands in for it; nothing is sent to the reference), none, or auto (live when a \
            reference is configured, else the baseline when one exists). A baseline also sets the default gates.
            """
    )
    var referenceSource: Source = .auto

    @Option(name: .long, help: "The baseline file. Default: Fixtures/baselines/<model>.json.")
    var baseline: String?

    /// What a run judges against.
    struct Resolved {
        var reference: ProviderConfiguration?
        var baseline: BaselineReference?
        var gates: GateConfiguration
        /// A sentence for the log when a baseline was found but not used.
        var note: String?
    }

    /// What `check` and `plan` start from: the configuration, the provider, the model, the sources and what they are
    /// judged against.
    struct Setup {
        var configuration: VerifierConfiguration
        var candidate: ProviderConfiguration
        var model: String
        var sources: [CaseSource]
        var resolved: Resolved
    }

    /// Loads the configuration and the fixtures and resolves the reference for checking `provider`.
    /// - Throws: ``VerifierError`` for a bad configuration, fixture or baseline.
    func setup(provider: String, config: String, run: RunOptions) throws(VerifierError) -> Setup {
        let configuration = try VerifierConfiguration.load(path: config)
        let (candidate, configuredReference) = try configuration.candidate(named: provider, path: config, api: run.api)
        let model = configuration.model ?? candidate.model
        let sources = try run.sources(model: model)
        let resolved = try resolve(
            configured: configuredReference,
            gates: configuration.gates,
            model: model,
            fixtures: try? run.fixturesDirectory(),
            sources: sources
        )
        return Setup(
            configuration: configuration,
            candidate: candidate,
            model: model,
            sources: sources,
            resolved: resolved
        )
    }

    /// Resolves the reference, the baseline and the gates for a run of `sources`.
    /// - Throws: ``VerifierError`` when the chosen source is unavailable or the baseline does not fit the fixtures.
    func resolve(
        configured reference: ProviderConfiguration?,
        gates: GateConfiguration,
        model: String,
        fixtures: String?,
        sources: [CaseSource]
    ) throws(VerifierError) -> Resolved {
        let path = baseline ?? fixtures.map { Baseline.defaultPath(model: model, fixtures: $0) }
        let exists = path.map { FileManager.default.fileExists(atPath: $0) } ?? false
        switch referenceSource {
        case .none:
            return Resolved(reference: nil, baseline: nil, gates: gates)
        case .baseline:
            guard let path else {
                throw VerifierError(.invalidConfiguration, "--reference-source baseline needs --baseline FILE.")
            }
            let loaded = try BaselineReference.load(path: path, for: sources)
            return Resolved(
                reference: nil,
                baseline: loaded,
                gates: loaded.baseline.gates(applyingTo: gates, asReference: true)
            )
        case .live, .auto:
            if let reference {
                guard let path, exists else { return Resolved(reference: reference, baseline: nil, gates: gates) }
                do {
                    let loaded = try BaselineReference.load(path: path, for: sources)
                    return Resolved(
                        reference: reference,
                        baseline: loaded,
                        gates: loaded.baseline.gates(applyingTo: gates, asReference: false)
                    )
                } catch {
                    // A baseline named on the command line must fit; the default one is skipped with a note.
                    if self.baseline != nil { throw error }
                    return Resolved(
                        reference: reference,
                        baseline: nil,
                        gates: gates,
                        note: error.message + " Gates come from the configuration."
                    )
                }
            }
            if referenceSource == .live {
                throw VerifierError(
                    .invalidConfiguration,
                    "--reference-source live needs a `reference:` provider in the configuration (other than the one checked)."
                )
            }
            guard let path, exists else { return Resolved(reference: nil, baseline: nil, gates: gates) }
            let loaded = try BaselineReference.load(path: path, for: sources)
            return Resolved(
                reference: nil,
                baseline: loaded,
                gates: loaded.baseline.gates(applyingTo: gates, asReference: true)
            )
        }
    }
}
