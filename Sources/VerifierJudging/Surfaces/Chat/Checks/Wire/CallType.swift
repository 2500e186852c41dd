import JSONSchema

/// `wire.call_type`: every tool call's `type` must be `"function"`.
///
/// In a stream the call's `type` is the one its first fragment carries (the convention the OpenAI SDK
/// accumulators and vLLM's tests rely on); later fragments need not repeat it.
public struct CallType: ChatWireCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.wireCallType]

    public func findings(in context: ChatWireContext) -> [Finding] {
        (context.message?.toolCalls ?? []).compactMap { call in
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

extension FailureLabel {
    /// A tool call's `type` is not `"function"`.
    public static let wireCallType = FailureLabel(rawValue: "wire.call_type")
}
