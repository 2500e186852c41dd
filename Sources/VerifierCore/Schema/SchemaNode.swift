/// One compiled (sub)schema: what it is, and where its keywords are in the schema's keyword table.
///
/// A plain value: a compiled schema keeps all its nodes in one array (``JSONSchema/nodes``) and all their keywords
/// in another (``JSONSchema/keywords``), so compiling allocates nothing per subschema for them and evaluation reads
/// a node without reference counting. Nodes refer to each other by index, so recursive schemas need no cycles of
/// references. Where a node is in its document (for `absoluteKeywordLocation`) is kept apart, in
/// ``JSONSchema/locations``, because it is only read when a violation is reported.
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
        /// - Parameter locations: The locations of all nodes, to follow ``parent`` links.
        func text(in locations: [AbsoluteLocation]) -> String {
            base + "#" + relativePointer(in: locations)
        }

        /// The pointer within the resource.
        private func relativePointer(in locations: [AbsoluteLocation]) -> String {
            guard parent >= 0 else { return String(decoding: pointer.utf8.dropFirst(relativeStart), as: UTF8.self) }
            var tokens: [String] = []
            var current = self
            while current.parent >= 0 {
                if let second = current.second { tokens.append(second) }
                tokens.append(current.first)
                current = locations[current.parent]
            }
            var text = String(decoding: current.pointer.utf8.dropFirst(current.relativeStart), as: UTF8.self)
            for token in tokens.reversed() {
                text += "/"
                text += SchemaViolation.escapePointerToken(token)
            }
            return text
        }
    }
}

/// One schema resource (a document root or a subschema with `$id`), for `$dynamicRef` resolution.
struct SchemaResource: Sendable {
    /// Its absolute URI.
    var uri: String
    /// `$dynamicAnchor` names declared in the resource, to node indices.
    var dynamicAnchors: [String: Int]
}
