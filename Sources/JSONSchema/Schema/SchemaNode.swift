/// One compiled (sub)schema: what it is, and where its keywords are in the schema's keyword table.
///
/// A plain value: a compiled schema keeps all its nodes in one array (``JSONSchema/nodes``) and all their keywords
/// in another (``JSONSchema/keywords``), so compiling allocates nothing per subschema for them and evaluation reads
/// a node without reference counting. Nodes refer to each other by index, so recursive schemas need no cycles of
/// references. Where a node is in its document (for `absoluteKeywordLocation`) is kept apart, in
/// ``JSONSchema/locations``, because it is only read when a violation is reported (and a schema without references
/// needs none stored).
struct SchemaNode: Sendable {
    /// Whether the schema is `true`, `false`, or an object with keywords.
    enum Kind: UInt8, Sendable {
        case acceptsAll, rejectsAll, keywords
    }

    /// The kind.
    var kind: Kind
    /// Whether this node itself has `unevaluatedProperties` or `unevaluatedItems`, so evaluating it must
    /// collect annotations from its in-place subschemas.
    var collectsAnnotations: Bool
    /// The schema resource it belongs to (an index into the resource table), for `$dynamicRef` scope.
    var resource: Int
    /// Its keywords, in evaluation order (`unevaluated*` last), as positions in the keyword table.
    var keywords: Range<Int>
}

/// One schema resource (a document root or a subschema with `$id`), for `$dynamicRef` resolution.
struct SchemaResource: Sendable {
    /// Its absolute URI.
    var uri: String
    /// `$dynamicAnchor` names declared in the resource, to node indices.
    var dynamicAnchors: [String: Int]
}
