/// The type names of a `type` keyword: as a set, to match instances, and in the order the schema lists them, for
/// messages — both in two words, so compiling a `type` keyword allocates nothing.
struct SchemaTypeList: Sendable {
    /// The types, to match instances.
    private(set) var set = SchemaTypeSet()
    /// The position of each name's bit in ``SchemaTypeSet`` (0…6), three bits per name, the first name lowest.
    private var order: UInt32 = 0
    /// How many names were added.
    private(set) var count = 0

    /// Adds a type after the ones already listed; a type already listed is not added again.
    /// - Parameter type: One type of ``SchemaTypeSet``.
    mutating func append(_ type: SchemaTypeSet) {
        guard !set.contains(type), count < 10 else { return }
        set.insert(type)
        order |= UInt32(type.rawValue.trailingZeroBitCount) << UInt32(3 * count)
        count += 1
    }

    /// The names in the schema's order (`["string", "null"]`).
    var names: [String] {
        var names: [String] = []
        names.reserveCapacity(count)
        for position in 0..<count {
            names.append(SchemaTypeSet.names[Int(order >> UInt32(3 * position) & 0b111)])
        }
        return names
    }
}
