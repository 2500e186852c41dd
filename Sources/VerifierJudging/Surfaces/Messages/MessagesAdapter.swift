import Foundation
import JSONSchema

/// The Anthropic Messages wire adapter: decodes one exchange (a message body, or an event stream assembled
/// the way Anthropic's SDKs accumulate it), runs the surface's wire and stream checks, and hands on the
/// neutral ``HostAnswer`` that every other check reads.
///
/// ```swift
/// let decoded = MessagesAdapter().decode(request: request, streamed: true, response: raw)
/// decoded.findings.map(\.label)   // e.g. [stream.tool_use_merged]
/// decoded.answer?.calls.first?.name   // "get_weather"
/// ```
public struct MessagesAdapter: Sendable {
    /// Every wire check of this surface, in order.
    public static let standardWireChecks: [any MessagesWireCheck] = [
        BodyNotJSON(), WrongSurface(), MessagesShape(), InputNotObject(), StopReasonMismatch(), MessagesUsage(),
        ToolUseIDs(),
    ]

    /// Every check of a streamed answer's event sequence.
    public static let standardStreamChecks: [any MessagesStreamCheck] = [
        BadEvent(), EventName(), ErrorEvent(), Truncated(), NoMessageStop(), BlockOrder(), ToolUseMerged(),
        ToolUseSplit(), InputJSON(),
    ]

    /// The wire checks run on every answer.
    public var wireChecks: [any MessagesWireCheck] = MessagesAdapter.standardWireChecks
    /// The stream checks run on every streamed answer.
    public var streamChecks: [any MessagesStreamCheck] = MessagesAdapter.standardStreamChecks

    /// Creates an adapter with every check of the surface.
    public init() {}

    /// Decodes and judges one exchange's body (the response is 2xx and arrived, in whole or in part).
    /// - Parameters:
    ///   - request: The request as the fixture wrote it (Chat form).
    ///   - streamed: Whether the request asked for a stream.
    ///   - response: What the transport recorded.
    /// - Returns: The surface's findings and the neutral answer.
    public func decode(request: ChatRequest, streamed: Bool, response: RawResponse) -> DecodedExchange {
        var findings: [Finding] = []
        var context: MessagesWireContext
        var timing: StreamTiming?
        let (events, anomalies) = streamed ? SSEDecoder.decodeAll(response.body) : ([], [])
        if streamed, !events.isEmpty {
            let trace = MessagesStreamTrace(events, anomalies: anomalies)
            let foreign = trace.events.compactMap { event -> String? in
                if case .foreign(let what) = event.kind { return what }
                return nil
            }
            if !foreign.isEmpty, !trace.events.contains(where: { $0.type == "message_start" }) {
                // Another surface's stream: nothing of it is a Messages answer.
                context = MessagesWireContext(
                    request: request,
                    streamed: true,
                    foreignShape: "The stream is " + (foreign.first ?? "another surface's") + ", not Messages events.",
                    message: nil,
                    trace: trace
                )
            } else {
                for check in streamChecks { findings += check.findings(in: trace) }
                context = MessagesWireContext(
                    request: request,
                    streamed: true,
                    shapeProblems: Self.startProblems(trace),
                    message: MessagesStreamAssembler.assemble(trace),
                    trace: trace
                )
            }
            timing = StreamTiming(
                offsets: (
                    firstEvent: trace.events.first?.byteOffset,
                    firstContent: trace.events.first { $0.deltaType == "text_delta" && !($0.deltaText ?? "").isEmpty }?
                        .byteOffset,
                    firstToolCall: trace.events.first { $0.block?["type"]?.stringValue == "tool_use" }?.byteOffset,
                    lastEvent: trace.events.last?.byteOffset
                ),
                arrivals: response.arrivals
            )
        } else {
            context = Self.plainContext(request: request, streamed: streamed, body: response.body)
        }
        for check in wireChecks { findings += check.findings(in: context) }
        let answer = context.message.map { HostAnswer(messages: $0, streamed: streamed) }
        return DecodedExchange(findings: findings, answer: answer, timing: timing)
    }

    /// A plain JSON body; for a stream request, a host that ignored `stream: true` and answered with one.
    private static func plainContext(request: ChatRequest, streamed: Bool, body: [UInt8]) -> MessagesWireContext {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: body)
        } catch {
            let excerpt = String(decoding: body.prefix(160), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            return MessagesWireContext(
                request: request,
                streamed: streamed,
                unreadable: .init(error: body.isEmpty ? nil : error, excerpt: excerpt),
                message: nil
            )
        }
        if value["choices"] != nil || value["object"]?.stringValue == "chat.completion" {
            return MessagesWireContext(
                request: request,
                streamed: streamed,
                foreignShape: "The body is a Chat Completions answer (`choices`), not a Messages message.",
                message: nil
            )
        }
        if value["output"] != nil, value["object"]?.stringValue == "response" {
            return MessagesWireContext(
                request: request,
                streamed: streamed,
                foreignShape: "The body is an OpenAI Responses answer (`output`), not a Messages message.",
                message: nil
            )
        }
        var (message, problems) = MessagesDecoder.decode(value)
        if streamed, message != nil {
            problems.insert(
                ShapeProblem("The request asked for a stream; the host answered with a single JSON body.", at: ""),
                at: 0
            )
        }
        return MessagesWireContext(request: request, streamed: streamed, shapeProblems: problems, message: message)
    }

    /// `message_start` must carry a message of type `message` and role `assistant`.
    private static func startProblems(_ trace: MessagesStreamTrace) -> [ShapeProblem] {
        guard let start = trace.events.first(where: { $0.type == "message_start" }) else { return [] }
        guard let message = start.message else {
            return [ShapeProblem("`message_start` has no `message` object.", at: "/events/\(start.number)")]
        }
        var problems: [ShapeProblem] = []
        if message["role"]?.stringValue != "assistant" {
            problems.append(
                ShapeProblem(
                    "`message_start.message.role` is \(message["role"]?.serialized() ?? "missing"), not \"assistant\".",
                    at: "/events/\(start.number)/message/role"
                )
            )
        }
        if message["type"]?.stringValue != "message" {
            problems.append(
                ShapeProblem(
                    "`message_start.message.type` is \(message["type"]?.serialized() ?? "missing"), not \"message\".",
                    at: "/events/\(start.number)/message/type"
                )
            )
        }
        return problems
    }
}

extension HostAnswer {
    /// The neutral answer of a Messages message.
    /// - Parameters:
    ///   - message: The message (assembled, for a stream).
    ///   - streamed: Whether it was streamed (locations then point at the events).
    public init(messages message: ObservedAnthropicMessage, streamed: Bool) {
        let usage = message.usage.map { usage in
            // The prompt a model saw is every input token, cached or not.
            let input = usage["input_tokens"]?.intValue
            let cached = (usage["cache_creation_input_tokens"]?.intValue ?? 0)
                + (usage["cache_read_input_tokens"]?.intValue ?? 0)
            return TokenUsage(
                promptTokens: input.map { $0 + cached },
                completionTokens: usage["output_tokens"]?.intValue,
                totalTokens: nil
            )
        }
        let toolUses = message.toolUses
        self.init(
            text: message.text,
            reasoning: message.thinking,
            calls: toolUses.enumerated().map { index, block in
                Call(
                    index: index,
                    id: block.id?.stringValue,
                    rawName: block.name,
                    nameField: "`tool_use.name`",
                    arguments: block.arguments,
                    location: block.location,
                    nameLocation: block.location + "/name",
                    argumentsLocation: block.location + "/input"
                )
            },
            rawStopReason: message.stopReason,
            stopReason: message.stopReason.map(StopReason.init(messagesStopReason:)),
            usage: usage,
            locations: streamed ? ("/events", "/events", "/events") : ("", "/content", "/content")
        )
        self.model = message.model
        self.pointers = AnswerPointers(
            message: "",
            calls: "/content",
            argumentsSuffix: "/input",
            usage: "/usage",
            promptTokens: "/usage/input_tokens",
            stopField: "stop_reason",
            callPositions: toolUses.map(\.position)
        )
    }
}

extension StopReason {
    /// Normalises a Messages `stop_reason`.
    /// - Parameter value: The `stop_reason` as sent.
    public init(messagesStopReason value: String) {
        switch value {
        case "tool_use": self = .toolCalls
        case "end_turn", "stop_sequence": self = .endTurn
        case "max_tokens", "model_context_window_exceeded": self = .length
        case "refusal": self = .contentFilter
        default: self = .other
        }
    }
}
