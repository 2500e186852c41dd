import JSONSchema

/// `stream.arguments_mismatch`: one function call's arguments read the same wherever a client reads them — the
/// `response.function_call_arguments.delta` texts concatenated, the `.done` event's `arguments`, the item in
/// `response.output_item.done`, and the item in the terminal response. Clients take different ones (the SDK's
/// accumulator the deltas, agents the done item, others the final response), so a host whose copies differ
/// runs a different call for each.
public struct ArgumentsMismatch: ResponsesStreamCheck {
    public static let labels: [FailureLabel] = [.streamArgumentsMismatch]

    /// Creates the check.
    public init() {}

    public func findings(in trace: ResponsesStreamTrace) -> [Finding] {
        let calls = trace.functionCalls
        guard !calls.isEmpty else { return [] }
        let terminal = trace.terminal
        let finalCalls = (terminal?.response?["output"]?.arrayValue ?? []).filter {
            $0["type"]?.stringValue == "function_call"
        }
        var findings: [Finding] = []
        for (position, call) in calls.enumerated() {
            let what = "function call item \(call.outputIndex)"
            let streamed: String? = call.deltaCount > 0 ? call.deltas : nil
            if let done = call.doneArguments, let streamed, done != streamed, let event = call.doneArgumentsEvent {
                findings.append(
                    Finding(
                        .streamArgumentsMismatch,
                        .error,
                        "The arguments of \(what) in `function_call_arguments.done` (\(done.clipped(80))) differ from "
                            + "its deltas concatenated (\(streamed.clipped(80))).",
                        at: "/events/\(event)/arguments"
                    )
                )
            }
            let announced = call.doneArguments ?? streamed
            var settled = announced
            if let item = call.doneItem, let event = call.doneItemEvent {
                let text = item["arguments"]?.stringValue
                if let announced, let text, text != announced {
                    findings.append(
                        Finding(
                            .streamArgumentsMismatch,
                            .error,
                            "The arguments of \(what) in `output_item.done` (\(text.clipped(80))) differ from the streamed "
                                + "ones (\(announced.clipped(80))).",
                            at: "/events/\(event)/item/arguments"
                        )
                    )
                }
                settled = text ?? announced
            }
            guard let terminal, let settled else { continue }
            let matched: JSONValue? =
                finalCalls.first { call.itemID != nil && $0["id"]?.stringValue == call.itemID }
                ?? (position < finalCalls.count ? finalCalls[position] : nil)
            guard let final = matched else { continue }
            if let text = final["arguments"]?.stringValue, text != settled {
                findings.append(
                    Finding(
                        .streamArgumentsMismatch,
                        .error,
                        "The arguments of \(what) in the final response (\(text.clipped(80))) differ from the streamed "
                            + "ones (\(settled.clipped(80))).",
                        at: "/events/\(terminal.number)/response/output"
                    )
                )
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// A call's streamed, done and final arguments differ.
    public static let streamArgumentsMismatch = FailureLabel(rawValue: "stream.arguments_mismatch")
}
