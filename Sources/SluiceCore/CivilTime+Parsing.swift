/// Spark's timestamp and date text (`DateTimeUtils.stringToTimestamp`), read by the file readers
/// (a JSON or CSV value for a `timestamp` or `date` column) and by the casts alike:
///
/// ```
/// [blanks] yyyy[yy]-[M]M-[d]d [ (' ' | 'T') [H]H:[m]m [:[s]s [.fraction]] [zone] ] [blanks]
/// zone = 'Z' | ('+' | '-') HH [[':'] MM]
/// ```
///
/// Blanks are bytes up to the space (tabs, line feeds, …). The year has 4 to 6 digits; fraction
/// digits past the sixth are dropped (truncation, as Spark). A zone needs a time before it and is
/// at most 18 hours from UTC (Java's `ZoneOffset`). Without a zone the text is in the session
/// zone, `utcOffsetSeconds` east of UTC. A value beyond the range of 64-bit microseconds is no
/// timestamp.
extension CivilTime {
    /// The largest offset from UTC a zone may spell, in seconds (18 hours, as Java's `ZoneOffset`).
    public static let zoneOffsetSecondsMax = 18 * 3600

    /// The timestamp `text` spells, as microseconds since the epoch, or `nil`.
    ///
    /// - Parameters:
    ///   - text: The UTF-8 text.
    ///   - utcOffsetSeconds: The session zone, for text without a zone.
    /// - Returns: Microseconds since 1970-01-01 00:00:00 UTC.
    public static func parseTimestamp(_ text: UnsafeBufferPointer<UInt8>, utcOffsetSeconds: Int) -> Int64? {
        TimestampFields(text)?.microseconds(utcOffsetSeconds: utcOffsetSeconds)
    }

    /// The timestamp `text` spells (see `parseTimestamp(_:utcOffsetSeconds:)`).
    public static func parseTimestamp(_ text: String, utcOffsetSeconds: Int) -> Int64? {
        var text = text
        return text.withUTF8 { parseTimestamp($0, utcOffsetSeconds: utcOffsetSeconds) }
    }

    /// The date of any text `parseTimestamp(_:utcOffsetSeconds:)` reads, as written (the time and
    /// zone, if any, are checked and then ignored), as days since 1970-01-01; or `nil`.
    ///
    /// - Parameter text: The UTF-8 text.
    /// - Returns: Days since the epoch.
    public static func parseDate(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        TimestampFields(text).map { days(year: $0.year, month: $0.month, day: $0.day) }
    }

    /// The date `text` spells (see `parseDate(_:)`).
    public static func parseDate(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { parseDate($0) }
    }
}

/// The fields of a timestamp text, each checked against the calendar.
struct TimestampFields {
    var year = 0
    var month = 0
    var day = 0
    var hour = 0
    var minute = 0
    var second = 0
    var microsecond = 0
    /// The zone's offset east of UTC, in seconds; `nil` when the text has none.
    var offsetSeconds: Int?

    /// Most year digits: years up to 999999, as Spark.
    static let yearDigitsMax = 6

    init?(_ text: UnsafeBufferPointer<UInt8>) {
        var index = 0
        var end = text.count
        // Spark trims every byte up to the space (`UTF8String.trimAll`).
        while index < end && text[index] <= UInt8(ascii: " ") { index += 1 }
        while end > index && text[end - 1] <= UInt8(ascii: " ") { end -= 1 }
        guard let year = Self.number(text, &index, end, 4, Self.yearDigitsMax), Self.take(text, &index, end, "-"),
            let month = Self.number(text, &index, end, 1, 2), Self.take(text, &index, end, "-"),
            let day = Self.number(text, &index, end, 1, 2),
            day >= 1, day <= CivilTime.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        if index < end {
            guard text[index] == UInt8(ascii: " ") || text[index] == UInt8(ascii: "T") else { return nil }
            index += 1
            guard readTime(text, &index, end) else { return nil }
        }
        guard index == end else { return nil }
    }

    /// Reads `H:m[:s[.f]][zone]` at `index`.
    private mutating func readTime(_ text: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ end: Int) -> Bool {
        guard let hour = Self.number(text, &index, end, 1, 2), hour < 24, Self.take(text, &index, end, ":"),
            let minute = Self.number(text, &index, end, 1, 2), minute < 60
        else { return false }
        self.hour = hour
        self.minute = minute
        if Self.take(text, &index, end, ":") {
            guard let second = Self.number(text, &index, end, 1, 2), second < 60 else { return false }
            self.second = second
            if Self.take(text, &index, end, ".") {
                let start = index
                var fraction = 0
                while index < end, text[index] &- UInt8(ascii: "0") < 10 {
                    if index - start < 6 { fraction = fraction * 10 + Int(text[index] &- UInt8(ascii: "0")) }
                    index += 1
                }
                guard index > start else { return false }
                for _ in min(index - start, 6)..<6 { fraction *= 10 }
                microsecond = fraction
            }
        }
        guard index < end else { return true }
        if Self.take(text, &index, end, "Z") {
            offsetSeconds = 0
            return true
        }
        let sign = text[index]
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
        index += 1
        guard let hours = Self.number(text, &index, end, 2, 2) else { return false }
        let colon = Self.take(text, &index, end, ":")
        var minutes = 0
        if colon || index < end {
            guard let value = Self.number(text, &index, end, 2, 2), value < 60 else { return false }
            minutes = value
        }
        let offset = hours * 3600 + minutes * 60
        guard offset <= CivilTime.zoneOffsetSecondsMax else { return false }
        offsetSeconds = sign == UInt8(ascii: "-") ? -offset : offset
        return true
    }

    /// Microseconds since the epoch, the text read in the zone it names or else in the session
    /// zone; `nil` beyond 64 bits.
    func microseconds(utcOffsetSeconds: Int) -> Int64? {
        let days = Int64(CivilTime.days(year: year, month: month, day: day))
        let local = days * Int64(CivilTime.secondsPerDay) + Int64(hour * 3600 + minute * 60 + second)
        let utc = local - Int64(offsetSeconds ?? utcOffsetSeconds)
        let (scaled, overflowScale) = utc.multipliedReportingOverflow(by: CivilTime.microsecondsPerSecond)
        let (micros, overflowFraction) = scaled.addingReportingOverflow(Int64(microsecond))
        return overflowScale || overflowFraction ? nil : micros
    }

    /// The value of `minDigits` to `maxDigits` decimal digits at `index`, which it moves past them.
    @inline(__always)
    private static func number(
        _ text: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ end: Int, _ minDigits: Int, _ maxDigits: Int
    ) -> Int? {
        let start = index
        var value = 0
        while index < end, index - start < maxDigits, text[index] &- UInt8(ascii: "0") < 10 {
            value = value * 10 + Int(text[index] &- UInt8(ascii: "0"))
            index += 1
        }
        return index - start >= minDigits ? value : nil
    }

    /// Whether `byte` is at `index`, which it moves past it.
    @inline(__always)
    private static func take(_ text: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ end: Int, _ byte: Unicode.Scalar)
        -> Bool
    {
        guard index < end, text[index] == UInt8(ascii: byte) else { return false }
        index += 1
        return true
    }
}
