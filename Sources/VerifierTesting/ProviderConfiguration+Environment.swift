import Foundation
import VerifierCore

extension ProviderConfiguration {
    /// The provider described by the environment, for tests run against a live host:
    ///
    /// | variable | meaning | default |
    /// |---|---|---|
    /// | `VERIFIER_BASE_URL` | base URL including `/v1` | required |
    /// | `VERIFIER_MODEL` | model name to send | required |
    /// | `VERIFIER_API_KEY_ENV` | the variable holding the key, or `none` | `OPENAI_API_KEY` |
    /// | `VERIFIER_PROVIDER` | a name for messages | `environment` |
    /// | `VERIFIER_TIMEOUT` | seconds per request | 120 |
    ///
    /// - Parameter environment: The environment.
    /// - Returns: The provider.
    /// - Throws: ``VerifierError`` `.invalidConfiguration` naming the missing variable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(VerifierError) -> ProviderConfiguration {
        guard let baseURL = environment["VERIFIER_BASE_URL"], !baseURL.isEmpty else {
            throw VerifierError(
                .invalidConfiguration,
                "Set VERIFIER_BASE_URL (e.g. https://api.example.com/v1) and VERIFIER_MODEL to test a provider."
            )
        }
        guard let model = environment["VERIFIER_MODEL"], !model.isEmpty else {
            throw VerifierError(.invalidConfiguration, "Set VERIFIER_MODEL to the model name the provider expects.")
        }
        let keyVariable = environment["VERIFIER_API_KEY_ENV"] ?? "OPENAI_API_KEY"
        var provider = ProviderConfiguration(
            name: environment["VERIFIER_PROVIDER"] ?? "environment",
            baseURL: baseURL,
            model: model,
            apiKeyEnvironmentVariable: keyVariable.lowercased() == "none" ? nil : keyVariable
        )
        if let timeout = environment["VERIFIER_TIMEOUT"].flatMap(Double.init), timeout > 0 {
            provider.timeoutSeconds = timeout
        }
        return provider
    }
}
