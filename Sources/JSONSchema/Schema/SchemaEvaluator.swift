/// Evaluates an instance against a compiled ``JSONSchema``.
///
/// Two modes: *collecting* records every violation with its locations and message; otherwise evaluation
/// stops at the first failure and builds nothing (used by ``JSONSchema/isValid(_:)`` and inside `anyOf`,
/// `oneOf`, `not`, `if`, `contains` and `propertyNames`, whose alternatives only need a yes or no). Paths are
/// kept as token stacks and rendered only when a violation is recorded.
struct SchemaEvaluator {
    /// One step into the instance.
    private enum InstanceToken {
        case key(String)
        case index(Int)
    }

    /// The compiled schema.
    private let program: SchemaProgram
    private let tracksDynamicScope: Bool
    private let maximumDepth: Int

    /// Whether violations are being recorded.
    private var collecting: Bool
    /// Stop recording after this many violations.
    private var limit = Int.max
    /// The violations recorded so far.
    private(set) var violations: [SchemaViolation] = []
    private var instancePath: [InstanceToken] = []
    private var keywordPath: [String] = []
    /// Resources entered, outermost first (only when `$dynamicRef` is used).
    private var dynamicScope: [Int] = []
    private var depth = 0

    init(program: SchemaProgram, collecting: Bool) {
        self.program = program
        tracksDynamicScope = program.tracksDynamicScope
        maximumDepth = program.maximumEvaluationDepth
        self.collecting = collecting
        if tracksDynamicScope { dynamicScope = [program.rootResource] }
    }

    private var isFull: Bool { violations.count >= limit }

    // MARK: Paths and reporting

    private mutating func push(_ token: String) {
        if collecting { keywordPath.append(token) }
    }

    private mutating func pop() {
        if collecting { keywordPath.removeLast() }
    }

    private mutating func push(key: String) {
        if collecting { instancePath.append(.key(key)) }
    }

    private mutating func push(index: Int) {
        if collecting { instancePath.append(.index(index)) }
    }

    private mutating func popInstance() {
        if collecting { instancePath.removeLast() }
    }

    private var instancePointer: String {
        var text = ""
        for token in instancePath {
            text += "/"
            switch token {
            case .key(let key): text += SchemaViolation.escapePointerToken(key)
            case .index(let index): text += String(index)
            }
        }
        return text
    }

    private var keywordPointer: String {
        keywordPath.isEmpty ? "" : "/" + keywordPath.joined(separator: "/")
    }

    /// Records a violation of `keyword` at the current locations (`token` is the keyword's own pointer
    /// token, or `nil` when the violation is the current schema itself, as for `false`).
    private mutating func report(
        _ keyword: String,
        token: String?,
        in node: Int,
        _ message: @autoclosure () -> String
    ) {
        guard collecting, !isFull else { return }
        var keywordLocation = keywordPointer
        var absolute = program.locations.text(of: node, evaluationPath: keywordLocation)
        if let token {
            keywordLocation += "/" + token
            absolute += "/" + token
        }
        violations.append(
            SchemaViolation(
                instanceLocation: instancePointer,
                keywordLocation: keywordLocation,
                keyword: keyword,
                message: message(),
                absoluteKeywordLocation: absolute
            )
        )
    }

    @inline(never)
    private mutating func reportFalse(_ node: Int, _ instance: JSONValue) {
        report(
            "false",
            token: nil,
            in: node,
            "no value is allowed here (the schema is false), got \(SchemaDescribe.value(instance))"
        )
    }

    @inline(never)
    private mutating func reportTooDeep(_ node: Int) {
        let limit = maximumDepth
        report(
            "$ref",
            token: nil,
            in: node,
            "evaluation nested more than \(limit) levels deep; the value is too deep to check"
        )
    }

    /// Reports an element rejected by a `false` schema (`items`, `additionalItems`, `unevaluatedItems`).
    @inline(never)
    private mutating func reportUnexpected(
        index: Int,
        keyword: String,
        in node: Int,
        _ message: @autoclosure () -> String
    ) {
        push(index: index)
        report(keyword, token: keyword, in: node, message())
        popInstance()
    }

    /// Reports a member rejected by a `false` schema (`additionalProperties`, `unevaluatedProperties`).
    @inline(never)
    private mutating func reportUnexpected(key: String, keyword: String, in node: Int) {
        push(key: key)
        report(
            keyword,
            token: keyword,
            in: node,
            "unexpected property \(SchemaDescribe.json(.string(key))) (\(keyword) is false)"
        )
        popInstance()
    }

    // MARK: Nodes

    /// Evaluates node `index` against `instance`; collects annotations into `annotations` when it is not
    /// `nil` (and the node is valid).
    mutating func evaluate(_ index: Int, _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        let node = program.nodes[index]
        switch node.kind {
        case .acceptsAll:
            return true
        case .rejectsAll:
            reportFalse(index, instance)
            return false
        case .keywords:
            break
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= maximumDepth else {
            reportTooDeep(index)
            return false
        }
        var enteredResource = false
        if tracksDynamicScope, dynamicScope.last != node.resource {
            dynamicScope.append(node.resource)
            enteredResource = true
        }
        defer { if enteredResource { dynamicScope.removeLast() } }
        var local: SchemaAnnotations? = annotations != nil || node.collectsAnnotations ? SchemaAnnotations() : nil
        var valid = true
        for position in node.keywords {
            if !evaluate(program.keywords[position], of: index, instance, &local) {
                valid = false
                if !collecting || isFull { return false }
            }
        }
        // Annotations of a failed schema are dropped where that matters for validity (anyOf, oneOf, if, not and
        // contains only merge passing branches); passing them up otherwise only keeps unevaluated* from adding
        // noise to a result that is already invalid.
        if let local { annotations?.merge(local) }
        return valid
    }

    /// Evaluates a child in place (same instance) under keyword tokens, merging its annotations when valid.
    /// The tokens are only computed when violations are being recorded.
    private mutating func applyInPlace(
        _ child: Int,
        _ instance: JSONValue,
        _ first: String,
        _ second: @autoclosure () -> String? = nil,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        let mark = keywordPath.count
        if collecting {
            keywordPath.append(first)
            if let second = second() { keywordPath.append(second) }
        }
        var childAnnotations: SchemaAnnotations? = annotations != nil ? SchemaAnnotations() : nil
        let valid = evaluate(child, instance, &childAnnotations)
        if keywordPath.count > mark { keywordPath.removeLast(keywordPath.count - mark) }
        if let childAnnotations { annotations?.merge(childAnnotations) }
        return valid
    }

    /// Evaluates a child against a member or element of the instance. The tokens are only computed when
    /// violations are being recorded.
    private mutating func applyToPart(
        _ child: Int,
        _ part: JSONValue,
        key: String? = nil,
        index: Int = 0,
        _ first: String,
        _ second: @autoclosure () -> String? = nil
    ) -> Bool {
        let mark = keywordPath.count
        let tracked = collecting
        if tracked {
            if let key { instancePath.append(.key(key)) } else { instancePath.append(.index(index)) }
            keywordPath.append(first)
            if let second = second() { keywordPath.append(second) }
        }
        var none: SchemaAnnotations?
        let valid = evaluate(child, part, &none)
        if tracked {
            keywordPath.removeLast(keywordPath.count - mark)
            instancePath.removeLast()
        }
        return valid
    }

    /// Whether `child` accepts `instance`, without recording anything; collects annotations if asked.
    private mutating func quietly(
        _ child: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        let saved = collecting
        collecting = false
        let valid = evaluate(child, instance, &annotations)
        collecting = saved
        return valid
    }

    /// The first violation `child` reports for `instance` (evaluated under the given keyword tokens).
    private mutating func firstViolation(
        _ child: Int,
        _ instance: JSONValue,
        _ first: String,
        _ second: String?
    ) -> SchemaViolation? {
        let saved = (collecting, limit, violations)
        collecting = true
        limit = 1
        violations = []
        push(first)
        if let second { push(second) }
        var none: SchemaAnnotations?
        _ = evaluate(child, instance, &none)
        if second != nil { pop() }
        pop()
        let found = violations.first
        (collecting, limit, violations) = saved
        return found
    }

    // MARK: Keywords

    /// Dispatches one keyword. Applicators (keywords with subschemas) each get their own function and the
    /// assertions share ``evaluateAssertion(_:of:_:)``, so the frames on the recursive path stay small.
    private mutating func evaluate(
        _ keyword: SchemaKeyword,
        of node: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        switch keyword {
        case .items(let items):
            return evaluateItems(items, of: node, instance, &annotations)
        case .contains(let child, let minimum, let maximum, let minimumKeyword, let maximumKeyword):
            return evaluateContains(
                child,
                minimum: minimum,
                maximum: maximum,
                minimumKeyword: minimumKeyword,
                maximumKeyword: maximumKeyword,
                of: node,
                instance,
                &annotations
            )
        case .unevaluatedItems(let child):
            return evaluateUnevaluatedItems(child, of: node, instance, &annotations)
        case .members(let members):
            return evaluateMembers(members, of: node, instance, &annotations)
        case .dependentSchemas(let entries, let keyword):
            return evaluateDependentSchemas(entries, keyword: keyword, instance, &annotations)
        case .propertyNames(let child):
            return evaluatePropertyNames(child, of: node, instance)
        case .unevaluatedProperties(let child):
            return evaluateUnevaluatedProperties(child, of: node, instance, &annotations)
        case .allOf(let children):
            return evaluateAllOf(children, instance, &annotations)
        case .anyOf(let children):
            return evaluateAnyOf(children, of: node, instance, &annotations)
        case .oneOf(let children):
            return evaluateOneOf(children, of: node, instance, &annotations)
        case .not(let child):
            return evaluateNot(child, of: node, instance)
        case .conditional(let condition, let then, let otherwise):
            return evaluateConditional(condition, then: then, otherwise: otherwise, instance, &annotations)
        case .reference(let target, let keyword):
            return applyInPlace(target, instance, keyword, nil, &annotations)
        case .dynamicReference(let target, let anchor):
            return evaluateDynamicReference(target, anchor: anchor, instance, &annotations)
        default:
            return evaluateAssertion(keyword, of: node, instance)
        }
    }

    /// The keywords that only test the instance itself (no subschemas), kept out of the recursive path so
    /// deep evaluation uses little stack.
    @inline(never)
    private mutating func evaluateAssertion(_ keyword: SchemaKeyword, of node: Int, _ instance: JSONValue)
        -> Bool
    {
        switch keyword {
        case .type(let types, let nullable):
            if types.set.matches(instance) || (nullable && instance.isNull) { return true }
            var expected = types.names
            if nullable, !expected.contains("null") { expected.append("null") }
            report(
                "type",
                token: "type",
                in: node,
                "expected \(SchemaDescribe.list(expected)), got \(SchemaDescribe.value(instance))"
            )
            return false
        case .constant(let set):
            if set.contains(instance) { return true }
            report(
                "const",
                token: "const",
                in: node,
                "expected the constant \(SchemaDescribe.json(set.value)), got \(SchemaDescribe.value(instance))"
            )
            return false
        case .enumeration(let set, let nullable):
            if set.contains(instance) || (nullable && instance.isNull) { return true }
            report(
                "enum",
                token: "enum",
                in: node,
                "expected one of \(SchemaDescribe.json(set.value)), got \(SchemaDescribe.value(instance))"
            )
            return false
        case .bound(let bound):
            guard case .number(let number) = instance, !bound.admits(number) else { return true }
            report(
                bound.keyword,
                token: bound.keyword,
                in: node,
                "expected a number \(bound.phrase) \(bound.literal), got \(number.literal)"
            )
            return false
        case .multipleOf(let divisor, let literal):
            guard case .number(let number) = instance else { return true }
            let decided = number.decimal.isMultiple(of: divisor)
            let quotient = number.doubleValue / (Double(literal) ?? 1)
            if decided ?? (quotient.isFinite && quotient == quotient.rounded()) { return true }
            report(
                "multipleOf",
                token: "multipleOf",
                in: node,
                "expected a multiple of \(literal), got \(number.literal)"
            )
            return false
        case .minLength(let minimum):
            guard case .string(let string) = instance else { return true }
            let length = string.unicodeScalars.count
            guard length < minimum else { return true }
            report(
                "minLength",
                token: "minLength",
                in: node,
                "expected at least \(SchemaDescribe.count(minimum, "character")), got \(length): "
                    + SchemaDescribe.json(instance)
            )
            return false
        case .maxLength(let maximum):
            guard case .string(let string) = instance else { return true }
            // Count no further than needed: a long string against a small maximum stays cheap.
            var length = 0
            for _ in string.unicodeScalars {
                length += 1
                if length > maximum { break }
            }
            guard length > maximum else { return true }
            let total = string.unicodeScalars.count
            report(
                "maxLength",
                token: "maxLength",
                in: node,
                "expected at most \(SchemaDescribe.count(maximum, "character")), got \(total): "
                    + SchemaDescribe.json(instance)
            )
            return false
        case .pattern(let regex):
            guard case .string(let string) = instance else { return true }
            switch regex.search(string) {
            case .match:
                return true
            case .noMatch:
                report(
                    "pattern",
                    token: "pattern",
                    in: node,
                    "expected a string matching \(SchemaDescribe.json(.string(regex.source))), got "
                        + SchemaDescribe.json(instance)
                )
            case .budgetExhausted:
                report(
                    "pattern",
                    token: "pattern",
                    in: node,
                    "could not decide within the step budget whether \(SchemaDescribe.json(instance)) matches "
                        + "\(SchemaDescribe.json(.string(regex.source))); treated as not matching"
                )
            }
            return false
        case .format(let format):
            guard case .string(let string) = instance, !format.isValid(string) else { return true }
            report(
                "format",
                token: "format",
                in: node,
                "expected a valid \(format.rawValue), got \(SchemaDescribe.json(instance))"
            )
            return false
        case .content(let base64, let json):
            guard case .string(let string) = instance else { return true }
            var text: [UInt8]? = Array(string.utf8)
            if base64 { text = Self.decodeBase64(string) }
            guard let bytes = text else {
                report(
                    "contentEncoding",
                    token: "contentEncoding",
                    in: node,
                    "expected base64 text, got \(SchemaDescribe.json(instance))"
                )
                return false
            }
            if json, (try? JSONValue.parse(bytes: bytes)) == nil {
                report(
                    "contentMediaType",
                    token: "contentMediaType",
                    in: node,
                    "expected a JSON document, got \(SchemaDescribe.json(instance))"
                )
                return false
            }
            return true
        case .minItems(let minimum):
            guard case .array(let elements) = instance, elements.count < minimum else { return true }
            report(
                "minItems",
                token: "minItems",
                in: node,
                "expected at least \(SchemaDescribe.count(minimum, "item")), got \(elements.count)"
            )
            return false
        case .maxItems(let maximum):
            guard case .array(let elements) = instance, elements.count > maximum else { return true }
            report(
                "maxItems",
                token: "maxItems",
                in: node,
                "expected at most \(SchemaDescribe.count(maximum, "item")), got \(elements.count)"
            )
            return false
        case .uniqueItems:
            guard case .array(let elements) = instance, let (first, second) = Self.duplicate(in: elements) else {
                return true
            }
            report(
                "uniqueItems",
                token: "uniqueItems",
                in: node,
                "expected unique items, but items \(first) and \(second) are equal: "
                    + SchemaDescribe.json(elements[first])
            )
            return false
        case .required(let names):
            guard case .object(let object) = instance else { return true }
            var valid = true
            let lookup = KeyPresence(object)
            for name in names where !lookup.contains(name) {
                valid = false
                if !collecting { return false }
                report(
                    "required",
                    token: "required",
                    in: node,
                    "missing required property \(SchemaDescribe.json(.string(name)))"
                )
            }
            return valid
        case .dependentRequired(let entries, let keyword):
            guard case .object(let object) = instance else { return true }
            var valid = true
            let lookup = KeyPresence(object)
            for entry in entries where lookup.contains(entry.name) {
                for name in entry.required where !lookup.contains(name) {
                    valid = false
                    if !collecting { return false }
                    report(
                        keyword,
                        token: keyword,
                        in: node,
                        "property \(SchemaDescribe.json(.string(entry.name))) requires property "
                            + "\(SchemaDescribe.json(.string(name))), which is missing"
                    )
                }
            }
            return valid
        case .minProperties(let minimum):
            guard case .object(let object) = instance else { return true }
            let count = MemberLookup(object).count
            guard count < minimum else { return true }
            report(
                "minProperties",
                token: "minProperties",
                in: node,
                "expected at least \(SchemaDescribe.count(minimum, "property")), got \(count)"
            )
            return false
        case .maxProperties(let maximum):
            guard case .object(let object) = instance else { return true }
            let count = MemberLookup(object).count
            guard count > maximum else { return true }
            report(
                "maxProperties",
                token: "maxProperties",
                in: node,
                "expected at most \(SchemaDescribe.count(maximum, "property")), got \(count)"
            )
            return false
        default:
            return true
        }
    }

    @inline(never)
    private mutating func evaluateDependentSchemas(
        _ entries: [(name: String, token: String, node: Int)],
        keyword: String,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        let lookup = KeyPresence(object)
        for entry in entries where lookup.contains(entry.name) {
            if !applyInPlace(entry.node, instance, keyword, entry.token, &annotations) {
                valid = false
                if !collecting || isFull { return false }
            }
        }
        return valid
    }

    @inline(never)
    private mutating func evaluateAllOf(
        _ children: [Int],
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        var valid = true
        for position in children.indices
        where !applyInPlace(children[position], instance, "allOf", String(position), &annotations) {
            valid = false
            if !collecting || isFull { return false }
        }
        return valid
    }

    @inline(never)
    private mutating func evaluateNot(_ child: Int, of node: Int, _ instance: JSONValue) -> Bool {
        var none: SchemaAnnotations?
        guard quietly(child, instance, &none) else { return true }
        report(
            "not",
            token: "not",
            in: node,
            "expected the value not to match the schema in not, but \(SchemaDescribe.value(instance)) does"
        )
        return false
    }

    @inline(never)
    private mutating func evaluateConditional(
        _ condition: Int,
        then: Int?,
        otherwise: Int?,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        if then == nil && otherwise == nil && annotations == nil { return true }
        var conditionAnnotations: SchemaAnnotations? = annotations != nil ? SchemaAnnotations() : nil
        if quietly(condition, instance, &conditionAnnotations) {
            if let conditionAnnotations { annotations?.merge(conditionAnnotations) }
            guard let then else { return true }
            return applyInPlace(then, instance, "then", nil, &annotations)
        }
        guard let otherwise else { return true }
        return applyInPlace(otherwise, instance, "else", nil, &annotations)
    }

    @inline(never)
    private mutating func evaluateDynamicReference(
        _ target: Int,
        anchor: String?,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        var resolved = target
        if let anchor {
            for resource in dynamicScope {
                if let candidate = program.resources[resource].dynamicAnchors[anchor] {
                    resolved = candidate
                    break
                }
            }
        }
        return applyInPlace(resolved, instance, "$dynamicRef", nil, &annotations)
    }

    // MARK: Arrays

    @inline(never)
    private mutating func evaluateItems(
        _ items: SchemaItemsKeyword,
        of node: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        for (position, element) in elements.enumerated() {
            let childValid: Bool
            if position < items.prefix.count {
                childValid = applyToPart(
                    items.prefix[position],
                    element,
                    index: position,
                    items.prefixKeyword,
                    String(position)
                )
            } else if let rest = items.rest {
                if program.nodes[rest].kind == .rejectsAll {
                    reportUnexpected(
                        index: position,
                        keyword: items.restKeyword,
                        in: node,
                        "unexpected item at index \(position): only "
                            + "\(SchemaDescribe.count(items.prefix.count, "item")) allowed "
                            + "(\(items.restKeyword) is false)"
                    )
                    childValid = false
                } else {
                    childValid = applyToPart(rest, element, index: position, items.restKeyword)
                }
            } else {
                break
            }
            if !childValid {
                valid = false
                if !collecting || isFull { return false }
            }
        }
        if var covered = annotations {
            covered.itemsPrefix = max(covered.itemsPrefix, min(items.prefix.count, elements.count))
            if items.rest != nil && elements.count > items.prefix.count { covered.allItems = true }
            annotations = covered
        }
        return valid
    }

    @inline(never)
    private mutating func evaluateContains(
        _ child: Int,
        minimum: Int,
        maximum: Int?,
        minimumKeyword: String?,
        maximumKeyword: String?,
        of node: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var matches = 0
        var matched: [Int] = []
        let needsAll = maximum != nil || annotations != nil
        for (position, element) in elements.enumerated() {
            var none: SchemaAnnotations?
            if quietly(child, element, &none) {
                matches += 1
                if annotations != nil { matched.append(position) }
                if !needsAll && matches >= minimum { break }
            }
        }
        if let maximum, matches > maximum {
            report(
                maximumKeyword ?? "maxContains",
                token: maximumKeyword ?? "maxContains",
                in: node,
                "expected at most \(SchemaDescribe.count(maximum, "item")) matching contains, got \(matches)"
            )
            return false
        }
        if matches < minimum {
            if let minimumKeyword {
                report(
                    minimumKeyword,
                    token: minimumKeyword,
                    in: node,
                    "expected at least \(SchemaDescribe.count(minimum, "item")) matching contains, got \(matches)"
                )
            } else {
                report(
                    "contains",
                    token: "contains",
                    in: node,
                    "expected an item matching the schema in contains, but none of the "
                        + "\(SchemaDescribe.count(elements.count, "item")) does"
                )
            }
            return false
        }
        if annotations != nil, !matched.isEmpty { annotations?.items.formUnion(matched) }
        return true
    }

    @inline(never)
    private mutating func evaluateUnevaluatedItems(
        _ child: Int,
        of node: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        guard case .array(let elements) = instance else { return true }
        let covered = annotations ?? SchemaAnnotations()
        var valid = true
        for (position, element) in elements.enumerated() where !covered.covers(item: position) {
            let childValid: Bool
            if program.nodes[child].kind == .rejectsAll {
                reportUnexpected(
                    index: position,
                    keyword: "unevaluatedItems",
                    in: node,
                    "unexpected item at index \(position) (unevaluatedItems is false)"
                )
                childValid = false
            } else {
                childValid = applyToPart(child, element, index: position, "unevaluatedItems")
            }
            if !childValid {
                valid = false
                if !collecting || isFull { return false }
            }
        }
        annotations?.allItems = true
        return valid
    }

    /// Decodes RFC 4648 base64 (padding required, no line breaks); `nil` when the text is not base64.
    static func decodeBase64(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var padding = 0
        for byte in text.utf8 {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                continue
            default: return nil
            }
            guard padding == 0 else { return nil }
            values.append(value)
        }
        guard (values.count + padding) % 4 == 0, padding <= 2 else { return nil }
        var output: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var accumulator: UInt32 = 0
            for value in chunk { accumulator = accumulator << 6 | UInt32(value) }
            accumulator <<= UInt32(6 * (4 - chunk.count))
            let bytes = [UInt8(accumulator >> 16 & 0xFF), UInt8(accumulator >> 8 & 0xFF), UInt8(accumulator & 0xFF)]
            output += bytes.prefix(chunk.count - 1)
            index += 4
        }
        return output
    }

    /// The first pair of equal elements, by JSON Schema equality.
    private static func duplicate(in elements: [JSONValue]) -> (Int, Int)? {
        guard elements.count > 1 else { return nil }
        var seen: [[UInt8]: Int] = [:]
        for (position, element) in elements.enumerated() {
            guard let key = CanonicalJSON.key(element) else { continue }
            if let earlier = seen[key] { return (earlier, position) }
            seen[key] = position
        }
        return nil
    }

    // MARK: Objects

    @inline(never)
    private mutating func evaluateMembers(
        _ members: SchemaMembersKeyword,
        of node: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        let lookup = MemberLookup(object)
        for position in object.members.indices where lookup.isLast(position) {
            let member = object[position]
            var matched = false
            var childValid = true
            if let declared = members.property(member.key) {
                matched = true
                if !applyToPart(
                    declared.node,
                    member.value,
                    key: member.key,
                    "properties",
                    declared.token
                ) {
                    childValid = false
                }
            }
            if childValid || collecting {
                for pattern in members.patterns where pattern.regex.matches(member.key) {
                    matched = true
                    if !applyToPart(pattern.node, member.value, key: member.key, "patternProperties", pattern.token) {
                        childValid = false
                        if !collecting { break }
                    }
                }
            }
            if !matched, let additional = members.additional {
                matched = true
                if program.nodes[additional].kind == .rejectsAll {
                    reportUnexpected(key: member.key, keyword: "additionalProperties", in: node)
                    childValid = false
                } else if !applyToPart(additional, member.value, key: member.key, "additionalProperties") {
                    childValid = false
                }
            }
            if matched, annotations != nil { annotations?.properties.insert(member.key) }
            if !childValid {
                valid = false
                if !collecting || isFull { return false }
            }
        }
        return valid
    }

    @inline(never)
    private mutating func evaluatePropertyNames(_ child: Int, of node: Int, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        let lookup = MemberLookup(object)
        for position in object.members.indices where lookup.isLast(position) {
            let name = JSONValue.string(object[position].key)
            var none: SchemaAnnotations?
            guard !quietly(child, name, &none) else { continue }
            valid = false
            guard collecting else { return false }
            let reason = firstViolation(child, name, "propertyNames", nil)?.message ?? "it does not match"
            report(
                "propertyNames",
                token: "propertyNames",
                in: node,
                "property name \(SchemaDescribe.json(name)) is not allowed: \(reason)"
            )
            if isFull { return false }
        }
        return valid
    }

    @inline(never)
    private mutating func evaluateUnevaluatedProperties(
        _ child: Int,
        of node: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        guard case .object(let object) = instance else { return true }
        let covered = annotations ?? SchemaAnnotations()
        var valid = true
        let lookup = MemberLookup(object)
        for position in object.members.indices where lookup.isLast(position) {
            let member = object[position]
            guard !covered.covers(property: member.key) else { continue }
            let childValid: Bool
            if program.nodes[child].kind == .rejectsAll {
                reportUnexpected(key: member.key, keyword: "unevaluatedProperties", in: node)
                childValid = false
            } else {
                childValid = applyToPart(child, member.value, key: member.key, "unevaluatedProperties")
            }
            if !childValid {
                valid = false
                if !collecting || isFull { return false }
            }
        }
        annotations?.allProperties = true
        return valid
    }

    // MARK: Combinators

    @inline(never)
    private mutating func evaluateAnyOf(
        _ children: [Int],
        of node: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        var anyValid = false
        for child in children {
            var childAnnotations: SchemaAnnotations? = annotations != nil ? SchemaAnnotations() : nil
            if quietly(child, instance, &childAnnotations) {
                anyValid = true
                guard let childAnnotations else { break }
                annotations?.merge(childAnnotations)
            }
        }
        if anyValid { return true }
        if collecting {
            var reasons: [(Int, SchemaViolation)] = []
            for (position, child) in children.enumerated() {
                if let violation = firstViolation(child, instance, "anyOf", String(position)) {
                    reasons.append((position, violation))
                }
            }
            let pointer = instancePointer
            report(
                "anyOf",
                token: "anyOf",
                in: node,
                "expected a value matching at least one of the \(children.count) schemas in anyOf, but "
                    + "\(SchemaDescribe.value(instance)) matches none (\(SchemaDescribe.reasons(reasons, at: pointer)))"
            )
        }
        return false
    }

    @inline(never)
    private mutating func evaluateOneOf(
        _ children: [Int],
        of node: Int,
        _ instance: JSONValue,
        _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        var matches: [Int] = []
        var matchedAnnotations: SchemaAnnotations?
        for (position, child) in children.enumerated() {
            var childAnnotations: SchemaAnnotations? = annotations != nil ? SchemaAnnotations() : nil
            if quietly(child, instance, &childAnnotations) {
                matches.append(position)
                matchedAnnotations = childAnnotations
                if matches.count > 1 && !collecting { return false }
            }
        }
        if matches.count == 1 {
            if let matchedAnnotations { annotations?.merge(matchedAnnotations) }
            return true
        }
        guard collecting else { return false }
        let expectation = "expected a value matching exactly one of the \(children.count) schemas in oneOf, but"
        if matches.isEmpty {
            var reasons: [(Int, SchemaViolation)] = []
            for (position, child) in children.enumerated() {
                if let violation = firstViolation(child, instance, "oneOf", String(position)) {
                    reasons.append((position, violation))
                }
            }
            let pointer = instancePointer
            report(
                "oneOf",
                token: "oneOf",
                in: node,
                "\(expectation) \(SchemaDescribe.value(instance)) matches none "
                    + "(\(SchemaDescribe.reasons(reasons, at: pointer)))"
            )
        } else {
            let which = SchemaDescribe.list(matches.map { "#\($0)" }, conjunction: "and")
            report("oneOf", token: "oneOf", in: node, "\(expectation) it matches \(matches.count) (\(which))")
        }
        return false
    }
}

/// Which keys an object has: a linear scan for small objects (no allocation), a set for large ones.
struct KeyPresence {
    private let object: JSONObject
    private let keys: Set<String>?

    init(_ object: JSONObject) {
        self.object = object
        keys = object.members.count > 16 ? Set(object.members.map(\.key)) : nil
    }

    /// Whether the object has a member named `key`.
    func contains(_ key: String) -> Bool {
        if let keys { return keys.contains(key) }
        return object.members.contains { $0.key == key }
    }
}

/// An object's members with duplicate keys resolved the way lookups resolve them (the last one wins).
///
/// Small objects are searched linearly without allocating; large ones get a table of last positions.
struct MemberLookup {
    private let object: JSONObject
    /// For large objects: each key's last position.
    private let lastPositions: [String: Int]?

    /// Objects up to this size are searched linearly, avoiding hashing.
    private static let linearLimit = 16

    init(_ object: JSONObject) {
        self.object = object
        if object.members.count > Self.linearLimit {
            var last: [String: Int] = [:]
            for position in object.members.indices { last[object.members[position].key] = position }
            lastPositions = last
        } else {
            lastPositions = nil
        }
    }

    /// Whether the member at `position` is the one that counts for its key (no later member repeats the key).
    func isLast(_ position: Int) -> Bool {
        let members = object.members
        if let lastPositions { return lastPositions[members[position].key] == position }
        let key = members[position].key
        var later = position + 1
        while later < members.count {
            if members[later].key == key { return false }
            later += 1
        }
        return true
    }

    /// How many distinct keys the object has.
    var count: Int {
        if let lastPositions { return lastPositions.count }
        return object.members.indices.reduce(0) { $0 + (isLast($1) ? 1 : 0) }
    }
}
