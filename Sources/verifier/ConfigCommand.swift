import ArgumentParser
import Foundation
import VerifierCore

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Read the configuration file (for scripts and CI).",
        subcommands: [ConfigProvidersCommand.self]
    )
}

struct ConfigProvidersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "List the candidate providers of the configuration (every provider but the reference).",
        discussion: """
            With --json, one object per candidate: name, slug (the name with only letters, digits, '_' and '-', \
            unique, for artifact and folder names), model, base_url, api_key_env (null for none), reference and \
            reference_api_key_env. The nightly workflow builds its matrix from it. No secret is read or printed: \
            only the names of the environment variables that hold keys.
            """
    )

    @Option(name: .long, help: "The configuration file.")
    var config: String = "verifier.yaml"

    @Flag(name: .long, help: "Print JSON (an array) instead of a table.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let configuration = try VerifierConfiguration.load(path: config)
            let reference = configuration.referenceProvider
            let candidates = configuration.providers.filter { $0.name != reference?.name }
            if json {
                let slugs = Self.slugs(candidates.map(\.name))
                let entries: [JSONValue] = zip(candidates, slugs).map { provider, slug in
                    [
                        "name": .string(provider.name), "slug": .string(slug),
                        "model": .string(provider.model), "base_url": .string(provider.baseURL),
                        "api_key_env": provider.apiKeyEnvironmentVariable.map(JSONValue.string) ?? .null,
                        "reference": reference.map { .string($0.name) } ?? .null,
                        "reference_api_key_env": reference?.apiKeyEnvironmentVariable.map(JSONValue.string) ?? .null,
                    ]
                }
                print(JSONValue.array(entries).serialized())
            } else {
                for provider in candidates {
                    let key = provider.apiKeyEnvironmentVariable ?? "none"
                    print("\(provider.name)\t\(provider.model)\t\(provider.baseURL)\tkey: \(key)")
                }
                if let reference { print("reference: \(reference.name)") }
            }
            return 0
        }
    }

    /// Names safe for artifact and folder names: letters, digits, `_` and `-` (no `.`, so `<slug>.shard-*`
    /// matches one provider's artifacts only), made unique with a numeric suffix.
    static func slugs(_ names: [String]) -> [String] {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        var used = Set<String>()
        return names.map { name in
            var base = String(name.map { allowed.contains($0) ? $0 : "-" })
            if base.isEmpty { base = "provider" }
            var slug = base
            var number = 2
            while used.contains(slug) {
                slug = "\(base)-\(number)"
                number += 1
            }
            used.insert(slug)
            return slug
        }
    }
}
