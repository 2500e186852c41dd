/// One compiled (sub)schema: its keywords in evaluation order and where it lives.
///
/// Nodes refer to each other by index into ``JSONSchema``'s node table, so recursive schemas need no cycles
/// of references.
final class SchemaNode: Sendable {
    /// Whether the schema is `true`, `false`, or an object with keywords.
    enum Kind: Sendable {
        case acceptsAll, rejectsAll, keywords
    }

    /// The kind.
    let kind: Kind
    /// The keywords to evaluate, in order (`unevaluated*` last).
    let keywords: [SchemaKeyword]
    /// The schema's absolute location, for `absoluteKeywordLocation`.
    let absoluteLocation: AbsoluteLocation
    /// The schema resource it belongs to (an index into the resource table), for `$dynamicRef` scope.
    let resource: Int
    /// Whether this node itself has `unevaluatedProperties` or `unevaluatedItems`, so evaluating it must
    /// collect annotations from its in-place subschemas.
    let collectsAnnotations: Bool

    /// `<base URI>#<pointer within the resource>`, kept in parts and joined only when a violation is reported.
    struct AbsoluteLocation: Sendable {
        /// The resource's base URI.
        var base: String
        /// The schema's pointer within its document.
        var pointer: String
        /// Where, in UTF-8 bytes, the part of ``pointer`` inside the resource starts.
        var relativeStart: Int

        /// The location as a URI.
        var text: String {
            base + "#" + String(decoding: pointer.utf8.dropFirst(relativeStart), as: UTF8.self)
        }
    }

    init(
        kind: Kind,
        keywords: [SchemaKeyword],
        absoluteLocation: AbsoluteLocation,
        resource: Int,
        collectsAnnotations: Bool
    ) {
        self.kind = kind
        self.keywords = keywords
        self.absoluteLocation = absoluteLocation
        self.resource = resource
        self.collectsAnnotations = collectsAnnotations
    }
}

/// One schema resource (a document root or a subschema with `$id`), for `$dynamicRef` resolution.
struct SchemaResource: Sendable {
    /// Its absolute URI.
    var uri: String
    /// `$dynamicAnchor` names declared in the resource, to node indices.
    var dynamicAnchors: [String: Int]
}
