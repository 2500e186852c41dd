/// A compiled JSON Schema (draft 2020-12 or draft-07) that validates JSON instances and reports every
/// violation it finds.
///
/// This is the validator for tool `parameters` schemas: compile a schema once and validate each tool call.
/// Every keyword of both drafts is implemented — `$ref`/`$defs`/`definitions`, `$id` base-URI resolution,
/// `$anchor`, `$dynamicRef`/`$dynamicAnchor`, `unevaluatedProperties`/`unevaluatedItems`,
/// `dependentSchemas`/`dependentRequired`/`dependencies`, `if`/`then`/`else`, `prefixItems`, `contains` with
/// `minContains`/`maxContains`, `propertyNames`, `pattern`/`patternProperties` (ECMA-262 via ``ECMARegex``,
/// linear time), `format` (annotation by default, assertion opt-in), boolean schemas — and the official
/// JSON-Schema-Test-Suite passes (see `docs/json-schema.md`).
///
/// ```swift
/// let schema = try JSONSchema(try JSONValue.parse(#"{"type":"object","required":["city"]}"#))
/// schema.validate(try JSONValue.parse("{}"))   // [SchemaViolation] — missing required property "city"
/// schema.basicOutput(for: instance)           // {"valid":false,"errors":[…]}
/// ```
///
/// - `$schema` picks the draft; without it ``Options/defaultDraft`` (2020-12) applies.
/// - Numbers are compared exactly on their decimal literals: integers beyond 2^53, `multipleOf: 0.01` and
///   `1.0` as an integer all behave as mathematics says.
/// - Remote `$ref`s resolve only from ``Options/registry`` and the built-in metaschemas; never the network.
/// - A malformed schema (`type: "text"`, `required: "city"`, a bad regex, an unresolvable `$ref`, a `$ref`
///   loop that never consumes the instance …) throws ``SchemaError`` from ``init(_:options:)``: that is a
///   problem with the request or fixture, never with the provider.
/// - Pathological inputs are bounded: subschemas nest at most ``maximumDepth`` levels, evaluation at most
///   ``Options/maximumEvaluationDepth``, regexes run in linear time, `enum` membership is hashed.
public struct JSONSchema: Sendable {
    /// How deeply subschemas may nest; deeper schemas are rejected with ``SchemaError``.
    public static let maximumDepth = 256

    /// Keywords present in the schema that this validator recognises but does not evaluate exactly.
    ///
    /// Empty for draft 2020-12 and draft-07 schemas. It can only list `$recursiveRef` (2019-09, reached through
    /// a `$ref` to a 2019-09 resource), which is evaluated as a plain `$ref`.
    public var unsupportedKeywords: Set<String> { program.unsupportedKeywords }
    /// The draft of the root schema.
    public let draft: Draft

    /// The compiled tables.
    let program: SchemaProgram

    /// Compiles a schema with the default options (draft 2020-12 unless `$schema` says otherwise, format as
    /// annotation, no registry).
    /// - Parameter schema: The schema, an object or a boolean.
    /// - Throws: ``SchemaError`` when the schema itself is malformed, nested too deeply or unresolvable.
    public init(_ schema: JSONValue) throws(SchemaError) {
        try self.init(schema, options: Options())
    }

    /// Compiles a schema.
    /// - Parameters:
    ///   - schema: The schema, an object or a boolean.
    ///   - options: The default draft, format assertion, registry and limits.
    /// - Throws: ``SchemaError`` when the schema itself is malformed, nested too deeply or unresolvable, or (with
    ///   ``Options/profile``) breaks a profile rule, named in ``SchemaError/rule``.
    public init(_ schema: JSONValue, options: Options) throws(SchemaError) {
        try self.init(schema, options: options, skipsTreeWalk: false)
    }

    /// Compiles a schema; `skipsTreeWalk` when the caller already knows the tree walk declines it (see
    /// ``init(tape:document:compiler:)``).
    init(_ schema: JSONValue, options: Options, skipsTreeWalk: Bool) throws(SchemaError) {
        var compiler = SchemaCompiler(options: options)
        compiler.skipsTreeWalk = skipsTreeWalk
        let output = try compiler.compile(schema)
        if !options.profile.isPlainJSONSchema {
            try Self.enforce(options.profile, on: schema)
        }
        self.init(
            output,
            options: options,
            tracksDynamicScope: compiler.usesDynamicReferences,
            unsupportedKeywords: compiler.unsupportedKeywords
        )
    }

    /// Compiles a schema read onto a tape, when it is a tree (no references, no `$id` below the root) that compiles
    /// as is; `nil` for anything else, and then ``init(_:options:)`` on the built value compiles it or words its
    /// error. Reading the tape decodes only what the compiled schema keeps.
    /// - Parameters:
    ///   - tape: The schema's tape.
    ///   - document: The bytes the tape was read from.
    ///   - compiler: A compiler from ``SchemaCompiler/treeCompiler(options:)``, reused from schema to schema; its
    ///     options (the plain JSON Schema profile only) apply.
    init?(tape: JSONTape, document: UnsafeBufferPointer<UInt8>, compiler: inout SchemaCompiler) {
        let options = compiler.options
        guard options.profile.isPlainJSONSchema, !tape.entries.isEmpty else { return nil }
        let compiled = try? tape.withSource(document: document) { source in
            compiler.compileTreeReusing(source, root: 0)
        }
        guard let output = compiled ?? nil else { return nil }
        self.init(output, options: options, tracksDynamicScope: false, unsupportedKeywords: [])
    }

    /// Wraps compiled tables.
    private init(
        _ output: SchemaCompiler.Output,
        options: Options,
        tracksDynamicScope: Bool,
        unsupportedKeywords: Set<String>
    ) {
        program = SchemaProgram(
            output,
            tracksDynamicScope: tracksDynamicScope,
            maximumEvaluationDepth: options.maximumEvaluationDepth,
            unsupportedKeywords: unsupportedKeywords
        )
        draft = output.rootMetaschema.flatMap(Draft.known(metaschemaURI:)) ?? options.defaultDraft
    }

    /// Validates an instance and returns every violation found, in a stable order.
    ///
    /// Within one schema the order is: `type`, `const`, `enum`, numeric bounds, `multipleOf`, string length,
    /// `pattern`, `format`, array size and items (in index order), `contains`, object members (in the
    /// instance's order), `dependentSchemas`, `propertyNames`, `required`, `dependentRequired`, property
    /// counts, `$ref`, `$dynamicRef`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, then
    /// `unevaluatedItems` and `unevaluatedProperties`. A failing `anyOf`, `oneOf`, `not`, `contains` or
    /// `propertyNames` produces one summarising violation that explains the alternatives, not their inner
    /// violations.
    /// - Parameter instance: The value to validate, for example a tool call's parsed arguments.
    /// - Returns: The violations; empty when the instance is valid.
    public func validate(_ instance: JSONValue) -> [SchemaViolation] {
        // Most instances are valid: the quick yes/no pass tracks no locations and builds no messages.
        isValid(instance) ? [] : collectViolations(instance)
    }

    /// Evaluates an instance recording every violation (without the quick validity pass ``validate(_:)`` makes
    /// first); the test suite checks that the two passes always agree.
    /// - Parameter instance: The value to validate.
    /// - Returns: The violations; empty when the instance is valid.
    func collectViolations(_ instance: JSONValue) -> [SchemaViolation] {
        var evaluator = SchemaEvaluator(program: program, collecting: true)
        var annotations: SchemaAnnotations?
        _ = evaluator.evaluate(program.root, instance, &annotations)
        return evaluator.violations
    }

    /// Whether an instance is valid; stops at the first violation and builds no messages.
    /// - Parameter instance: The value to validate.
    /// - Returns: `true` when ``validate(_:)`` would return no violations.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = SchemaEvaluator(program: program, collecting: false)
        var annotations: SchemaAnnotations?
        return evaluator.evaluate(program.root, instance, &annotations)
    }
}
