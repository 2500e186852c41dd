extension JSONSchema {
    /// Validates a schema against its draft's metaschema (chosen by `$schema`, else the default draft) and
    /// returns the metaschema's violations, with instance locations pointing into the schema.
    ///
    /// ``init(_:options:)`` already rejects every schema the metaschema rejects (its hand-written checks
    /// mirror the metaschemas keyword by keyword, and it checks more: regex syntax, `$ref` resolution,
    /// reference loops); this entry point is the independent, by-the-book check, for tooling and for tests
    /// that keep the two in agreement.
    ///
    /// ```swift
    /// let problems = try JSONSchema.metaValidate(try JSONValue.parse(#"{"minLength": -1}"#))
    /// problems.first?.instanceLocation   // "/minLength"
    /// ```
    /// - Parameters:
    ///   - schema: The schema to check.
    ///   - options: Supplies the default draft and the registry (for a custom `$schema`).
    /// - Returns: The violations; empty when the metaschema accepts the schema.
    /// - Throws: ``SchemaError`` when the metaschema itself cannot be found or compiled.
    public static func metaValidate(_ schema: JSONValue, options: Options = Options()) throws(SchemaError)
        -> [SchemaViolation]
    {
        var uri = options.defaultDraft.metaschemaURI
        if case .object(let object) = schema, let declared = object["$schema"]?.stringValue {
            uri = declared
        }
        let metaschema: JSONSchema
        if let known = Draft.known(metaschemaURI: uri) {
            metaschema =
                known.value == .draft7 ? try BuiltInMetaschemas.draft7() : try BuiltInMetaschemas.draft2020_12()
        } else {
            var metaOptions = options
            metaOptions.formatAssertion = false
            metaschema = try JSONSchema(["$ref": .string(uri)], options: metaOptions)
        }
        return metaschema.validate(schema)
    }
}

extension BuiltInMetaschemas {
    /// The compiled draft 2020-12 metaschema, compiled once.
    static func draft2020_12() throws(SchemaError) -> JSONSchema {
        try compiled2020_12.get()
    }

    /// The compiled draft-07 metaschema, compiled once.
    static func draft7() throws(SchemaError) -> JSONSchema {
        try compiled7.get()
    }

    private static let compiled2020_12: Result<JSONSchema, SchemaError> = compile(
        "https://json-schema.org/draft/2020-12/schema"
    )
    private static let compiled7: Result<JSONSchema, SchemaError> = compile("http://json-schema.org/draft-07/schema")

    private static func compile(_ uri: String) -> Result<JSONSchema, SchemaError> {
        guard let document = documents[uri] else {
            return .failure(SchemaError(location: "", message: "the metaschema \(uri) is not built in"))
        }
        do {
            return .success(try JSONSchema(document))
        } catch {
            return .failure(error)
        }
    }
}
