import Synchronization

/// The mock host's memory of the request bodies it has refused with a transient fault, so that the
/// retry of the same body is answered — as a real host's rate limiter lets a client back in once it
/// has waited, without the client having to say which attempt it is on.
///
/// Only refused bodies are kept (8 bytes each), for the server's lifetime: each body is refused once.
final class ThrottleLedger: Sendable {
    private let seen = Mutex(Set<UInt64>())

    /// Whether `key` is new; it is remembered from now on.
    func firstSight(_ key: UInt64) -> Bool {
        seen.withLock { $0.insert(key).inserted }
    }
}
