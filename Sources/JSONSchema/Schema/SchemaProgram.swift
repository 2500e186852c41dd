/// The compiled form of a ``JSONSchema``: its node and keyword tables and what evaluation needs besides.
///
/// Immutable and shared: copying a `JSONSchema` (into a cache, into an evaluator) retains this one object instead
/// of every table.
final class SchemaProgram: Sendable {
    /// The compiled nodes; children are referred to by index.
    let nodes: [SchemaNode]
    /// The keywords of all nodes (each node names its range).
    let keywords: [SchemaKeyword]
    /// Where the nodes are, for `absoluteKeywordLocation` (read only when reporting a violation).
    let locations: SchemaLocations
    /// Schema resources, for `$dynamicRef`.
    let resources: [SchemaResource]
    /// The root node.
    let root: Int
    /// The root's resource.
    let rootResource: Int
    /// Whether any `$dynamicRef` needs the dynamic scope tracked.
    let tracksDynamicScope: Bool
    /// How deeply evaluation may nest.
    let maximumEvaluationDepth: Int
    /// Keywords recognised but not evaluated exactly (see ``JSONSchema/unsupportedKeywords``).
    let unsupportedKeywords: Set<String>

    init(
        _ output: SchemaCompiler.Output,
        tracksDynamicScope: Bool,
        maximumEvaluationDepth: Int,
        unsupportedKeywords: Set<String>
    ) {
        nodes = output.nodes
        keywords = output.keywords
        locations = output.locations
        resources = output.resources
        root = output.root
        rootResource = output.rootResource
        self.tracksDynamicScope = tracksDynamicScope
        self.maximumEvaluationDepth = maximumEvaluationDepth
        self.unsupportedKeywords = unsupportedKeywords
    }
}
