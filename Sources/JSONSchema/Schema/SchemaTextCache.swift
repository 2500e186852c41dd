import Foundation

/// Compiled schemas by draft and the exact text of the schema, for ``SchemaBatchChecker``'s quick path.
///
/// A schema is found at the start of a line's `schema` member without first finding where it ends: a text of at
/// least ``prefixLength`` bytes is keyed by the hash of its first ``prefixLength`` bytes, so the member's first
/// bytes are hashed and each candidate's whole text compared with `memcmp` (see ``match(atStartOf:)``). A cached
/// text is a complete JSON value, and a JSON value ends where its bytes say, so bytes equal to it are that value;
/// the caller still checks what follows. Shorter texts are keyed by their whole text, once their end is known.
/// Nothing is copied or parsed: a new entry keeps its text as a slice of the caller's array, sharing its storage.
/// The table is open-addressed with linear probing and never holds more than ``capacityLimit`` entries (it is
/// emptied when full, as a long run of distinct schemas gains nothing from keeping old ones).
struct SchemaTextCache {
    /// Entries kept at most; reaching it empties the cache.
    static let capacityLimit = 65_536
    /// How many leading bytes key a long text.
    static let prefixLength = 128

    /// A cached text found at the start of a member (for one of the drafts it was compiled for).
    struct Match {
        /// The text's length: the member's value is the first `length` bytes.
        var length: Int
        /// The entry found.
        fileprivate var entry: Int
    }

    private struct Entry {
        var key: UInt64
        var draft: JSONSchema.Draft
        var text: ArraySlice<UInt8>
        var compiled: Result<JSONSchema, SchemaError>
    }

    private var entries: [Entry] = []
    /// Positions in ``entries`` plus one (0 is an empty slot); the count is a power of two.
    private var slots: [Int32] = []

    /// A per-process seed, so colliding texts cannot be prepared in advance.
    private static let seed = UInt64.random(in: 1...UInt64.max)

    /// How many schemas are cached.
    var count: Int { entries.count }

    /// The cached text of at least ``prefixLength`` bytes (any draft) that `bytes` start with, if any.
    /// - Parameters:
    ///   - bytes: The bytes from the start of a `schema` member's value to the end of the line.
    ///   - key: ``key(of:)`` of `bytes` (which keys any text of at least ``prefixLength`` bytes they start with).
    func match(atStartOf bytes: UnsafeBufferPointer<UInt8>, key: UInt64) -> Match? {
        guard !slots.isEmpty, bytes.count >= Self.prefixLength else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let stored = Int(slots[slot])
            guard stored > 0 else { return nil }
            let entry = entries[stored - 1]
            if entry.key == key, entry.text.count >= Self.prefixLength, entry.text.count <= bytes.count,
                Self.equal(entry.text, UnsafeBufferPointer(rebasing: bytes[..<entry.text.count]))
            {
                return Match(length: entry.text.count, entry: stored - 1)
            }
            slot = (slot + 1) & mask
        }
    }

    /// The compiled schema of a match's entry, if it was compiled for `draft` (the same text may also be cached for
    /// other drafts: look it up with ``compiled(text:draft:)``).
    func compiled(_ match: Match, draft: JSONSchema.Draft) -> Result<JSONSchema, SchemaError>? {
        entries[match.entry].draft == draft ? entries[match.entry].compiled : nil
    }

    /// The compiled schema cached for this exact text and draft, if any.
    /// - Parameters:
    ///   - text: The schema's bytes, exactly as the line spells them.
    ///   - draft: The draft the line asks for.
    ///   - key: ``key(of:)`` of `text`.
    func compiled(
        text: UnsafeBufferPointer<UInt8>,
        draft: JSONSchema.Draft,
        key: UInt64
    ) -> Result<JSONSchema, SchemaError>? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let stored = Int(slots[slot])
            guard stored > 0 else { return nil }
            let entry = entries[stored - 1]
            if entry.key == key, entry.draft == draft, Self.equal(entry.text, text) { return entry.compiled }
            slot = (slot + 1) & mask
        }
    }

    /// Caches a compiled schema (the caller has found no entry for the text and draft).
    /// - Parameters:
    ///   - compiled: The schema, or why it is unusable.
    ///   - text: The schema's bytes, exactly as the line spells them: a complete JSON value.
    ///   - draft: The draft.
    ///   - key: ``key(of:)`` of `text`.
    mutating func insert(
        _ compiled: Result<JSONSchema, SchemaError>,
        text: ArraySlice<UInt8>,
        draft: JSONSchema.Draft,
        key: UInt64
    ) {
        if entries.count >= Self.capacityLimit {
            entries.removeAll(keepingCapacity: true)
            slots = []
        }
        // Keep the table at most half full.
        if (entries.count + 1) * 2 > slots.count {
            grow(to: max(64, slots.count * 2))
        }
        entries.append(Entry(key: key, draft: draft, text: text, compiled: compiled))
        place(entries.count - 1)
    }

    /// The key of a text: the hash of its first ``prefixLength`` bytes when it has that many, else of all its
    /// bytes and its length (seeded per process; no allocation).
    static func key(of text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        let isLong = text.count >= prefixLength
        let count = isLong ? prefixLength : text.count
        var hash = (seed ^ (isLong ? 0 : UInt64(truncatingIfNeeded: count) << 1 | 1)) &* multiplier
        guard let base = text.baseAddress else { return mix(hash) }
        var position = 0
        while position + 8 <= count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            position += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while position < count {
            tail |= UInt64(text[position]) << shift
            shift += 8
            position += 1
        }
        hash = (hash ^ tail) &* multiplier
        return mix(hash)
    }

    /// A final avalanche, so the low bits that pick a slot depend on every input bit.
    private static func mix(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash = hash &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }

    private static func equal(_ stored: ArraySlice<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == text.count else { return false }
        guard let textBase = text.baseAddress else { return stored.isEmpty }
        return stored.withUnsafeBufferPointer { buffer in
            guard let storedBase = buffer.baseAddress else { return true }
            return memcmp(storedBase, textBase, text.count) == 0
        }
    }

    private mutating func grow(to size: Int) {
        slots = [Int32](repeating: 0, count: size)
        for position in entries.indices { place(position) }
    }

    private mutating func place(_ position: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: entries[position].key) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(truncatingIfNeeded: position + 1)
    }
}
