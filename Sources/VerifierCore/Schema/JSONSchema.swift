/// A compiled JSON Schema that validates JSON instances and reports every violation it finds.
///
/// This is the validator for tool `parameters` schemas. It implements a subset of draft-07 and
/// 2020-12: compile a schema once with ``init(_:)`` and call ``validate(_:)`` for each tool call.
///
/// Supported keywords:
/// - boolean schemas `true` and `false`;
/// - `type` (a name or an array of names; `integer` accepts any whole number, `1.0` included, and
///   `number` accepts integers);
/// - `properties`, `required`, `additionalProperties` (boolean or schema);
/// - `enum` and `const`, compared by value (`1` equals `1.0`, object member order is irrelevant);
/// - `items` as one schema, or as an array of schemas validated positionally (draft-07 tuple form)
///   with `additionalItems` for the rest; `prefixItems` (2020-12) with `items` for the rest;
/// - `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, compared exactly (no rounding
///   through `Double`); the draft-04 boolean `exclusiveMinimum`/`exclusiveMaximum` make the sibling
///   `minimum`/`maximum` exclusive;
/// - `minLength`, `maxLength` (counted in Unicode code points, as JSON Schema requires), `minItems`,
///   `maxItems`;
/// - `allOf`, `anyOf`, `oneOf`, `not`;
/// - `nullable: true`, the OpenAPI 3.0 extension some tool schemas use: a `null` instance then
///   passes that schema's `type` and `enum` checks (other keywords still apply as usual).
///
/// Keywords this validator knows but does not evaluate (`$ref`, `$defs`, `pattern`,
/// `patternProperties`, `uniqueItems`, `multipleOf`, `if`/`then`/`else`, …) are listed in
/// ``unsupportedKeywords`` so a caller can say the check was partial. When `patternProperties` is
/// present, the sibling `additionalProperties` is not evaluated either, because which properties
/// count as "additional" depends on the patterns. Annotations (`title`, `description`, `default`,
/// `examples`, `format`, `$schema`, …) and unknown extension keywords are ignored silently, as the
/// specification prescribes.
///
/// A malformed schema (for example `type: "text"` or `required: "city"`) throws ``SchemaError``
/// from ``init(_:)``: that is a problem with the request or fixture, never with the provider.
/// Subschemas may nest at most ``maximumDepth`` levels deep.
public struct JSONSchema: Sendable {
    /// How deeply subschemas may nest; deeper schemas are rejected with ``SchemaError``.
    public static let maximumDepth = 256

    /// Keywords present in the schema that this validator recognises but does not evaluate.
    ///
    /// When this is not empty, a passing ``validate(_:)`` result means "no violation of the
    /// supported keywords", not "valid".
    public private(set) var unsupportedKeywords: Set<String>

    /// The compiled schema nodes; children are referred to by index.
    let nodes: [Node]
    /// The index of the root node in ``nodes``.
    let root: Int

    /// Compiles a schema.
    /// - Parameter schema: The schema, an object or a boolean.
    /// - Throws: ``SchemaError`` when the schema itself is malformed or nested too deeply.
    public init(_ schema: JSONValue) throws(SchemaError) {
        var compiler = Compiler()
        root = try compiler.compile(schema, at: "", depth: 0)
        nodes = compiler.nodes
        unsupportedKeywords = compiler.unsupported
    }

    /// Validates an instance and returns every violation found, in a stable order.
    ///
    /// Within one schema the order is: `type`, `const`, `enum`, numeric bounds, string length, array
    /// size and items (in index order), object members (in the instance's order) followed by missing
    /// required properties, then `allOf`, `anyOf`, `oneOf`, `not`. A failing `anyOf` or `oneOf`
    /// produces one summarising violation at the combinator and nothing from inside it.
    /// - Parameter instance: The value to validate, for example a tool call's parsed arguments.
    /// - Returns: The violations; empty when the instance satisfies every supported keyword.
    public func validate(_ instance: JSONValue) -> [SchemaViolation] {
        var run = Run(limit: Int.max)
        check(root, instance, &run)
        return run.violations
    }

    /// Whether an instance satisfies every supported keyword; stops at the first violation.
    /// - Parameter instance: The value to validate.
    /// - Returns: `true` when ``validate(_:)`` would return no violations.
    public func isValid(_ instance: JSONValue) -> Bool {
        var run = Run(limit: 1)
        check(root, instance, &run)
        return run.violations.isEmpty
    }
}

/// A schema that is itself malformed, so nothing can be validated against it.
///
/// This is always a fixture or request problem, never the provider's fault.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the offending part of the schema (`""` for the root).
    public var location: String
    /// What is wrong, as a sentence.
    public var message: String

    /// Creates a schema error.
    /// - Parameters:
    ///   - location: JSON Pointer to the offending part of the schema.
    ///   - message: What is wrong.
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    /// The error on one line, location first.
    public var description: String {
        "invalid schema at \(location.isEmpty ? "the root" : location): \(message)"
    }
}

// MARK: - Compiled form

extension JSONSchema {
    /// The JSON Schema type names, as a set.
    struct TypeSet: OptionSet, Sendable {
        let rawValue: UInt8

        init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        static let null = TypeSet(rawValue: 1 << 0)
        static let boolean = TypeSet(rawValue: 1 << 1)
        static let object = TypeSet(rawValue: 1 << 2)
        static let array = TypeSet(rawValue: 1 << 3)
        static let number = TypeSet(rawValue: 1 << 4)
        static let string = TypeSet(rawValue: 1 << 5)
        static let integer = TypeSet(rawValue: 1 << 6)

        /// The type for a name, or `nil` for an unknown name.
        init?(name: String) {
            switch name {
            case "null": self = .null
            case "boolean": self = .boolean
            case "object": self = .object
            case "array": self = .array
            case "number": self = .number
            case "string": self = .string
            case "integer": self = .integer
            default: return nil
            }
        }

        /// Whether `value` is of one of the types in the set.
        func matches(_ value: JSONValue) -> Bool {
            switch value {
            case .null: contains(.null)
            case .bool: contains(.boolean)
            case .string: contains(.string)
            case .array: contains(.array)
            case .object: contains(.object)
            case .number(let number):
                contains(.number)
                    || (contains(.integer) && (number.isIntegerLiteral || number.isMathematicalInteger))
            }
        }
    }

    /// One numeric bound (`minimum`, `exclusiveMaximum` …).
    struct Bound: Sendable {
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
            self.integerLimit = limit.int64Value
            self.literal = limit.literal
            self.relation = relation
        }

        /// Whether `number` satisfies the bound, compared exactly.
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
    }

    /// One entry of `properties`.
    struct Property: Sendable {
        /// The property name.
        var name: String
        /// The index of the property's schema node.
        var node: Int
    }

    /// One compiled (sub)schema.
    struct Node: Sendable {
        /// JSON Pointer to this schema inside the root schema.
        var location: String
        /// Whether this is the `false` schema.
        var rejectsAll = false
        /// The allowed types, when `type` is present.
        var types: TypeSet?
        /// The type names as written, for messages.
        var typeNames: [String] = []
        /// Whether `nullable: true` is present.
        var nullable = false
        /// The `const` value, when present.
        var constant: JSONValue?
        /// The `enum` values, when present.
        var enumValues: [JSONValue]?
        /// Numeric bounds in keyword order.
        var bounds: [Bound] = []
        /// `minLength`, `maxLength`.
        var minLength: Int?
        var maxLength: Int?
        /// `minItems`, `maxItems`.
        var minItems: Int?
        var maxItems: Int?
        /// Schemas for the leading array elements (tuple `items` or `prefixItems`).
        var prefixItems: [Int] = []
        /// The schema for array elements after ``prefixItems``.
        var restItems: Int?
        /// The keyword that supplied ``restItems`` (`items` or `additionalItems`).
        var restItemsKeyword = "items"
        /// `properties` in schema order.
        var properties: [Property] = []
        /// Property name to schema node, for lookup.
        var propertyNodes: [String: Int] = [:]
        /// `required` names in schema order.
        var required: [String] = []
        /// The `additionalProperties` schema, when present and evaluated.
        var additionalProperties: Int?
        /// The schema node of the property `name`, when `properties` declares it.
        func propertyNode(named name: String) -> Int? {
            // Tool schemas have a handful of properties; comparing beats hashing there.
            if properties.count <= 8 {
                return properties.first { $0.name == name }?.node
            }
            return propertyNodes[name]
        }

        /// `allOf`, `anyOf`, `oneOf` subschemas.
        var allOf: [Int] = []
        var anyOf: [Int] = []
        var oneOf: [Int] = []
        /// The `not` subschema.
        var not: Int?
    }
}

// MARK: - Compilation

extension JSONSchema {
    /// Keywords from the JSON Schema vocabularies that this validator does not evaluate.
    static let unsupportedKeywordNames: Set<String> = [
        "$ref", "$dynamicRef", "$recursiveRef", "$defs", "definitions",
        "pattern", "patternProperties", "propertyNames", "minProperties", "maxProperties",
        "dependencies", "dependentRequired", "dependentSchemas",
        "uniqueItems", "contains", "minContains", "maxContains",
        "unevaluatedItems", "unevaluatedProperties", "multipleOf",
        "if", "then", "else",
    ]

    /// Turns raw schema JSON into ``Node``s.
    struct Compiler {
        var nodes: [Node] = []
        var unsupported: Set<String> = []

        /// Compiles one (sub)schema and returns its node index.
        mutating func compile(_ schema: JSONValue, at location: String, depth: Int) throws(SchemaError) -> Int {
            guard depth <= JSONSchema.maximumDepth else {
                throw SchemaError(
                    location: location,
                    message: "subschemas are nested more than \(JSONSchema.maximumDepth) levels deep"
                )
            }
            var node = Node(location: location)
            switch schema {
            case .bool(let allowed):
                node.rejectsAll = !allowed
            case .object(let object):
                try fill(&node, from: object, depth: depth)
            default:
                throw SchemaError(
                    location: location,
                    message: "a schema must be an object or a boolean, got \(schema.typeName)"
                )
            }
            nodes.append(node)
            return nodes.count - 1
        }

        /// Reads every keyword of a schema object into `node`.
        private mutating func fill(_ node: inout Node, from object: JSONObject, depth: Int) throws(SchemaError) {
            let base = node.location
            try Compiler.rejectDuplicateKeys(object, at: base, what: "schema object")
            for key in object.keys where JSONSchema.unsupportedKeywordNames.contains(key) {
                unsupported.insert(key)
            }
            func at(_ keyword: String) -> String { base + "/" + SchemaViolation.escapePointerToken(keyword) }

            if let value = object["type"] {
                (node.types, node.typeNames) = try Compiler.types(value, at: at("type"))
            }
            if let value = object["nullable"] {
                guard case .bool(let flag) = value else {
                    throw SchemaError(
                        location: at("nullable"),
                        message: "nullable must be a boolean, got \(value.typeName)"
                    )
                }
                node.nullable = flag
            }
            if let value = object["const"] {
                try Compiler.rejectDeepValue(value, at: at("const"))
                node.constant = value
            }
            if let value = object["enum"] {
                guard case .array(let values) = value else {
                    throw SchemaError(location: at("enum"), message: "enum must be an array, got \(value.typeName)")
                }
                try Compiler.rejectDeepValue(value, at: at("enum"))
                node.enumValues = values
            }
            node.bounds = try Compiler.bounds(object, at: at)
            node.minLength = try Compiler.count(object, "minLength", at: at)
            node.maxLength = try Compiler.count(object, "maxLength", at: at)
            node.minItems = try Compiler.count(object, "minItems", at: at)
            node.maxItems = try Compiler.count(object, "maxItems", at: at)
            try fillItems(&node, from: object, depth: depth, at: at)
            try fillObjectKeywords(&node, from: object, depth: depth, at: at)
            node.allOf = try schemaArray(object, "allOf", depth: depth, at: at)
            node.anyOf = try schemaArray(object, "anyOf", depth: depth, at: at)
            node.oneOf = try schemaArray(object, "oneOf", depth: depth, at: at)
            if let value = object["not"] {
                node.not = try compile(value, at: at("not"), depth: depth + 1)
            }
        }

        /// Reads `items`, `prefixItems` and `additionalItems`.
        private mutating func fillItems(
            _ node: inout Node,
            from object: JSONObject,
            depth: Int,
            at: (String) -> String
        ) throws(SchemaError) {
            let items = object["items"]
            if object["prefixItems"] != nil {
                node.prefixItems = try schemaArray(object, "prefixItems", depth: depth, at: at)
                if let items {
                    if case .array = items {
                        throw SchemaError(
                            location: at("items"),
                            message: "items must be a single schema when prefixItems is present, got array"
                        )
                    }
                    node.restItems = try compile(items, at: at("items"), depth: depth + 1)
                }
            } else if case .array = items {
                node.prefixItems = try schemaArray(object, "items", depth: depth, at: at, allowEmpty: true)
            } else if let items {
                guard items.objectValue != nil || items.boolValue != nil else {
                    throw SchemaError(
                        location: at("items"),
                        message: "items must be a schema or an array of schemas, got \(items.typeName)"
                    )
                }
                node.restItems = try compile(items, at: at("items"), depth: depth + 1)
            }
            if let additional = object["additionalItems"] {
                // Only meaningful after tuple-form `items`; compiled regardless so a malformed value is reported.
                let compiled = try compile(additional, at: at("additionalItems"), depth: depth + 1)
                if case .array = items, object["prefixItems"] == nil {
                    node.restItems = compiled
                    node.restItemsKeyword = "additionalItems"
                }
            }
        }

        /// Reads `properties`, `required` and `additionalProperties`.
        private mutating func fillObjectKeywords(
            _ node: inout Node,
            from object: JSONObject,
            depth: Int,
            at: (String) -> String
        ) throws(SchemaError) {
            if let value = object["properties"] {
                guard case .object(let properties) = value else {
                    throw SchemaError(
                        location: at("properties"),
                        message: "properties must be an object, got \(value.typeName)"
                    )
                }
                try Compiler.rejectDuplicateKeys(properties, at: at("properties"), what: "properties")
                for member in properties {
                    let location = at("properties") + "/" + SchemaViolation.escapePointerToken(member.key)
                    let child = try compile(member.value, at: location, depth: depth + 1)
                    node.properties.append(Property(name: member.key, node: child))
                    node.propertyNodes[member.key] = child
                }
            }
            if let value = object["required"] {
                node.required = try Compiler.uniqueStrings(value, at: at("required"), keyword: "required")
            }
            if let value = object["additionalProperties"] {
                let compiled = try compile(value, at: at("additionalProperties"), depth: depth + 1)
                if object["patternProperties"] == nil {
                    node.additionalProperties = compiled
                } else {
                    unsupported.insert("additionalProperties")
                }
            }
        }

        /// Compiles a keyword whose value is an array of schemas; `[]` when the keyword is absent.
        private mutating func schemaArray(
            _ object: JSONObject,
            _ keyword: String,
            depth: Int,
            at: (String) -> String,
            allowEmpty: Bool = false
        ) throws(SchemaError) -> [Int] {
            guard let value = object[keyword] else { return [] }
            guard case .array(let elements) = value else {
                throw SchemaError(
                    location: at(keyword),
                    message: "\(keyword) must be an array of schemas, got \(value.typeName)"
                )
            }
            guard allowEmpty || !elements.isEmpty else {
                throw SchemaError(location: at(keyword), message: "\(keyword) must contain at least one schema")
            }
            var indices: [Int] = []
            indices.reserveCapacity(elements.count)
            for (position, element) in elements.enumerated() {
                indices.append(try compile(element, at: at(keyword) + "/\(position)", depth: depth + 1))
            }
            return indices
        }

        /// Reads `type`.
        private static func types(_ value: JSONValue, at location: String) throws(SchemaError) -> (TypeSet, [String]) {
            var names: [String] = []
            switch value {
            case .string(let name):
                names = [name]
            case .array(let elements):
                for (position, element) in elements.enumerated() {
                    guard case .string(let name) = element else {
                        throw SchemaError(
                            location: location + "/\(position)",
                            message: "type names must be strings, got \(element.typeName)"
                        )
                    }
                    guard !names.contains(name) else {
                        throw SchemaError(
                            location: location + "/\(position)",
                            message: "type \"\(name)\" is listed twice"
                        )
                    }
                    names.append(name)
                }
            default:
                throw SchemaError(
                    location: location,
                    message: "type must be a type name or an array of type names, got \(value.typeName)"
                )
            }
            var set = TypeSet()
            for (position, name) in names.enumerated() {
                guard let type = TypeSet(name: name) else {
                    let place = value.arrayValue == nil ? location : location + "/\(position)"
                    throw SchemaError(
                        location: place,
                        message: "unknown type \(Describe.json(.string(name))); expected one of null, boolean, "
                            + "object, array, number, string, integer"
                    )
                }
                set.insert(type)
            }
            return (set, names)
        }

        /// Reads `minimum`, `exclusiveMinimum`, `maximum`, `exclusiveMaximum`.
        private static func bounds(_ object: JSONObject, at: (String) -> String) throws(SchemaError) -> [Bound] {
            func number(_ keyword: String) throws(SchemaError) -> JSONNumber? {
                guard let value = object[keyword] else { return nil }
                guard case .number(let number) = value else {
                    throw SchemaError(
                        location: at(keyword),
                        message: "\(keyword) must be a number, got \(value.typeName)"
                    )
                }
                return number
            }
            /// The draft-04 boolean form, or the draft-06+ numeric form.
            func exclusive(_ keyword: String) throws(SchemaError) -> (flag: Bool, limit: JSONNumber?) {
                switch object[keyword] {
                case nil: return (false, nil)
                case .bool(let flag)?: return (flag, nil)
                case .number(let limit)?: return (false, limit)
                case let other?:
                    throw SchemaError(
                        location: at(keyword),
                        message: "\(keyword) must be a number, got \(other.typeName)"
                    )
                }
            }
            var bounds: [Bound] = []
            func add(_ keyword: String, _ limit: JSONNumber, _ relation: Bound.Relation) {
                bounds.append(Bound(keyword: keyword, limit: limit, relation: relation))
            }
            let exclusiveMinimum = try exclusive("exclusiveMinimum")
            let exclusiveMaximum = try exclusive("exclusiveMaximum")
            if let limit = try number("minimum") {
                add("minimum", limit, exclusiveMinimum.flag ? .greaterThan : .atLeast)
            }
            if let limit = exclusiveMinimum.limit {
                add("exclusiveMinimum", limit, .greaterThan)
            }
            if let limit = try number("maximum") {
                add("maximum", limit, exclusiveMaximum.flag ? .lessThan : .atMost)
            }
            if let limit = exclusiveMaximum.limit {
                add("exclusiveMaximum", limit, .lessThan)
            }
            return bounds
        }

        /// Reads a non-negative integer keyword such as `minLength`; huge values saturate at `Int.max`.
        private static func count(
            _ object: JSONObject,
            _ keyword: String,
            at: (String) -> String
        ) throws(SchemaError) -> Int? {
            guard let value = object[keyword] else { return nil }
            guard case .number(let number) = value, number.isMathematicalInteger, !number.decimal.isNegative else {
                throw SchemaError(
                    location: at(keyword),
                    message: "\(keyword) must be a non-negative integer, got \(Describe.value(value))"
                )
            }
            return number.decimal.int64Value.flatMap { Int(exactly: $0) } ?? Int.max
        }

        /// Reads an array of distinct strings (`required`).
        private static func uniqueStrings(
            _ value: JSONValue,
            at location: String,
            keyword: String
        ) throws(SchemaError) -> [String] {
            guard case .array(let elements) = value else {
                throw SchemaError(
                    location: location,
                    message: "\(keyword) must be an array of strings, got \(value.typeName)"
                )
            }
            var strings: [String] = []
            var seen = Set<String>()
            for (position, element) in elements.enumerated() {
                guard case .string(let string) = element else {
                    throw SchemaError(
                        location: location + "/\(position)",
                        message: "\(keyword) entries must be strings, got \(element.typeName)"
                    )
                }
                guard seen.insert(string).inserted else {
                    throw SchemaError(
                        location: location + "/\(position)",
                        message: "\(keyword) lists \(Describe.json(element)) twice"
                    )
                }
                strings.append(string)
            }
            return strings
        }

        /// Throws when an object has the same key twice (which one was meant is ambiguous).
        private static func rejectDuplicateKeys(
            _ object: JSONObject,
            at location: String,
            what: String
        ) throws(SchemaError) {
            if let key = object.duplicateKeys.first {
                throw SchemaError(
                    location: location,
                    message: "\(what) has the key \(Describe.json(.string(key))) more than once"
                )
            }
        }

        /// Throws when a `const`/`enum` value nests deeper than the schema depth limit.
        private static func rejectDeepValue(_ value: JSONValue, at location: String) throws(SchemaError) {
            func exceeds(_ value: JSONValue, _ remaining: Int) -> Bool {
                guard remaining >= 0 else { return true }
                switch value {
                case .array(let elements): return elements.contains { exceeds($0, remaining - 1) }
                case .object(let object): return object.contains { exceeds($0.value, remaining - 1) }
                default: return false
                }
            }
            if exceeds(value, JSONSchema.maximumDepth) {
                throw SchemaError(
                    location: location,
                    message: "value is nested more than \(JSONSchema.maximumDepth) levels deep"
                )
            }
        }
    }
}

// MARK: - Validation

extension JSONSchema {
    /// One step of a JSON Pointer into the instance.
    enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// The state of one validation: where we are in the instance and what was found.
    struct Run {
        /// Stop collecting after this many violations.
        var limit: Int
        var path: [PathComponent] = []
        var violations: [SchemaViolation] = []

        init(limit: Int) {
            self.limit = limit
        }

        /// Whether enough violations were collected.
        var isFull: Bool { violations.count >= limit }

        /// The current instance location as a JSON Pointer.
        var pointer: String {
            var text = ""
            for component in path {
                text += "/"
                switch component {
                case .key(let key): text += SchemaViolation.escapePointerToken(key)
                case .index(let index): text += String(index)
                }
            }
            return text
        }

        /// Records a violation at the current instance location.
        mutating func report(_ keyword: String, at keywordLocation: String, _ message: String) {
            guard !isFull else { return }
            violations.append(
                SchemaViolation(
                    instanceLocation: pointer,
                    keywordLocation: keywordLocation,
                    keyword: keyword,
                    message: message
                )
            )
        }
    }

    /// Validates `instance` against node `index`, appending violations to `run`.
    func check(_ index: Int, _ instance: JSONValue, _ run: inout Run) {
        // Passing the element straight through borrows it instead of copying every field.
        check(node: nodes[index], instance, &run)
    }

    private func check(node: Node, _ instance: JSONValue, _ run: inout Run) {
        if node.rejectsAll {
            run.report(
                "false",
                at: node.location,
                "no value is allowed here (the schema is false), got \(Describe.value(instance))"
            )
            return
        }
        let nullByNullable = node.nullable && instance.isNull
        if let types = node.types, !nullByNullable, !types.matches(instance) {
            var names = node.typeNames
            if node.nullable, !names.contains("null") { names.append("null") }
            run.report(
                "type",
                at: node.location + "/type",
                "expected \(Describe.list(names)), got \(Describe.value(instance))"
            )
        }
        if let constant = node.constant, !instance.semanticallyEquals(constant) {
            run.report(
                "const",
                at: node.location + "/const",
                "expected the constant \(Describe.json(constant)), got \(Describe.value(instance))"
            )
        }
        if let values = node.enumValues, !nullByNullable, !values.contains(where: { instance.semanticallyEquals($0) }) {
            run.report(
                "enum",
                at: node.location + "/enum",
                "expected one of \(Describe.json(.array(values))), got \(Describe.value(instance))"
            )
        }
        switch instance {
        case .number(let number) where !node.bounds.isEmpty:
            checkBounds(node, number, &run)
        case .string(let string) where node.minLength != nil || node.maxLength != nil:
            checkLength(node, string, &run)
        case .array(let elements):
            checkArray(node, elements, &run)
        case .object(let object):
            checkObject(node, object, &run)
        default:
            break
        }
        guard !run.isFull else { return }
        for child in node.allOf {
            check(child, instance, &run)
            if run.isFull { return }
        }
        if !node.anyOf.isEmpty {
            checkAnyOf(node, instance, &run)
        }
        if !node.oneOf.isEmpty {
            checkOneOf(node, instance, &run)
        }
        if let not = node.not, firstViolation(not, instance, &run) == nil {
            run.report(
                "not",
                at: node.location + "/not",
                "expected the value not to match the schema in not, but \(Describe.value(instance)) does"
            )
        }
    }

    private func checkBounds(_ node: Node, _ number: JSONNumber, _ run: inout Run) {
        for bound in node.bounds where !bound.admits(number) {
            let expectation =
                switch bound.relation {
                case .atLeast: "at least"
                case .greaterThan: "more than"
                case .atMost: "at most"
                case .lessThan: "less than"
                }
            run.report(
                bound.keyword,
                at: node.location + "/" + bound.keyword,
                "expected a number \(expectation) \(bound.literal), got \(number.literal)"
            )
        }
    }

    private func checkLength(_ node: Node, _ string: String, _ run: inout Run) {
        let length = string.unicodeScalars.count
        if let minimum = node.minLength, length < minimum {
            run.report(
                "minLength",
                at: node.location + "/minLength",
                "expected at least \(Describe.count(minimum, "character")), got \(length): "
                    + Describe.json(.string(string))
            )
        }
        if let maximum = node.maxLength, length > maximum {
            run.report(
                "maxLength",
                at: node.location + "/maxLength",
                "expected at most \(Describe.count(maximum, "character")), got \(length): "
                    + Describe.json(.string(string))
            )
        }
    }

    private func checkArray(_ node: Node, _ elements: [JSONValue], _ run: inout Run) {
        if let minimum = node.minItems, elements.count < minimum {
            run.report(
                "minItems",
                at: node.location + "/minItems",
                "expected at least \(Describe.count(minimum, "item")), got \(elements.count)"
            )
        }
        if let maximum = node.maxItems, elements.count > maximum {
            run.report(
                "maxItems",
                at: node.location + "/maxItems",
                "expected at most \(Describe.count(maximum, "item")), got \(elements.count)"
            )
        }
        guard !node.prefixItems.isEmpty || node.restItems != nil else { return }
        for (position, element) in elements.enumerated() {
            if run.isFull { return }
            let child: Int
            if position < node.prefixItems.count {
                child = node.prefixItems[position]
            } else if let rest = node.restItems {
                child = rest
            } else {
                return
            }
            run.path.append(.index(position))
            if position >= node.prefixItems.count, nodes[child].rejectsAll {
                let keyword = node.restItemsKeyword
                let allowed = node.prefixItems.count
                run.report(
                    keyword,
                    at: nodes[child].location,
                    "unexpected item at index \(position): only \(Describe.count(allowed, "item")) allowed "
                        + "(\(keyword) is false)"
                )
            } else {
                check(child, element, &run)
            }
            run.path.removeLast()
        }
    }

    private func checkObject(_ node: Node, _ object: JSONObject, _ run: inout Run) {
        let members = MemberView(object)
        if !node.propertyNodes.isEmpty || node.additionalProperties != nil {
            for (key, value) in members.unique {
                if run.isFull { return }
                let declared = node.propertyNode(named: key)
                guard let child = declared ?? node.additionalProperties else { continue }
                run.path.append(.key(key))
                if declared == nil, nodes[child].rejectsAll {
                    run.report(
                        "additionalProperties",
                        at: nodes[child].location,
                        "unexpected property \(Describe.json(.string(key))) (additionalProperties is false)"
                    )
                } else {
                    check(child, value, &run)
                }
                run.path.removeLast()
            }
        }
        for name in node.required where !members.contains(name) {
            run.report(
                "required",
                at: node.location + "/required",
                "missing required property \(Describe.json(.string(name)))"
            )
        }
    }

    private func checkAnyOf(_ node: Node, _ instance: JSONValue, _ run: inout Run) {
        var reasons: [(Int, SchemaViolation)] = []
        for (position, child) in node.anyOf.enumerated() {
            guard let violation = firstViolation(child, instance, &run) else { return }
            reasons.append((position, violation))
        }
        run.report(
            "anyOf",
            at: node.location + "/anyOf",
            "expected a value matching at least one of the \(node.anyOf.count) schemas in anyOf, but "
                + "\(Describe.value(instance)) matches none (\(Describe.reasons(reasons, at: run.pointer)))"
        )
    }

    private func checkOneOf(_ node: Node, _ instance: JSONValue, _ run: inout Run) {
        var reasons: [(Int, SchemaViolation)] = []
        var matches: [Int] = []
        for (position, child) in node.oneOf.enumerated() {
            if let violation = firstViolation(child, instance, &run) {
                reasons.append((position, violation))
            } else {
                matches.append(position)
            }
        }
        let expectation = "expected a value matching exactly one of the \(node.oneOf.count) schemas in oneOf, but"
        if matches.isEmpty {
            run.report(
                "oneOf",
                at: node.location + "/oneOf",
                "\(expectation) \(Describe.value(instance)) matches none "
                    + "(\(Describe.reasons(reasons, at: run.pointer)))"
            )
        } else if matches.count > 1 {
            let which = Describe.list(matches.map { "#\($0)" }, conjunction: "and")
            run.report("oneOf", at: node.location + "/oneOf", "\(expectation) it matches \(matches.count) (\(which))")
        }
    }

    /// The first violation of node `index`, or `nil` when the instance satisfies it; `run` is left unchanged.
    private func firstViolation(_ index: Int, _ instance: JSONValue, _ run: inout Run) -> SchemaViolation? {
        let savedViolations = run.violations
        let savedLimit = run.limit
        run.violations = []
        run.limit = 1
        check(index, instance, &run)
        let first = run.violations.first
        run.violations = savedViolations
        run.limit = savedLimit
        return first
    }

    /// An object's members with duplicates resolved the way lookups resolve them (the last one wins).
    struct MemberView {
        /// Each key once, in order of first appearance, with its winning value.
        let unique: [(key: String, value: JSONValue)]
        /// Key lookup for large objects.
        private let index: Set<String>?

        /// Objects up to this size are searched linearly, avoiding hashing.
        private static let linearLimit = 16

        init(_ object: JSONObject) {
            let members = object.members
            if members.count <= MemberView.linearLimit {
                var unique: [(key: String, value: JSONValue)] = []
                unique.reserveCapacity(members.count)
                for member in members {
                    if let existing = unique.firstIndex(where: { $0.key == member.key }) {
                        unique[existing].value = member.value
                    } else {
                        unique.append((member.key, member.value))
                    }
                }
                self.unique = unique
                self.index = nil
            } else {
                var positions: [String: Int] = [:]
                var unique: [(key: String, value: JSONValue)] = []
                for member in members {
                    if let existing = positions[member.key] {
                        unique[existing].value = member.value
                    } else {
                        positions[member.key] = unique.count
                        unique.append((member.key, member.value))
                    }
                }
                self.unique = unique
                self.index = Set(positions.keys)
            }
        }

        /// Whether the object has a member named `key`.
        func contains(_ key: String) -> Bool {
            if let index { return index.contains(key) }
            return unique.contains { $0.key == key }
        }
    }
}

// MARK: - Messages

extension JSONSchema {
    /// Short, bounded renderings of values for violation messages.
    enum Describe {
        /// Longest rendering of a value before it is cut with `…`.
        static let maximumLength = 80

        /// `string "5"`, `number 1.5`, `null`, `object {"a":1}` — the type name, then the value.
        static func value(_ value: JSONValue) -> String {
            if case .null = value { return "null" }
            return "\(value.typeName) \(json(value))"
        }

        /// Compact JSON, cut with `…` past ``maximumLength`` characters.
        static func json(_ value: JSONValue) -> String {
            var renderer = Renderer(budget: maximumLength)
            renderer.render(value, depth: 0)
            return renderer.result
        }

        /// `"string"`, `"string or null"`, `"string, number or null"`.
        static func list(_ items: [String], conjunction: String = "or") -> String {
            guard let last = items.last else { return "nothing" }
            guard items.count > 1 else { return last }
            return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
        }

        /// `1 item`, `3 items`.
        static func count(_ count: Int, _ noun: String) -> String {
            count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
        }

        /// Why each alternative of `anyOf`/`oneOf` failed, bounded in length.
        static func reasons(_ reasons: [(Int, SchemaViolation)], at pointer: String) -> String {
            let shown = 4
            var parts: [String] = []
            for (position, violation) in reasons.prefix(shown) {
                let place = violation.instanceLocation == pointer ? "" : "at \(violation.instanceLocation): "
                parts.append("#\(position): " + truncated(place + violation.message, to: 160))
            }
            if reasons.count > shown { parts.append("…") }
            return parts.joined(separator: "; ")
        }

        private static func truncated(_ text: String, to length: Int) -> String {
            guard text.count > length else { return text }
            return String(text.prefix(length - 1)) + "…"
        }

        /// Writes compact JSON into a bounded buffer.
        private struct Renderer {
            var text = ""
            var budget: Int
            /// Whether anything was left out.
            var isCut = false

            /// The rendering, ending in `…` when something was left out.
            var result: String { isCut && !text.hasSuffix("…") ? text + "…" : text }

            mutating func emit(_ piece: String) {
                guard budget > 0 else {
                    isCut = isCut || !piece.isEmpty
                    return
                }
                let length = piece.count
                if length <= budget {
                    text += piece
                    budget -= length
                } else {
                    text += piece.prefix(budget)
                    budget = 0
                    isCut = true
                }
            }

            mutating func render(_ value: JSONValue, depth: Int) {
                switch value {
                case .null: emit("null")
                case .bool(let flag): emit(flag ? "true" : "false")
                case .number(let number): emit(number.literal)
                case .string(let string): emit(Describe.quoted(string, limit: budget + 1))
                case .array(let elements):
                    guard depth < 8 else { return emit("[…]") }
                    emit("[")
                    for (position, element) in elements.enumerated() {
                        if budget <= 0 { return emit("]") }
                        if position > 0 { emit(",") }
                        render(element, depth: depth + 1)
                    }
                    emit("]")
                case .object(let object):
                    guard depth < 8 else { return emit("{…}") }
                    emit("{")
                    for (position, member) in object.enumerated() {
                        if budget <= 0 { return emit("}") }
                        if position > 0 { emit(",") }
                        emit(Describe.quoted(member.key, limit: budget + 1) + ":")
                        render(member.value, depth: depth + 1)
                    }
                    emit("}")
                }
            }
        }

        /// A JSON string literal; stops escaping once it is longer than `limit` (the caller cuts it).
        private static func quoted(_ string: String, limit: Int) -> String {
            var result = "\""
            var length = 1
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                case "\r": result += "\\r"
                case "\t": result += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default:
                    result.unicodeScalars.append(scalar)
                }
                length += 1
                if length > limit { return result }
            }
            return result + "\""
        }
    }
}
