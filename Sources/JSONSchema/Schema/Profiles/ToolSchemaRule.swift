/// One rule of a ``ToolSchemaProfile``, named by a stable identifier such as `mfjs.depth`.
///
/// Identifiers never change once published: tests, reports and scripts may match on them. Two rules are equal
/// when their identifiers are.
///
/// ```swift
/// let error = try? JSONSchema(schema, options: JSONSchema.Options(profile: .mfjs))  // throws SchemaError
/// error?.rule == .mfjsDepth                                                         // which rule broke
/// ```
public struct ToolSchemaRule: Sendable, Hashable, CustomStringConvertible {
    /// The stable identifier, `profile.rule_name` (for example `mfjs.infinite_recursion`).
    public let id: String
    /// What the rule demands, as one sentence.
    public let summary: String

    /// Creates a rule.
    /// - Parameters:
    ///   - id: The stable identifier.
    ///   - summary: What the rule demands, as one sentence.
    public init(id: String, summary: String) {
        self.id = id
        self.summary = summary
    }

    /// The identifier.
    public var description: String { id }

    /// Rules are equal when their identifiers are.
    public static func == (lhs: ToolSchemaRule, rhs: ToolSchemaRule) -> Bool { lhs.id == rhs.id }

    /// Hashes the identifier.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

// MARK: - MFJS rules

extension ToolSchemaRule {
    /// Only the MFJS keywords may appear (``MFJSProfile/keywords``): `patternProperties`, `const`, `oneOf`,
    /// `allOf`, `format`, `$schema` … are not part of MFJS.
    public static let mfjsUnsupportedKeyword = ToolSchemaRule(
        id: "mfjs.unsupported_keyword",
        summary: "Only the MFJS keywords may appear in a schema."
    )
    /// Subschemas are objects; only `additionalProperties` may be `true` or `false`.
    public static let mfjsBooleanSchema = ToolSchemaRule(
        id: "mfjs.boolean_schema",
        summary: "Subschemas must be objects; only additionalProperties may be true or false."
    )
    /// `$defs` and `$id` appear only at the root.
    public static let mfjsRootOnlyKeyword = ToolSchemaRule(
        id: "mfjs.root_only_keyword",
        summary: "$defs and $id may appear only in the root schema."
    )
    /// No property is named `$defs`, `$ref`, `anyOf`, `required` or `additionalProperties`.
    public static let mfjsReservedPropertyName = ToolSchemaRule(
        id: "mfjs.reserved_property_name",
        summary: "Properties may not be named $defs, $ref, anyOf, required or additionalProperties."
    )
    /// Property names, `$defs` names and `required` entries are not empty.
    public static let mfjsEmptyName = ToolSchemaRule(
        id: "mfjs.empty_name",
        summary: "Property names, $defs names and required entries may not be empty."
    )
    /// `$defs` names, and property names inside `$defs`, contain no `/`.
    public static let mfjsSlashInName = ToolSchemaRule(
        id: "mfjs.slash_in_name",
        summary: "$defs names and property names inside $defs may not contain '/'."
    )
    /// A keyword for one type (`minLength`, `items`, `properties` …) appears only when `type` names that type.
    public static let mfjsKeywordTypeMismatch = ToolSchemaRule(
        id: "mfjs.keyword_type_mismatch",
        summary: "A keyword for one type may appear only when type names that type."
    )
    /// A schema whose `type` lists several types carries only `type`, `description`, `title` and `enum`.
    public static let mfjsMultipleTypes = ToolSchemaRule(
        id: "mfjs.multiple_types",
        summary: "A schema with several types may carry only type, description, title and enum."
    )
    /// `$ref` stands alone: only `description` and `title` (and, at the root, `$defs` and `$id`) beside it.
    public static let mfjsRefSiblings = ToolSchemaRule(
        id: "mfjs.ref_siblings",
        summary: "Beside $ref only description and title may appear (and $defs and $id at the root)."
    )
    /// `anyOf` stands alone: only `description` and `title` (and, at the root, `$defs` and `$id`) beside it.
    public static let mfjsAnyOfSiblings = ToolSchemaRule(
        id: "mfjs.anyof_siblings",
        summary: "Beside anyOf only description and title may appear (and $defs and $id at the root); "
            + "put type and the other keywords in the branches."
    )
    /// `$ref` is `#` or points into the root `$defs` (`#/$defs/…`).
    public static let mfjsRefTarget = ToolSchemaRule(
        id: "mfjs.ref_target",
        summary: "$ref must be \"#\" or start with \"#/$defs/\"."
    )
    /// `anyOf` has at most ``MFJSProfile/Limits/maximumAnyOfBranches`` branches.
    public static let mfjsAnyOfSize = ToolSchemaRule(
        id: "mfjs.anyof_size",
        summary: "anyOf may have at most the configured number of branches (100)."
    )
    /// `enum` is not empty.
    public static let mfjsEnumEmpty = ToolSchemaRule(id: "mfjs.enum_empty", summary: "enum may not be empty.")
    /// `enum` has at most ``MFJSProfile/Limits/maximumEnumValues`` values.
    public static let mfjsEnumSize = ToolSchemaRule(
        id: "mfjs.enum_size",
        summary: "enum may have at most the configured number of values (1000)."
    )
    /// `enum` goes with scalar types only (one type, or one type and `null`), and every value has a declared type.
    public static let mfjsEnumType = ToolSchemaRule(
        id: "mfjs.enum_type",
        summary: "enum goes with a scalar type (optionally with null), and every value must have a declared type."
    )
    /// With `type: integer`, `minimum` and `maximum` are whole numbers.
    public static let mfjsIntegerBound = ToolSchemaRule(
        id: "mfjs.integer_bound",
        summary: "With type integer, minimum and maximum must be whole numbers."
    )
    /// `minimum` ≤ `maximum`, `minLength` ≤ `maxLength`, `minItems` ≤ `maxItems`.
    public static let mfjsBoundsOrder = ToolSchemaRule(
        id: "mfjs.bounds_order",
        summary: "A lower bound may not exceed its upper bound."
    )
    /// Every `required` name is declared in `properties` of the same schema.
    public static let mfjsRequiredUndeclared = ToolSchemaRule(
        id: "mfjs.required_undeclared",
        summary: "Every required name must be declared in properties of the same schema."
    )
    /// Every number in the schema fits an IEEE double (walle parses schemas with Go's `encoding/json`).
    public static let mfjsNumberRange = ToolSchemaRule(
        id: "mfjs.number_range",
        summary: "Every number in the schema must fit a 64-bit floating-point number."
    )
    /// All `properties` together name at most ``MFJSProfile/Limits/maximumPropertyCount`` properties.
    public static let mfjsPropertyCount = ToolSchemaRule(
        id: "mfjs.property_count",
        summary: "All properties objects together may name at most the configured number of properties (1000)."
    )
    /// `properties` nest at most ``MFJSProfile/Limits/maximumDepth`` levels, counted through `$ref`s.
    public static let mfjsDepth = ToolSchemaRule(
        id: "mfjs.depth",
        summary: "properties may nest at most the configured number of levels (5), counted through $ref."
    )
    /// Every chain of required properties (through `$ref`, `items`, `anyOf`) can end.
    public static let mfjsInfiniteRecursion = ToolSchemaRule(
        id: "mfjs.infinite_recursion",
        summary: "Every chain of required properties through $ref must be able to end."
    )
}
