import Crypto
import JSONSchema
import VerifierJudging

/// Builds the JSON record of one exchange for the evidence file.
///
/// The record holds everything needed to judge the exchange again offline: the exact request
/// body sent, the status, the headers, the raw body (text, or base64 when it is not UTF-8) and the
/// chunk arrival times. Request headers are recorded with the key and environment-provided values
/// replaced by `[redacted]`, and a response that echoes a secret was scrubbed before it got here.
public enum EvidenceRecord {
    /// The record of one exchange.
    /// - Parameters:
    ///   - provider: The provider's name.
    ///   - role: `candidate` or `reference`.
    ///   - caseID: The case id.
    ///   - stream: Whether the request was streamed.
    ///   - requestBody: The exact bytes sent.
    ///   - request: The same body as JSON.
    ///   - requestHeaders: The request headers, secrets already redacted.
    ///   - response: What came back.
    ///   - findings: The deterministic findings, for readers of the file.
    ///   - attempts: Every delivery attempt, when there was more than one: written as `attempts`, the
    ///     last entry being the response recorded here.
    ///   - surface: The API surface the request went over (`api`, written when not Chat).
    ///   - chatRequest: Off Chat, the request in Chat form (`chat_request`): what the judge reads.
    /// - Returns: The record.
    public static func make(
        provider: String,
        role: String,
        caseID: String,
        stream: Bool,
        requestBody: [UInt8],
        request: JSONValue,
        requestHeaders: [(name: String, value: String)] = [],
        response: RawResponse,
        findings: [Finding],
        attempts: [DeliveryAttempt] = [],
        surface: APISurface = .chat,
        chatRequest: JSONValue? = nil
    ) -> JSONValue {
        var record = JSONObject()
        record["provider"] = .string(provider)
        record["role"] = .string(role)
        record["case"] = .string(caseID)
        record["mode"] = .string(stream ? "stream" : "nonstream")
        record["request_sha256"] = .string(sha256Hex(requestBody))
        record["request"] = request
        // Off Chat: the surface, and the request in the Chat form the judge reads (Chat records stay as they were).
        if surface != .chat { record["api"] = .string(surface.rawValue) }
        if let chatRequest { record["chat_request"] = chatRequest }
        if !requestHeaders.isEmpty {
            var headers = JSONObject()
            for header in requestHeaders { headers.append(header.name, .string(header.value)) }
            record["request_headers"] = .object(headers)
        }
        var answer = JSONObject()
        answer["status"] = response.status.map { .number(JSONNumber($0)) } ?? .null
        var headers = JSONObject()
        for header in response.headers { headers.append(header.name, .string(header.value)) }
        answer["headers"] = .object(headers)
        if let text = String(validating: response.body, as: UTF8.self) {
            answer["body"] = .string(text)
        } else {
            answer["body_base64"] = .string(Base64.encode(response.body))
        }
        if let failure = response.failure {
            answer["failure"] = ["label": .string(failure.label.rawValue), "message": .string(failure.message)]
        }
        record["response"] = .object(answer)
        var timing = JSONObject()
        timing["headers_ms"] = response.headersMilliseconds.map { .number(JSONNumber(rounded: $0)) } ?? .null
        timing["total_ms"] = .number(JSONNumber(rounded: response.totalMilliseconds))
        timing["chunks"] = .array(
            response.arrivals.map {
                [.number(JSONNumber($0.offset)), .number(JSONNumber(rounded: $0.milliseconds))]
            }
        )
        record["timing"] = .object(timing)
        record["findings"] = .array(findings.map(\.json))
        if attempts.count > 1 { record["attempts"] = .array(attempts.map(\.json)) }
        return .object(record)
    }
    /// Lower-case hex SHA-256 of bytes.
    /// - Parameter bytes: The bytes.
    /// - Returns: 64 hex digits.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String { Digest.sha256Hex(bytes) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { Digest.hex(bytes) }
}

/// Standard base64 (RFC 4648) encoding, used for bodies that are not UTF-8.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3f)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8] {
        var values = [UInt8](repeating: 255, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            values[Int(character)] = UInt8(index)
        }
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.utf8 where values[Int(character)] != 255 {
            buffer = buffer << 6 | UInt32(values[Int(character)])
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xff))
            }
        }
        return out
    }
}
