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
    ///
    /// A node compiled by the tree walk (a schema without references) does not store its pointer: it names its
    /// parent node and the one or two unescaped tokens from there, and the pointer is built on demand.
    struct AbsoluteLocation: Sendable {
        /// The resource's base URI.
        var base: String
        /// The schema's pointer within its document (empty when ``parent`` is set).
        var pointer: String
        /// Where, in UTF-8 bytes, the part of ``pointer`` inside the resource starts.
        var relativeStart: Int
        /// The parent node's index, or `-1` when ``pointer`` is complete.
        var parent: Int = -1
        /// The first token below the parent (a keyword such as `properties`), unescaped.
        var first: String = ""
        /// The second token below the parent (a property name or an index), unescaped.
        var second: String?

        /// The location as a URI.
        /// - Parameter nodes: The node table, to follow ``parent`` links.
        func text(in nodes: [SchemaNode]) -> String {
            base + "#" + relativePointer(in: nodes)
        }

        /// The pointer within the resource.
        private func relativePointer(in nodes: [SchemaNode]) -> String {
            guard parent >= 0 else { return String(decoding: pointer.utf8.dropFirst(relativeStart), as: UTF8.self) }
            var tokens: [String] = []
            var current = self
            while current.parent >= 0 {
                if let second = current.second { tokens.append(second) }
                tokens.append(current.first)
                current = nodes[current.parent].absoluteLocation
            }
            var text = String(decoding: current.pointer.utf8.dropFirst(current.relativeStart), as: UTF8.self)
            for token in tokens.reversed() {
                text += "/"
                text += SchemaViolation.escapePointerToken(token)
            }
            return text
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
