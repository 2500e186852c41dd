import Foundation

/// Local schema resources that remote `$ref`s resolve to — the validator never touches the network.
///
/// A reference to `https://example.com/defs/address.json` is looked up first among documents registered by
/// URI, then among directories registered under a base URI (the file `DIR/defs/address.json` for base
/// `https://example.com/`). The draft metaschemas are built in and need no registration.
///
/// ```swift
/// var registry = SchemaRegistry()
/// registry.register(directory: "Tests/Resources/remotes", as: "http://localhost:1234/")
/// registry.register(["type": "integer"], as: "https://example.com/int.json")
/// let schema = try JSONSchema(root, options: .init(registry: registry))
/// ```
public struct SchemaRegistry: Sendable {
    /// Documents registered by absolute URI (without fragment).
    private var documents: [String: JSONValue] = [:]
    /// Directories served under a base URI, longest base first.
    private var directories: [(base: String, path: String)] = []

    /// Creates an empty registry.
    public init() {}

    /// Registers one document under an absolute URI.
    /// - Parameters:
    ///   - schema: The schema document.
    ///   - uri: Its absolute URI; a fragment is ignored.
    public mutating func register(_ schema: JSONValue, as uri: String) {
        documents[SchemaURI(uri).withoutFragment.description] = schema
    }

    /// Serves the JSON files of a directory under a base URI.
    /// - Parameters:
    ///   - directory: A local directory.
    ///   - baseURI: The URI prefix the directory stands for, normally ending in `/`.
    public mutating func register(directory: String, as baseURI: String) {
        directories.append((baseURI, directory))
        directories.sort { $0.base.count > $1.base.count }
    }

    /// Whether nothing is registered.
    public var isEmpty: Bool { documents.isEmpty && directories.isEmpty }

    /// The document for an absolute URI without fragment, or `nil` when none is registered.
    /// - Parameter uri: The URI.
    /// - Returns: The document.
    /// - Throws: ``SchemaError`` when a matching file exists but cannot be read or is not JSON.
    func document(for uri: String) throws(SchemaError) -> JSONValue? {
        if let document = documents[uri] { return document }
        for entry in directories where uri.hasPrefix(entry.base) {
            let relative = String(uri.dropFirst(entry.base.count))
            let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
            guard !relative.isEmpty, !segments.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
                continue
            }
            let path = (entry.path as NSString).appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SchemaError(location: "", message: "cannot read \(path) (for \(uri))")
            }
            do {
                return try JSONValue.parse(bytes: data)
            } catch {
                throw SchemaError(location: "", message: "\(path) (for \(uri)) is not valid JSON: \(error)")
            }
        }
        return nil
    }
}
