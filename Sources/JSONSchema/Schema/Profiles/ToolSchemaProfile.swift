/// A set of restrictions on top of JSON Schema that a serving stack imposes on tool `parameters` schemas.
///
/// A profile only ever adds rules: a schema first has to be valid JSON Schema (``JSONSchema/init(_:options:)``
/// checks that), and then must also follow the profile. Select one with ``JSONSchema/Options/profile``; the
/// default, ``jsonSchema``, adds nothing.
///
/// ```swift
/// var options = JSONSchema.Options()
/// options.profile = .mfjs                               // Moonshot flavored JSON Schema (Kimi models)
/// let schema = try JSONSchema(parameters, options: options)   // SchemaError with .rule on a violation
/// ToolSchemaProfile.mfjs.violations(in: parameters)     // every violation, without compiling
/// ```
public struct ToolSchemaProfile: Sendable, Hashable, CustomStringConvertible {
    private enum Value: Sendable, Hashable {
        case jsonSchema
        case mfjs(MFJSProfile)
    }

    private let value: Value

    /// Plain JSON Schema: no rules beyond the draft's own.
    public static let jsonSchema = ToolSchemaProfile(value: .jsonSchema)

    /// Moonshot flavored JSON Schema (MFJS) with walle's limits (``MFJSProfile/Limits``).
    public static let mfjs = ToolSchemaProfile(value: .mfjs(MFJSProfile()))

    /// Moonshot flavored JSON Schema with other limits.
    /// - Parameter profile: The MFJS rules and their limits.
    /// - Returns: The profile.
    public static func mfjs(_ profile: MFJSProfile) -> ToolSchemaProfile {
        ToolSchemaProfile(value: .mfjs(profile))
    }

    private init(value: Value) {
        self.value = value
    }

    /// Looks a profile up by the name the command line uses: `json-schema` (also `none`) or `mfjs`.
    /// - Parameter name: The name, case-insensitive.
    public init?(name: String) {
        switch name.lowercased() {
        case "json-schema", "jsonschema", "none": self = .jsonSchema
        case "mfjs", "moonshot": self = .mfjs
        default: return nil
        }
    }

    /// The command-line name: `json-schema` or `mfjs`.
    public var name: String {
        switch value {
        case .jsonSchema: "json-schema"
        case .mfjs: "mfjs"
        }
    }

    /// The name.
    public var description: String { name }

    /// Whether the profile adds no rules (plain JSON Schema).
    public var isPlainJSONSchema: Bool { value == .jsonSchema }

    /// Every place where a schema breaks the profile's rules, in document order (empty for ``jsonSchema``).
    ///
    /// The rules assume a schema that is valid JSON Schema; run this on schemas ``JSONSchema/init(_:options:)``
    /// accepts (it does so itself when the profile is set in ``JSONSchema/Options``). On other schemas the result
    /// is well defined but may miss or misname problems the draft's own rules would report.
    /// - Parameter schema: A tool `parameters` schema.
    /// - Returns: The violations; empty when the schema follows the profile.
    public func violations(in schema: JSONValue) -> [ToolSchemaViolation] {
        switch value {
        case .jsonSchema: []
        case .mfjs(let profile): profile.violations(in: schema)
        }
    }
}
