/// `wire.call_type`: every tool call's `type` must be `"function"`.
///
/// In a stream only the first fragment carries `type`, so a missing type there is tolerated when the
/// call still got a name; a non-streamed call must carry it.
public struct CallType: ResponseCheck {
    /// Creates the check.
    public init() {}

    public var labels: [FailureLabel] { [.wireCallType] }

    public func findings(in context: CheckContext) -> [Finding] {
        context.message.toolCalls.compactMap { call in
            switch call.type {
            case .string("function")?:
                return nil
            case nil where context.streamed:
                return nil
            case nil:
                return Finding(
                    .wireCallType,
                    .error,
                    "Call \(call.index) has no `type`; expected \"function\".",
                    at: call.location + "/type"
                )
            case let other?:
                return Finding(
                    .wireCallType,
                    .error,
                    "Call \(call.index) has `type` \(other.serialized()); expected \"function\".",
                    at: call.location + "/type"
                )
            }
        }
    }
}
