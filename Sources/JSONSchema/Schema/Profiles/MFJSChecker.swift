/// The MFJS pass behind ``MFJSProfile/violations(in:)``.
///
/// It collects the subschemas MFJS knows (`properties`, `items`, `additionalProperties`, `anyOf`, root `$defs`)
/// with an explicit stack, checks each one's keywords on the way (document order), then checks every number,
/// and finally the rules that need the whole reference graph (``checkGraph()`` in `MFJSChecker+Graph.swift`).
/// Nothing recurses on the schema, so its nesting cannot exhaust the stack.
struct MFJSChecker {
    /// Where a subschema sits in its parent.
    enum Slot {
        case root
        case property(String)
        case items
        case additionalProperties
        case anyOfBranch
        case definition(String)

        /// Whether MFJS lets a subschema here be `true` or `false`.
        var allowsBoolean: Bool {
            if case .additionalProperties = self { return true }
            return false
        }
    }

    /// One subschema (an object or a boolean) and its MFJS children, by index into ``nodes``.
    struct Node {
        var pointer: String
        var isObject: Bool
        /// The value of a boolean subschema.
        var booleanValue = true
        /// `type` as a list, `nil` without `type`.
        var types: [String]?
        var properties: [(name: String, node: Int)] = []
        var required: [String] = []
        var items: Int?
        var anyOf: [Int] = []
        var additionalProperties: Int?
        var definitions: [Int] = []
        var reference: String?
        /// The node `reference` resolves to, set by the graph pass.
        var target: Int?

        /// The property subschemas by name (the last one for a repeated name).
        var propertyNodes: [String: Int] {
            Dictionary(properties.map { ($0.name, $0.node) }, uniquingKeysWith: { _, last in last })
        }
    }

    /// The types a scalar `enum` may go with.
    static let scalarTypes: Set<String> = ["string", "number", "integer", "boolean", "null"]
    /// Keywords that belong to one type family, and the types they apply to.
    static let typeSpecificKeywords: [String: Set<String>] = [
        "properties": ["object"], "required": ["object"], "additionalProperties": ["object"],
        "items": ["array"], "minItems": ["array"], "maxItems": ["array"],
        "minLength": ["string"], "maxLength": ["string"], "pattern": ["string"],
        "minimum": ["number", "integer"], "maximum": ["number", "integer"],
    ]
    /// Keywords that only annotate and may stand beside anything.
    static let annotations: Set<String> = ["description", "title"]
    /// Keywords allowed only in the root schema.
    static let rootOnly: Set<String> = ["$defs", "$id"]
    /// Property names MFJS reserves.
    static let reservedPropertyNames: Set<String> = ["$defs", "$ref", "anyOf", "required", "additionalProperties"]

    let limits: MFJSProfile.Limits
    var nodes: [Node] = []
    /// Node index by JSON Pointer, for `$ref` resolution.
    var nodeAtPointer: [String: Int] = [:]
    var violations: [ToolSchemaViolation] = []
    var propertyCount = 0

    init(limits: MFJSProfile.Limits) {
        self.limits = limits
    }

    /// Runs every rule.
    /// - Parameter schema: The schema.
    /// - Returns: The violations: local rules in document order, then number range, then the graph rules.
    mutating func check(_ schema: JSONValue) -> [ToolSchemaViolation] {
        collect(schema)
        checkNumbers(schema)
        if nodes.first?.isObject == true {
            checkGraph()
        }
        return violations
    }

    mutating func report(_ rule: ToolSchemaRule, _ location: String, _ message: String) {
        violations.append(ToolSchemaViolation(rule: rule, location: location, message: message))
    }

    // MARK: Collecting and local rules

    /// Walks the subschemas in document order (pre-order, explicit stack) and checks each.
    private mutating func collect(_ schema: JSONValue) {
        var stack: [(value: JSONValue, pointer: String, slot: Slot, parent: Int?)] = [(schema, "", .root, nil)]
        while let (value, pointer, slot, parent) = stack.popLast() {
            let index = nodes.count
            checkName(slot, at: pointer)
            var node = Node(pointer: pointer, isObject: false)
            var children: [(value: JSONValue, pointer: String, slot: Slot)] = []
            switch value {
            case .object(let object):
                node.isObject = true
                checkObject(object, into: &node, children: &children)
            case .bool(let flag):
                node.booleanValue = flag
                if !slot.allowsBoolean {
                    report(
                        .mfjsBooleanSchema,
                        pointer,
                        "The subschema is \(flag); MFJS needs an object schema here (only additionalProperties may be "
                            + "true or false)."
                    )
                }
            default:
                // Not a schema; the draft's own rules reject it. Kept as an empty node so indices stay aligned.
                break
            }
            nodes.append(node)
            nodeAtPointer[pointer] = index
            if let parent {
                switch slot {
                case .root: break
                case .property(let name): nodes[parent].properties.append((name, index))
                case .items: nodes[parent].items = index
                case .additionalProperties: nodes[parent].additionalProperties = index
                case .anyOfBranch: nodes[parent].anyOf.append(index)
                case .definition: nodes[parent].definitions.append(index)
                }
            }
            for child in children.reversed() {
                stack.append((child.value, child.pointer, child.slot, index))
            }
        }
    }

    /// Checks the name a property or definition is declared under.
    private mutating func checkName(_ slot: Slot, at pointer: String) {
        switch slot {
        case .property(let name):
            if name.isEmpty {
                report(.mfjsEmptyName, pointer, "A property name is empty.")
            } else if name.contains("/"), pointer.hasPrefix("/$defs/") {
                report(
                    .mfjsSlashInName,
                    pointer,
                    "Property \"\(name)\" inside $defs contains '/', which MFJS does not allow there."
                )
            } else if Self.reservedPropertyNames.contains(name) {
                report(
                    .mfjsReservedPropertyName,
                    pointer,
                    "A property may not be named \"\(name)\": MFJS reserves it for the keyword."
                )
            }
        case .definition(let name):
            if name.isEmpty {
                report(.mfjsEmptyName, pointer, "A $defs name is empty.")
            } else if name.contains("/") {
                report(.mfjsSlashInName, pointer, "$defs name \"\(name)\" contains '/'.")
            }
        default:
            break
        }
    }

    /// Checks one object schema's keywords and lists its MFJS subschemas.
    private mutating func checkObject(
        _ object: JSONObject,
        into node: inout Node,
        children: inout [(value: JSONValue, pointer: String, slot: Slot)]
    ) {
        let pointer = node.pointer
        let isRoot = pointer.isEmpty
        var keys: [String] = []
        var seen = Set<String>()
        for member in object where seen.insert(member.key).inserted { keys.append(member.key) }

        switch object["type"] {
        case .string(let name): node.types = [name]
        case .array(let names): node.types = names.compactMap(\.stringValue)
        default: break
        }
        let types = node.types.map(Set.init)
        let typeList = node.types?.joined(separator: ", ") ?? ""

        // Keywords for a type the schema does not declare.
        let known = keys.filter { MFJSProfile.keywords.contains($0) }
        let mismatched = Set(
            known.filter { key in
                guard let applies = Self.typeSpecificKeywords[key], let types else { return false }
                return applies.isDisjoint(with: types)
            }
        )

        // Several types: nothing type-specific beside them.
        if let types, types.count > 1 {
            var allowed = Self.annotations.union(["type", "enum", "$ref", "anyOf"])
            if isRoot { allowed.formUnion(Self.rootOnly) }
            let extra = known.filter { !allowed.contains($0) && !mismatched.contains($0) }
            if !extra.isEmpty {
                report(
                    .mfjsMultipleTypes,
                    pointer,
                    "With several types (\(typeList)) only type, description, title and enum may appear; found "
                        + "\(extra.joined(separator: ", ")). Use anyOf with one type per branch."
                )
            }
        }

        // Keywords one by one.
        for key in keys {
            let location = pointer + "/" + SchemaViolation.escapePointerToken(key)
            guard MFJSProfile.keywords.contains(key) else {
                let hint = key == "patternProperties" ? " (declare the names in properties instead)" : ""
                report(.mfjsUnsupportedKeyword, location, "\(key) is not an MFJS keyword\(hint).")
                continue
            }
            if Self.rootOnly.contains(key), !isRoot {
                report(.mfjsRootOnlyKeyword, location, "\(key) may appear only in the root schema.")
            }
            if mismatched.contains(key), let applies = Self.typeSpecificKeywords[key] {
                report(
                    .mfjsKeywordTypeMismatch,
                    location,
                    "\(key) applies to \(applies.sorted().joined(separator: "/")) values, but type is \(typeList)."
                )
            }
        }

        // $ref and anyOf stand alone.
        var alone: Set<String> = Self.annotations
        if isRoot { alone.formUnion(Self.rootOnly) }
        if object["$ref"] != nil {
            let extra = known.filter { $0 != "$ref" && !alone.contains($0) }
            if !extra.isEmpty {
                report(
                    .mfjsRefSiblings,
                    pointer,
                    "$ref must stand alone (description and title aside); found \(extra.joined(separator: ", ")) "
                        + "beside it. Move them into the referenced schema."
                )
            }
            if let reference = object["$ref"]?.stringValue {
                node.reference = reference
                if reference != "#", !reference.hasPrefix("#/$defs/") {
                    report(
                        .mfjsRefTarget,
                        pointer + "/$ref",
                        "$ref \"\(reference)\" must be \"#\" or point into the root $defs (\"#/$defs/…\")."
                    )
                }
            }
        }
        if let branches = object["anyOf"]?.arrayValue {
            let extra = known.filter { $0 != "anyOf" && !alone.contains($0) }
            if !extra.isEmpty {
                report(
                    .mfjsAnyOfSiblings,
                    pointer,
                    "anyOf must stand alone (description and title aside); found \(extra.joined(separator: ", ")) "
                        + "beside it. Put type and the other keywords into each branch."
                )
            }
            if branches.count > limits.maximumAnyOfBranches {
                report(
                    .mfjsAnyOfSize,
                    pointer + "/anyOf",
                    "anyOf has \(branches.count) branches; MFJS allows at most \(limits.maximumAnyOfBranches)."
                )
            }
        }

        if let values = object["enum"]?.arrayValue {
            checkEnum(values, types: node.types, at: pointer + "/enum")
        }
        checkBounds(object, types: types, at: pointer)

        // Names.
        let declared = object["properties"]?.objectValue
        if let declared {
            var names = Set<String>()
            for member in declared where names.insert(member.key).inserted {
                propertyCount += 1
                let location = pointer + "/properties/" + SchemaViolation.escapePointerToken(member.key)
                children.append((member.value, location, .property(member.key)))
            }
        }
        let declaredNames = Set(declared?.keys ?? [])
        if let names = object["required"]?.arrayValue, !mismatched.contains("required") {
            for (position, name) in names.enumerated() {
                guard let name = name.stringValue else { continue }
                node.required.append(name)
                let location = pointer + "/required/\(position)"
                if name.isEmpty {
                    report(.mfjsEmptyName, location, "A required property name is empty.")
                } else if declared == nil {
                    report(
                        .mfjsRequiredUndeclared,
                        location,
                        "\"\(name)\" is required but the schema has no properties; declare it in properties."
                    )
                } else if !declaredNames.contains(name) {
                    report(
                        .mfjsRequiredUndeclared,
                        location,
                        "\"\(name)\" is required but not declared in properties."
                    )
                }
            }
        }
        // Children, in document order of their keywords.
        if let items = object["items"], !mismatched.contains("items") {
            children.append((items, pointer + "/items", .items))
        }
        if let additional = object["additionalProperties"] {
            children.append((additional, pointer + "/additionalProperties", .additionalProperties))
        }
        if let branches = object["anyOf"]?.arrayValue {
            for (position, branch) in branches.enumerated() {
                children.append((branch, pointer + "/anyOf/\(position)", .anyOfBranch))
            }
        }
        if isRoot, let definitions = object["$defs"]?.objectValue {
            var names = Set<String>()
            for member in definitions where names.insert(member.key).inserted {
                let location = "/$defs/" + SchemaViolation.escapePointerToken(member.key)
                children.append((member.value, location, .definition(member.key)))
            }
        }
        // Keep the children in the order their keywords appear in the object.
        let order = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        children = children.enumerated().sorted { lhs, rhs in
            let left = order[Self.keyword(of: lhs.element.slot)] ?? 0
            let right = order[Self.keyword(of: rhs.element.slot)] ?? 0
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The keyword a child slot hangs from.
    private static func keyword(of slot: Slot) -> String {
        switch slot {
        case .root: ""
        case .property: "properties"
        case .items: "items"
        case .additionalProperties: "additionalProperties"
        case .anyOfBranch: "anyOf"
        case .definition: "$defs"
        }
    }
}
