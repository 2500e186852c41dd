import JSONSchema

extension Finding {
    /// The finding as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["label"] = .string(label.rawValue)
        object["severity"] = .string(severity.rawValue)
        object["message"] = .string(message)
        if let location { object["location"] = .string(location) }
        return .object(object)
    }
}

extension JSONNumber {
    /// A number rounded to three decimals (milliseconds to the microsecond).
    /// - Parameter value: The value.
    public init(rounded value: Double) {
        let scaled = (value * 1000).rounded() / 1000
        self.init(scaled)
    }
}
