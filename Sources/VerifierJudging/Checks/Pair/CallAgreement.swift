import Crypto
import JSONSchema

/// Keys and texts that agreement checks compare calls by: the tool names as a sorted list, the calls with
/// their arguments in canonical form (numbers by value, members in any order), order-free across calls.
public enum CallAgreement {
    /// The tool names of an answer's calls, sorted and joined with commas (`get_time,get_weather`).
    /// - Parameter calls: The calls.
    /// - Returns: The key.
    public static func namesKey(_ calls: [MessageSignature.Call]) -> String {
        calls.map { $0.name ?? "<no name>" }.sorted().joined(separator: ",")
    }

    /// A short stable key for an answer's calls with their arguments: the first 16 hex digits of the SHA-256
    /// of the canonical calls, sorted.
    /// - Parameter calls: The calls.
    /// - Returns: The key.
    public static func argumentsKey(_ calls: [MessageSignature.Call]) -> String {
        let parts = calls.map { call -> [UInt8] in
            Array((call.name ?? "").utf8) + [0] + (CanonicalJSON.key(call.arguments, maximumDepth: 512) ?? [])
        }.sorted { $0.lexicographicallyPrecedes($1) }
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: part)
            hasher.update(data: [0xFF])
        }
        return String(Digest.hex(hasher.finalize()).prefix(16))
    }

    /// The calls as people read them: `get_weather({"city":"Paris"})`, members sorted, clipped.
    /// - Parameters:
    ///   - calls: The calls.
    ///   - limit: The longest text kept.
    /// - Returns: The text (`no call` for none).
    public static func text(_ calls: [MessageSignature.Call], limit: Int = 200) -> String {
        guard !calls.isEmpty else { return "no call" }
        let text = calls.map { call in
            (call.name ?? "<no name>") + "("
                + call.arguments.serialized(options: JSONWriter.Options(sortKeys: true)) + ")"
        }.joined(separator: ", ")
        return text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
