/// A mock host's behaviour: faithful, or one named fault applied to a share of eligible answers.
///
/// Each fault maps to the taxonomy label a correct verifier must report for it, which is what the
/// test suite proves profile by profile.
public struct MockProfile: Sendable, Hashable, CustomStringConvertible {
    /// The fault a profile injects.
    public enum Fault: String, Sendable, Hashable, CaseIterable {
        /// No fault.
        case none
        /// Answers in text where the model would call a tool.
        case dropCalls
        /// Calls a tool where the model would answer in text.
        case spuriousCalls
        /// Sends calls with `finish_reason: "stop"`.
        case finishStopWithCalls
        /// Cuts the arguments string mid-JSON.
        case invalidJSONArguments
        /// Sends arguments that break the tool's schema.
        case schemaViolation
        /// Renames the called tool to one the request did not offer.
        case unknownTool
        /// Puts the call into `content` as Hermes `<tool_call>` markup instead of `tool_calls`.
        case leakedMarkup
        /// Sends `arguments` as a JSON object instead of a string.
        case argumentsAsObject
        /// Answers HTTP 500.
        case http500s
        /// Answers HTTP 200 with an HTML error page from a proxy in front of the engine.
        case htmlErrorPage
        /// Streams: omits `data: [DONE]`.
        case streamNoDone
        /// Streams: the connection closes mid-answer.
        case streamTruncated
        /// Streams: a `data:` line that is not JSON.
        case streamBadEvent
        /// Streams: `delta.role` on every chunk.
        case streamRoleRepeated
        /// Streams: every call under index 0 (Ollama's parallel-call bug).
        case streamIndexCollision
        /// Streams: call indices start at 1.
        case streamIndexGap
        /// Streams: the id arrives on the second fragment.
        case streamIDMissing
        /// Streams: the function name split over two fragments.
        case streamNameFragmented
        /// Streams: two chunks carry a finish_reason.
        case streamFinishTwice
        /// Streams: the usage chunk comes after `[DONE]`.
        case streamUsageAfterDone
        /// Streams: the streamed answer differs from the non-streamed one.
        case streamParity
        /// Streams: a content chunk after `data: [DONE]`.
        case streamAfterDone
        /// Streams: the call id re-sent on every fragment (tolerated: a warning).
        case streamIDRepeated
        /// Streams: the function name re-sent on every fragment (tolerated: a warning).
        case streamNameRepeated
        /// Streams: no chunk carries `delta.role` (tolerated: a warning).
        case streamRoleMissing
        /// Treats `tool_choice: "none"` as `auto`.
        case ignoresToolChoiceNone
        /// Treats `tool_choice: "required"` as `auto`.
        case ignoresToolChoiceRequired
        /// Treats a named `tool_choice` as `auto`.
        case ignoresToolChoiceNamed
        /// Makes several calls although `parallel_tool_calls` is false.
        case ignoresParallelFalse
        /// Rejects histories whose `tool_call_id`s are not in its own `call_…` format.
        case rejectsForeignIDs
        /// Answers requests the API must reject.
        case acceptsInvalidRequests
        /// Leaves reasoning out of the prompt when it is sent back between tool turns.
        case dropsReasoning
        /// Counts a dozen more prompt tokens than the reference (an extra system prompt in its template).
        case promptTokenDrift
        /// Answers 429 with `Retry-After: 1` (delta-seconds) to a request body it has not seen before;
        /// the retry is answered (a transient fault: the profile must pass, with the retries reported).
        case rateLimited
        /// Answers 429 with `Retry-After` as an HTTP-date about a second ahead, the first time only.
        case rateLimitedHTTPDate
        /// Answers 503 without `Retry-After` the first time only (the client backs off).
        case overloaded
        /// Closes the connection before answering the first time only.
        case connectionReset

        /// Whether the fault lives only in the streamed path.
        public var isStreamOnly: Bool { rawValue.hasPrefix("stream") }

        /// Whether the fault is transient: shown the first time the host sees a request body, never on
        /// its retry.
        public var isTransient: Bool {
            switch self {
            case .rateLimited, .rateLimitedHTTPDate, .overloaded, .connectionReset: true
            default: false
            }
        }

        /// Whether the fault needs a tool call in the answer to show.
        var needsCalls: Bool {
            switch self {
            case .streamIndexCollision, .streamIndexGap, .streamIDMissing, .streamNameFragmented, .streamIDRepeated,
                .streamNameRepeated:
                true
            default: false
            }
        }
    }

    /// The profile's name (`faithful`, `drop-calls`, …), also its URL path segment.
    public var name: String
    /// The fault.
    public var fault: Fault
    /// The percentage (0–100) of eligible answers the fault is applied to.
    public var rate: Int
    /// The label a verifier must report as the profile's top failure (`nil` for faithful).
    public var expectedLabel: String?
    /// For a tolerated variant: the warning a verifier must report while the profile still passes.
    public var expectedWarning: String? = nil
    /// The wire shape of the profile's answers (OpenAI's, or a real engine's).
    public var dialect: WireDialect = .openAI
    /// Further warnings the profile must get while it passes (a real engine's tolerated variants).
    public var toleratedWarnings: [String] = []
    /// For a transient fault: the retry cause (`http_429`, …) the delivery section must count while the
    /// profile still passes.
    public var expectedRetry: String? = nil

    /// The profile's name.
    public var description: String { name }

    /// The profiles that break a contract of a labelled suite, with the label each must get.
    public static let contractProfiles: [MockProfile] = [
        MockProfile(
            name: "ignores-tool-choice-none",
            fault: .ignoresToolChoiceNone,
            rate: 100,
            expectedLabel: "contract.tool_choice_none"
        ),
        MockProfile(
            name: "ignores-tool-choice-required",
            fault: .ignoresToolChoiceRequired,
            rate: 100,
            expectedLabel: "contract.tool_choice_required"
        ),
        MockProfile(
            name: "ignores-tool-choice-named",
            fault: .ignoresToolChoiceNamed,
            rate: 100,
            expectedLabel: "contract.tool_choice_named"
        ),
        MockProfile(
            name: "ignores-parallel-false",
            fault: .ignoresParallelFalse,
            rate: 100,
            expectedLabel: "contract.parallel_false"
        ),
        MockProfile(
            name: "rejects-foreign-ids",
            fault: .rejectsForeignIDs,
            rate: 100,
            expectedLabel: "contract.history_rejected"
        ),
        MockProfile(
            name: "accepts-invalid-requests",
            fault: .acceptsInvalidRequests,
            rate: 100,
            expectedLabel: "contract.invalid_request_accepted"
        ),
        MockProfile(
            name: "drops-reasoning",
            fault: .dropsReasoning,
            rate: 100,
            expectedLabel: "contract.reasoning_dropped"
        ),
        MockProfile(
            name: "prompt-token-drift",
            fault: .promptTokenDrift,
            rate: 100,
            expectedLabel: "agree.prompt_tokens"
        ),
    ]

    /// The profiles whose faults a retry cures: each must pass, with its retries counted by cause.
    public static let retryProfiles: [MockProfile] = [
        MockProfile(name: "rate-limited", fault: .rateLimited, rate: 30, expectedLabel: nil, expectedRetry: "http_429"),
        MockProfile(
            name: "rate-limited-date",
            fault: .rateLimitedHTTPDate,
            rate: 30,
            expectedLabel: nil,
            expectedRetry: "http_429"
        ),
        MockProfile(
            name: "overloaded-then-ok",
            fault: .overloaded,
            rate: 30,
            expectedLabel: nil,
            expectedRetry: "http_5xx"
        ),
        MockProfile(
            name: "reset-then-ok",
            fault: .connectionReset,
            rate: 30,
            expectedLabel: nil,
            expectedRetry: "connection"
        ),
    ]

    /// Faithful hosts that answer in a real engine's wire shape (docs/real-engines.md): each must pass,
    /// with at most the warnings listed, since the shape is one real clients accept.
    public static let dialectProfiles: [MockProfile] = [
        MockProfile(name: "llama-server-wire", fault: .none, rate: 0, expectedLabel: nil, dialect: .llamaServer),
        MockProfile(
            name: "llama-cpp-python-wire",
            fault: .none,
            rate: 0,
            expectedLabel: nil,
            dialect: .llamaCppPython,
            toleratedWarnings: ["stream.id_repeated", "stream.name_repeated", "wire.usage_missing"]
        ),
    ]

    /// Every built-in profile.
    public static let all: [MockProfile] =
        [
            MockProfile(name: "faithful", fault: .none, rate: 0, expectedLabel: nil),
            MockProfile(name: "drop-calls", fault: .dropCalls, rate: 60, expectedLabel: "agree.missed_call"),
            MockProfile(name: "spurious-calls", fault: .spuriousCalls, rate: 100, expectedLabel: "agree.spurious_call"),
            MockProfile(
                name: "finish-stop-with-calls",
                fault: .finishStopWithCalls,
                rate: 50,
                expectedLabel: "wire.finish_reason_mismatch"
            ),
            MockProfile(
                name: "invalid-json-arguments",
                fault: .invalidJSONArguments,
                rate: 50,
                expectedLabel: "call.invalid_json"
            ),
            MockProfile(name: "schema-violation", fault: .schemaViolation, rate: 50, expectedLabel: "call.schema"),
            MockProfile(name: "unknown-tool", fault: .unknownTool, rate: 50, expectedLabel: "call.unknown_tool"),
            MockProfile(name: "leaked-markup", fault: .leakedMarkup, rate: 50, expectedLabel: "wire.leaked_markup"),
            MockProfile(
                name: "arguments-as-object",
                fault: .argumentsAsObject,
                rate: 50,
                expectedLabel: "wire.arguments_not_string"
            ),
            MockProfile(name: "http-500s", fault: .http500s, rate: 20, expectedLabel: "http.status"),
            MockProfile(name: "html-error-page", fault: .htmlErrorPage, rate: 20, expectedLabel: "wire.body_not_json"),
            MockProfile(name: "stream-no-done", fault: .streamNoDone, rate: 50, expectedLabel: "stream.no_done"),
            MockProfile(name: "stream-truncated", fault: .streamTruncated, rate: 50, expectedLabel: "stream.truncated"),
            MockProfile(name: "stream-bad-event", fault: .streamBadEvent, rate: 50, expectedLabel: "stream.bad_event"),
            MockProfile(
                name: "stream-role-repeated",
                fault: .streamRoleRepeated,
                rate: 50,
                expectedLabel: "stream.role_repeated"
            ),
            MockProfile(
                name: "stream-index-collision",
                fault: .streamIndexCollision,
                rate: 100,
                expectedLabel: "stream.index_collision"
            ),
            MockProfile(name: "stream-index-gap", fault: .streamIndexGap, rate: 50, expectedLabel: "stream.index_gap"),
            MockProfile(
                name: "stream-id-missing",
                fault: .streamIDMissing,
                rate: 50,
                expectedLabel: "stream.id_missing"
            ),
            MockProfile(
                name: "stream-name-fragmented",
                fault: .streamNameFragmented,
                rate: 50,
                expectedLabel: "stream.name_fragmented"
            ),
            MockProfile(
                name: "stream-finish-twice",
                fault: .streamFinishTwice,
                rate: 50,
                expectedLabel: "stream.finish_reason_count"
            ),
            MockProfile(
                name: "stream-usage-after-done",
                fault: .streamUsageAfterDone,
                rate: 50,
                expectedLabel: "stream.usage_placement"
            ),
            MockProfile(name: "stream-parity", fault: .streamParity, rate: 50, expectedLabel: "stream.parity"),
            MockProfile(
                name: "stream-after-done",
                fault: .streamAfterDone,
                rate: 50,
                expectedLabel: "stream.after_done"
            ),
            MockProfile(
                name: "stream-id-repeated",
                fault: .streamIDRepeated,
                rate: 50,
                expectedLabel: nil,
                expectedWarning: "stream.id_repeated"
            ),
            MockProfile(
                name: "stream-name-repeated",
                fault: .streamNameRepeated,
                rate: 50,
                expectedLabel: nil,
                expectedWarning: "stream.name_repeated"
            ),
            MockProfile(
                name: "stream-role-missing",
                fault: .streamRoleMissing,
                rate: 50,
                expectedLabel: nil,
                expectedWarning: "stream.role_missing"
            ),
        ] + contractProfiles + retryProfiles + dialectProfiles

    /// The built-in profile named `name`.
    /// - Parameter name: A profile name.
    /// - Returns: The profile, or `nil`.
    public static func named(_ name: String) -> MockProfile? {
        all.first { $0.name == name }
    }
}
