/// Checks many (schema, instance) pairs, one JSON object per line, compiling each distinct schema once.
///
/// This is the engine of `verifier schema check --jsonl`. A line is
/// `{"schema": …, "instance": …, "draft": "2020-12" | "7"}` (`draft` optional; `$schema` in the schema wins
/// over it). Each line gives one compact result object, in order:
///
/// ```json
/// {"line":1,"valid":true,"errors":[]}
/// {"line":2,"valid":false,"errors":[{"keywordLocation":"/type", …}]}
/// {"line":3,"error":"invalid schema at /type: unknown type \"text\"; …"}
/// ```
///
/// A line that is not JSON, lacks `schema` or `instance`, names an unknown draft, or carries an unusable
/// schema gets an `error` result; the remaining lines still run.
///
/// Each distinct schema is compiled (and so checked) once: an ordinary line is scanned rather than parsed
/// whole, and its `schema` member is looked up by its exact text, so a repeated schema is neither parsed nor
/// hashed again; only the instance is parsed. Unusual lines (escaped, duplicate or unknown keys, any syntax
/// error) are parsed whole and reported exactly as before.
public struct SchemaBatchChecker: Sendable {
    /// How one line came out.
    public enum Status: Sendable, Hashable {
        /// The instance is valid.
        case valid
        /// The instance violates the schema.
        case invalid
        /// The line could not be checked (bad JSON, missing member, unusable schema).
        case unusable
    }

    /// One line's result.
    ///
    /// It keeps what checking found (the violations, or why the line could not be checked); the result object is
    /// built only when asked for (``output``), and ``write(into:)`` prints a valid line without building it.
    public struct LineResult: Sendable {
        /// The outcome.
        public var status: Status
        /// The line's 1-based number.
        public var number: Int
        /// What the line came to.
        var outcome: Outcome

        /// What checking a line found.
        enum Outcome: Sendable {
            /// The instance was checked: every violation (none when valid).
            case checked([SchemaViolation])
            /// The line could not be checked, and why.
            case unusable(String)
        }

        /// The result object to print: `{"line":N,"valid":…,"errors":[…]}` or `{"line":N,"error":"…"}`.
        public var output: JSONValue {
            let line = JSONObject.Member(key: "line", value: .number(JSONNumber(number)))
            switch outcome {
            case .checked(let violations):
                return .object(
                    JSONObject([
                        line,
                        JSONObject.Member(key: "valid", value: .bool(violations.isEmpty)),
                        JSONObject.Member(key: "errors", value: JSONSchema.basicOutputErrors(violations)),
                    ])
                )
            case .unusable(let message):
                return .object(JSONObject([line, JSONObject.Member(key: "error", value: .string(message))]))
            }
        }

        /// Appends ``output`` as compact JSON (the bytes `JSONWriter` writes for it).
        /// - Parameter bytes: The buffer to append to.
        public func write(into bytes: inout [UInt8]) {
            guard case .checked(let violations) = outcome, violations.isEmpty else {
                output.write(into: &bytes)
                return
            }
            bytes.append(contentsOf: #"{"line":"#.utf8)
            bytes.append(contentsOf: String(number).utf8)
            bytes.append(contentsOf: #","valid":true,"errors":[]}"#.utf8)
        }
    }

    /// Options for compiling; `defaultDraft` applies to lines without `draft`.
    public var options: JSONSchema.Options
    /// Compiled schemas by draft and schema value, for lines the quick path leaves to the full parse (hashing
    /// the parsed value is cheaper than serialising it; the same schema with its members in another order is
    /// simply compiled again).
    private var cache: [CacheKey: Result<JSONSchema, SchemaError>] = [:]

    private struct CacheKey: Hashable {
        var draft: JSONSchema.Draft
        var schema: JSONValue
        /// Hashed once, so growing the cache does not rehash whole schemas.
        var hash: Int

        init(draft: JSONSchema.Draft, schema: JSONValue) {
            self.draft = draft
            self.schema = schema
            var hasher = Hasher()
            hasher.combine(draft)
            hasher.combine(schema)
            hash = hasher.finalize()
        }

        static func == (lhs: CacheKey, rhs: CacheKey) -> Bool {
            lhs.hash == rhs.hash && lhs.draft == rhs.draft && lhs.schema == rhs.schema
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(hash)
        }
    }

    /// Compiled schemas by draft and the raw text of the line's `schema` member (the quick path).
    private var textCache = SchemaTextCache()
    /// The compiler of schemas read from the tape, kept from schema to schema (given each line's options).
    private var treeCompiler: SchemaCompiler

    /// The quick path's parser buffers for instances and drafts, kept from line to line (short strings shared
    /// between lines too).
    private var workspace: JSONParser.Workspace = {
        var workspace = JSONParser.Workspace()
        workspace.shortStrings.isEnabled = true
        return workspace
    }()
    /// The quick path's parser buffers for schemas: a new schema is read while the line is scanned, and stays on
    /// this tape while the instance is parsed.
    private var schemaWorkspace = JSONParser.Workspace()

    /// How many distinct schemas were compiled.
    public private(set) var compilations = 0
    /// Time spent compiling schemas (cache misses), for `--timing`.
    public private(set) var compileTime = Duration.zero
    /// Time spent validating instances against compiled schemas, for `--timing`.
    public private(set) var validateTime = Duration.zero
    /// Whether ``compileTime`` and ``validateTime`` are measured (clock reads on every line; a run timed as a
    /// whole can turn them off).
    public var measuresPhases = true
    private let clock = ContinuousClock()
    private var phaseStart: ContinuousClock.Instant? { measuresPhases ? clock.now : nil }
    private func since(_ began: ContinuousClock.Instant?) -> Duration { began.map { clock.now - $0 } ?? .zero }

    /// Creates a checker.
    /// - Parameter options: Compile options (default draft, format assertion, registry).
    public init(options: JSONSchema.Options = JSONSchema.Options()) {
        self.options = options
        treeCompiler = SchemaCompiler.treeCompiler(options: options)
    }

    /// Checks one input line.
    /// - Parameters:
    ///   - line: The line's bytes (UTF-8 JSON).
    ///   - number: Its 1-based line number, echoed in the result.
    /// - Returns: The outcome and the result object.
    public mutating func check(line: some Collection<UInt8>, number: Int) -> LineResult {
        check(line: ArraySlice(line), number: number)
    }

    /// Checks one input line held in an array (a slice of the whole input, say).
    ///
    /// The schema texts kept by the cache are slices of `line`, so they share its storage instead of copying it.
    /// - Parameters:
    ///   - line: The line's bytes (UTF-8 JSON).
    ///   - number: Its 1-based line number, echoed in the result.
    /// - Returns: The outcome and the result object.
    public mutating func check(line: ArraySlice<UInt8>, number: Int) -> LineResult {
        let fast = line.withUnsafeBufferPointer { buffer in checkQuickly(buffer, of: line, number: number) }
        if let fast { return fast }
        return checkParsingWholeLine(line, number: number)
    }

    /// The path for ordinary lines: the top-level object is scanned, the compiled schema is found by its raw
    /// text (so a repeated schema is neither scanned, parsed nor hashed as a value again), and only the instance
    /// is parsed. Returns `nil` for anything unusual (escaped, duplicate or other keys, malformed structure, any
    /// parse error) so that ``checkParsingWholeLine(_:number:)`` handles and reports it exactly as before.
    private mutating func checkQuickly(_ line: UnsafeBufferPointer<UInt8>, of slice: ArraySlice<UInt8>, number: Int)
        -> LineResult?
    {
        // Member values are parsed one level below the line, so the depth limit is one less.
        let parser = JSONParser(options: JSONParser.Options(maxDepth: JSONParser.Options().maxDepth - 1))
        // The schema member: a cached text the line starts with there, or else a value read now (strictly, onto
        // the schema tape), which also says where it ends.
        var cached: SchemaTextCache.Match?
        var prefixKey: UInt64?
        let scanned = RawLineScanner.members(of: line) { start in
            if start.count >= SchemaTextCache.prefixLength {
                let key = SchemaTextCache.key(of: start)
                prefixKey = key
                if let match = textCache.match(atStartOf: start, key: key) {
                    cached = match
                    return match.length
                }
            }
            cached = nil
            return try? parser.readValue(atStartOf: start, workspace: &schemaWorkspace)
        } instanceLength: { start in
            try? parser.readValue(atStartOf: start, workspace: &workspace)
        }
        guard let members = scanned, let instanceRange = members.instance, let schemaRange = members.schema else {
            return nil
        }
        // The instance was read onto the workspace's tape while scanning; it is built before the draft is read.
        let instance = workspace.materialize(document: UnsafeBufferPointer(rebasing: line[instanceRange]))
        var draft = options.defaultDraft
        if let range = members.draft {
            guard
                let name = try? parser.parse(buffer: UnsafeBufferPointer(rebasing: line[range]), workspace: &workspace),
                let text = name.stringValue ?? name.numberValue?.literal, let named = JSONSchema.Draft(name: text)
            else { return nil }
            draft = named
        }
        let schemaBytes = UnsafeBufferPointer(rebasing: line[schemaRange])
        // A long text's key is that of its first bytes, already computed.
        let key =
            schemaBytes.count >= SchemaTextCache.prefixLength
            ? prefixKey ?? SchemaTextCache.key(of: schemaBytes) : SchemaTextCache.key(of: schemaBytes)
        if let compiled = cached.flatMap({ textCache.compiled($0, draft: draft) })
            ?? textCache.compiled(text: schemaBytes, draft: draft, key: key)
        {
            return result(of: compiled, instance: instance, number: number)
        }
        // A text cached for another draft only was not read; it is read now.
        if cached != nil {
            guard (try? parser.read(buffer: schemaBytes, workspace: &schemaWorkspace)) != nil else { return nil }
        }
        let compiled = compileTape(document: schemaBytes, draft: draft)
        let schemaText = slice[
            (slice.startIndex + schemaRange.lowerBound)..<(slice.startIndex + schemaRange.upperBound)
        ]
        textCache.insert(compiled, text: schemaText, draft: draft, key: key)
        return result(of: compiled, instance: instance, number: number)
    }

    private mutating func result(
        of compiled: Result<JSONSchema, SchemaError>,
        instance: JSONValue,
        number: Int
    ) -> LineResult {
        switch compiled {
        case .failure(let error):
            return Self.unusable(number, error.description)
        case .success(let compiled):
            let began = phaseStart
            let violations = compiled.validate(instance)
            validateTime += since(began)
            return LineResult(
                status: violations.isEmpty ? .valid : .invalid,
                number: number,
                outcome: .checked(violations)
            )
        }
    }

    private mutating func checkParsingWholeLine(_ line: some Collection<UInt8>, number: Int) -> LineResult {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: line)
        } catch {
            return Self.unusable(number, "line is not valid JSON: \(error)")
        }
        guard case .object(let object) = value else {
            return Self.unusable(number, "line must be a JSON object with \"schema\" and \"instance\"")
        }
        guard let schema = object["schema"] else { return Self.unusable(number, "line has no \"schema\"") }
        guard let instance = object["instance"] else { return Self.unusable(number, "line has no \"instance\"") }
        var draft = options.defaultDraft
        if let name = object["draft"] {
            guard let text = name.stringValue ?? name.numberValue?.literal, let named = JSONSchema.Draft(name: text)
            else {
                return Self.unusable(number, "unknown draft \(SchemaDescribe.json(name)); use \"2020-12\" or \"7\"")
            }
            draft = named
        }
        return result(of: compiled(schema, draft: draft), instance: instance, number: number)
    }

    /// The compiled schema for a draft, from the cache when possible.
    public mutating func compiled(_ schema: JSONValue, draft: JSONSchema.Draft) -> Result<JSONSchema, SchemaError> {
        let key = CacheKey(draft: draft, schema: schema)
        if let cached = cache[key] { return cached }
        let result = compile(schema, draft: draft)
        if cache.count >= 65_536 { cache.removeAll(keepingCapacity: true) }
        cache[key] = result
        return result
    }

    /// Compiles the schema on the schema workspace's tape; a schema the tape compile does not take (references, an error)
    /// is built as a value and compiled as such.
    private mutating func compileTape(document: UnsafeBufferPointer<UInt8>, draft: JSONSchema.Draft)
        -> Result<JSONSchema, SchemaError>
    {
        var lineOptions = options
        lineOptions.defaultDraft = draft
        let began = phaseStart
        treeCompiler.options = lineOptions
        if let schema = JSONSchema(tape: schemaWorkspace.tape, document: document, compiler: &treeCompiler) {
            compileTime += since(began)
            compilations += 1
            return .success(schema)
        }
        compileTime += since(began)
        let value = schemaWorkspace.materialize(document: document)
        return compile(value, draft: draft, skipsTreeWalk: true)
    }

    private mutating func compile(_ schema: JSONValue, draft: JSONSchema.Draft, skipsTreeWalk: Bool = false)
        -> Result<JSONSchema, SchemaError>
    {
        var lineOptions = options
        lineOptions.defaultDraft = draft
        let began = phaseStart
        let result: Result<JSONSchema, SchemaError>
        do {
            result = .success(try JSONSchema(schema, options: lineOptions, skipsTreeWalk: skipsTreeWalk))
        } catch {
            result = .failure(error)
        }
        compileTime += since(began)
        compilations += 1
        return result
    }

    /// The exit code for a run: 2 if any line was unusable, else 1 if any instance was invalid, else 0.
    /// - Parameter statuses: The statuses seen (any order, duplicates fine).
    /// - Returns: The code.
    public static func exitCode(_ statuses: some Sequence<Status>) -> Int32 {
        var code: Int32 = 0
        for status in statuses {
            switch status {
            case .unusable: return 2
            case .invalid: code = 1
            case .valid: continue
            }
        }
        return code
    }

    private static func unusable(_ number: Int, _ message: String) -> LineResult {
        LineResult(status: .unusable, number: number, outcome: .unusable(message))
    }
}
