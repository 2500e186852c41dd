extension JSONSchema {
    /// A JSON Schema draft (dialect) the validator implements.
    ///
    /// A schema's `$schema` chooses its draft; ``Options/defaultDraft`` applies when there is none.
    public struct Draft: Sendable, Hashable, CustomStringConvertible {
        enum Value: Sendable, Hashable {
            case draft7, draft2019_09, draft2020_12
        }

        let value: Value

        /// Draft 2020-12, the default for tool parameters.
        public static let draft2020_12 = Draft(value: .draft2020_12)
        /// Draft-07.
        public static let draft7 = Draft(value: .draft7)
        /// Draft 2019-09, only reached through `$schema` (for example in a `$ref`ed resource); approximated
        /// as 2020-12 with array-form `items`/`additionalItems` and without `$recursiveRef`.
        static let draft2019_09 = Draft(value: .draft2019_09)

        /// The name used on the command line and in `--jsonl` lines: `"2020-12"` or `"7"`.
        public var description: String {
            switch value {
            case .draft7: "7"
            case .draft2019_09: "2019-09"
            case .draft2020_12: "2020-12"
            }
        }

        /// The draft's metaschema URI, as `$schema` spells it.
        public var metaschemaURI: String {
            switch value {
            case .draft7: "http://json-schema.org/draft-07/schema#"
            case .draft2019_09: "https://json-schema.org/draft/2019-09/schema"
            case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
            }
        }

        /// Looks a draft up by a short name: `2020-12`, `draft2020-12`, `7`, `draft7`, `draft-07`.
        /// - Parameter name: The name.
        public init?(name: String) {
            switch name.lowercased() {
            case "2020-12", "draft2020-12", "draft-2020-12", "2020": self = .draft2020_12
            case "7", "07", "draft7", "draft-07", "draft-7": self = .draft7
            default: return nil
            }
        }

        init(value: Value) {
            self.value = value
        }

        /// The draft a `$schema` URI names, when it is one of the built-in drafts.
        ///
        /// Draft-04 and draft-06 URIs are read as draft-07 (the closest implemented draft).
        static func known(metaschemaURI uri: String) -> Draft? {
            var key = uri
            if key.hasSuffix("#") { key.removeLast() }
            switch key {
            case "https://json-schema.org/draft/2020-12/schema": return .draft2020_12
            case "https://json-schema.org/draft/2019-09/schema": return .draft2019_09
            case "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema",
                "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-04/schema":
                return .draft7
            default: return nil
            }
        }

        /// Whether `$ref` makes sibling keywords ignored (draft-07 and earlier).
        var refOverridesSiblings: Bool { value == .draft7 }
    }

    /// How a schema is compiled and validated.
    ///
    /// ```swift
    /// var options = JSONSchema.Options()
    /// options.formatAssertion = true
    /// options.registry.register(directory: "schemas", as: "https://example.com/schemas/")
    /// let schema = try JSONSchema(value, options: options)
    /// ```
    public struct Options: Sendable {
        /// The draft for schemas without `$schema` (default 2020-12).
        public var defaultDraft: Draft
        /// Whether `format` is asserted (checked) rather than only annotated (default `false`, as 2020-12
        /// prescribes). A metaschema with the format-assertion vocabulary turns it on for its schemas too.
        public var formatAssertion: Bool
        /// Local resources that remote `$ref`s and custom `$schema` URIs resolve from.
        public var registry: SchemaRegistry
        /// Whether the OpenAPI 3.0 `nullable: true` extension admits `null` for `type` and `enum` (default
        /// `true`, because tool schemas written for OpenAPI use it).
        public var allowsNullable: Bool
        /// How deeply evaluation may nest (schemas within schemas, `$ref` hops included) before an instance is
        /// reported as too deep to evaluate (default 512).
        ///
        /// Each level costs about 1 KB of stack in release builds (3 KB in debug builds): the default fits the
        /// 8 MB thread stacks of Linux; lower it when validating on threads with 512 KB stacks.
        public var maximumEvaluationDepth: Int
        /// Extra rules a schema must follow on top of JSON Schema (default ``ToolSchemaProfile/jsonSchema``: none).
        ///
        /// With ``ToolSchemaProfile/mfjs``, compiling also rejects schemas that break Moonshot flavored JSON
        /// Schema; the ``SchemaError`` then names the rule in ``SchemaError/rule``.
        public var profile: ToolSchemaProfile

        /// Creates options.
        /// - Parameters:
        ///   - defaultDraft: The draft for schemas without `$schema`.
        ///   - formatAssertion: Whether `format` is asserted.
        ///   - registry: Local resources for remote `$ref`s.
        ///   - allowsNullable: Whether OpenAPI `nullable: true` admits `null`.
        ///   - maximumEvaluationDepth: How deeply evaluation may nest.
        ///   - profile: Extra rules on top of JSON Schema (default: none).
        public init(
            defaultDraft: Draft = .draft2020_12,
            formatAssertion: Bool = false,
            registry: SchemaRegistry = SchemaRegistry(),
            allowsNullable: Bool = true,
            maximumEvaluationDepth: Int = 512,
            profile: ToolSchemaProfile = .jsonSchema
        ) {
            self.defaultDraft = defaultDraft
            self.formatAssertion = formatAssertion
            self.registry = registry
            self.allowsNullable = allowsNullable
            self.maximumEvaluationDepth = maximumEvaluationDepth
            self.profile = profile
        }
    }
}
