/// The values of an `enum` (or a `const`), indexed for constant-time membership tests by value.
///
/// Strings, numbers and booleans are looked up directly; arrays and objects by their ``CanonicalJSON`` key,
/// so a huge `enum` costs one hash per check, not one comparison per entry. A few strings (the usual `enum`) are
/// simply searched.
final class SchemaValueSet: Sendable {
    /// The keyword's value as written: the `const` value, or the `enum` array (for messages).
    var value: JSONValue { storedValue ?? .array(orderedStrings.map { .string($0) }) }
    /// The value, unless the set was made from strings alone (then ``orderedStrings`` spells it).
    private let storedValue: JSONValue?
    /// The strings of an `enum` of strings alone, in order (empty otherwise).
    private let orderedStrings: [String]
    /// Strings by Swift equality (canonical equivalence), each with its exact spellings, so lookups are
    /// hashed but membership is decided code point by code point as JSON Schema requires.
    private let strings: [String: [String]]
    /// For a few strings, the strings themselves, compared code point by code point (no table to build).
    private let stringList: [String]
    private let numbers: Set<JSONDecimal>
    private let hasTrue: Bool
    private let hasFalse: Bool
    private let hasNull: Bool
    private let composites: Set<[UInt8]>
    /// The deepest composite value; deeper instances cannot be members.
    private let deepest: Int

    /// Up to this many strings are searched linearly instead of hashed.
    private static let listLimit = 16

    /// Indexes the value of a `const`, which must nest no deeper than `maximumDepth` (checked by the compiler).
    convenience init(constant: JSONValue, maximumDepth: Int) {
        self.init(value: constant, members: [constant], maximumDepth: maximumDepth)
    }

    /// Indexes the values of an `enum`; each must nest no deeper than `maximumDepth` (checked by the compiler).
    convenience init(enumeration values: [JSONValue], maximumDepth: Int) {
        self.init(value: .array(values), members: values, maximumDepth: maximumDepth)
    }

    /// Indexes the values of an `enum` whose values are all strings, without building the array as a value.
    convenience init(enumeratingStrings strings: [String]) {
        self.init(value: nil, strings: strings, members: [], maximumDepth: 0)
    }

    private init(
        value: JSONValue?,
        strings orderedStrings: [String] = [],
        members values: [JSONValue],
        maximumDepth: Int
    ) {
        storedValue = value
        self.orderedStrings = orderedStrings
        var strings: [String: [String]] = [:]
        var stringList: [String] = []
        var stringCount = 0
        var numbers: Set<JSONDecimal> = []
        var hasTrue = false
        var hasFalse = false
        var hasNull = false
        var composites: Set<[UInt8]> = []
        var deepest = 0
        for value in values {
            if case .string = value { stringCount += 1 }
        }
        stringCount += orderedStrings.count
        let listsStrings = stringCount <= Self.listLimit
        if listsStrings {
            stringList = orderedStrings
        } else {
            for string in orderedStrings { strings[string, default: []].append(string) }
        }
        for value in values {
            switch value {
            case .null: hasNull = true
            case .bool(let flag): if flag { hasTrue = true } else { hasFalse = true }
            case .number(let number): numbers.insert(number.decimal)
            case .string(let string):
                if listsStrings {
                    stringList.append(string)
                } else {
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
            guard strings.isEmpty else {
                guard let spellings = strings[string] else { return false }
                return spellings.contains { Self.sameBytes($0, string) }
            }
            let length = string.utf8.count
            // Equal code points imply equal lengths and Swift equality; only a candidate passing both is compared
            // byte by byte.
            return stringList.contains { $0.utf8.count == length && $0 == string && Self.sameBytes($0, string) }
        case .array, .object:
            guard !composites.isEmpty, let key = CanonicalJSON.key(value, maximumDepth: deepest) else { return false }
            return composites.contains(key)
        }
    }

    /// Whether two strings have the same UTF-8 bytes (the same code points).
    private static func sameBytes(_ first: String, _ second: String) -> Bool {
        var first = first
        var second = second
        return first.withUTF8 { firstBytes in second.withUTF8 { ByteSearch.equal(firstBytes, $0) } }
    }
}
