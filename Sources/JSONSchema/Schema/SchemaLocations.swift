/// Where the nodes of a compiled schema are in their documents, for `absoluteKeywordLocation`; read only when a
/// violation is reported.
enum SchemaLocations: Sendable {
    /// Every node sits where evaluation reaches it: a schema without references (compiled by the tree walk) is
    /// a tree, so a keyword's absolute location is the root's base URI, `#`, and the keyword's evaluation path.
    /// Nothing is stored per node.
    case evaluationPath(base: String)
    /// Each node's location, by node index (schemas compiled by the general compiler).
    case perNode([Location])

    /// `<base URI>#<pointer within the resource>`, kept in parts and joined only when a violation is reported.
    struct Location: Sendable {
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

    /// The absolute location of a node that evaluation reached along `evaluationPath` (a JSON Pointer).
    func text(of node: Int, evaluationPath: String) -> String {
        switch self {
        case .evaluationPath(let base): base + "#" + evaluationPath
        case .perNode(let locations): locations[node].text
        }
    }
}
