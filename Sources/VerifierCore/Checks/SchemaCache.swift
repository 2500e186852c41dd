import Synchronization

/// Compiled tool schemas keyed by their canonical text, so a run compiles each distinct schema once.
///
/// Bounded: when it holds more than `capacity` schemas it starts afresh, which keeps memory flat
/// over runs with many distinct tools.
public final class SchemaCache: Sendable {
    private let storage = Mutex<[String: Result<JSONSchema, SchemaError>]>([:])
    private let capacity: Int

    /// Creates an empty cache.
    /// - Parameter capacity: The most schemas kept at once.
    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The compiled schema for `parameters`, compiling it on first use.
    /// - Parameter parameters: A tool's `parameters` schema.
    /// - Returns: The compiled schema, or the reason the schema itself is unusable.
    public func schema(for parameters: JSONValue) -> Result<JSONSchema, SchemaError> {
        let key = parameters.serialized(options: JSONWriter.Options(sortKeys: true))
        if let cached = storage.withLock({ $0[key] }) { return cached }
        let compiled: Result<JSONSchema, SchemaError>
        do {
            compiled = .success(try JSONSchema(parameters))
        } catch {
            compiled = .failure(error)
        }
        storage.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = compiled
        }
        return compiled
    }
}
