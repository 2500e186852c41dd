/// The values of an `enum` (or a `const`), indexed for constant-time membership tests by value.
///
/// Strings, numbers and booleans are looked up directly; arrays and objects by their ``CanonicalJSON`` key,
/// so a huge `enum` costs one hash per check, not one comparison per entry.
final class SchemaValueSet: Sendable {
    /// Strings by Swift equality (canonical equivalence), each with its exact spellings, so lookups are
    /// hashed but membership is decided code point by code point as JSON Schema requires.
    private let strings: [String: [String]]
    /// For a few strings, the strings themselves, compared code point by code point (no table to build).
    private let stringList: [String]?
    private let numbers: Set<JSONDecimal>
    private let hasTrue: Bool
    private let hasFalse: Bool
    private let hasNull: Bool
    private let composites: Set<[UInt8]>
    /// The deepest composite value; deeper instances cannot be members.
    private let deepest: Int

    /// Up to this many strings are searched linearly instead of hashed.
    private static let listLimit = 16

    /// Indexes `values`; each must nest no deeper than `maximumDepth` (checked by the compiler).
    init(_ values: [JSONValue], maximumDepth: Int) {
        var strings: [String: [String]] = [:]
        var stringList: [String]? = []
        var numbers: Set<JSONDecimal> = []
        var hasTrue = false
        var hasFalse = false
        var hasNull = false
        var composites: Set<[UInt8]> = []
        var deepest = 0
        for value in values {
            switch value {
            case .null: hasNull = true
            case .bool(let flag): if flag { hasTrue = true } else { hasFalse = true }
            case .number(let number): numbers.insert(number.decimal)
            case .string(let string):
                if stringList != nil, let count = stringList?.count, count < Self.listLimit {
                    stringList?.append(string)
                } else {
                    if let list = stringList {
                        for earlier in list { strings[earlier, default: []].append(earlier) }
                        stringList = nil
                    }
                    strings[string, default: []].append(string)
                }
            case .array, .object:
                if let key = CanonicalJSON.key(value, maximumDepth: maximumDepth) {
                    composites.insert(key)
                    deepest = max(deepest, CanonicalJSON.depth(of: value, limit: maximumDepth))
                }
            }
        }
        self.strings = strings
        self.stringList = stringList
        self.numbers = numbers
        self.hasTrue = hasTrue
        self.hasFalse = hasFalse
        self.hasNull = hasNull
        self.composites = composites
        self.deepest = deepest
    }

    /// Whether the set holds a value equal to `value` (numbers by value, objects regardless of order).
    func contains(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return hasNull
        case .bool(let flag): return flag ? hasTrue : hasFalse
        case .number(let number): return !numbers.isEmpty && numbers.contains(number.decimal)
        case .string(let string):
            if let stringList { return stringList.contains { $0.utf8.elementsEqual(string.utf8) } }
            guard let spellings = strings[string] else { return false }
            return spellings.contains { $0.utf8.elementsEqual(string.utf8) }
        case .array, .object:
            guard !composites.isEmpty, let key = CanonicalJSON.key(value, maximumDepth: deepest) else { return false }
            return composites.contains(key)
        }
    }
}
