import Foundation
import JSONSchema
import VerifierJudging
import Yams

/// The contents of `verifier.yaml`: the model, the reference provider, the providers and the gates.
///
/// ```yaml
/// model: kimi-k2-0905
/// reference: official
/// providers:
///   official:
///     base_url: https://api.moonshot.ai/v1
///     model: kimi-k2-0905-preview
///     api_key_env: MOONSHOT_API_KEY
/// gates:
///   trigger_f1: 0.73
/// ```
///
/// Keys are never read from this file: only the names of the environment variables holding them.
public struct VerifierConfiguration: Sendable {
    /// The model being verified (a label for reports).
    public var model: String?
    /// The provider whose behaviour is the reference.
    public var reference: String?
    /// The providers, in file order.
    public var providers: [ProviderConfiguration]
    /// Gate thresholds.
    public var gates: GateConfiguration
    /// Where the configuration came from (for messages), or `nil` when built in code.
    public var sourcePath: String?

    /// Creates a configuration in code.
    /// - Parameters:
    ///   - model: The model label.
    ///   - reference: The reference provider's name.
    ///   - providers: The providers.
    ///   - gates: Gate thresholds.
    public init(
        model: String? = nil,
        reference: String? = nil,
        providers: [ProviderConfiguration],
        gates: GateConfiguration = GateConfiguration()
    ) {
        self.model = model
        self.reference = reference
        self.providers = providers
        self.gates = gates
    }

    /// The provider named `name`.
    /// - Parameter name: The provider's name.
    /// - Returns: Its configuration, or `nil`.
    public func provider(named name: String) -> ProviderConfiguration? {
        providers.first { $0.name == name }
    }

    /// The reference provider, when one is configured.
    public var referenceProvider: ProviderConfiguration? {
        reference.flatMap(provider(named:))
    }

    /// Loads and validates a configuration file.
    /// - Parameter path: Path of the YAML file.
    /// - Returns: The configuration.
    /// - Throws: ``VerifierError`` with code `.invalidConfiguration`, naming file and line.
    public static func load(path: String) throws(VerifierError) -> VerifierConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VerifierError(.invalidConfiguration, "\(path): cannot read the configuration file.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw VerifierError(.invalidConfiguration, "\(path): the configuration file is not UTF-8.")
        }
        var configuration = try parse(yaml: text, path: path)
        configuration.sourcePath = path
        return configuration
    }

    /// Parses and validates configuration text.
    /// - Parameters:
    ///   - yaml: The YAML text.
    ///   - path: The file name used in messages.
    /// - Returns: The configuration.
    /// - Throws: ``VerifierError`` with code `.invalidConfiguration`, naming file and line.
    public static func parse(yaml: String, path: String = "verifier.yaml") throws(VerifierError)
        -> VerifierConfiguration
    {
        let reader = ConfigurationReader(path: path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw VerifierError(.invalidConfiguration, "\(path): the configuration file is empty.")
            }
            root = node
        } catch let error as VerifierError {
            throw error
        } catch let error as YamlError {
            throw VerifierError(
                .invalidConfiguration,
                "\(path): not valid YAML: \(ConfigurationReader.describe(error))"
            )
        } catch {
            throw VerifierError(.invalidConfiguration, "\(path): not valid YAML: \(error)")
        }
        return try reader.configuration(from: root)
    }
}

/// Walks the YAML node tree, checking every key and type and remembering lines for messages.
struct ConfigurationReader {
    let path: String

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        default:
            return "\(error)"
        }
    }

    func fail(_ node: Node?, _ message: String) -> VerifierError {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        return VerifierError(.invalidConfiguration, "\(path)\(line): \(message)")
    }

    func mapping(_ node: Node, _ what: String, allowed: Set<String>) throws(VerifierError) -> [(String, Node, Node)] {
        guard case .mapping(let mapping) = node else {
            throw fail(node, "\(what) must be a mapping.")
        }
        var seen = Set<String>()
        var result: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, "\(what) has a key that is not a string.") }
            guard allowed.isEmpty || allowed.contains(name) else {
                throw fail(
                    key,
                    "unknown key `\(name)` in \(what); expected one of: \(allowed.sorted().joined(separator: ", "))."
                )
            }
            guard seen.insert(name).inserted else { throw fail(key, "`\(name)` appears twice in \(what).") }
            result.append((name, key, value))
        }
        return result
    }

    func string(_ node: Node, _ what: String) throws(VerifierError) -> String {
        guard case .scalar(let scalar) = node, node.null == nil || scalar.style != .plain else {
            throw fail(node, "`\(what)` must be a string.")
        }
        return scalar.string
    }

    func number(_ node: Node, _ what: String, range: ClosedRange<Double>) throws(VerifierError) -> Double {
        guard case .scalar = node, let value = node.float ?? node.int.map(Double.init), range.contains(value) else {
            throw fail(node, "`\(what)` must be a number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    func integer(_ node: Node, _ what: String, range: ClosedRange<Int>) throws(VerifierError) -> Int {
        guard case .scalar = node, let value = node.int, range.contains(value) else {
            throw fail(node, "`\(what)` must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    func json(_ node: Node, depth: Int = 0) throws(VerifierError) -> JSONValue {
        guard depth < 64 else { throw fail(node, "`extra_body` is nested too deeply.") }
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let bool = node.bool { return .bool(bool) }
            if let int = node.int { return .number(JSONNumber(int)) }
            if let double = node.float, double.isFinite, let number = JSONNumber(literal: scalar.string) {
                return .number(number)
            }
            if let double = node.float, double.isFinite { return .number(JSONNumber(double)) }
            return .string(scalar.string)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try json(item, depth: depth + 1)) }
            return .array(items)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard let name = key.string else { throw fail(key, "`extra_body` has a key that is not a string.") }
                object.append(name, try json(value, depth: depth + 1))
            }
            return .object(object)
        case .alias:
            throw fail(node, "YAML aliases are not supported in `extra_body`.")
        }
    }

    func configuration(from root: Node) throws(VerifierError) -> VerifierConfiguration {
        var configuration = VerifierConfiguration(providers: [])
        var referenceNode: Node?
        var sawProviders = false
        for (key, keyNode, value) in try mapping(
            root,
            "the configuration",
            allowed: ["model", "reference", "providers", "gates"]
        ) {
            switch key {
            case "model": configuration.model = try string(value, "model")
            case "reference":
                configuration.reference = try string(value, "reference")
                referenceNode = keyNode
            case "providers":
                sawProviders = true
                for (name, nameNode, body) in try mapping(value, "`providers`", allowed: []) {
                    configuration.providers.append(try provider(name: name, nameNode: nameNode, body))
                }
            default:
                configuration.gates = try gates(value)
            }
        }
        guard sawProviders, !configuration.providers.isEmpty else {
            throw fail(root, "the configuration needs a `providers` mapping with at least one provider.")
        }
        if let reference = configuration.reference, configuration.provider(named: reference) == nil {
            let known = configuration.providers.map(\.name).joined(separator: ", ")
            throw fail(referenceNode, "`reference: \(reference)` names no provider; known providers: \(known).")
        }
        return configuration
    }

    func provider(name: String, nameNode: Node, _ node: Node) throws(VerifierError) -> ProviderConfiguration {
        let allowed: Set<String> = [
            "base_url", "model", "api_key_env", "headers", "extra_body", "concurrency", "timeout", "max_response_bytes",
            "stall_timeout", "price",
            "rpm", "retries", "api", "auth", "anthropic_version",
        ]
        var baseURL: String?
        var model: String?
        var provider = ProviderConfiguration(name: name, baseURL: "", model: "")
        for (key, _, value) in try mapping(node, "provider `\(name)`", allowed: allowed) {
            switch key {
            case "base_url": baseURL = try string(value, "providers.\(name).base_url")
            case "model": model = try string(value, "providers.\(name).model")
            case "api_key_env":
                let variable = try string(value, "providers.\(name).api_key_env")
                provider.apiKeyEnvironmentVariable = variable == "none" || variable.isEmpty ? nil : variable
            case "headers":
                for (header, _, headerValue) in try mapping(value, "`providers.\(name).headers`", allowed: []) {
                    if ["authorization", "x-api-key"].contains(header.lowercased()) {
                        throw fail(value, "set the key with `api_key_env` (and `auth: bearer | x-api-key`), not a \(header) header.")
                    }
                    provider.headers.append(.init(name: header, value: try string(headerValue, "headers.\(header)")))
                }
            case "extra_body":
                guard case .object(let object) = try json(value) else {
                    throw fail(value, "`providers.\(name).extra_body` must be a mapping.")
                }
                provider.extraBody = object
            case "concurrency":
                provider.concurrency = try integer(value, "providers.\(name).concurrency", range: 1...1024)
            case "timeout":
                provider.timeoutSeconds = try number(value, "providers.\(name).timeout", range: 0.001...86_400)
            case "stall_timeout":
                provider.stallTimeoutSeconds = try number(
                    value,
                    "providers.\(name).stall_timeout",
                    range: 0.001...86_400
                )
            case "price":
                for (part, _, amount) in try mapping(value, "`providers.\(name).price`", allowed: ["input", "output"]) {
                    let dollars = try number(amount, "providers.\(name).price.\(part)", range: 0...1_000_000)
                    if part == "input" {
                        provider.inputPricePerMillion = dollars
                    } else {
                        provider.outputPricePerMillion = dollars
                    }
                }
            case "rpm":
                provider.rpm = try number(value, "providers.\(name).rpm", range: 0.001...1_000_000)
            case "retries":
                provider.retryPolicy = try retries(value, "providers.\(name).retries")
            case "api":
                let surface = try string(value, "providers.\(name).api")
                guard let api = APISurface(rawValue: surface) else {
                    throw fail(
                        value,
                        "`providers.\(name).api` is `\(surface)`; expected one of: "
                            + APISurface.allCases.map(\.rawValue).joined(separator: ", ") + "."
                    )
                }
                provider.api = api
            case "auth":
                let scheme = try string(value, "providers.\(name).auth")
                guard let authentication = ProviderConfiguration.Authentication(rawValue: scheme) else {
                    throw fail(value, "`providers.\(name).auth` is `\(scheme)`; expected `bearer` or `x-api-key`.")
                }
                provider.authentication = authentication
            case "anthropic_version":
                provider.anthropicVersion = try string(value, "providers.\(name).anthropic_version")
            default:
                provider.maxResponseBytes = try integer(
                    value,
                    "providers.\(name).max_response_bytes",
                    range: 1024...(1 << 30)
                )
            }
        }
        guard let baseURL else { throw fail(nameNode, "provider `\(name)` needs a `base_url`.") }
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") || baseURL.hasPrefix("mock://"),
            URL(string: baseURL) != nil
        else {
            throw fail(
                nameNode,
                "provider `\(name)`: `base_url` must start with http://, https:// or mock:// (got \(baseURL))."
            )
        }
        provider.baseURL = baseURL
        provider.model = model ?? name
        return provider
    }

    /// A `retries:` mapping (`max_attempts`, `base_delay`, `max_delay`, `jitter`, `on`), or `false` for none.
    func retries(_ node: Node, _ what: String) throws(VerifierError) -> RetryPolicy {
        if case .scalar = node, let enabled = node.bool {
            return enabled ? RetryPolicy() : .none
        }
        var policy = RetryPolicy()
        let allowed: Set<String> = ["max_attempts", "base_delay", "max_delay", "jitter", "on"]
        for (key, _, value) in try mapping(node, "`\(what)`", allowed: allowed) {
            switch key {
            case "max_attempts": policy.maxAttempts = try integer(value, "\(what).max_attempts", range: 1...20)
            case "base_delay": policy.baseDelay = try number(value, "\(what).base_delay", range: 0...3_600)
            case "max_delay": policy.maxDelay = try number(value, "\(what).max_delay", range: 0...86_400)
            case "jitter": policy.jitter = try number(value, "\(what).jitter", range: 0...1)
            default:
                guard case .sequence(let items) = value else {
                    throw fail(value, "`\(what).on` must be a list of causes.")
                }
                var causes = Set<RetryCause>()
                let known = RetryCause.all.map(\.rawValue)
                for item in items {
                    let name = try string(item, "\(what).on")
                    guard known.contains(name) else {
                        throw fail(
                            item,
                            "unknown retry cause `\(name)` in `\(what).on`; expected any of: \(known.joined(separator: ", "))."
                        )
                    }
                    causes.insert(RetryCause(rawValue: name))
                }
                policy.retryOn = causes
            }
        }
        return policy
    }

    func gates(_ node: Node) throws(VerifierError) -> GateConfiguration {
        var gates = GateConfiguration()
        let allowed = Set(GateConfiguration.rateKeys).union([
            "max_transport_failure_rate", "prompt_token_tolerance", "baseline_margin", "inconclusive",
            "minimum_support",
        ])
        for (key, _, value) in try mapping(node, "`gates`", allowed: allowed) {
            switch key {
            case "prompt_token_tolerance":
                gates.promptTokenTolerance = try integer(value, "gates.prompt_token_tolerance", range: 0...10_000)
            case "inconclusive":
                let policy = try string(value, "gates.inconclusive")
                guard policy == "pass" || policy == "fail" else {
                    throw fail(value, "`gates.inconclusive` must be `pass` or `fail` (got `\(policy)`).")
                }
                gates.inconclusiveFails = policy == "fail"
            case "baseline_margin":
                gates.baselineMargin = try number(value, "gates.baseline_margin", range: 0...1)
            case "minimum_support":
                gates.minimumSupport = try integer(value, "gates.minimum_support", range: 0...1_000_000)
            case "max_transport_failure_rate":
                gates.maxTransportFailureRate = try number(value, "gates.max_transport_failure_rate", range: 0...1)
            default:
                gates.set(key, try number(value, "gates.\(key)", range: 0...1), source: .config)
            }
        }
        return gates
    }
}

extension VerifierConfiguration {
    /// SHA-256 of the configuration's content (providers, reference, gates); it holds no secret,
    /// only the names of the variables that hold them.
    public var contentHash: String {
        var object = JSONObject()
        object["model"] = model.map(JSONValue.string) ?? .null
        object["reference"] = reference.map(JSONValue.string) ?? .null
        object["providers"] = .array(providers.map(\.descriptionJSON))
        object["gates"] = gates.json
        return EvidenceRecord.sha256Hex(
            JSONValue.object(object).serializedBytes(options: JSONWriter.Options(sortKeys: true))
        )
    }
}
