/// `wire.call_type`: every tool call's `type` must be `"function"`.
///
/// In a stream the call's `type` is the one its first fragment carries (the convention the OpenAI SDK
/// accumulators and vLLM's tests rely on); later fragments need not repeat it.
public struct CallType: ResponseCheck {
    /// Creates the check.
    public init() {}

    public var labels: [FailureLabel] { [.wireCallType] }

    public func findings(in context: CheckContext) -> [Finding] {
        context.message.toolCalls.compactMap { call in
            switch call.type {
            case .string("function")?:
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
