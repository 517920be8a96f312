import SluiceCore

/// The two date formats of SLS requests, UTC only, computed without `DateFormatter`:
/// RFC 1123 (`Date` header, v1: `Thu, 26 Nov 2026 10:19:06 GMT`) and the compact ISO 8601 basic
/// form (`x-log-date`, v4: `20261126T101906Z`).
///
/// Formatting is meant for years 0000–9999; parsing accepts exactly those shapes (two-digit
/// day, four-digit year, `GMT`, a weekday that matches the date) and nothing else.
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats a Unix time as RFC 1123.
    ///
    /// - Parameter epochSeconds: Seconds since 1970-01-01T00:00:00Z.
    /// - Returns: E.g. `Thu, 01 Jan 1970 00:00:00 GMT`.
    public static func format(epochSeconds: Int64) -> String {
        let time = CivilDateTime(epochSeconds: epochSeconds)
        let date = "\(weekdays[time.weekday]), \(pad(time.day, 2)) \(months[time.month - 1]) \(pad(time.year, 4))"
        return "\(date) \(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2)) GMT"
    }

    /// Parses an RFC 1123 date.
    ///
    /// - Parameter text: E.g. `Thu, 01 Jan 1970 00:00:00 GMT`.
    /// - Returns: Seconds since the epoch, or nil for anything malformed or out of range.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 29,
            literal(bytes, at: 3, ", "), literal(bytes, at: 7, " "), literal(bytes, at: 11, " "),
            literal(bytes, at: 16, " "), literal(bytes, at: 19, ":"), literal(bytes, at: 22, ":"),
            literal(bytes, at: 25, " GMT"),
            let weekday = name(bytes, at: 0, in: weekdays), let monthIndex = name(bytes, at: 8, in: months),
            let day = number(bytes, at: 5, digits: 2), let year = number(bytes, at: 12, digits: 4),
            let hour = number(bytes, at: 17, digits: 2), let minute = number(bytes, at: 20, digits: 2),
            let second = number(bytes, at: 23, digits: 2)
        else { return nil }
        let time = CivilDateTime(
            year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
        guard time.isValid, time.weekday == weekday else { return nil }
        return time.epochSeconds
    }

    /// Formats a Unix time as `YYYYMMDDTHHMMSSZ`.
    ///
    /// - Parameter epochSeconds: Seconds since 1970-01-01T00:00:00Z.
    /// - Returns: E.g. `19700101T000000Z`.
    public static func formatCompact(epochSeconds: Int64) -> String {
        let time = CivilDateTime(epochSeconds: epochSeconds)
        let date = "\(pad(time.year, 4))\(pad(time.month, 2))\(pad(time.day, 2))"
        return "\(date)T\(pad(time.hour, 2))\(pad(time.minute, 2))\(pad(time.second, 2))Z"
    }

    /// Parses `YYYYMMDDTHHMMSSZ`.
    ///
    /// - Parameter text: E.g. `20261126T101906Z`.
    /// - Returns: Seconds since the epoch, or nil for anything malformed or out of range.
    public static func parseCompact(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, literal(bytes, at: 8, "T"), literal(bytes, at: 15, "Z"),
            let year = number(bytes, at: 0, digits: 4), let month = number(bytes, at: 4, digits: 2),
            let day = number(bytes, at: 6, digits: 2), let hour = number(bytes, at: 9, digits: 2),
            let minute = number(bytes, at: 11, digits: 2), let second = number(bytes, at: 13, digits: 2)
        else { return nil }
        let time = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard time.isValid else { return nil }
        return time.epochSeconds
    }

    /// `value` in decimal, zero-padded on the left to `width` digits.
    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Whether `bytes` holds `text` at `offset`.
    private static func literal(_ bytes: [UInt8], at offset: Int, _ text: String) -> Bool {
        let expected = text.utf8
        guard offset + expected.count <= bytes.count else { return false }
        return bytes[offset..<(offset + expected.count)].elementsEqual(expected)
    }

    /// The index in `names` of the three-letter name at `offset`.
    private static func name(_ bytes: [UInt8], at offset: Int, in names: [String]) -> Int? {
        guard offset + 3 <= bytes.count else { return nil }
        let candidate = bytes[offset..<(offset + 3)]
        return names.firstIndex { $0.utf8.elementsEqual(candidate) }
    }

    /// The decimal number in exactly `digits` ASCII digits at `offset`.
    private static func number(_ bytes: [UInt8], at offset: Int, digits: Int) -> Int? {
        guard offset + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[offset..<(offset + digits)] {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
