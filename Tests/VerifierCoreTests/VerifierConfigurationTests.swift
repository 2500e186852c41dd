import Foundation
import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("verifier.yaml")
struct VerifierConfigurationTests {
    static let good = """
        model: kimi-k2-0905
        reference: official
        providers:
          official:
            base_url: https://api.moonshot.ai/v1
            model: kimi-k2-0905-preview
            api_key_env: MOONSHOT_API_KEY
          openrouter-fireworks:
            base_url: https://openrouter.ai/api/v1
            model: moonshotai/kimi-k2-0905
            api_key_env: OPENROUTER_API_KEY
            headers:
              X-Title: vendor-verifier
            extra_body:
              provider:
                only: [fireworks]
                allow_fallbacks: false
              top_k: 20
              temperature: 0.60
            concurrency: 4
            timeout: 300
          local:
            base_url: http://127.0.0.1:8080/v1
            api_key_env: none
        gates:
          trigger_f1: 0.8
        """

    @Test func readsEveryField() throws {
        let configuration = try VerifierConfiguration.parse(yaml: Self.good)
        #expect(configuration.model == "kimi-k2-0905")
        #expect(configuration.referenceProvider?.name == "official")
        #expect(configuration.providers.map(\.name) == ["official", "openrouter-fireworks", "local"])
        let router = try #require(configuration.provider(named: "openrouter-fireworks"))
        #expect(router.chatCompletionsURL == "https://openrouter.ai/api/v1/chat/completions")
        #expect(router.apiKeyEnvironmentVariable == "OPENROUTER_API_KEY")
        #expect(router.headers == [.init(name: "X-Title", value: "vendor-verifier")])
        #expect(router.concurrency == 4)
        #expect(router.timeoutSeconds == 300)
        let extra = try #require(router.extraBody)
        #expect(
            JSONValue.object(extra).serialized()
                == #"{"provider":{"only":["fireworks"],"allow_fallbacks":false},"top_k":20,"temperature":0.60}"#
        )
        let local = try #require(configuration.provider(named: "local"))
        #expect(local.apiKeyEnvironmentVariable == nil)
        #expect(local.model == "local")
        #expect(configuration.provider(named: "official")?.apiKeyEnvironmentVariable == "MOONSHOT_API_KEY")
        #expect(configuration.gates.triggerF1 == 0.8)
        #expect(configuration.gates.schemaAccuracy == 1.0)
    }

    @Test func defaultKeyVariableIsOpenAI() throws {
        let configuration = try VerifierConfiguration.parse(yaml: "providers:\n  x:\n    base_url: https://h/v1\n")
        #expect(configuration.providers.first?.apiKeyEnvironmentVariable == "OPENAI_API_KEY")
    }

    @Test(arguments: [
        // Unknown top-level key, line 1.
        ("modle: x\nproviders:\n  a:\n    base_url: https://h/v1\n", "verifier.yaml:1: unknown key `modle`"),
        // Unknown provider key, line 4.
        (
            "providers:\n  a:\n    base_url: https://h/v1\n    api_key: sk-123\n",
            "verifier.yaml:4: unknown key `api_key`"
        ),
        // Missing base_url names the provider's line.
        ("providers:\n  a:\n    model: m\n", "verifier.yaml:2: provider `a` needs a `base_url`"),
        // Reference naming no provider.
        (
            "reference: b\nproviders:\n  a:\n    base_url: https://h/v1\n",
            "verifier.yaml:1: `reference: b` names no provider"
        ),
        // Concurrency out of range.
        (
            "providers:\n  a:\n    base_url: https://h/v1\n    concurrency: 0\n",
            "verifier.yaml:4: `providers.a.concurrency`"
        ),
        // A gate that is not a rate.
        (
            "providers:\n  a:\n    base_url: https://h/v1\ngates:\n  trigger_f1: 73\n",
            "verifier.yaml:5: `gates.trigger_f1`"
        ),
        // Not a URL scheme we speak.
        ("providers:\n  a:\n    base_url: ftp://h/v1\n", "verifier.yaml:2: provider `a`: `base_url` must start with"),
        // A key written into the config.
        ("providers:\n  a:\n    base_url: https://h/v1\n    headers:\n      Authorization: Bearer sk\n", "api_key_env"),
        // No providers.
        ("model: x\n", "needs a `providers` mapping"),
        // Broken YAML.
        ("providers: [\n", "not valid YAML"),
        // Empty file.
        ("", "empty"),
    ])
    func badConfigurationsNameTheLine(yaml: String, expected: String) {
        do {
            _ = try VerifierConfiguration.parse(yaml: yaml)
            Issue.record("accepted a bad configuration: \(yaml)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func contentHashIgnoresNothingButIsStable() throws {
        let first = try VerifierConfiguration.parse(yaml: Self.good)
        let second = try VerifierConfiguration.parse(yaml: Self.good)
        #expect(first.contentHash == second.contentHash)
        let changed = try VerifierConfiguration.parse(yaml: Self.good.replacingOccurrences(of: "0.8", with: "0.9"))
        #expect(first.contentHash != changed.contentHash)
    }

    @Test func messagesProvidersTakeTheirSurfaceAuthAndVersion() throws {
        let configuration = try VerifierConfiguration.parse(
            yaml: """
                providers:
                  moonshot-anthropic:
                    api: messages
                    base_url: https://api.moonshot.ai/anthropic
                    api_key_env: MOONSHOT_API_KEY
                  gateway:
                    api: messages
                    auth: bearer
                    anthropic_version: 2024-01-01
                    base_url: https://gateway.example/v1/
                  chat:
                    base_url: https://api.example/v1
                """
        )
        let moonshot = try #require(configuration.provider(named: "moonshot-anthropic"))
        #expect(moonshot.api == .messages)
        #expect(moonshot.endpointURL == "https://api.moonshot.ai/anthropic/v1/messages")
        #expect(moonshot.effectiveAuthentication == .xAPIKey)
        #expect(moonshot.anthropicVersion == "2023-06-01")
        let gateway = try #require(configuration.provider(named: "gateway"))
        #expect(gateway.endpointURL == "https://gateway.example/v1/messages")
        #expect(gateway.effectiveAuthentication == .bearer)
        #expect(gateway.anthropicVersion == "2024-01-01")
        #expect(configuration.provider(named: "chat")?.effectiveAuthentication == .bearer)
        // The description (manifest, scorecard) records the surface and reads back.
        let read = try #require(ProviderConfiguration(descriptionJSON: gateway.descriptionJSON))
        #expect(read.api == .messages && read.authentication == .bearer && read.anthropicVersion == "2024-01-01")
        #expect(configuration.provider(named: "chat")?.descriptionJSON["api"] == nil)
    }

    @Test func anUnknownSurfaceOrAuthIsAClearError() {
        for (key, value, expected) in [
            ("api", "soap", "expected one of: chat, messages, responses"), ("auth", "basic", "`bearer` or `x-api-key`"),
        ] {
            let yaml = "providers:\n  p:\n    base_url: https://h/v1\n    \(key): \(value)\n"
            #expect {
                try VerifierConfiguration.parse(yaml: yaml)
            } throws: { error in
                (error as? VerifierError)?.message.contains(expected) == true
            }
        }
    }
}
