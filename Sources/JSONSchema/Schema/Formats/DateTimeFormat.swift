/// RFC 3339 `date-time`, `full-date`, `full-time` and appendix A `duration`.
enum DateTimeFormat {
    /// `full-date "T" full-time`, `T` and `Z` case-insensitive.
    static func isDateTime(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let separator = scalars.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
        return isDate(scalars[..<separator]) && isTime(scalars[(separator + 1)...])
    }

    /// `YYYY-MM-DD` with a real calendar day.
    static func isDate(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = Array(scalars)
        guard text.count == 10, text[4] == "-", text[7] == "-",
            let year = number(text[0..<4]), let month = number(text[5..<7]), let day = number(text[8..<10])
        else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// `HH:MM:SS[.frac](Z|±HH:MM)`, with a leap second only where UTC is 23:59:60.
    static func isTime(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = Array(scalars)
        guard text.count >= 9, text[2] == ":", text[5] == ":",
            let hour = number(text[0..<2]), let minute = number(text[3..<5]), let second = number(text[6..<8])
        else { return false }
        var index = 8
        if text[index] == "." {
            index += 1
            let start = index
            while index < text.count, isDigit(text[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < text.count else { return false }
        var offsetMinutes = 0
        switch text[index] {
        case "Z", "z":
            guard index == text.count - 1 else { return false }
        case "+", "-":
            let offset = text[(index + 1)...]
            guard offset.count == 5, offset[offset.startIndex + 2] == ":",
                let offsetHour = number(offset.prefix(2)), let offsetMinute = number(offset.suffix(2)),
                offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (text[index] == "+" ? 1 : -1)
        default:
            return false
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// RFC 3339 appendix A durations (`P4DT12H30M5S`, `P2W`; no fractions, no signs).
    static func isDuration(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.first == "P" else { return false }
        var units: [Unicode.Scalar] = []
        var index = 1
        var inTime = false
        var sawTime = false
        while index < scalars.count {
            if scalars[index] == "T" {
                guard !inTime else { return false }
                inTime = true
                sawTime = true
                index += 1
                continue
            }
            let start = index
            while index < scalars.count, isDigit(scalars[index]) { index += 1 }
            guard index > start, index < scalars.count else { return false }
            // Time units are lowercased to keep them apart from the date's M (month).
            switch (inTime, scalars[index]) {
            case (false, "Y"), (false, "M"), (false, "D"), (false, "W"): units.append(scalars[index])
            case (true, "H"): units.append("h")
            case (true, "M"): units.append("m")
            case (true, "S"): units.append("s")
            default: return false
            }
            index += 1
        }
        let order: [Unicode.Scalar] = ["Y", "M", "D", "h", "m", "s"]
        if units == ["W"] { return true }
        guard !units.isEmpty, !units.contains("W") else { return false }
        if sawTime && !units.contains(where: { $0 == "h" || $0 == "m" || $0 == "s" }) { return false }
        var positions: [Int] = []
        for unit in units {
            guard let position = order.firstIndex(of: unit) else { return false }
            positions.append(position)
        }
        // Units must appear in order, and without gaps inside the date part (Y M D) or the time part (h m s).
        for (previous, next) in zip(positions, positions.dropFirst()) {
            guard next > previous else { return false }
            let sameGroup = (previous < 3) == (next < 3)
            if sameGroup && next != previous + 1 { return false }
        }
        return true
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    /// The decimal value of ASCII digits, or `nil` if any is not an ASCII digit.
    private static func number(_ scalars: some Collection<Unicode.Scalar>) -> Int? {
        var value = 0
        for scalar in scalars {
            guard isDigit(scalar) else { return nil }
            value = value * 10 + Int(scalar.value - 0x30)
        }
        return value
    }
}
