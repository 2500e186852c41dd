import VerifierCore

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
        /// Messages only: answers in the Chat Completions shape (`chat.completion`, `data:` chunks and `[DONE]`).
        case messagesChatBody
        /// Messages only: the message without `type` and `role` (streamed: `message_start` without `role`).
        case messagesShape
        /// Messages only: a `tool_use` block's `input` as JSON text instead of an object (non-streamed).
        case messagesInputAsString
        /// Messages only: no `usage` (streamed: `message_delta` counts other input tokens than `message_start`).
        case messagesUsage
        /// Messages only, streamed, two calls or more: every call in one `tool_use` block (SGLang's bug).
        case messagesMergedToolUse
        /// Messages only, streamed: each `partial_json` fragment in a `tool_use` block of its own (vLLM's bug).
        case messagesSplitToolUse
        /// Messages only, streamed: an `error` event halfway through the content, and the stream ends.
        case messagesErrorEvent
        /// Messages only, streamed: `content_block_delta` events under `event: content_block_start`.
        case messagesEventName
        /// Messages only, streamed: an unknown `content_block_heartbeat` event after each block start
        /// (tolerated: a warning).
        case messagesUnknownEvent
        /// Responses only: answers in the Chat Completions shape (`chat.completion`, `data:` chunks and `[DONE]`).
        case responsesChatBody
        /// Responses only: the response without `object` (streamed: `response.created` whose response has no
        /// `output`).
        case responsesShape
        /// Responses only, with calls: `function_call` items without `name` in the body, the stream's
        /// `output_item.done` and its terminal response (vLLM's bug).
        case responsesCallNameMissing
        /// Responses only: `status: "incomplete"` with `incomplete_details: null` (streamed: a terminal
        /// `response.incomplete` event likewise).
        case responsesIncompleteNoDetails
        /// Responses only, with text: a reasoning item whose text is also written, harmony-style, at the start of
        /// the message's `output_text` (`analysis…assistantfinal…`).
        case responsesReasoningInText
        /// Responses only: usage whose `total_tokens` is not `input_tokens + output_tokens`.
        case responsesUsage
        /// Responses only, streamed: one `sequence_number` sent twice.
        case responsesSequenceNumber
        /// Responses only, streamed, with calls: a `function_call` item added but never done.
        case responsesItemNotDone
        /// Responses only, streamed, with calls: `function_call_arguments.done` carries other arguments than its
        /// deltas (the last delta is never sent).
        case responsesArgumentsMismatch
        /// Responses only, streamed: `response.completed` sent twice.
        case responsesTwoTerminals
        /// Responses only, streamed: `response.failed` halfway through the content, and the stream ends.
        case responsesFailed
        /// Responses only, streamed: delta events under an `event:` name other than their data's `type`.
        case responsesEventName
        /// Responses only, with calls: each call's name with a harmony channel marker leaked into it
        /// (`get_weather<|channel|>commentary`).
        case responsesHarmonyName

        /// Whether the fault lives only in the streamed path: a non-streamed answer is faithful.
        public var isStreamOnly: Bool {
            switch self {
            case .responsesSequenceNumber, .responsesItemNotDone, .responsesArgumentsMismatch, .responsesTwoTerminals,
                .responsesFailed, .responsesEventName:
                true
            default:
                rawValue.hasPrefix("stream")
            }
        }

        /// Whether the fault is transient: shown the first time the host sees a request body, never on
        /// its retry.
        public var isTransient: Bool {
            switch self {
            case .rateLimited, .rateLimitedHTTPDate, .overloaded, .connectionReset: true
            default: false
            }
        }

        /// What a fault is on a surface other than Chat Completions.
        enum OnSurface: Hashable {
            /// The same defect, with the same label (or none).
            case same
            /// The defect as the surface shows it, with its own label.
            case label(String)
            /// A tolerated variant: the warning it must get.
            case warning(String)
            /// The defect cannot exist on the surface: the answer is faithful there.
            case absent
        }

        /// What the fault is on the Anthropic Messages surface.
        var onMessages: OnSurface {
            switch self {
            case .finishStopWithCalls: .label("wire.stop_reason_mismatch")
            case .invalidJSONArguments: .label("stream.input_json")
            case .streamNoDone: .label("stream.no_message_stop")
            case .streamIndexGap: .label("stream.block_order")
            case .streamIDMissing: .label("wire.tool_use_ids")
            case .argumentsAsObject, .streamRoleRepeated, .streamIndexCollision, .streamNameFragmented,
                .streamFinishTwice, .streamUsageAfterDone, .streamAfterDone, .streamIDRepeated, .streamNameRepeated,
                .streamRoleMissing:
                .absent
            case .messagesChatBody: .label("wire.wrong_surface")
            case .messagesShape: .label("wire.messages_shape")
            case .messagesInputAsString: .label("wire.input_not_object")
            case .messagesUsage: .label("wire.messages_usage")
            case .messagesMergedToolUse: .label("stream.tool_use_merged")
            case .messagesSplitToolUse: .label("stream.tool_use_split")
            case .messagesErrorEvent: .label("stream.error_event")
            case .messagesEventName: .label("stream.event_name")
            case .messagesUnknownEvent: .warning("stream.event_name")
            default: .same
            }
        }

        /// What the fault is on the OpenAI Responses surface, where a call is a `function_call` item whose
        /// `arguments` is a string (as on Chat) and a stream is typed events ending in `response.completed`.
        var onResponses: OnSurface {
            switch self {
            // No finish_reason: an answer's calls are its items.
            case .finishStopWithCalls: .absent
            // The stream stops before its terminal event.
            case .streamNoDone: .label("stream.truncated")
            // The function_call items' output_index skips one.
            case .streamIndexGap: .label("stream.item_lifecycle")
            // The streamed function_call items have no call_id.
            case .streamIDMissing: .label("wire.function_call_fields")
            // `arguments` as a JSON object is a malformed function_call item there.
            case .argumentsAsObject: .label("wire.function_call_fields")
            // Chat chunk structure, roles, `[DONE]`, streamed names and ids: no Responses form.
            case .streamRoleRepeated, .streamIndexCollision, .streamNameFragmented, .streamFinishTwice,
                .streamUsageAfterDone, .streamAfterDone, .streamIDRepeated, .streamNameRepeated, .streamRoleMissing:
                .absent
            case .responsesChatBody: .label("wire.wrong_surface")
            case .responsesShape: .label("wire.responses_shape")
            case .responsesCallNameMissing: .label("wire.function_call_fields")
            case .responsesIncompleteNoDetails: .label("wire.status_mismatch")
            case .responsesReasoningInText: .label("wire.reasoning_in_text")
            case .responsesUsage: .label("wire.usage_inconsistent")
            case .responsesSequenceNumber: .label("stream.sequence_number")
            case .responsesItemNotDone: .label("stream.item_lifecycle")
            case .responsesArgumentsMismatch: .label("stream.arguments_mismatch")
            case .responsesTwoTerminals: .label("stream.terminal_event")
            case .responsesFailed: .label("stream.error_event")
            case .responsesEventName: .label("stream.event_name")
            case .responsesHarmonyName: .label("call.unknown_tool")
            default: .same
            }
        }

        /// What the fault is on `surface` (`.same` on Chat Completions).
        func on(_ surface: APISurface) -> OnSurface {
            switch surface {
            case .chat: .same
            case .messages: onMessages
            case .responses: onResponses
            }
        }

        /// Whether the fault needs a tool call in the answer to show.
        var needsCalls: Bool {
            switch self {
            case .streamIndexCollision, .streamIndexGap, .streamIDMissing, .streamNameFragmented, .streamIDRepeated,
                .streamNameRepeated, .responsesCallNameMissing, .responsesItemNotDone, .responsesArgumentsMismatch,
                .responsesHarmonyName:
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
    /// The label a verifier must report as the profile's top failure on Chat Completions (`nil` for faithful,
    /// and for a profile whose fault exists only on another surface); ``expectedLabel(on:)`` gives it per surface.
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
    /// The only surface the fault exists on (`nil`: every surface the mock host serves); elsewhere the
    /// profile answers faithfully.
    public var onlyOn: APISurface? = nil

    /// Whether the profile's fault is injected into answers on `surface`.
    /// - Parameter surface: The API surface.
    /// - Returns: `false` where the defect cannot exist (the answer is then faithful).
    public func injectsFault(on surface: APISurface) -> Bool {
        if let onlyOn, onlyOn != surface { return false }
        return fault.on(surface) != .absent
    }

    /// The label a verifier must report as the profile's top failure on `surface`.
    /// - Parameter surface: The API surface the profile is asked on.
    /// - Returns: On Chat Completions ``expectedLabel``; on Messages and Responses the label of the defect as
    ///   that surface shows it; `nil` for a faithful answer or a tolerated variant.
    public func expectedLabel(on surface: APISurface) -> String? {
        guard injectsFault(on: surface) else { return nil }
        switch fault.on(surface) {
        case .same: return expectedLabel
        case .label(let label): return label
        case .warning, .absent: return nil
        }
    }

    /// The warnings a verifier must report on `surface` while the profile passes.
    /// - Parameter surface: The API surface the profile is asked on.
    /// - Returns: On Chat Completions ``expectedWarning`` and ``toleratedWarnings``; on Messages and Responses
    ///   the tolerated variant's warning (a real engine's Chat dialect answers in the surface's own shape there).
    public func expectedWarnings(on surface: APISurface) -> [String] {
        // llama-server's Messages stream opens tool_use blocks without `input`, which clients survive.
        if surface == .messages, dialect == .llamaServer { return ["wire.input_not_object"] }
        guard injectsFault(on: surface) else { return [] }
        switch surface {
        case .chat:
            return (expectedWarning.map { [$0] } ?? []) + toleratedWarnings
        case .messages, .responses:
            switch fault.on(surface) {
            case .same: return expectedWarning.map { [$0] } ?? []
            case .warning(let warning): return [warning]
            case .label, .absent: return []
            }
        }
    }

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

    /// The profiles whose fault exists only on the Anthropic Messages surface (answering faithfully on
    /// Chat Completions); not in ``all``, which keeps the Chat Completions profiles.
    public static let messagesOnlyProfiles: [MockProfile] = [
        MockProfile(name: "messages-chat-body", fault: .messagesChatBody, rate: 50, onlyOn: .messages),
        MockProfile(name: "messages-shape", fault: .messagesShape, rate: 50, onlyOn: .messages),
        MockProfile(name: "messages-input-as-string", fault: .messagesInputAsString, rate: 50, onlyOn: .messages),
        MockProfile(name: "messages-usage", fault: .messagesUsage, rate: 50, onlyOn: .messages),
        MockProfile(name: "messages-merged-tool-use", fault: .messagesMergedToolUse, rate: 100, onlyOn: .messages),
        MockProfile(name: "messages-split-tool-use", fault: .messagesSplitToolUse, rate: 50, onlyOn: .messages),
        MockProfile(name: "messages-error-event", fault: .messagesErrorEvent, rate: 50, onlyOn: .messages),
        MockProfile(name: "messages-event-name", fault: .messagesEventName, rate: 50, onlyOn: .messages),
        MockProfile(name: "messages-unknown-event", fault: .messagesUnknownEvent, rate: 50, onlyOn: .messages),
    ]

    /// The profiles whose fault exists only on the OpenAI Responses surface (answering faithfully on Chat
    /// Completions and Messages); not in ``all``. The streamed-only ones (``Fault/isStreamOnly``) answer a
    /// non-streamed request faithfully, and those that need calls leave a text answer alone.
    public static let responsesOnlyProfiles: [MockProfile] = [
        MockProfile(name: "responses-chat-body", fault: .responsesChatBody, rate: 50, onlyOn: .responses),
        MockProfile(name: "responses-shape", fault: .responsesShape, rate: 50, onlyOn: .responses),
        MockProfile(
            name: "responses-call-name-missing",
            fault: .responsesCallNameMissing,
            rate: 50,
            onlyOn: .responses
        ),
        MockProfile(
            name: "responses-incomplete-no-details",
            fault: .responsesIncompleteNoDetails,
            rate: 50,
            onlyOn: .responses
        ),
        MockProfile(
            name: "responses-reasoning-in-text",
            fault: .responsesReasoningInText,
            rate: 100,
            onlyOn: .responses
        ),
        MockProfile(name: "responses-usage", fault: .responsesUsage, rate: 50, onlyOn: .responses),
        MockProfile(name: "responses-sequence-number", fault: .responsesSequenceNumber, rate: 50, onlyOn: .responses),
        MockProfile(name: "responses-item-not-done", fault: .responsesItemNotDone, rate: 100, onlyOn: .responses),
        MockProfile(
            name: "responses-arguments-mismatch",
            fault: .responsesArgumentsMismatch,
            rate: 100,
            onlyOn: .responses
        ),
        MockProfile(name: "responses-two-terminals", fault: .responsesTwoTerminals, rate: 50, onlyOn: .responses),
        MockProfile(name: "responses-failed", fault: .responsesFailed, rate: 50, onlyOn: .responses),
        MockProfile(name: "responses-event-name", fault: .responsesEventName, rate: 50, onlyOn: .responses),
        MockProfile(name: "responses-harmony-name", fault: .responsesHarmonyName, rate: 50, onlyOn: .responses),
    ]

    /// Every profile the mock host serves, on any surface: ``all``, then ``messagesOnlyProfiles``, then
    /// ``responsesOnlyProfiles``.
    public static let served: [MockProfile] = all + messagesOnlyProfiles + responsesOnlyProfiles

    /// The profiles to run against the mock host on `surface`.
    /// - Parameter surface: The API surface.
    /// - Returns: On Chat Completions ``all``, in order; on Messages and Responses `faithful` first, then every
    ///   profile whose defect exists there (with a label or a warning), the retry, contract and dialect profiles,
    ///   and the surface's own profiles (``messagesOnlyProfiles``, ``responsesOnlyProfiles``).
    public static func profiles(on surface: APISurface) -> [MockProfile] {
        let own: [MockProfile]
        switch surface {
        case .chat: return all
        case .messages: own = messagesOnlyProfiles
        case .responses: own = responsesOnlyProfiles
        }
        let kept = all.dropFirst().filter { profile in
            profile.expectedLabel(on: surface) != nil || !profile.expectedWarnings(on: surface).isEmpty
                || retryProfiles.contains(profile) || contractProfiles.contains(profile)
                || dialectProfiles.contains(profile)
        }
        return Array(all.prefix(1)) + kept + own
    }

    /// The built-in profile named `name`, on any surface.
    /// - Parameter name: A profile name.
    /// - Returns: The profile, or `nil`.
    public static func named(_ name: String) -> MockProfile? {
        served.first { $0.name == name }
    }
}
