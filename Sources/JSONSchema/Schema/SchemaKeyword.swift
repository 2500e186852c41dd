/// One compiled keyword (or a group of keywords evaluated together) of a ``SchemaNode``.
///
/// A compiled schema keeps the keywords of all its nodes in one table (``JSONSchema/keywords``). Child schemas are
/// node indices. Tokens are pre-escaped JSON Pointer tokens for keyword locations. Payloads larger than three words
/// are rare keywords and `indirect`, so every entry of the table stays four words long.
enum SchemaKeyword: Sendable {
    /// `type`; `nullable` is the OpenAPI extension.
    case type(SchemaTypeList, nullable: Bool)
    /// `const`.
    case constant(SchemaValueSet)
    /// `enum`; `nullable` also admits `null`.
    case enumeration(SchemaValueSet, nullable: Bool)
    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`.
    indirect case bound(SchemaNumericBound)
    /// `multipleOf`.
    indirect case multipleOf(JSONDecimal, literal: String)
    /// `minLength`.
    case minLength(Int)
    /// `maxLength`.
    case maxLength(Int)
    /// `pattern`.
    indirect case pattern(ECMARegex)
    /// `format`, when asserted.
    case format(SchemaFormat)
    /// Draft-07 `contentEncoding` (`base64`) and `contentMediaType` (`application/json`), asserted.
    case content(base64: Bool, json: Bool)
    /// `minItems`.
    case minItems(Int)
    /// `maxItems`.
    case maxItems(Int)
    /// `uniqueItems: true`.
    case uniqueItems
    /// `prefixItems`/`items`/`additionalItems`.
    case items(SchemaItemsKeyword)
    /// `contains` with `minContains`/`maxContains`.
    indirect case contains(node: Int, minimum: Int, maximum: Int?, minimumKeyword: String?, maximumKeyword: String?)
    /// `unevaluatedItems`.
    case unevaluatedItems(Int)
    /// `properties`/`patternProperties`/`additionalProperties`.
    case members(SchemaMembersKeyword)
    /// `required`.
    case required([String])
    /// `dependentRequired`, or the array form of draft-07 `dependencies` (`keyword` says which).
    case dependentRequired([(name: String, token: String, required: [String])], keyword: String)
    /// `dependentSchemas`, or the schema form of draft-07 `dependencies`.
    case dependentSchemas([(name: String, token: String, node: Int)], keyword: String)
    /// `minProperties`.
    case minProperties(Int)
    /// `maxProperties`.
    case maxProperties(Int)
    /// `propertyNames`.
    case propertyNames(Int)
    /// `unevaluatedProperties`.
    case unevaluatedProperties(Int)
    /// `allOf`.
    case allOf([Int])
    /// `anyOf`.
    case anyOf([Int])
    /// `oneOf`.
    case oneOf([Int])
    /// `not`.
    case not(Int)
    /// `if`/`then`/`else`.
    indirect case conditional(condition: Int, then: Int?, otherwise: Int?)
    /// `$ref` (or 2019-09 `$recursiveRef`, approximated).
    case reference(Int, keyword: String)
    /// `$dynamicRef`: the statically resolved target, and the anchor name when the target declares a
    /// matching `$dynamicAnchor` (so the dynamic scope is searched).
    case dynamicReference(Int, anchor: String?)
}

/// The array keywords applied element by element (a class, so copying a keyword costs one retain).
final class SchemaItemsKeyword: Sendable {
    /// Schemas for the leading elements.
    let prefix: [Int]
    /// The keyword that supplied ``prefix`` (`prefixItems`, or `items` in its array form).
    let prefixKeyword: String
    /// The schema for the remaining elements.
    let rest: Int?
    /// The keyword that supplied ``rest`` (`items` or `additionalItems`).
    let restKeyword: String

    init(prefix: [Int], prefixKeyword: String, rest: Int?, restKeyword: String) {
        self.prefix = prefix
        self.prefixKeyword = prefixKeyword
        self.rest = rest
        self.restKeyword = restKeyword
    }
}

/// The object keywords applied member by member (a class, so copying a keyword costs one retain).
final class SchemaMembersKeyword: Sendable {
    /// `properties` in schema order.
    let properties: [(name: String, token: String, node: Int)]
    /// Property name to its position in ``properties``, for large `properties` (empty for eight or fewer).
    let lookup: [String: Int]
    /// `patternProperties`.
    let patterns: [(regex: ECMARegex, token: String, node: Int)]
    /// `additionalProperties`.
    let additional: Int?

    init(
        properties: [(name: String, token: String, node: Int)],
        patterns: [(regex: ECMARegex, token: String, node: Int)],
        additional: Int?
    ) {
        self.properties = properties
        self.patterns = patterns
        self.additional = additional
        var lookup: [String: Int] = [:]
        if properties.count > 8 {
            for (position, entry) in properties.enumerated() { lookup[entry.name] = position }
        }
        self.lookup = lookup
    }

    /// The node and pointer token of a declared property.
    func property(_ name: String) -> (node: Int, token: String)? {
        if properties.count <= 8 {
            for entry in properties where entry.name == name { return (entry.node, entry.token) }
            return nil
        }
        guard let position = lookup[name] else { return nil }
        return (properties[position].node, properties[position].token)
    }
}
