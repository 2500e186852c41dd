import Foundation

/// Compiled schemas by draft and the exact text of the schema, for ``SchemaBatchChecker``'s quick path.
///
/// A lookup hashes the text in place, 8 bytes at a time, and compares a candidate's bytes with `memcmp`: the text is
/// neither copied nor parsed. A new entry keeps its text as a slice of the caller's array, sharing its storage. The table is open-addressed with linear
/// probing and never holds more than ``capacityLimit`` entries (it is emptied when full, as a long run of distinct
/// schemas gains nothing from keeping old ones).
struct SchemaTextCache {
    /// Entries kept at most; reaching it empties the cache.
    static let capacityLimit = 65_536

    private struct Entry {
        var hash: UInt64
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

    /// The compiled schema cached for this text and draft, if any.
    /// - Parameters:
    ///   - text: The schema's bytes, exactly as the line spells them.
    ///   - draft: The draft the line asks for.
    ///   - hash: ``hash(of:draft:)`` of the same text and draft.
    func compiled(
        text: UnsafeBufferPointer<UInt8>,
        draft: JSONSchema.Draft,
        hash: UInt64
    ) -> Result<JSONSchema, SchemaError>? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(slots[slot])
            guard stored > 0 else { return nil }
            let entry = entries[stored - 1]
            if entry.hash == hash, entry.draft == draft, Self.equal(entry.text, text) { return entry.compiled }
            slot = (slot + 1) & mask
        }
    }

    /// Caches a compiled schema (the caller has found no entry for the text and draft).
    /// - Parameters:
    ///   - compiled: The schema, or why it is unusable.
    ///   - text: The schema's bytes, exactly as the line spells them.
    ///   - draft: The draft.
    ///   - hash: ``hash(of:draft:)`` of the same text and draft.
    mutating func insert(
        _ compiled: Result<JSONSchema, SchemaError>,
        text: ArraySlice<UInt8>,
        draft: JSONSchema.Draft,
        hash: UInt64
    ) {
        if entries.count >= Self.capacityLimit {
            entries.removeAll(keepingCapacity: true)
            slots = []
        }
        // Keep the table at most half full.
        if (entries.count + 1) * 2 > slots.count {
            grow(to: max(64, slots.count * 2))
        }
        entries.append(Entry(hash: hash, draft: draft, text: text, compiled: compiled))
        place(entries.count - 1)
    }

    /// The hash of a text and draft (seeded per process; no allocation).
    static func hash(of text: UnsafeBufferPointer<UInt8>, draft: JSONSchema.Draft) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        let draftCode: UInt64
        switch draft.value {
        case .draft7: draftCode = 1
        case .draft2019_09: draftCode = 2
        case .draft2020_12: draftCode = 3
        }
        var hash = (seed ^ UInt64(truncatingIfNeeded: text.count) << 2 ^ draftCode) &* multiplier
        guard let base = text.baseAddress else { return mix(hash) }
        var position = 0
        while position + 8 <= text.count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            position += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while position < text.count {
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
        var slot = Int(truncatingIfNeeded: entries[position].hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(truncatingIfNeeded: position + 1)
    }
}
