import JSONSchema

/// Counts failing items by label and keeps a few examples of each, pointing at the evidence.
public struct FailureTally: Sendable, Hashable {
    /// One example of a label.
    public struct Example: Sendable, Hashable {
        /// The case id.
        public var caseID: String
        /// `<file>:<line>` of the evidence record.
        public var evidence: String
        /// The finding's message.
        public var message: String
        /// Where in the response.
        public var location: String?
        /// The transport mode (`stream`/`nonstream`), for ordering.
        public var mode: String = ""

        /// Examples are kept in case order, so the same cases give the same examples whatever order
        /// the answers arrived in (and a resumed run reports what an uninterrupted one does).
        func precedes(_ other: Example) -> Bool {
            (caseID, mode, message) < (other.caseID, other.mode, other.message)
        }
    }

    /// One label's count and examples.
    public struct Entry: Sendable, Hashable {
        /// The label.
        public var label: FailureLabel
        /// The highest severity seen with it.
        public var severity: Severity
        /// How many items.
        public var count: Int
        /// The first few examples.
        public var examples: [Example]
    }

    /// Examples kept per label.
    public var examplesPerLabel: Int
    private var entries: [FailureLabel: Entry] = [:]

    /// Creates an empty tally.
    /// - Parameter examplesPerLabel: Examples kept per label.
    public init(examplesPerLabel: Int = 5) {
        self.examplesPerLabel = examplesPerLabel
    }

    /// Counts a finding of one item.
    /// - Parameters:
    ///   - finding: The finding.
    ///   - caseID: The case id.
    ///   - evidence: The evidence pointer.
    ///   - mode: The transport mode, which orders examples of the same case.
    public mutating func add(_ finding: Finding, caseID: String, evidence: String, mode: String = "") {
        var entry =
            entries[finding.label] ?? Entry(label: finding.label, severity: finding.severity, count: 0, examples: [])
        entry.count += 1
        entry.severity = max(entry.severity, finding.severity)
        let example = Example(
            caseID: caseID,
            evidence: evidence,
            message: finding.message,
            location: finding.location,
            mode: mode
        )
        // Keep the first examples in case order: the smallest `examplesPerLabel` by (case, mode, message).
        if entry.examples.count < examplesPerLabel || entry.examples.last.map(example.precedes) == true {
            let position = entry.examples.firstIndex { example.precedes($0) } ?? entry.examples.endIndex
            entry.examples.insert(example, at: position)
            if entry.examples.count > examplesPerLabel { entry.examples.removeLast() }
        }
        entries[finding.label] = entry
    }

    /// The entries, most frequent first (ties by label).
    public var sorted: [Entry] {
        entries.values.sorted { ($1.count, $0.label) < ($0.count, $1.label) }
    }

    /// The count for one label.
    /// - Parameter label: The label.
    /// - Returns: Its count (0 when absent).
    public func count(of label: FailureLabel) -> Int { entries[label]?.count ?? 0 }

    /// The tally as a JSON array.
    public var json: JSONValue {
        .array(
            sorted.map { entry in
                [
                    "label": .string(entry.label.rawValue),
                    "layer": .string(entry.label.layer.rawValue),
                    "severity": .string(entry.severity.rawValue),
                    "count": .number(JSONNumber(entry.count)),
                    "examples": .array(
                        entry.examples.map { example in
                            var object = JSONObject()
                            object["case"] = .string(example.caseID)
                            object["evidence"] = .string(example.evidence)
                            object["message"] = .string(example.message)
                            if let location = example.location { object["location"] = .string(location) }
                            return .object(object)
                        }
                    ),
                ]
            }
        )
    }
}
