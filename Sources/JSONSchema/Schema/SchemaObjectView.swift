/// The keywords of one schema object, indexed once so compiling asks "is `minLength` here?" in constant time
/// instead of scanning the members for each of the sixty-odd keywords.
///
/// Generic over where the schema is read from (a parsed ``JSONValue`` or a ``JSONTape``, see ``SchemaSource``).
struct SchemaObjectView<Source: SchemaSource> {
    /// The keywords (named for short).
    typealias Keyword = SchemaKeywordName

    /// Where the schema is read from.
    let source: Source
    /// The schema object.
    let object: Source.Value
    /// Bit `k` is set when keyword `k` is present.
    private var present: UInt64 = 0
    /// The keywords in member order, one word each (raw value, member position and the source's code for the
    /// value), the first four inline; the rest, or any that does not fit, in ``moreEntries``. Small, so the view is
    /// cheap to pass around, and searched from the end, so a repeated keyword's last value wins.
    private var firstEntries: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var moreEntries: [(keyword: Keyword, member: Int, value: Source.Value)] = []
    private var entryCount = 0
    /// The first repeated key, if any key appears twice.
    private(set) var duplicateKey: String?

    /// Indexes an object of `source` (the caller has checked that it is one).
    init(_ object: Source.Value, in source: Source) {
        self.source = source
        self.object = object
        var repeatsKeyword = false
        var otherKeys = 0
        var position = 0
        guard let members = source.members(object) else { return }
        for member in members {
            defer { position += 1 }
            guard let keyword = source.keyword(member.key) else {
                otherKeys += 1
                continue
            }
            let bit: UInt64 = 1 << UInt64(keyword.rawValue)
            if present & bit != 0 { repeatsKeyword = true }
            present |= bit
            if moreEntries.isEmpty, entryCount < 4, position < 1 << 24,
                let code = source.code(ofMember: member.value, at: position)
            {
                let entry = UInt64(keyword.rawValue) << 56 | UInt64(position) << 32 | UInt64(code)
                switch entryCount {
                case 0: firstEntries.0 = entry
                case 1: firstEntries.1 = entry
                case 2: firstEntries.2 = entry
                default: firstEntries.3 = entry
                }
            } else {
                moreEntries.append((keyword, position, member.value))
            }
            entryCount += 1
        }
        // A keyword's name is ASCII and no other spelling is canonically equivalent to it (no keyword contains
        // K, ; or `, the only ASCII characters with non-ASCII canonical equivalents), so a key can only repeat
        // a keyword byte for byte, or be one of several other keys. Only then are keys compared as strings.
        if repeatsKeyword || otherKeys > 1 {
            duplicateKey = Self.firstRepeatedKey(in: object, source)
        }
    }

    /// The key reported as repeated: the first key that appears again later (up to 16 members), or the first
    /// member whose key appeared before (larger objects, compared through a set).
    private static func firstRepeatedKey(in object: Source.Value, _ source: Source) -> String? {
        let keys = (source.members(object).map { Array($0) } ?? []).map { source.string(key: $0.key) }
        if keys.count <= 16 {
            for index in keys.indices {
                for later in (index + 1)..<keys.count where keys[later] == keys[index] { return keys[index] }
            }
            return nil
        }
        var seen = Set<String>()
        for key in keys where !seen.insert(key).inserted { return key }
        return nil
    }

    /// Whether the keyword is present.
    func has(_ keyword: Keyword) -> Bool {
        present & (1 << UInt64(keyword.rawValue)) != 0
    }

    /// Whether any keyword of a set (see ``mask(_:)``) is present.
    func hasAny(_ mask: UInt64) -> Bool {
        present & mask != 0
    }

    /// A set of keywords for ``hasAny(_:)``.
    static func mask(_ keywords: Keyword...) -> UInt64 {
        keywords.reduce(0) { $0 | 1 << UInt64($1.rawValue) }
    }

    /// The keyword's value (the last one if it is repeated).
    @inline(__always)
    subscript(_ keyword: Keyword) -> Source.Value? {
        guard has(keyword) else { return nil }
        return value(of: keyword)
    }

    /// The value of a keyword that is present (searched from the last entry, so the last repetition wins).
    private func value(of keyword: Keyword) -> Source.Value? {
        var position = entryCount - 1
        let inline = entryCount - moreEntries.count
        while position >= inline {
            let entry = moreEntries[position - inline]
            if entry.keyword == keyword { return entry.value }
            position -= 1
        }
        while position >= 0 {
            let packed = packedEntry(position)
            if Int(packed >> 56) == keyword.rawValue {
                return source.member(object, code: UInt32(truncatingIfNeeded: packed))
            }
            position -= 1
        }
        return nil
    }

    /// Inline entry `index` as stored: raw value, position and value code.
    @inline(__always)
    private func packedEntry(_ index: Int) -> UInt64 {
        switch index {
        case 0: firstEntries.0
        case 1: firstEntries.1
        case 2: firstEntries.2
        default: firstEntries.3
        }
    }

    /// How many known keywords the object has (repetitions included).
    var keywordCount: Int { entryCount }

    /// The keyword and value of entry `index` (in member order, `0..<keywordCount`).
    @inline(__always)
    func entry(_ index: Int) -> (keyword: Keyword, value: Source.Value) {
        let inline = entryCount - moreEntries.count
        guard index < inline else {
            let entry = moreEntries[index - inline]
            return (entry.keyword, entry.value)
        }
        let packed = packedEntry(index)
        // The raw value was stored from a keyword, so it always converts back.
        let keyword = Keyword(rawValue: Int(packed >> 56)) ?? .comment
        return (keyword, source.member(object, code: UInt32(truncatingIfNeeded: packed)))
    }
}
