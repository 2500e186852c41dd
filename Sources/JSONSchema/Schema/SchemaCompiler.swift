import Foundation

/// Builds the node table of a ``JSONSchema``.
///
/// 1. **Index**: walks each document along its schema keywords (iteratively, depth-limited), checking every
///    keyword's shape, recording `$id` resources, `$anchor`/`$dynamicAnchor` names and the base URI and
///    dialect of every subschema. Remote documents are indexed when first referenced.
/// 2. **Compile**: turns locations into ``SchemaNode``s through a work list — `$ref` targets and children
///    alike get an index first and are filled in later, so recursive schemas need no recursion here.
/// 3. **Check cycles**: a loop of in-place applicators (`$ref`, `allOf`, …) that never descends into the
///    instance would recurse forever, so it is rejected.
struct SchemaCompiler {
    /// A subschema position: a document and a JSON Pointer into it.
    struct Location: Hashable {
        var document: Int
        var pointer: String

        func appending(_ token: String) -> Location {
            let escaped = SchemaViolation.escapePointerToken(token)
            var extended = ""
            extended.reserveCapacity(pointer.utf8.count + escaped.utf8.count + 1)
            extended += pointer
            extended += "/"
            extended += escaped
            return Location(document: document, pointer: extended)
        }

        func appending(_ first: String, _ second: String) -> Location {
            let escapedFirst = SchemaViolation.escapePointerToken(first)
            let escapedSecond = SchemaViolation.escapePointerToken(second)
            var extended = ""
            extended.reserveCapacity(pointer.utf8.count + escapedFirst.utf8.count + escapedSecond.utf8.count + 2)
            extended += pointer
            extended += "/"
            extended += escapedFirst
            extended += "/"
            extended += escapedSecond
            return Location(document: document, pointer: extended)
        }
    }

    /// What is known about a subschema position from the walk.
    struct Scope {
        /// The base URI, as an index into the compiler's base table (keeps scopes trivially copyable).
        var base: Int
        var dialect: SchemaDialect
        var resource: Int
    }

    /// The base URI of a root schema without `$id`.
    static let defaultBaseURI = "urn:vendor-verifier:schema"
    private static let defaultBase = SchemaURI(defaultBaseURI)

    /// The options compiled with (a reused tree compiler gets each schema's own).
    var options: JSONSchema.Options
    /// Whether ``compile(_:)`` goes straight to the general compiler (the caller's tree walk already declined the
    /// schema).
    var skipsTreeWalk = false
    private var documents: [(value: JSONValue, uri: String)] = []
    /// Base URIs, parsed and as text, referred to by ``Scope/base``.
    private var baseURIs: [SchemaURI] = []
    private var baseTexts: [String] = []
    private var baseIndices: [String: Int] = [:]
    private var resourceLocations: [String: Location] = [:]
    private var resourceInfo: [(uri: String, dynamicAnchors: [String: Location])] = []
    private var anchors: [String: Location] = [:]
    private var scopes: [Location: Scope] = [:]
    private var nodeIndices: [Location: Int] = [:]
    /// The nodes; ``unbuilt`` until built.
    private var nodes: [SchemaNode] = []
    /// Each node's absolute location (the general compiler; the tree walk needs none).
    private var locations: [SchemaLocations.Location] = []
    /// The keywords of the nodes built so far (each node names its range).
    private var keywordTable: [SchemaKeyword] = []
    private var nodeLocations: [Location] = []
    private var pending: [(location: Location, value: JSONValue?, index: Int)] = []
    private var dialects: [String: SchemaDialect] = [:]
    /// Same-instance edges (`$ref`, `allOf` …) for cycle detection, with the keyword that made each edge.
    private var inPlaceEdges: [[(target: Int, keyword: String)]] = []
    /// Set while ``compileTree(_:draft:options:)`` runs: children get node indices without locations.
    private var isTreeWalk = false
    /// The children the current node's keywords created in the tree walk, to pair with the walk's subschemas.
    private var treeChildren: [TreeChild] = []
    /// Set while the tree walk locates every subschema (a schema with same-document `$ref`s): each subschema
    /// gets a node and a location, and the references are resolved when the walk is done.
    private var isLocatingTree = false
    /// Whether the last tree walk declined a schema only because it met a `$ref` (so it may be walked again,
    /// locating).
    private var treeWalkMetReference = false
    /// While locating: node indices by JSON Pointer.
    private var treeNodesByPointer: [String: Int] = [:]
    /// While locating: the `$ref`s met, each with its keyword table entry, its node and the pointer it names.
    private var treeReferences: [(keyword: Int, node: Int, pointer: String)] = []

    /// A node the tree walk created: under which keyword of its parent, and which of that keyword's subschemas.
    private struct TreeChild {
        var node: Int
        var keyword: SchemaKeywordName
        var ordinal: Int
    }

    /// Where a subschema sits under its keyword: the keyword's value itself, an element of its array, or a
    /// member of its object.
    private enum SubschemaPlace<Key> {
        case value
        case element(Int)
        case member(Key)
    }

    /// What ``nodes`` holds for a node not built yet.
    private static let unbuilt = SchemaNode(
        kind: .rejectsAll,
        collectsAnnotations: false,
        resource: -1,
        keywords: 0..<0
    )

    /// One subschema waiting in the tree walk; `node` is -1 for a subschema that is only checked. `pointer` is its
    /// JSON Pointer when the walk locates subschemas (empty otherwise).
    private struct TreeItem<Value> {
        var value: Value
        var node: Int
        var scope: Scope
        var depth: Int
        var pointer: String
    }
    private(set) var usesDynamicReferences = false
    private(set) var usesAnnotations = false
    private(set) var unsupportedKeywords: Set<String> = []

    init(options: JSONSchema.Options) {
        self.options = options
    }

    /// The compiled result.
    struct Output {
        /// The root's `$schema`, when it is a string.
        var rootMetaschema: String?
        var nodes: [SchemaNode]
        var keywords: [SchemaKeyword]
        var locations: SchemaLocations
        var resources: [SchemaResource]
        var root: Int
        var rootResource: Int
    }

    /// Compiles a root schema.
    mutating func compile(_ schema: JSONValue) throws(SchemaError) -> Output {
        let draft = try rootDraft(JSONValueSource(), root: schema)
        if !skipsTreeWalk,
            let output = Self.compileTree(JSONValueSource(), root: schema, draft: draft, options: options)
        {
            return output
        }
        // Typical tool schemas have a handful to a few dozen subschemas; start past the first rehashes.
        scopes.reserveCapacity(16)
        nodeIndices.reserveCapacity(16)
        nodes.reserveCapacity(16)
        locations.reserveCapacity(16)
        nodeLocations.reserveCapacity(16)
        inPlaceEdges.reserveCapacity(16)
        let root = try addDocument(schema, uri: Self.defaultBaseURI, dialect: SchemaDialect(draft: draft))
        let rootIndex = compileLocation(root, value: schema)
        try drain()
        if usesDynamicReferences {
            // Every $dynamicAnchor may become a $dynamicRef target; compile them all (loading may add more).
            var compiledAnchors = 0
            while compiledAnchors < resourceInfo.count {
                let anchorsOfResource = resourceInfo[compiledAnchors].dynamicAnchors
                for (_, location) in anchorsOfResource { _ = compileLocation(location, value: nil) }
                compiledAnchors += 1
                try drain()
            }
        }
        try rejectInPlaceCycles(from: rootIndex)
        if let unbuilt = nodes.firstIndex(where: { $0.resource < 0 }) {
            throw SchemaError(location: describe(nodeLocations[unbuilt]), message: "internal error: node not compiled")
        }
        var resources: [SchemaResource] = []
        for info in resourceInfo {
            var anchors: [String: Int] = [:]
            for (name, location) in info.dynamicAnchors {
                if let index = nodeIndices[location] { anchors[name] = index }
            }
            resources.append(SchemaResource(uri: info.uri, dynamicAnchors: anchors))
        }
        return Output(
            rootMetaschema: Self.rootMetaschema(JSONValueSource(), root: schema),
            nodes: Self.exactCopy(of: nodes),
            keywords: Self.exactCopy(of: keywordTable),
            locations: .perNode(locations),
            resources: resources,
            root: rootIndex,
            rootResource: scopes[root]?.resource ?? 0
        )
    }

    /// A compiler for ``compileTreeReusing(_:root:)``, to keep and reuse from schema to schema.
    static func treeCompiler(options: JSONSchema.Options) -> SchemaCompiler {
        var compiler = treeTemplate
        compiler.options = options
        return compiler
    }

    /// Compiles a root schema read from any source when it is a tree that compiles as is (see
    /// ``compileTree(_:root:draft:options:)``); `nil` for anything else. The compiler (from
    /// ``treeCompiler(options:)``) is left ready for the next schema, its tables emptied but their storage kept, so a
    /// run of many schemas allocates no scratch space per schema.
    mutating func compileTreeReusing<Source: SchemaSource>(_ source: Source, root: Source.Value) -> Output? {
        defer { resetTreeWalk() }
        // A root `$schema` is applied when the walk enters the root; until then the default draft stands.
        if let output = try? walkTree(source, root: root, draft: options.defaultDraft) { return output }
        guard treeWalkMetReference else { return nil }
        resetTreeWalk()
        isLocatingTree = true
        return try? walkTree(source, root: root, draft: options.defaultDraft)
    }

    /// Empties what a tree walk filled; a walk that registered a root `$id` (a base URI, a resource, anchors)
    /// gets the template's tables back.
    private mutating func resetTreeWalk() {
        nodes.removeAll(keepingCapacity: true)
        keywordTable.removeAll(keepingCapacity: true)
        treeChildren.removeAll(keepingCapacity: true)
        usesAnnotations = false
        treeWalkMetReference = false
        if isLocatingTree {
            isLocatingTree = false
            locations.removeAll(keepingCapacity: true)
            inPlaceEdges.removeAll(keepingCapacity: true)
            treeNodesByPointer.removeAll(keepingCapacity: true)
            treeReferences.removeAll(keepingCapacity: true)
        }
        if baseTexts.count > 1 || resourceInfo.count > 1 || !anchors.isEmpty {
            let template = Self.treeTemplate
            (baseURIs, baseTexts, baseIndices) = (template.baseURIs, template.baseTexts, template.baseIndices)
            (resourceLocations, resourceInfo, anchors) = (template.resourceLocations, template.resourceInfo, [:])
        }
    }

    /// The metaschema URI the root's `$schema` names (the last `$schema` member, when it is a string).
    static func rootMetaschema<Source: SchemaSource>(_ source: Source, root: Source.Value) -> String? {
        guard let members = source.members(root) else { return nil }
        var uri: String?
        for member in members where source.keyword(member.key) == .schema { uri = source.string(member.value) }
        return uri
    }

    /// The draft the root schema is read with: its `$schema`, else the default.
    private mutating func rootDraft<Source: SchemaSource>(_ source: Source, root: Source.Value) throws(SchemaError)
        -> JSONSchema.Draft
    {
        guard let uri = Self.rootMetaschema(source, root: root) else { return options.defaultDraft }
        return (try dialect(forMetaschema: uri, at: "/$schema", inheriting: nil)).draft
    }

    // MARK: Documents and dialects

    /// The index of a base URI in the base table, adding it if new.
    private mutating func baseIndex(_ uri: SchemaURI, text: String) -> Int {
        if let index = baseIndices[text] { return index }
        baseURIs.append(uri)
        baseTexts.append(text)
        baseIndices[text] = baseTexts.count - 1
        return baseTexts.count - 1
    }

    private func describe(_ location: Location) -> String {
        location.document == 0 ? location.pointer : documents[location.document].uri + "#" + location.pointer
    }

    /// Adds and indexes a document; returns its root location.
    private mutating func addDocument(_ value: JSONValue, uri: String, dialect: SchemaDialect) throws(SchemaError)
        -> Location
    {
        documents.append((value, uri))
        let root = Location(document: documents.count - 1, pointer: "")
        let resource = newResource(uri, at: root)
        let parsed = uri == Self.defaultBaseURI ? Self.defaultBase : SchemaURI(uri)
        let base = baseIndex(parsed, text: uri)
        try index(value, at: root, scope: Scope(base: base, dialect: dialect, resource: resource))
        return root
    }

    private mutating func newResource(_ uri: String, at location: Location) -> Int {
        if let existing = resourceLocations[uri], existing == location,
            let index = resourceInfo.firstIndex(where: { $0.uri == uri })
        {
            return index
        }
        if resourceLocations[uri] == nil { resourceLocations[uri] = location }
        resourceInfo.append((uri, [:]))
        return resourceInfo.count - 1
    }

    /// Loads the document for an absolute URI (built-in metaschemas first, then the registry).
    /// - Returns: Whether a document is now known under `uri`.
    private mutating func load(_ uri: String, dialect: SchemaDialect) throws(SchemaError) -> Bool {
        if resourceLocations[uri] != nil { return true }
        let document: JSONValue
        if let builtIn = BuiltInMetaschemas.documents[uri] {
            document = builtIn
        } else if let registered = try options.registry.document(for: uri) {
            document = registered
        } else {
            return false
        }
        var documentDialect = dialect
        if case .object(let object) = document, let metaschema = object["$schema"]?.stringValue {
            documentDialect = try self.dialect(forMetaschema: metaschema, at: uri + "#/$schema", inheriting: dialect)
        }
        _ = try addDocument(document, uri: uri, dialect: documentDialect)
        return true
    }

    /// The dialect a `$schema` URI selects: a built-in draft, or a registered metaschema's vocabularies.
    private mutating func dialect(
        forMetaschema rawURI: String,
        at location: String,
        inheriting: SchemaDialect?
    ) throws(SchemaError) -> SchemaDialect {
        if let draft = JSONSchema.Draft.known(metaschemaURI: rawURI) { return SchemaDialect(draft: draft) }
        let uri = SchemaURI(rawURI).withoutFragment.description
        if let known = dialects[uri] { return known }
        guard let document = try options.registry.document(for: uri) ?? BuiltInMetaschemas.documents[uri],
            case .object(let metaschema) = document
        else {
            throw SchemaError(
                location: location,
                message: "unknown $schema \(SchemaDescribe.json(.string(rawURI))): not a supported draft and not in "
                    + "the schema registry"
            )
        }
        var draft = JSONSchema.Draft.draft2020_12
        if let parent = metaschema["$schema"]?.stringValue, let known = JSONSchema.Draft.known(metaschemaURI: parent) {
            draft = known
        }
        var dialect = SchemaDialect(draft: draft)
        if case .object(let vocabularies) = metaschema["$vocabulary"], !draft.refOverridesSiblings {
            var enabled: SchemaDialect.Vocabularies = []
            for entry in vocabularies {
                guard let vocabulary = SchemaDialect.Vocabularies.named(entry.key) else {
                    if entry.value.boolValue == true {
                        throw SchemaError(
                            location: location,
                            message: "the metaschema \(uri) requires the vocabulary \(entry.key), which this "
                                + "validator does not support"
                        )
                    }
                    continue
                }
                enabled.formUnion(vocabulary)
            }
            dialect.vocabularies = enabled
        }
        dialects[uri] = dialect
        _ = inheriting
        return dialect
    }

    // MARK: Indexing

    /// Walks a (sub)schema along its schema keywords, recording scopes, resources and anchors.
    private mutating func index(_ value: JSONValue, at start: Location, scope: Scope) throws(SchemaError) {
        var stack: [(value: JSONValue, location: Location, scope: Scope, depth: Int)] = [(value, start, scope, 0)]
        while let item = stack.popLast() {
            guard item.depth <= JSONSchema.maximumDepth else {
                throw SchemaError(
                    location: describe(item.location),
                    message: "subschemas are nested more than \(JSONSchema.maximumDepth) levels deep"
                )
            }
            guard scopes[item.location] == nil else { continue }
            switch item.value {
            case .bool:
                scopes[item.location] = item.scope
            case .object:
                let view = SchemaObjectView(item.value, in: JSONValueSource())
                let scope = try enter(view, at: item.location, parent: item.scope, isRoot: item.depth == 0)
                scopes[item.location] = scope
                // Last first, so the stack pops them in document order and errors are met in order.
                var found: [Subschema<JSONValueSource>] = []
                Self.subschemas(of: view, dialect: scope.dialect, into: &found)
                for subschema in found.reversed() {
                    let name = subschema.keyword.name
                    let location: Location
                    switch subschema.place {
                    case .value: location = item.location.appending(name)
                    case .element(let position): location = item.location.appending(name, String(position))
                    case .member(let key): location = item.location.appending(name, key)
                    }
                    stack.append((subschema.value, location, scope, item.depth + 1))
                }
            default:
                throw SchemaError(
                    location: describe(item.location),
                    message: "a schema must be an object or a boolean, got \(item.value.typeName)"
                )
            }
        }
    }

    /// Applies `$schema`, `$id`, `$anchor` and `$dynamicAnchor` of one schema object.
    private mutating func enter<Source: SchemaSource>(
        _ view: SchemaObjectView<Source>,
        at location: Location,
        parent: Scope,
        isRoot: Bool
    ) throws(SchemaError) -> Scope {
        var scope = parent
        let source = view.source
        if let metaschema = view[.schema].flatMap(source.string), isRoot || view.has(.id) {
            scope.dialect = try dialect(
                forMetaschema: metaschema,
                at: describe(location) + "/$schema",
                inheriting: parent.dialect
            )
        }
        try SchemaKeywordChecks.check(
            view,
            at: { describe(location) },
            dialect: scope.dialect,
            allowsNullable: options.allowsNullable
        )
        let draft7 = scope.dialect.isDraft7
        if let id = view[.id].flatMap(source.string), !(draft7 && view.has(.ref)) {
            if draft7 && id.hasPrefix("#") {
                anchors[baseTexts[scope.base] + id] = location
            } else {
                let resolved = baseURIs[scope.base].resolving(SchemaURI(id))
                if draft7, let fragment = resolved.fragment, !fragment.isEmpty {
                    anchors[resolved.withoutFragment.description + "#" + fragment] = location
                }
                let base = resolved.withoutFragment
                let text = base.description
                scope.base = baseIndex(base, text: text)
                scope.resource = newResource(text, at: location)
            }
        }
        if !draft7, let name = view[.anchor].flatMap(source.string) {
            anchors[baseTexts[scope.base] + "#" + name] = location
        }
        if scope.dialect.is2020, let name = view[.dynamicAnchor].flatMap(source.string) {
            anchors[baseTexts[scope.base] + "#" + name] = location
            resourceInfo[scope.resource].dynamicAnchors[name] = location
        }
        return scope
    }

    /// One subschema of a schema object: its keyword, its ordinal under the keyword (the position of its element
    /// or member, 0 for the keyword's own value), where it sits, and its value.
    private typealias Subschema<Source: SchemaSource> = (
        keyword: SchemaKeywordName, ordinal: Int, place: SubschemaPlace<Source.Key>, value: Source.Value
    )

    /// Appends each subschema the walk follows, in document order, to `list`.
    private static func subschemas<Source: SchemaSource>(
        of view: SchemaObjectView<Source>,
        dialect: SchemaDialect,
        into list: inout [Subschema<Source>]
    ) {
        let source = view.source
        let draft7 = dialect.isDraft7
        let is2020 = dialect.is2020
        for position in 0..<view.keywordCount {
            let (keyword, value) = view.entry(position)
            switch keyword {
            case .defs where !draft7, .dependentSchemas where !draft7, .definitions, .properties, .patternProperties,
                .dependencies:
                guard let map = source.members(value) else { continue }
                for (ordinal, entry) in map.enumerated() where source.isSchema(entry.value) {
                    list.append((keyword, ordinal, .member(entry.key), entry.value))
                }
            case .prefixItems where is2020, .items where !is2020, .allOf, .anyOf, .oneOf:
                if let elements = source.elements(value) {
                    for (ordinal, element) in elements.enumerated() {
                        list.append((keyword, ordinal, .element(ordinal), element))
                    }
                } else if keyword == .items, source.isSchema(value) {
                    list.append((keyword, 0, .value, value))
                }
            case .additionalItems where !is2020, .unevaluatedItems where !draft7, .unevaluatedProperties where !draft7,
                .contentSchema where !draft7, .additionalProperties, .propertyNames, .contains, .ifKeyword,
                .thenKeyword, .elseKeyword, .not, .items:
                if source.isSchema(value) { list.append((keyword, 0, .value, value)) }
            default:
                continue
            }
        }
    }

    // MARK: Locations and references

    /// The value at a location.
    private func value(at location: Location) -> JSONValue? {
        var current = documents[location.document].value
        guard !location.pointer.isEmpty else { return current }
        for rawToken in location.pointer.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .dropFirst()
        {
            let text = String(Substring(rawToken))
            let token =
                rawToken.contains(UInt8(ascii: "~"))
                ? text.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : text
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(token), index >= 0, index < elements.count, String(index) == token else {
                    return nil
                }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The node index for a location, queueing it for compilation the first time.
    private mutating func compileLocation(_ location: Location, value: JSONValue?) -> Int {
        let index = nodes.count
        // Most locations are new: one hash to insert; a known one is put back (a second hash, rarely).
        if let known = nodeIndices.updateValue(index, forKey: location) {
            nodeIndices[location] = known
            return known
        }
        nodes.append(Self.unbuilt)
        locations.append(SchemaLocations.Location(base: "", pointer: "", relativeStart: 0))
        nodeLocations.append(location)
        inPlaceEdges.append([])
        pending.append((location, value, index))
        return index
    }

    /// Resolves a `$ref`/`$dynamicRef` value against the scope's base URI.
    private mutating func resolve(
        _ reference: String,
        scope: Scope,
        at place: @autoclosure () -> String
    ) throws(SchemaError) -> Location {
        let target = baseURIs[scope.base].resolving(SchemaURI(reference))
        let documentURI = target.withoutFragment.description
        let fragment = target.fragment ?? ""
        guard try load(documentURI, dialect: scope.dialect) else {
            throw SchemaError(
                location: place(),
                message: "cannot resolve \(SchemaDescribe.json(.string(reference))): no schema \(documentURI) is known "
                    + "(remote references resolve only from the local schema registry)"
            )
        }
        if fragment.isEmpty || fragment.hasPrefix("/") {
            guard let resource = resourceLocations[documentURI] else {
                throw SchemaError(location: place(), message: "cannot resolve \(reference)")
            }
            let decoded =
                fragment.utf8.contains(UInt8(ascii: "%")) ? fragment.removingPercentEncoding ?? fragment : fragment
            let location = Location(document: resource.document, pointer: resource.pointer + decoded)
            guard let target = value(at: location) else {
                throw SchemaError(
                    location: place(),
                    message: "cannot resolve \(SchemaDescribe.json(.string(reference))): \(documentURI) has nothing "
                        + "at \(decoded)"
                )
            }
            guard target.objectValue != nil || target.boolValue != nil else {
                throw SchemaError(
                    location: place(),
                    message: "cannot resolve \(SchemaDescribe.json(.string(reference))): it points to "
                        + "\(target.typeName == "array" ? "an" : "a") \(target.typeName), not a schema"
                )
            }
            return location
        }
        guard let location = anchors[documentURI + "#" + fragment] else {
            throw SchemaError(
                location: place(),
                message: "cannot resolve \(SchemaDescribe.json(.string(reference))): no anchor \"\(fragment)\" in "
                    + documentURI
            )
        }
        return location
    }

    // MARK: Compiling nodes

    private mutating func drain() throws(SchemaError) {
        while let item = pending.popLast() {
            guard let value = item.value ?? value(at: item.location) else {
                throw SchemaError(location: describe(item.location), message: "reference target vanished")
            }
            (nodes[item.index], locations[item.index]) = try build(value, at: item.location, index: item.index)
        }
    }

    /// The scope of a location, indexing it first if the walk never reached it (a `$ref` into an unknown
    /// keyword, say).
    private mutating func scope(for location: Location, value: JSONValue) throws(SchemaError) -> Scope {
        if let known = scopes[location] { return known }
        var ancestor = location.pointer
        var inherited: Scope?
        while inherited == nil, let slash = ancestor.lastIndex(of: "/") {
            ancestor = String(ancestor[..<slash])
            inherited = scopes[Location(document: location.document, pointer: ancestor)]
        }
        guard let parent = inherited else {
            throw SchemaError(location: describe(location), message: "internal error: no scope for this schema")
        }
        try index(value, at: location, scope: parent)
        guard let scope = scopes[location] else {
            throw SchemaError(location: describe(location), message: "internal error: no scope for this schema")
        }
        return scope
    }

    private mutating func build(_ value: JSONValue, at location: Location, index: Int) throws(SchemaError)
        -> (SchemaNode, SchemaLocations.Location)
    {
        let scope = try scope(for: location, value: value)
        let baseText = baseTexts[scope.base]
        var relativeStart = 0
        if let resource = resourceLocations[baseText], resource.document == location.document,
            !resource.pointer.isEmpty, location.pointer.hasPrefix(resource.pointer)
        {
            relativeStart = resource.pointer.utf8.count
        }
        let absolute = SchemaLocations.Location(
            base: baseText,
            pointer: location.pointer,
            relativeStart: relativeStart
        )
        switch value {
        case .bool(let flag):
            return (Self.booleanNode(flag, resource: scope.resource), absolute)
        case .object:
            let builder = NodeBuilder(
                location: location,
                index: index,
                scope: scope,
                documentURI: location.document == 0 ? nil : documents[location.document].uri
            )
            return (try objectNode(SchemaObjectView(value, in: JSONValueSource()), builder), absolute)
        default:
            throw SchemaError(
                location: describe(location),
                message: "a schema must be an object or a boolean, got \(value.typeName)"
            )
        }
    }

    /// A copy of a table with no spare capacity: compiling reserves room generously, but a compiled schema keeps
    /// its tables for as long as it is cached.
    private static func exactCopy<Element>(of table: [Element]) -> [Element] {
        table.withUnsafeBufferPointer { Array($0) }
    }

    /// The node of a `true` or `false` schema.
    private static func booleanNode(_ flag: Bool, resource: Int) -> SchemaNode {
        SchemaNode(
            kind: flag ? .acceptsAll : .rejectsAll,
            collectsAnnotations: false,
            resource: resource,
            keywords: 0..<0
        )
    }

    // MARK: The tree walk

    /// Compiles a schema whose subschemas form a plain tree in one walk, or returns `nil`.
    ///
    /// Nearly every tool schema has no `$ref`, `$dynamicRef`, `$recursiveRef`, `$anchor` or `$dynamicAnchor` and
    /// no `$id` below the root. Then nothing can refer to a subschema by location, so each subschema is checked
    /// (``SchemaKeywordChecks``, as the index walk does), scoped and built in the same visit, in the index walk's
    /// order, and no JSON Pointer is built or hashed: a node keeps its parent and tokens, and its location is
    /// joined only when a violation is reported. Subschemas that are checked but never evaluated (`$defs`, a
    /// `then` without `if` …) are visited and checked all the same.
    ///
    /// A schema whose only references are same-document `$ref`s (`#` or `#/pointer`, the usual `$defs` or
    /// `definitions` reuse) is walked a second time *locating*: every subschema, evaluated or not, gets a node and
    /// its JSON Pointer, and each reference then names the node at its pointer. The result is what the general
    /// compiler builds for the nodes evaluation can reach (the extra nodes are never evaluated); a reference to
    /// anything but a subschema, or a loop of references, is left to the general compiler.
    ///
    /// Returns `nil` when the schema has any other of those keywords, or is invalid in any way: the general
    /// compiler then runs from scratch, so every error is found and worded exactly as before.
    static func compileTree<Source: SchemaSource>(
        _ source: Source,
        root: Source.Value,
        draft: JSONSchema.Draft,
        options: JSONSchema.Options
    ) -> Output? {
        var compiler = treeTemplate
        compiler.options = options
        if let output = try? compiler.walkTree(source, root: root, draft: draft) { return output }
        guard compiler.treeWalkMetReference else { return nil }
        compiler.resetTreeWalk()
        compiler.isLocatingTree = true
        return try? compiler.walkTree(source, root: root, draft: draft)
    }

    /// The resource table of a tree schema without a root `$id` (shared, so compiling one allocates none).
    private static let defaultResources = [SchemaResource(uri: defaultBaseURI, dynamicAnchors: [:])]

    /// A compiler ready for the tree walk, with the root's default base URI and resource registered (index 0).
    ///
    /// Each walk starts from a copy, which shares these tables until a root `$id` adds to them, so compiling a
    /// typical schema hashes and allocates nothing for them.
    private static let treeTemplate: SchemaCompiler = {
        var compiler = SchemaCompiler(options: JSONSchema.Options())
        compiler.isTreeWalk = true
        _ = compiler.baseIndex(defaultBase, text: defaultBaseURI)
        _ = compiler.newResource(defaultBaseURI, at: Location(document: 0, pointer: ""))
        return compiler
    }()

    private mutating func walkTree<Source: SchemaSource>(
        _ source: Source,
        root schema: Source.Value,
        draft: JSONSchema.Draft
    ) throws(SchemaError) -> Output? {
        let root = Location(document: 0, pointer: "")
        let rootScope = Scope(base: 0, dialect: SchemaDialect(draft: draft), resource: 0)
        var rootResource = rootScope.resource
        var rootBase = rootScope.base
        var rootMetaschema: String?
        nodes.reserveCapacity(16)
        keywordTable.reserveCapacity(32)
        treeChildren.reserveCapacity(16)
        _ = newTreeNode()
        var stack: [TreeItem<Source.Value>] = []
        stack.reserveCapacity(16)
        var found: [Subschema<Source>] = []
        found.reserveCapacity(16)
        stack.append(TreeItem(value: schema, node: 0, scope: rootScope, depth: 0, pointer: ""))
        while let item = stack.popLast() {
            guard item.depth <= JSONSchema.maximumDepth else { return nil }
            switch source.kind(item.value) {
            case .boolean:
                if item.node >= 0 {
                    let flag = source.bool(item.value) ?? false
                    nodes[item.node] = Self.booleanNode(flag, resource: item.scope.resource)
                    if isLocatingTree { locate(item.node, at: item.pointer, scope: item.scope) }
                }
                continue
            case .object:
                break
            default:
                return nil
            }
            let view = SchemaObjectView(item.value, in: source)
            if view.has(.dynamicRef) || view.has(.recursiveRef) || view.has(.anchor) || view.has(.dynamicAnchor)
                || (item.depth > 0 && view.has(.id))
            {
                return nil
            }
            if view.has(.ref) && !isLocatingTree {
                treeWalkMetReference = true
                return nil
            }
            let scope = try enter(view, at: root, parent: item.scope, isRoot: item.depth == 0)
            if item.depth == 0 {
                (rootResource, rootBase) = (scope.resource, scope.base)
                rootMetaschema = view[.schema].flatMap(source.string)
            }
            if !treeChildren.isEmpty { treeChildren.removeAll(keepingCapacity: true) }
            if item.node >= 0 {
                let builder = NodeBuilder(location: root, index: item.node, scope: scope, documentURI: nil)
                nodes[item.node] = try objectNode(view, builder)
                if isLocatingTree { locate(item.node, at: item.pointer, scope: scope) }
            }
            // Pair the walk's subschemas with the children the keywords created (same keyword and ordinal).
            var unpaired = treeChildren.count
            if !found.isEmpty { found.removeAll(keepingCapacity: true) }
            Self.subschemas(of: view, dialect: scope.dialect, into: &found)
            for subschema in found {
                var node = -1
                var position = treeChildren.count - 1
                while position >= 0 {
                    let candidate = treeChildren[position]
                    if candidate.node >= 0, candidate.keyword == subschema.keyword,
                        candidate.ordinal == subschema.ordinal
                    {
                        node = candidate.node
                        treeChildren[position].node = -1
                        unpaired -= 1
                        break
                    }
                    position -= 1
                }
                var pointer = ""
                if isLocatingTree {
                    // Every subschema may be a reference's target: it gets a node even if nothing evaluates it.
                    if node < 0 { node = newTreeNode() }
                    pointer = Self.pointer(of: subschema, in: source, under: item.pointer)
                }
                stack.append(
                    TreeItem(value: subschema.value, node: node, scope: scope, depth: item.depth + 1, pointer: pointer)
                )
            }
            guard unpaired == 0 else { return nil }
        }
        guard !nodes.contains(where: { $0.resource < 0 }) else { return nil }
        var locations = SchemaLocations.evaluationPath(base: baseTexts[rootBase])
        if isLocatingTree {
            guard resolveTreeReferences() else { return nil }
            locations = .perNode(Self.exactCopy(of: self.locations))
        }
        let resources =
            resourceInfo.count == 1 && resourceInfo[0].uri == Self.defaultBaseURI
            ? Self.defaultResources : resourceInfo.map { SchemaResource(uri: $0.uri, dynamicAnchors: [:]) }
        return Output(
            rootMetaschema: rootMetaschema,
            nodes: Self.exactCopy(of: nodes),
            keywords: Self.exactCopy(of: keywordTable),
            locations: locations,
            resources: resources,
            root: 0,
            rootResource: rootResource
        )
    }

    /// A new, unbuilt node of the tree walk (with room for its edges and location when locating).
    private mutating func newTreeNode() -> Int {
        let index = nodes.count
        nodes.append(Self.unbuilt)
        if isLocatingTree {
            inPlaceEdges.append([])
            locations.append(SchemaLocations.Location(base: "", pointer: "", relativeStart: 0))
        }
        return index
    }

    /// Records where a node of a locating tree walk is: its absolute location, and its pointer for references.
    private mutating func locate(_ node: Int, at pointer: String, scope: Scope) {
        // Below the root there is no `$id`, so every pointer is relative to the root's base URI.
        locations[node] = SchemaLocations.Location(base: baseTexts[scope.base], pointer: pointer, relativeStart: 0)
        treeNodesByPointer[pointer] = node
    }

    /// The JSON Pointer of a subschema, given its parent's.
    private static func pointer<Source: SchemaSource>(
        of subschema: Subschema<Source>,
        in source: Source,
        under parent: String
    ) -> String {
        let keyword = SchemaViolation.escapePointerToken(subschema.keyword.name)
        switch subschema.place {
        case .value: return parent + "/" + keyword
        case .element(let position): return parent + "/" + keyword + "/" + String(position)
        case .member(let key):
            return parent + "/" + keyword + "/" + SchemaViolation.escapePointerToken(source.string(key: key))
        }
    }

    /// Records a `$ref` met by a locating tree walk; the walk fills in its target when every subschema has a node.
    /// Only same-document pointers are taken (`#` or `#/…`, without percent-encoding); anything else declines.
    /// - Returns: A placeholder target.
    private mutating func recordTreeReference(_ reference: String, from node: Int) throws(SchemaError) -> Int {
        guard isLocatingTree, reference.utf8.first == UInt8(ascii: "#"), !reference.utf8.contains(UInt8(ascii: "%"))
        else {
            throw SchemaError(location: "", message: "the tree walk leaves this reference to the general compiler")
        }
        let pointer = String(reference.dropFirst())
        guard pointer.isEmpty || pointer.hasPrefix("/") else {
            throw SchemaError(location: "", message: "the tree walk leaves this reference to the general compiler")
        }
        treeReferences.append((keywordTable.count, node, pointer))
        return node
    }

    /// Points each recorded `$ref` at the node of its pointer, and looks for loops of references; `false` when a
    /// pointer names no subschema or there is a loop (the general compiler then reports it).
    private mutating func resolveTreeReferences() -> Bool {
        for reference in treeReferences {
            guard let target = treeNodesByPointer[reference.pointer] else { return false }
            keywordTable[reference.keyword] = .reference(target, keyword: "$ref")
            inPlaceEdges[reference.node].append((target, "$ref"))
        }
        return inPlaceCycle(from: 0) == nil
    }

    /// A child node created by the tree walk, with its keyword and ordinal (to pair it with the walk's subschema).
    private mutating func treeChild(_ keyword: SchemaKeywordName, _ ordinal: Int) -> Int {
        let index = newTreeNode()
        treeChildren.append(TreeChild(node: index, keyword: keyword, ordinal: ordinal))
        return index
    }

    /// Per-node compilation state (the schema object's view travels beside it, so building one copies no view).
    private struct NodeBuilder {
        let location: Location
        /// The node being built (the parent of the children it creates).
        let index: Int
        let scope: Scope
        /// The document's URI when it is not the root document, for error locations.
        let documentURI: String?

        /// The location of a keyword of this schema, for errors.
        func at(_ keyword: String) -> String {
            let pointer = location.pointer + "/" + SchemaViolation.escapePointerToken(keyword)
            return documentURI.map { $0 + "#" + pointer } ?? pointer
        }
    }

    /// A child schema's node: one the tree walk will pair with its subschema, or one queued by location (the
    /// general compiler). The child sits under `keyword`: its value, or (with `second`, the element's position or
    /// the member's key, only computed for the general compiler) the `ordinal`-th element or member.
    private mutating func child<Source: SchemaSource>(
        _ view: SchemaObjectView<Source>,
        _ builder: NodeBuilder,
        _ keyword: SchemaKeywordName,
        _ ordinal: Int = 0,
        _ second: @autoclosure () -> String? = nil,
        value: Source.Value
    ) -> Int {
        if isTreeWalk { return treeChild(keyword, ordinal) }
        let location =
            second().map { builder.location.appending(keyword.name, $0) } ?? builder.location.appending(keyword.name)
        return compileLocation(location, value: view.source.json(value))
    }

    /// Compiles one schema object into its node; its keywords go to the keyword table.
    private mutating func objectNode<Source: SchemaSource>(_ view: SchemaObjectView<Source>, _ builder: NodeBuilder)
        throws(SchemaError) -> SchemaNode
    {
        let source = view.source
        let dialect = builder.scope.dialect
        let index = builder.index
        let start = keywordTable.count
        var collectsAnnotations = false
        func node() -> SchemaNode {
            SchemaNode(
                kind: .keywords,
                collectsAnnotations: collectsAnnotations,
                resource: builder.scope.resource,
                keywords: start..<keywordTable.count
            )
        }

        if dialect.isDraft7, let reference = view[.ref].flatMap(source.string) {
            keywordTable.append(.reference(try referenceTarget(reference, from: index, builder), keyword: "$ref"))
            return node()
        }
        if dialect.validation {
            if view.hasAny(Self.validationKeywordSet) { try validationKeywords(view, builder) }
        }
        if options.formatAssertion || dialect.vocabularies.contains(.formatAssertion),
            let name = view[.format].flatMap(source.string),
            let format = SchemaFormat(rawValue: name)
        {
            keywordTable.append(.format(format))
        }
        if dialect.isDraft7 {
            let base64 = view[.contentEncoding].flatMap(source.string)?.lowercased() == "base64"
            let json = view[.contentMediaType].flatMap(source.string)?.lowercased() == "application/json"
            if base64 || json { keywordTable.append(.content(base64: base64, json: json)) }
        }
        if dialect.applicator {
            if view.hasAny(Self.arrayKeywordSet) { try arrayKeywords(view, builder) }
            if view.hasAny(Self.objectKeywordSet) { try objectKeywords(view, builder) }
        }
        if dialect.validation {
            if let value = view[.required], let entries = source.elements(value) {
                var names: [String] = []
                names.reserveCapacity(source.count(value))
                for entry in entries {
                    if let name = source.string(entry) { names.append(name) }
                }
                keywordTable.append(.required(names))
            }
            if !dialect.isDraft7, let entries = view[.dependentRequired].flatMap(source.members) {
                let requirements = Self.requirements(entries, source, where: { _ in true })
                keywordTable.append(.dependentRequired(requirements, keyword: "dependentRequired"))
            }
            if let entries = view[.dependencies].flatMap(source.members) {
                let arrays = Self.requirements(entries, source, where: { source.kind($0) == .array })
                if !arrays.isEmpty { keywordTable.append(.dependentRequired(arrays, keyword: "dependencies")) }
            }
            if view.has(.minProperties), let count = Self.count(view[.minProperties], source) {
                keywordTable.append(.minProperties(count))
            }
            if view.has(.maxProperties), let count = Self.count(view[.maxProperties], source) {
                keywordTable.append(.maxProperties(count))
            }
        }
        // References.
        if !dialect.isDraft7, let reference = view[.ref].flatMap(source.string) {
            keywordTable.append(.reference(try referenceTarget(reference, from: index, builder), keyword: "$ref"))
        }
        if dialect.is2020, let reference = view[.dynamicRef].flatMap(source.string) {
            usesDynamicReferences = true
            let targetLocation = try resolve(reference, scope: builder.scope, at: builder.at("$dynamicRef"))
            let target = compileLocation(targetLocation, value: nil)
            addEdge(from: index, to: target, "$dynamicRef")
            var anchor: String?
            if let fragment = baseURIs[builder.scope.base].resolving(SchemaURI(reference)).fragment, !fragment.isEmpty,
                !fragment.hasPrefix("/"), value(at: targetLocation)?["$dynamicAnchor"]?.stringValue == fragment
            {
                anchor = fragment
            }
            keywordTable.append(.dynamicReference(target, anchor: anchor))
        }
        if !dialect.isDraft7 && !dialect.is2020, let reference = view[.recursiveRef].flatMap(source.string) {
            unsupportedKeywords.insert("$recursiveRef")
            let target = compileLocation(
                try resolve(reference, scope: builder.scope, at: builder.at("$recursiveRef")),
                value: nil
            )
            addEdge(from: index, to: target, "$recursiveRef")
            keywordTable.append(.reference(target, keyword: "$recursiveRef"))
        }
        if dialect.applicator {
            if view.hasAny(Self.combinatorKeywordSet) { try combinatorKeywords(view, builder) }
        }
        if dialect.unevaluated {
            if let value = view[.unevaluatedItems] {
                keywordTable.append(.unevaluatedItems(child(view, builder, .unevaluatedItems, value: value)))
                collectsAnnotations = true
                usesAnnotations = true
            }
            if let value = view[.unevaluatedProperties] {
                keywordTable.append(.unevaluatedProperties(child(view, builder, .unevaluatedProperties, value: value)))
                collectsAnnotations = true
                usesAnnotations = true
            }
        }
        return node()
    }

    /// The node a `$ref` names: resolved and queued by the general compiler, recorded for later by the tree walk.
    private mutating func referenceTarget(_ reference: String, from index: Int, _ builder: NodeBuilder)
        throws(SchemaError) -> Int
    {
        if isTreeWalk { return try recordTreeReference(reference, from: index) }
        let target = compileLocation(try resolve(reference, scope: builder.scope, at: builder.at("$ref")), value: nil)
        addEdge(from: index, to: target, "$ref")
        return target
    }

    /// Records a same-instance edge for cycle detection (a plain tree has no loops to look for, so the tree walk
    /// keeps none unless it is locating).
    private mutating func addEdge(from node: Int, to target: Int, _ keyword: String) {
        if !isTreeWalk || isLocatingTree { inPlaceEdges[node].append((target, keyword)) }
    }

    /// The entries of `dependentRequired` (or array-valued `dependencies`) whose value passes `include`.
    private static func requirements<Source: SchemaSource>(
        _ entries: Source.Members,
        _ source: Source,
        where include: (Source.Value) -> Bool
    ) -> [(name: String, token: String, required: [String])] {
        var requirements: [(name: String, token: String, required: [String])] = []
        for entry in entries where include(entry.value) {
            let name = source.string(key: entry.key)
            let required = source.elements(entry.value).map { $0.compactMap { source.string($0) } } ?? []
            requirements.append((name, SchemaViolation.escapePointerToken(name), required))
        }
        return requirements
    }

    /// The elements of an array whose elements are all strings (the usual `enum`), or `nil`.
    private static func strings<Source: SchemaSource>(_ value: Source.Value, _ source: Source) -> [String]? {
        guard let elements = source.elements(value) else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(source.count(value))
        for element in elements {
            guard let string = source.string(element) else { return nil }
            strings.append(string)
        }
        return strings
    }

    /// A non-negative integer keyword value; huge values saturate at `Int.max`.
    @inline(__always)
    private static func count<Source: SchemaSource>(_ value: Source.Value?, _ source: Source) -> Int? {
        guard let value, let number = source.number(value) else { return nil }
        if number.isIntegerLiteral, let count = Int(number.literal) { return count }
        return number.decimal.int64Value.flatMap { Int(exactly: $0) } ?? Int.max
    }

    @inline(__always)
    private mutating func validationKeywords<Source: SchemaSource>(
        _ view: SchemaObjectView<Source>,
        _ builder: NodeBuilder
    )
        throws(SchemaError)
    {
        let source = view.source
        let nullable = options.allowsNullable && view[.nullable].flatMap(source.bool) == true
        if let value = view[.type] {
            var types = SchemaTypeList()
            if let type = source.typeSet(value) {
                types.append(type)
            } else if let names = source.elements(value) {
                for element in names {
                    if let type = source.typeSet(element) { types.append(type) }
                }
            }
            keywordTable.append(.type(types, nullable: nullable))
        }
        if let value = view[.constant].map(source.json) {
            try rejectDeepValue(value, at: builder.at("const"))
            keywordTable.append(.constant(SchemaValueSet(constant: value, maximumDepth: JSONSchema.maximumDepth)))
        }
        if let value = view[.enumeration], let strings = Self.strings(value, source) {
            keywordTable.append(.enumeration(SchemaValueSet(enumeratingStrings: strings), nullable: nullable))
        } else if let value = view[.enumeration], source.kind(value) == .array,
            case .array(let values) = source.json(value)
        {
            try rejectDeepValue(.array(values), at: builder.at("enum"))
            keywordTable.append(
                .enumeration(
                    SchemaValueSet(enumeration: values, maximumDepth: JSONSchema.maximumDepth),
                    nullable: nullable
                )
            )
        }
        if let limit = view[.minimum].flatMap(source.number) {
            keywordTable.append(.bound(SchemaNumericBound(keyword: "minimum", limit: limit, relation: .atLeast)))
        }
        if let limit = view[.exclusiveMinimum].flatMap(source.number) {
            keywordTable.append(
                .bound(SchemaNumericBound(keyword: "exclusiveMinimum", limit: limit, relation: .greaterThan))
            )
        }
        if let limit = view[.maximum].flatMap(source.number) {
            keywordTable.append(.bound(SchemaNumericBound(keyword: "maximum", limit: limit, relation: .atMost)))
        }
        if let limit = view[.exclusiveMaximum].flatMap(source.number) {
            keywordTable.append(
                .bound(SchemaNumericBound(keyword: "exclusiveMaximum", limit: limit, relation: .lessThan))
            )
        }
        if let divisor = view[.multipleOf].flatMap(source.number) {
            keywordTable.append(.multipleOf(divisor.decimal, literal: divisor.literal))
        }
        if view.has(.minLength), let count = Self.count(view[.minLength], source) {
            keywordTable.append(.minLength(count))
        }
        if view.has(.maxLength), let count = Self.count(view[.maxLength], source) {
            keywordTable.append(.maxLength(count))
        }
        if let pattern = view[.pattern].flatMap(source.string) {
            keywordTable.append(.pattern(try Self.regex(pattern, at: builder.at("pattern"), keyword: "pattern")))
        }
        if view.has(.minItems), let count = Self.count(view[.minItems], source) { keywordTable.append(.minItems(count)) }
        if view.has(.maxItems), let count = Self.count(view[.maxItems], source) { keywordTable.append(.maxItems(count)) }
        if view[.uniqueItems].flatMap(source.bool) == true { keywordTable.append(.uniqueItems) }
    }

    @inline(__always)
    private mutating func arrayKeywords<Source: SchemaSource>(_ view: SchemaObjectView<Source>, _ builder: NodeBuilder)
        throws(SchemaError)
    {
        let source = view.source
        let dialect = builder.scope.dialect
        var prefix: [Int] = []
        var prefixKeyword = "prefixItems"
        var rest: Int?
        var restKeyword = "items"
        if dialect.is2020 {
            if let list = view[.prefixItems].flatMap(source.elements) {
                for (position, element) in list.enumerated() {
                    prefix.append(child(view, builder, .prefixItems, position, String(position), value: element))
                }
            }
            if let value = view[.items] { rest = child(view, builder, .items, value: value) }
        } else if let list = view[.items].flatMap(source.elements) {
            prefixKeyword = "items"
            for (position, element) in list.enumerated() {
                prefix.append(child(view, builder, .items, position, String(position), value: element))
            }
            if let value = view[.additionalItems] {
                rest = child(view, builder, .additionalItems, value: value)
                restKeyword = "additionalItems"
            }
        } else if let value = view[.items] {
            rest = child(view, builder, .items, value: value)
        }
        if !prefix.isEmpty || rest != nil {
            keywordTable.append(
                .items(
                    SchemaItemsKeyword(
                        prefix: prefix,
                        prefixKeyword: prefixKeyword,
                        rest: rest,
                        restKeyword: restKeyword
                    )
                )
            )
        }
        if let value = view[.contains] {
            let node = child(view, builder, .contains, value: value)
            var minimum = 1
            var maximum: Int?
            var minimumKeyword: String?
            var maximumKeyword: String?
            if !dialect.isDraft7 && dialect.validation {
                if let count = Self.count(view[.minContains], source) {
                    minimum = count
                    minimumKeyword = "minContains"
                }
                if let count = Self.count(view[.maxContains], source) {
                    maximum = count
                    maximumKeyword = "maxContains"
                }
            }
            keywordTable.append(
                .contains(
                    node: node,
                    minimum: minimum,
                    maximum: maximum,
                    minimumKeyword: minimumKeyword,
                    maximumKeyword: maximumKeyword
                )
            )
        }
    }

    @inline(__always)
    private mutating func objectKeywords<Source: SchemaSource>(_ view: SchemaObjectView<Source>, _ builder: NodeBuilder)
        throws(SchemaError)
    {
        let source = view.source
        let dialect = builder.scope.dialect
        var properties: [(name: String, token: String, node: Int)] = []
        var patterns: [(regex: ECMARegex, token: String, node: Int)] = []
        var additional: Int?
        if let value = view[.properties], let declared = source.members(value) {
            properties.reserveCapacity(source.count(value))
            for (position, entry) in declared.enumerated() {
                let name = source.string(key: entry.key)
                let node = child(view, builder, .properties, position, name, value: entry.value)
                properties.append((name, SchemaViolation.escapePointerToken(name), node))
            }
        }
        if let patternSchemas = view[.patternProperties].flatMap(source.members) {
            for (position, entry) in patternSchemas.enumerated() {
                let pattern = source.string(key: entry.key)
                let token = SchemaViolation.escapePointerToken(pattern)
                let regex = try Self.regex(
                    pattern,
                    at: builder.at("patternProperties") + "/" + token,
                    keyword: "patternProperties"
                )
                patterns.append(
                    (regex, token, child(view, builder, .patternProperties, position, pattern, value: entry.value))
                )
            }
        }
        if let value = view[.additionalProperties] {
            additional = child(view, builder, .additionalProperties, value: value)
        }
        if !properties.isEmpty || !patterns.isEmpty || additional != nil {
            keywordTable.append(
                .members(SchemaMembersKeyword(properties: properties, patterns: patterns, additional: additional))
            )
        }
        // Draft-07 `dependencies`; 2019-09 and 2020-12 keep evaluating it for compatibility (their metaschemas
        // still describe it) next to `dependentSchemas`.
        let dependentKeywords =
            !view.has(.dependencies) && !view.has(.dependentSchemas)
            ? [] : dialect.isDraft7 ? Self.draft7DependentKeywords : Self.dependentKeywords
        for (dependentKeyword, slot) in dependentKeywords {
            guard let entries = view[slot].flatMap(source.members) else { continue }
            var schemas: [(name: String, token: String, node: Int)] = []
            for (position, entry) in entries.enumerated() where source.kind(entry.value) != .array {
                let name = source.string(key: entry.key)
                let node = child(view, builder, slot, position, name, value: entry.value)
                addEdge(from: builder.index, to: node, dependentKeyword)
                schemas.append((name, SchemaViolation.escapePointerToken(name), node))
            }
            if !schemas.isEmpty { keywordTable.append(.dependentSchemas(schemas, keyword: dependentKeyword)) }
        }
        if let value = view[.propertyNames] {
            keywordTable.append(.propertyNames(child(view, builder, .propertyNames, value: value)))
        }
    }

    /// The keywords each part of ``objectNode(_:)`` compiles, so a schema without any of them skips that part.
    private static let validationKeywordSet = SchemaObjectView<JSONValueSource>.mask(
        .type,
        .constant,
        .enumeration,
        .minimum,
        .exclusiveMinimum,
        .maximum,
        .exclusiveMaximum,
        .multipleOf,
        .minLength,
        .maxLength,
        .pattern,
        .minItems,
        .maxItems,
        .uniqueItems
    )
    private static let arrayKeywordSet = SchemaObjectView<JSONValueSource>.mask(
        .prefixItems,
        .items,
        .additionalItems,
        .contains
    )
    private static let objectKeywordSet = SchemaObjectView<JSONValueSource>.mask(
        .properties,
        .patternProperties,
        .additionalProperties,
        .dependencies,
        .dependentSchemas,
        .propertyNames
    )
    private static let combinatorKeywordSet = SchemaObjectView<JSONValueSource>.mask(
        .allOf,
        .anyOf,
        .oneOf,
        .not,
        .ifKeyword
    )

    /// The keywords holding schemas applied to the members `dependencies` or `dependentSchemas` name.
    private static let dependentKeywords: [(String, SchemaKeywordName)] = [
        ("dependentSchemas", .dependentSchemas), ("dependencies", .dependencies),
    ]
    private static let draft7DependentKeywords: [(String, SchemaKeywordName)] = [("dependencies", .dependencies)]
    /// The keywords holding lists of schemas applied in place, in evaluation order.
    private static let combinators: [(String, SchemaKeywordName)] = [
        ("allOf", .allOf), ("anyOf", .anyOf), ("oneOf", .oneOf),
    ]

    @inline(__always)
    private mutating func combinatorKeywords<Source: SchemaSource>(
        _ view: SchemaObjectView<Source>,
        _ builder: NodeBuilder
    )
        throws(SchemaError)
    {
        let source = view.source
        let combinators = view.has(.allOf) || view.has(.anyOf) || view.has(.oneOf) ? Self.combinators : []
        for (keyword, slot) in combinators {
            guard let value = view[slot], let list = source.elements(value) else { continue }
            var children: [Int] = []
            children.reserveCapacity(source.count(value))
            for (position, element) in list.enumerated() {
                children.append(child(view, builder, slot, position, String(position), value: element))
            }
            for node in children { addEdge(from: builder.index, to: node, keyword) }
            switch keyword {
            case "allOf": keywordTable.append(.allOf(children))
            case "anyOf": keywordTable.append(.anyOf(children))
            default: keywordTable.append(.oneOf(children))
            }
        }
        if let value = view[.not] {
            let node = child(view, builder, .not, value: value)
            addEdge(from: builder.index, to: node, "not")
            keywordTable.append(.not(node))
        }
        if let value = view[.ifKeyword] {
            let condition = child(view, builder, .ifKeyword, value: value)
            addEdge(from: builder.index, to: condition, "if")
            var then: Int?
            var otherwise: Int?
            if let value = view[.thenKeyword] { then = child(view, builder, .thenKeyword, value: value) }
            if let value = view[.elseKeyword] { otherwise = child(view, builder, .elseKeyword, value: value) }
            if let then { addEdge(from: builder.index, to: then, "then") }
            if let otherwise { addEdge(from: builder.index, to: otherwise, "else") }
            // Without then/else, `if` still contributes annotations (for unevaluated*).
            keywordTable.append(.conditional(condition: condition, then: then, otherwise: otherwise))
        }
    }

    private static func regex(
        _ pattern: String,
        at place: @autoclosure () -> String,
        keyword: String
    ) throws(SchemaError) -> ECMARegex {
        do {
            return try ECMARegex(pattern)
        } catch {
            throw SchemaError(
                location: place(),
                message: "\(keyword) \(SchemaDescribe.json(.string(pattern))) is "
                    + (error.isUnsupported ? "not supported" : "not a valid ECMA-262 regular expression")
                    + ": \(error.message)"
            )
        }
    }

    /// Throws when a `const`/`enum` value nests deeper than the schema depth limit.
    private func rejectDeepValue(_ value: JSONValue, at place: @autoclosure () -> String) throws(SchemaError) {
        // Scalars and arrays of scalars (nearly every enum) are one level deep at most.
        switch value {
        case .object, .array: break
        default: return
        }
        if case .array(let elements) = value,
            !elements.contains(where: { if case .array = $0 { true } else if case .object = $0 { true } else { false } }
            )
        {
            return
        }
        if CanonicalJSON.depth(of: value, limit: JSONSchema.maximumDepth) > JSONSchema.maximumDepth {
            throw SchemaError(
                location: place(),
                message: "value is nested more than \(JSONSchema.maximumDepth) levels deep"
            )
        }
    }

    // MARK: Cycles

    /// Rejects a loop of in-place applicators reachable from the root that contains a reference: evaluating
    /// it would never finish (the instance never gets smaller).
    private func rejectInPlaceCycles(from root: Int) throws(SchemaError) {
        guard let cycle = inPlaceCycle(from: root), let last = cycle.last else { return }
        let path = cycle.map { describe(nodeLocations[$0.node]).isEmpty ? "#" : describe(nodeLocations[$0.node]) }
        throw SchemaError(
            location: describe(nodeLocations[last.node]),
            message: "infinite recursion: \(path.joined(separator: " → ")) → \(path.first ?? "#") "
                + "applies to the same value without ever descending into it"
        )
    }

    /// The first loop of in-place applicators reachable from `root` that contains a reference, as its nodes and
    /// the keyword each one applies the next with; `nil` when there is none.
    private func inPlaceCycle(from root: Int) -> [(node: Int, keyword: String)]? {
        // Iterative depth-first search with colours: 0 new, 1 on the stack, 2 done.
        var colour = [UInt8](repeating: 0, count: nodes.count)
        var stack: [(node: Int, next: Int)] = [(root, 0)]
        colour[root] = 1
        while let top = stack.last {
            let edges = inPlaceEdges[top.node]
            if top.next < edges.count {
                stack[stack.count - 1].next += 1
                let target = edges[top.next].target
                if colour[target] == 1 {
                    let cycleStart = stack.firstIndex { $0.node == target } ?? 0
                    let cycle = stack[cycleStart...].map { ($0.node, inPlaceEdges[$0.node][$0.next - 1].keyword) }
                    guard cycle.contains(where: { $0.1.hasPrefix("$") }) else { continue }
                    return cycle
                }
                if colour[target] == 0 {
                    colour[target] = 1
                    stack.append((target, 0))
                }
            } else {
                colour[top.node] = 2
                stack.removeLast()
            }
        }
        return nil
    }
}
