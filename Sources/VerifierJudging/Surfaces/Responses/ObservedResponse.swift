import JSONSchema

/// One output item of a Responses answer, as decoded (non-streamed) or assembled (streamed).
public struct ObservedOutputItem: Sendable, Hashable {
    /// The item's position in `output` (for a stream: its `output_index`).
    public var position: Int
    /// `type` as sent (`message`, `function_call`, `reasoning`, …).
    public var type: String?
    /// `id` as sent.
    public var id: JSONValue?
    /// `status`, when a string.
    public var status: String?
    /// A message's `role`, when a string.
    public var role: String?
    /// A message's `output_text` parts' text in order (`nil` for an item without content parts).
    public var texts: [String]?
    /// A message's content as sent, when it is not an array of parts.
    public var rawContent: JSONValue?
    /// A function call's `call_id` as sent.
    public var callID: JSONValue?
    /// A function call's `name` as sent.
    public var name: JSONValue?
    /// A function call's `arguments` as sent.
    public var arguments: JSONValue?
    /// A reasoning item's text: its `reasoning_text` content joined, else its summary text joined.
    public var reasoning: String?
    /// A reasoning item's `encrypted_content`.
    public var encryptedContent: String?
    /// JSON Pointer of the item (for a stream: the event that delivered it).
    public var location: String

    /// Reads an item.
    /// - Parameters:
    ///   - value: The item as sent.
    ///   - position: Its position in `output`.
    ///   - location: Where it is.
    public init(_ value: JSONValue, position: Int, location: String) {
        self.position = position
        self.location = location
        self.type = value["type"]?.stringValue
        self.id = value["id"]
        self.status = value["status"]?.stringValue
        self.role = value["role"]?.stringValue
        self.callID = value["call_id"]
        self.name = value["name"]
        self.arguments = value["arguments"]
        self.encryptedContent = value["encrypted_content"]?.stringValue
        if let parts = value["content"]?.arrayValue {
            if type == "reasoning" {
                let texts = parts.compactMap { $0["text"]?.stringValue }
                reasoning = texts.isEmpty ? nil : texts.joined()
            } else {
                texts = parts.compactMap { part in
                    part["type"]?.stringValue == "output_text" ? part["text"]?.stringValue : nil
                }
            }
        } else if let content = value["content"], !content.isNull {
            rawContent = content
        }
        if type == "reasoning", reasoning == nil {
            let summary = (value["summary"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            reasoning = summary.isEmpty ? nil : summary.joined(separator: "\n")
        }
    }

    /// Whether it is a function call.
    public var isFunctionCall: Bool { type == "function_call" }

    /// The item id, when a string.
    public var idText: String? { id?.stringValue }
}

/// An OpenAI Responses answer as decoded from a body, or assembled from a stream.
public struct ObservedResponse: Sendable, Hashable {
    /// `id`.
    public var id: String?
    /// `object` (`response`).
    public var object: String?
    /// `status` (`completed`, `incomplete`, `failed`, …).
    public var status: String?
    /// `model`.
    public var model: String?
    /// The output items in order.
    public var items: [ObservedOutputItem]
    /// `incomplete_details` as sent (`nil` when absent).
    public var incompleteDetails: JSONValue?
    /// `error` as sent (`nil` when absent).
    public var error: JSONValue?
    /// `usage` as sent.
    public var usage: JSONValue?
    /// For a stream: the number of the terminal event that gave status and usage (`nil`: none came).
    public var terminalEvent: Int?

    /// Creates a response.
    public init(
        id: String? = nil,
        object: String? = nil,
        status: String? = nil,
        model: String? = nil,
        items: [ObservedOutputItem] = [],
        incompleteDetails: JSONValue? = nil,
        error: JSONValue? = nil,
        usage: JSONValue? = nil
    ) {
        self.id = id
        self.object = object
        self.status = status
        self.model = model
        self.items = items
        self.incompleteDetails = incompleteDetails
        self.error = error
        self.usage = usage
    }

    /// The function-call items in order.
    public var functionCalls: [ObservedOutputItem] { items.filter(\.isFunctionCall) }

    /// The assistant messages' `output_text` joined (`nil` when there is no message item with text parts).
    public var text: String? {
        let texts = items.filter { $0.type == "message" }.compactMap(\.texts).flatMap { $0 }
        return texts.isEmpty ? nil : texts.joined()
    }

    /// The reasoning items' text joined (`nil` when there is none).
    public var reasoning: String? {
        let texts = items.filter { $0.type == "reasoning" }.compactMap(\.reasoning)
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    /// `incomplete_details`, unless absent or `null`.
    public var details: JSONValue? { incompleteDetails.flatMap { $0.isNull ? Optional.none : $0 } }

    /// `error`, unless absent or `null`.
    public var failure: JSONValue? { error.flatMap { $0.isNull ? Optional.none : $0 } }

    /// `incomplete_details.reason`, when a string.
    public var incompleteReason: String? { incompleteDetails?["reason"]?.stringValue }
}

/// Decodes a non-streamed Responses body leniently: whatever can be read is kept, and each departure from the
/// Responses shape is noted for ``ResponsesShape``.
public enum ResponsesDecoder {
    /// The statuses a response object may have.
    public static let statuses: Set<String> = ["completed", "incomplete", "failed", "in_progress", "queued", "cancelled"]

    /// Decodes a response object (a body, or the `response` of a stream's lifecycle event).
    /// - Parameters:
    ///   - value: The parsed object.
    ///   - location: JSON Pointer of the object (`""` for a body).
    /// - Returns: The response, when it has a Responses shape, and the departures noted.
    public static func decode(_ value: JSONValue, at location: String = "") -> (ObservedResponse?, [ShapeProblem]) {
        guard let object = value.objectValue else {
            return (nil, [ShapeProblem("The body is a JSON \(value.typeName), not a response object.", at: location)])
        }
        if object["output"] == nil, object["error"].map({ !$0.isNull }) == true {
            return (
                nil,
                [ShapeProblem("A 2xx body carries an error: \(value.serialized().clipped(200))", at: location + "/error")]
            )
        }
        guard let output = object["output"]?.arrayValue else {
            return (nil, [ShapeProblem("`output` is missing or not an array of items.", at: location + "/output")])
        }
        var problems: [ShapeProblem] = []
        if object["object"]?.stringValue != "response" {
            problems.append(
                ShapeProblem(
                    "`object` is \(object["object"]?.serialized() ?? "missing"), not \"response\".",
                    at: location + "/object"
                )
            )
        }
        let status = object["status"]?.stringValue
        if status.map({ !statuses.contains($0) }) ?? true {
            problems.append(
                ShapeProblem(
                    "`status` is \(object["status"]?.serialized() ?? "missing"), not one of the Responses statuses.",
                    at: location + "/status"
                )
            )
        }
        var items: [ObservedOutputItem] = []
        for (position, value) in output.enumerated() {
            let item = ObservedOutputItem(value, position: position, location: location + "/output/\(position)")
            problems += itemProblems(item, value: value)
            items.append(item)
        }
        var response = ObservedResponse(
            id: object["id"]?.stringValue,
            object: object["object"]?.stringValue,
            status: status,
            model: object["model"]?.stringValue,
            items: items,
            incompleteDetails: object["incomplete_details"],
            error: object["error"],
            usage: object["usage"]
        )
        if response.usage?.isNull == true { response.usage = nil }
        return (response, problems)
    }

    /// Departures of one item from its type's shape (a function call's own fields are ``FunctionCallFields``').
    static func itemProblems(_ item: ObservedOutputItem, value: JSONValue) -> [ShapeProblem] {
        switch item.type {
        case nil:
            return [ShapeProblem("Output item \(item.position) has no string `type`.", at: item.location)]
        case "message":
            var problems: [ShapeProblem] = []
            if item.role != "assistant" {
                problems.append(
                    ShapeProblem(
                        "Message item \(item.position) has the role \(value["role"]?.serialized() ?? "missing"), "
                            + "not \"assistant\".",
                        at: item.location + "/role"
                    )
                )
            }
            guard let parts = value["content"]?.arrayValue else {
                problems.append(
                    ShapeProblem(
                        "Message item \(item.position) has no `content` array of parts.",
                        at: item.location + "/content"
                    )
                )
                return problems
            }
            for (index, part) in parts.enumerated() where part["type"]?.stringValue == "output_text" {
                if part["text"]?.stringValue == nil {
                    problems.append(
                        ShapeProblem(
                            "Part \(index) of message item \(item.position) is `output_text` without a string `text`.",
                            at: item.location + "/content/\(index)/text"
                        )
                    )
                }
            }
            return problems
        default:
            return []
        }
    }
}
