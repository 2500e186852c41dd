import Hummingbird
import NIOCore

/// The mock host's request context: the basic one plus the connection, so a profile can drop it.
public struct MockRequestContext: RequestContext {
    /// The core context.
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel

    /// Creates a context for a request on a connection.
    /// - Parameter source: The connection and logger.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
