/// A canonical byte encoding of JSON values for equality and hashing the way JSON Schema compares values:
/// numbers by value (`1` = `1.0` = `1e0`), objects regardless of member order (the last duplicate wins),
/// strings by code points.
///
/// Encoding is iterative, so arbitrarily deep values cannot exhaust the stack.
public enum CanonicalJSON {
    /// The canonical encoding of `value`, or `nil` when it nests deeper than `maximumDepth`.
    /// - Parameters:
    ///   - value: The value.
    ///   - maximumDepth: The deepest nesting of arrays and objects to encode (a scalar has depth 0).
    /// - Returns: The encoding.
    public static func key(_ value: JSONValue, maximumDepth: Int = Int.max) -> [UInt8]? {
        var output: [UInt8] = []
        // Work items: a value to encode at a depth, or a closing byte.
        enum Item {
            case value(JSONValue, depth: Int)
            case byte(UInt8)
        }
        var stack: [Item] = [.value(value, depth: 0)]
        while let item = stack.popLast() {
            switch item {
            case .byte(let byte):
                output.append(byte)
            case .value(let value, let depth):
                switch value {
                case .null:
                    output.append(UInt8(ascii: "n"))
                case .bool(let flag):
                    output.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
                case .number(let number):
                    appendNumber(number, to: &output)
                case .string(let string):
                    appendString(string, to: &output)
                case .array(let elements):
                    guard depth < maximumDepth else { return nil }
                    output.append(UInt8(ascii: "["))
                    stack.append(.byte(UInt8(ascii: "]")))
                    for element in elements.reversed() {
                        stack.append(.value(element, depth: depth + 1))
                        stack.append(.byte(UInt8(ascii: ",")))
                    }
                case .object(let object):
                    guard depth < maximumDepth else { return nil }
                    output.append(UInt8(ascii: "{"))
                    stack.append(.byte(UInt8(ascii: "}")))
                    var latest: [String: JSONValue] = [:]
                    for member in object { latest[member.key] = member.value }
                    let keys = latest.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                    for key in keys.reversed() {
                        guard let member = latest[key] else { continue }
                        stack.append(.value(member, depth: depth + 1))
                        var keyBytes: [UInt8] = []
                        appendString(key, to: &keyBytes)
                        for byte in keyBytes.reversed() { stack.append(.byte(byte)) }
                        stack.append(.byte(UInt8(ascii: ",")))
                    }
                }
            }
        }
        return output
    }

    /// How deeply `value` nests (a scalar is 0), stopping once `limit` is exceeded.
    static func depth(of value: JSONValue, limit: Int) -> Int {
        var deepest = 0
        var stack: [(JSONValue, Int)] = [(value, 0)]
        while let (value, depth) = stack.popLast() {
            deepest = max(deepest, depth)
            if deepest > limit { return deepest }
            switch value {
            case .array(let elements): for element in elements { stack.append((element, depth + 1)) }
            case .object(let object): for member in object { stack.append((member.value, depth + 1)) }
            default: break
            }
        }
        return deepest
    }

    private static func appendNumber(_ number: JSONNumber, to output: inout [UInt8]) {
        let decimal = number.decimal
        output.append(UInt8(ascii: "d"))
        output.append(decimal.isNegative ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        output += decimal.digits
        output.append(UInt8(ascii: "e"))
        output += Array(String(decimal.exponent).utf8)
        output.append(UInt8(ascii: ";"))
    }

    private static func appendString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "s"))
        output += Array(String(string.utf8.count).utf8)
        output.append(UInt8(ascii: ":"))
        output += Array(string.utf8)
    }
}
