/// Moonshot flavored JSON Schema (MFJS): the subset of JSON Schema 2020-12 that Moonshot's serving stack accepts
/// for tool `parameters` of Kimi models, as its reference validator walle (MoonshotAI/walle v0.1.13) enforces it.
///
/// The rules (``rules``, each with a stable ``ToolSchemaRule/id``) in short: only the MFJS keywords
/// (``keywords``); object subschemas; `$defs`/`$id` at the root only; `$ref` (to `#` or `#/$defs/…`) and
/// `anyOf` alone in their schema; type-specific keywords only next to their `type`, and nothing type-specific
/// next to a list of types; `enum` non-empty, at most 1000 scalar values of the declared type; whole bounds for
/// integers and lower bounds not above upper ones; `required` names declared in `properties`; no empty names,
/// no `/` in names under `$defs`, no properties named like keywords; numbers that fit a double; `properties`
/// nested at most 5 levels (through `$ref`); and no required chain of `$ref`s that can never end.
///
/// It is a pass over the schema's JSON value with explicit stacks and linear-time graph algorithms, so hostile
/// schemas cannot exhaust the stack or time. Use it through ``ToolSchemaProfile/mfjs``.
public struct MFJSProfile: Sendable, Hashable {
    /// The sizes MFJS caps.
    public struct Limits: Sendable, Hashable {
        /// How many levels `properties` may nest, counted through `$ref`s (default 5, as walle's test suite
        /// configures it; root properties are level 1).
        public var maximumDepth: Int
        /// How many values an `enum` may have (default 1000).
        public var maximumEnumValues: Int
        /// How many branches an `anyOf` may have (default 100).
        public var maximumAnyOfBranches: Int
        /// How many property names all `properties` objects together may declare (default 1000).
        public var maximumPropertyCount: Int

        /// Creates limits.
        /// - Parameters:
        ///   - maximumDepth: How many levels `properties` may nest.
        ///   - maximumEnumValues: How many values an `enum` may have.
        ///   - maximumAnyOfBranches: How many branches an `anyOf` may have.
        ///   - maximumPropertyCount: How many property names the whole schema may declare.
        public init(
            maximumDepth: Int = 5,
            maximumEnumValues: Int = 1000,
            maximumAnyOfBranches: Int = 100,
            maximumPropertyCount: Int = 1000
        ) {
            self.maximumDepth = maximumDepth
            self.maximumEnumValues = maximumEnumValues
            self.maximumAnyOfBranches = maximumAnyOfBranches
            self.maximumPropertyCount = maximumPropertyCount
        }
    }

    /// The limits applied.
    public var limits: Limits

    /// Creates the profile.
    /// - Parameter limits: The limits (default: walle's).
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The keywords MFJS allows; any other keyword is an ``ToolSchemaRule/mfjsUnsupportedKeyword`` violation.
    public static let keywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "anyOf", "enum", "$defs", "$ref", "$id",
        "description", "title", "default", "minLength", "maxLength", "pattern", "minimum", "maximum", "minItems",
        "maxItems",
    ]

    /// Every MFJS rule, in the order the documentation lists them.
    public static let rules: [ToolSchemaRule] = [
        .mfjsUnsupportedKeyword, .mfjsBooleanSchema, .mfjsRootOnlyKeyword, .mfjsReservedPropertyName, .mfjsEmptyName,
        .mfjsSlashInName, .mfjsKeywordTypeMismatch, .mfjsMultipleTypes, .mfjsRefSiblings, .mfjsAnyOfSiblings,
        .mfjsRefTarget, .mfjsAnyOfSize, .mfjsEnumEmpty, .mfjsEnumSize, .mfjsEnumType, .mfjsIntegerBound,
        .mfjsBoundsOrder, .mfjsRequiredUndeclared, .mfjsNumberRange, .mfjsPropertyCount, .mfjsDepth,
        .mfjsInfiniteRecursion,
    ]

    /// Every place where a schema breaks an MFJS rule: the rules of each subschema in document order, then
    /// numbers out of range, then the whole-schema rules (``ToolSchemaRule/mfjsPropertyCount``,
    /// ``ToolSchemaRule/mfjsDepth``, ``ToolSchemaRule/mfjsInfiniteRecursion``).
    /// - Parameter schema: A tool `parameters` schema, normally one that is valid JSON Schema.
    /// - Returns: The violations; empty when the schema is MFJS.
    public func violations(in schema: JSONValue) -> [ToolSchemaViolation] {
        var checker = MFJSChecker(limits: limits)
        return checker.check(schema)
    }
}
