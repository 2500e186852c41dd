import Foundation
import JSONSchema

/// What a surface's wire adapter made of one exchange.
public struct DecodedExchange: Sendable {
    /// The wire and stream findings.
    public var findings: [Finding]
    /// The neutral answer, when a message could be read.
    public var answer: HostAnswer?
    /// Stream landmarks' arrival times (`nil` for a plain body).
    public var timing: StreamTiming?

    /// Creates a decoded exchange.
    /// - Parameters:
    ///   - findings: The wire and stream findings.
    ///   - answer: The neutral answer.
    ///   - timing: The stream's landmarks.
    public init(findings: [Finding], answer: HostAnswer?, timing: StreamTiming?) {
        self.findings = findings
        self.answer = answer
        self.timing = timing
    }
}

/// The Chat Completions wire adapter: decodes one exchange (a JSON body, or an SSE stream assembled the way
/// the OpenAI SDK accumulates it), runs the surface's wire and stream checks, and hands on the neutral
/// ``HostAnswer`` that every other check reads.
///
/// ```swift
/// let decoded = ChatAdapter().decode(request: request, streamed: true, response: raw)
/// decoded.findings.map(\.label)   // e.g. [stream.no_done]
/// decoded.answer?.calls.first?.name   // "get_weather"
/// ```
public struct ChatAdapter: Sendable {
    /// What the adapter made of one exchange.
    public typealias Decoded = DecodedExchange

    /// Every wire check of this surface, in order.
    public static let standardWireChecks: [any ChatWireCheck] = [
        BodyNotJSON(), WireShape(), FinishReasonMismatch(), ArgumentsNotString(), CallType(), ToolCallIDs(), Usage(),
    ]

    /// Every check of a streamed answer's event sequence.
    public static let standardStreamChecks: [any StreamCheck] = [
        BadEvent(), NoDone(), Truncated(), RoleOnce(), IDMissing(), NameFragmented(), IndexCollision(), IndexGap(),
        FinishReasonCount(), UsagePlacement(),
    ]

    /// The wire checks run on every answer.
    public var wireChecks: [any ChatWireCheck] = ChatAdapter.standardWireChecks
    /// The stream checks run on every streamed answer.
    public var streamChecks: [any StreamCheck] = ChatAdapter.standardStreamChecks

    /// Creates an adapter with every check of the surface.
    public init() {}

    /// Decodes and judges one exchange's body (the response is 2xx and arrived, in whole or in part).
    /// - Parameters:
    ///   - request: The request as sent.
    ///   - streamed: Whether the request asked for a stream.
    ///   - response: What the transport recorded.
    /// - Returns: The surface's findings and the neutral answer.
    public func decode(request: ChatRequest, streamed: Bool, response: RawResponse) -> DecodedExchange {
        var findings: [Finding] = []
        var context: ChatWireContext
        var timing: StreamTiming?
        let (events, anomalies) = streamed ? SSEDecoder.decodeAll(response.body) : ([], [])
        if streamed, !events.isEmpty {
            let (trace, traceProblems) = StreamAssembler.trace(events, anomalies: anomalies)
            let toolNames = Set(request.tools.map(\.name))
            for check in streamChecks { findings += check.findings(in: trace, toolNames: toolNames) }
            let (message, assemblyProblems) = StreamAssembler.assemble(trace)
            context = ChatWireContext(
                request: request,
                streamed: true,
                shapeProblems: traceProblems + Self.roleProblems(trace) + assemblyProblems,
                message: message
            )
            timing = StreamTiming(trace: trace, arrivals: response.arrivals)
        } else {
            context = Self.plainContext(request: request, streamed: streamed, body: response.body)
        }
        for check in wireChecks { findings += check.findings(in: context) }
        let answer = context.message.map { HostAnswer(chat: $0, streamed: streamed) }
        return DecodedExchange(findings: findings, answer: answer, timing: timing)
    }

    /// A plain JSON body; for a stream request, a host that ignored `stream: true` and answered with one.
    private static func plainContext(request: ChatRequest, streamed: Bool, body: [UInt8]) -> ChatWireContext {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: body)
        } catch {
            let excerpt = String(decoding: body.prefix(160), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            return ChatWireContext(
                request: request,
                streamed: streamed,
                unreadable: .init(error: body.isEmpty ? nil : error, excerpt: excerpt),
                message: nil
            )
        }
        var (message, problems) = CompletionDecoder.decode(value)
        if streamed, message != nil {
            problems.insert(
                ShapeProblem("The request asked for a stream; the host answered with a single JSON body.", at: ""),
                at: 0
            )
        }
        return ChatWireContext(request: request, streamed: streamed, shapeProblems: problems, message: message)
    }

    /// The first streamed `delta.role` must be `assistant`.
    private static func roleProblems(_ trace: StreamTrace) -> [ShapeProblem] {
        let first = trace.beforeDone.first { $0.kind == .chunk && ($0.choiceCount ?? 0) > 0 && $0.role != nil }
        guard let first, first.role != "assistant" else { return [] }
        return [
            ShapeProblem("`delta.role` is \"\(first.role ?? "")\", not \"assistant\".", at: "/events/\(first.number)")
        ]
    }
}

extension HostAnswer {
    /// The neutral answer of a Chat Completions message.
    /// - Parameters:
    ///   - message: The first choice's message (assembled, for a stream).
    ///   - streamed: Whether it was streamed (locations then point at the events).
    public init(chat message: ObservedMessage, streamed: Bool) {
        let usage = message.usage.map {
            TokenUsage(
                promptTokens: $0["prompt_tokens"]?.intValue,
                completionTokens: $0["completion_tokens"]?.intValue,
                totalTokens: $0["total_tokens"]?.intValue
            )
        }
        self.init(
            text: message.contentText,
            reasoning: message.reasoning,
            calls: message.toolCalls.map { call in
                Call(
                    index: call.index,
                    id: call.id?.stringValue,
                    rawName: call.name,
                    nameField: "`function.name`",
                    arguments: call.arguments,
                    location: call.location,
                    nameLocation: call.location + "/function/name",
                    argumentsLocation: call.location + "/function/arguments"
                )
            },
            rawStopReason: message.finishReason,
            stopReason: message.finishReason.map(StopReason.init(chatFinishReason:)),
            usage: usage,
            locations: streamed
                ? ("/events", "/events", "/events")
                : ("/choices/0/message", "/choices/0/message/content", "/choices/0/message/reasoning")
        )
        self.model = message.model
        self.upstreamProvider = message.upstreamProvider
        // Findings about the message point into its non-streamed form, streamed or not (the assembled message).
        self.pointers = AnswerPointers(
            message: "/choices/0/message",
            calls: "/choices/0/message/tool_calls",
            argumentsSuffix: "/function/arguments",
            usage: "/usage",
            promptTokens: "/usage/prompt_tokens",
            stopField: "finish_reason"
        )
    }
}

extension StopReason {
    /// Normalises a Chat Completions `finish_reason`.
    /// - Parameter value: The `finish_reason` as sent.
    public init(chatFinishReason value: String) {
        switch value {
        case "tool_calls", "function_call": self = .toolCalls
        case "stop": self = .endTurn
        case "length": self = .length
        case "content_filter": self = .contentFilter
        default: self = .other
        }
    }
}
