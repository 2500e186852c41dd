import Foundation
import JSONSchema

/// The OpenAI Responses wire adapter: decodes one exchange (a response body, or an event stream assembled the
/// way OpenAI's SDKs and agents accumulate it), runs the surface's wire and stream checks, and hands on the
/// neutral ``HostAnswer`` that every other check reads.
///
/// ```swift
/// let decoded = ResponsesAdapter().decode(request: request, streamed: true, response: raw)
/// decoded.findings.map(\.label)   // e.g. [stream.arguments_mismatch]
/// decoded.answer?.calls.first?.name   // "get_weather"
/// ```
public struct ResponsesAdapter: Sendable {
    /// Every wire check of this surface, in order.
    public static let standardWireChecks: [any ResponsesWireCheck] = [
        BodyNotJSON(), WrongSurface(), ResponsesShape(), FunctionCallFields(), StatusMismatch(), ReasoningInText(),
        Usage(),
    ]

    /// Every check of a streamed answer's event sequence.
    public static let standardStreamChecks: [any ResponsesStreamCheck] = [
        BadEvent(), EventName(), ErrorEvent(), Truncated(), TerminalEvent(), SequenceNumber(), ItemLifecycle(),
        ArgumentsMismatch(),
    ]

    /// The wire checks run on every answer.
    public var wireChecks: [any ResponsesWireCheck] = ResponsesAdapter.standardWireChecks
    /// The stream checks run on every streamed answer.
    public var streamChecks: [any ResponsesStreamCheck] = ResponsesAdapter.standardStreamChecks

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
        var context: ResponsesWireContext
        var timing: StreamTiming?
        let (events, anomalies) = streamed ? SSEDecoder.decodeAll(response.body) : ([], [])
        if streamed, !events.isEmpty {
            let trace = ResponsesStreamTrace(events, anomalies: anomalies)
            let foreign = trace.events.compactMap { event -> String? in
                if case .foreign(let what) = event.kind { return what }
                return nil
            }
            let grammar = trace.events.contains { $0.type?.hasPrefix("response.") == true }
            if !foreign.isEmpty, !grammar {
                // Another surface's stream: nothing of it is a Responses answer.
                context = ResponsesWireContext(
                    request: request,
                    streamed: true,
                    foreignShape: "The stream is " + (foreign.first ?? "another surface's") + ", not Responses events.",
                    response: nil,
                    trace: trace
                )
            } else if !grammar, trace.events.contains(where: { $0.type == "message_start" }) {
                context = ResponsesWireContext(
                    request: request,
                    streamed: true,
                    foreignShape: "The stream is Anthropic Messages events (`message_start`), not Responses events.",
                    response: nil,
                    trace: trace
                )
            } else {
                for check in streamChecks { findings += check.findings(in: trace) }
                context = ResponsesWireContext(
                    request: request,
                    streamed: true,
                    shapeProblems: Self.lifecycleProblems(trace),
                    response: ResponsesStreamAssembler.assemble(trace),
                    trace: trace
                )
            }
            timing = StreamTiming(
                offsets: (
                    firstEvent: trace.events.first?.byteOffset,
                    firstContent: trace.events.first {
                        $0.type == "response.output_text.delta" && !($0.delta ?? "").isEmpty
                    }?.byteOffset,
                    firstToolCall: trace.events.first {
                        $0.type == "response.output_item.added" && $0.item?["type"]?.stringValue == "function_call"
                    }?.byteOffset,
                    lastEvent: trace.events.last?.byteOffset
                ),
                arrivals: response.arrivals
            )
        } else {
            context = Self.plainContext(request: request, streamed: streamed, body: response.body)
        }
        for check in wireChecks { findings += check.findings(in: context) }
        let answer = context.response.map { HostAnswer(responses: $0, streamed: streamed) }
        return DecodedExchange(findings: findings, answer: answer, timing: timing)
    }

    /// A plain JSON body; for a stream request, a host that ignored `stream: true` and answered with one.
    private static func plainContext(request: ChatRequest, streamed: Bool, body: [UInt8]) -> ResponsesWireContext {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: body)
        } catch {
            let excerpt = String(decoding: body.prefix(160), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            return ResponsesWireContext(
                request: request,
                streamed: streamed,
                unreadable: .init(error: body.isEmpty ? nil : error, excerpt: excerpt),
                response: nil
            )
        }
        if value["choices"] != nil || value["object"]?.stringValue == "chat.completion" {
            return ResponsesWireContext(
                request: request,
                streamed: streamed,
                foreignShape: "The body is a Chat Completions answer (`choices`), not a Responses response.",
                response: nil
            )
        }
        if value["type"]?.stringValue == "message", value["content"]?.arrayValue != nil, value["output"] == nil {
            return ResponsesWireContext(
                request: request,
                streamed: streamed,
                foreignShape: "The body is an Anthropic Messages message (`content` blocks), not a Responses response.",
                response: nil
            )
        }
        var (response, problems) = ResponsesDecoder.decode(value)
        if streamed, response != nil {
            problems.insert(
                ShapeProblem("The request asked for a stream; the host answered with a single JSON body.", at: ""),
                at: 0
            )
        }
        return ResponsesWireContext(request: request, streamed: streamed, shapeProblems: problems, response: response)
    }

    /// The lifecycle events' `response` objects must be response-shaped: `response.created` first, and the
    /// terminal event's response readable (its items are judged as the stream delivered them).
    private static func lifecycleProblems(_ trace: ResponsesStreamTrace) -> [ShapeProblem] {
        var problems: [ShapeProblem] = []
        if let index = trace.events.indices.first(where: trace.isReadable), trace.events[index].type != "response.created",
            trace.events[index].type != "error"
        {
            let first = trace.events[index]
            problems.append(
                ShapeProblem(
                    "The stream opens with \(first.type ?? "an event without a type"), not `response.created`.",
                    at: "/events/\(first.number)"
                )
            )
        }
        for index in trace.events.indices where trace.isReadable(index) {
            let type = trace.events[index].type
            guard trace.events[index].response != nil || trace.events[index].isTerminal || type == "response.created"
            else { continue }
            let event = trace.events[index]
            let location = "/events/\(event.number)/response"
            guard let response = event.response, response.objectValue != nil else {
                problems.append(ShapeProblem("`\(event.type ?? "")` carries no `response` object.", at: location))
                continue
            }
            if response["output"]?.arrayValue == nil {
                problems.append(
                    ShapeProblem("The `response` of `\(event.type ?? "")` has no `output` array.", at: location + "/output")
                )
            }
            if response["object"]?.stringValue != "response" {
                problems.append(
                    ShapeProblem(
                        "The `response` of `\(event.type ?? "")` has `object` "
                            + "\(response["object"]?.serialized() ?? "missing"), not \"response\".",
                        at: location + "/object"
                    )
                )
            }
        }
        return problems
    }
}

extension HostAnswer {
    /// The neutral answer of a Responses response.
    /// - Parameters:
    ///   - response: The response (assembled, for a stream).
    ///   - streamed: Whether it was streamed (locations then point at the events).
    public init(responses response: ObservedResponse, streamed: Bool) {
        let usage = response.usage.map { usage in
            // `input_tokens` already counts cached tokens (`input_tokens_details.cached_tokens` is a part of it).
            TokenUsage(
                promptTokens: usage["input_tokens"]?.intValue,
                completionTokens: usage["output_tokens"]?.intValue,
                totalTokens: usage["total_tokens"]?.intValue
            )
        }
        let calls = response.functionCalls
        let stop: StopReason? =
            switch response.status {
            case "completed"?: calls.isEmpty ? .endTurn : .toolCalls
            case "incomplete"?:
                switch response.incompleteReason {
                case "max_output_tokens"?: .length
                case "content_filter"?: .contentFilter
                default: .other
                }
            case nil: nil
            default: .other
            }
        self.init(
            text: response.text,
            reasoning: response.reasoning,
            calls: calls.enumerated().map { index, item in
                Call(
                    index: index,
                    id: item.callID?.stringValue,
                    rawName: item.name,
                    nameField: "`function_call.name`",
                    arguments: item.arguments,
                    location: item.location,
                    nameLocation: item.location + "/name",
                    argumentsLocation: item.location + "/arguments"
                )
            },
            rawStopReason: response.status,
            stopReason: stop,
            usage: usage,
            locations: streamed ? ("/events", "/events", "/events") : ("", "/output", "/output")
        )
        self.model = response.model
        self.pointers = AnswerPointers(
            message: "",
            calls: "/output",
            argumentsSuffix: "/arguments",
            usage: "/usage",
            promptTokens: "/usage/input_tokens",
            stopField: "status",
            callPositions: calls.map(\.position)
        )
    }
}
