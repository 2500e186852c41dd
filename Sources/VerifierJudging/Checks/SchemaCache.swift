import JSONSchema
import Synchronization

/// Compiled tool schemas keyed by the SHA-256 of their canonical text, so a run compiles each distinct schema
/// once however many calls use it.
///
/// A schema that is itself invalid is cached as its ``SchemaError`` too: it is reported once by whoever asks,
/// and never recompiled. Bounded: when it holds more than `capacity` schemas it starts afresh, which keeps
/// memory flat over runs with many distinct tools.
///
/// ```swift
/// let cache = SchemaCache()
/// if case .success(let schema) = cache.schema(for: tool.parameters) { schema.validate(arguments) }
/// ```
public final class SchemaCache: Sendable {
    private struct State {
        var schemas: [String: Result<JSONSchema, SchemaError>] = [:]
        var compilations = 0
    }

    private let storage = Mutex(State())
    private let capacity: Int
    /// How schemas are compiled (draft, format assertion, registry).
    public let options: JSONSchema.Options

    /// Creates an empty cache.
    /// - Parameters:
    ///   - capacity: The most schemas kept at once.
    ///   - options: How schemas are compiled (default: draft 2020-12 unless `$schema` says otherwise).
    public init(capacity: Int = 4096, options: JSONSchema.Options = JSONSchema.Options()) {
        self.capacity = capacity
        self.options = options
    }

    /// How many times a schema was actually compiled (cache misses), for tests and statistics.
    public var compilations: Int { storage.withLock { $0.compilations } }

    /// The cache key of a schema: the SHA-256 of its canonical text (keys sorted, literals as written).
    /// - Parameter schema: A schema.
    /// - Returns: Lowercase hex.
    public static func key(for schema: JSONValue) -> String {
        Digest.sha256Hex(schema.serializedBytes(options: JSONWriter.Options(sortKeys: true)))
    }

    /// The compiled schema for `parameters`, compiling it on first use.
    /// - Parameter parameters: A tool's `parameters` schema.
    /// - Returns: The compiled schema, or the reason the schema itself is unusable.
    public func schema(for parameters: JSONValue) -> Result<JSONSchema, SchemaError> {
        let key = Self.key(for: parameters)
        if let cached = storage.withLock({ $0.schemas[key] }) { return cached }
        let compiled: Result<JSONSchema, SchemaError>
        do {
            compiled = .success(try JSONSchema(parameters, options: options))
        } catch {
            compiled = .failure(error)
        }
        storage.withLock { state in
            if state.schemas.count >= capacity { state.schemas.removeAll(keepingCapacity: true) }
            state.schemas[key] = compiled
            state.compilations += 1
        }
        return compiled
    }
}
