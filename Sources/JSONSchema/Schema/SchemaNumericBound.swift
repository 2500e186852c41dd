/// One numeric bound (`minimum`, `exclusiveMaximum` …), compared exactly.
struct SchemaNumericBound: Sendable {
    /// How the instance must relate to the limit.
    enum Relation: Sendable {
        case atLeast, greaterThan, atMost, lessThan
    }

    /// The keyword reported on failure.
    var keyword: String
    /// The limit, exactly.
    var limit: JSONDecimal
    /// The limit when it is an integer that fits `Int64` (a fast path for the common case).
    var integerLimit: Int64?
    /// The limit as written in the schema, for messages.
    var literal: String
    /// How the instance must relate to the limit.
    var relation: Relation

    init(keyword: String, limit: JSONNumber, relation: Relation) {
        self.keyword = keyword
        self.limit = limit.decimal
        self.integerLimit = limit.isIntegerLiteral ? Int64(limit.literal) : nil
        self.literal = limit.literal
        self.relation = relation
    }

    /// Whether `number` satisfies the bound.
    func admits(_ number: JSONNumber) -> Bool {
        if let integerLimit, number.isIntegerLiteral, let value = Int64(number.literal) {
            return admits(value, integerLimit)
        }
        return admits(number.decimal, limit)
    }

    private func admits<Value: Comparable>(_ value: Value, _ limit: Value) -> Bool {
        switch relation {
        case .atLeast: value >= limit
        case .greaterThan: value > limit
        case .atMost: value <= limit
        case .lessThan: value < limit
        }
    }

    /// `at least`, `more than` … for messages.
    var phrase: String {
        switch relation {
        case .atLeast: "at least"
        case .greaterThan: "more than"
        case .atMost: "at most"
        case .lessThan: "less than"
        }
    }
}
