/// The members of a JSON object in arrival order, duplicates kept.
///
/// Lookup by key returns the **last** member with that key, as JavaScript's `JSON.parse` and
/// Python's `json.loads` do, so the verifier sees what a typical client would see; the duplicates
/// themselves stay visible through ``JSONObject/duplicateKeys``.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue

        /// Creates a member.
        /// - Parameters:
        ///   - key: The key.
        ///   - value: The value.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in arrival order.
    public private(set) var members: [Member]

    /// Creates an object from members in order (duplicates allowed).
    /// - Parameter members: The members.
    public init(_ members: [Member] = []) {
        self.members = members
    }

    /// Creates an object from key–value pairs in order.
    /// - Parameter pairs: The pairs.
    public init(_ pairs: [(String, JSONValue)]) {
        self.members = pairs.map { Member(key: $0.0, value: $0.1) }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The value of the last member named `key`, or `nil`.
    public subscript(key: String) -> JSONValue? {
        get {
            members.last(where: { $0.key == key })?.value
        }
        set {
            if let newValue {
                if let index = members.lastIndex(where: { $0.key == key }) {
                    members[index].value = newValue
                } else {
                    members.append(Member(key: key, value: newValue))
                }
            } else {
                members.removeAll(where: { $0.key == key })
            }
        }
    }

    /// The keys in arrival order, duplicates included.
    public var keys: [String] { members.map(\.key) }

    /// Keys that occur more than once, each listed once, in order of first repetition.
    public var duplicateKeys: [String] {
        var seen = Set<String>()
        var repeated: [String] = []
        for member in members where !seen.insert(member.key).inserted {
            if !repeated.contains(member.key) { repeated.append(member.key) }
        }
        return repeated
    }

    /// Appends a member, even if the key already exists.
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The value.
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }
}
