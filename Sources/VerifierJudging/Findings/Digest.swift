import Crypto

/// Content hashes as the verifier writes them: lower-case hex.
public enum Digest {
    /// Lower-case hex SHA-256 of bytes.
    /// - Parameter bytes: The bytes.
    /// - Returns: 64 hex digits.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Array(bytes)))
    }

    /// Lower-case hex of bytes.
    /// - Parameter bytes: The bytes.
    /// - Returns: Two hex digits per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
