import SluiceCore

extension ValueParsing {
    /// A timestamp as microseconds since the epoch, in Spark's default forms:
    /// `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` and `yyyy-MM-dd HH:mm:ss.S` with 1 to 6 fraction
    /// digits, with `T` allowed in place of the space, and after the time an optional `Z`,
    /// `±HH:MM` or `±HHMM`. Without an offset the text is local time in the session zone,
    /// `utcOffsetSeconds` east of UTC.
    public static func timestamp(_ text: UnsafeBufferPointer<UInt8>, utcOffsetSeconds: Int) -> Int64? {
        guard let civil = CivilDateTime(text) else { return nil }
        let days = CivilTime.days(year: civil.year, month: civil.month, day: civil.day)
        let local = days * CivilTime.secondsPerDay + civil.hour * 3600 + civil.minute * 60 + civil.second
        let (utc, overflow) = local.subtractingReportingOverflow(civil.offsetSeconds ?? utcOffsetSeconds)
        guard !overflow else { return nil }
        let (seconds, overflowScale) = Int64(utc).multipliedReportingOverflow(by: CivilTime.microsecondsPerSecond)
        let (micros, overflowFraction) = seconds.addingReportingOverflow(Int64(civil.microsecond))
        guard !overflowScale && !overflowFraction else { return nil }
        return micros
    }

    /// A date as days since the epoch: `yyyy-MM-dd`, or any form `timestamp(_:utcOffsetSeconds:)`
    /// accepts, of which the date is taken as written.
    public static func date(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let civil = CivilDateTime(text) else { return nil }
        return Int64(CivilTime.days(year: civil.year, month: civil.month, day: civil.day))
    }
}

/// The fields of a date or timestamp text, checked against the calendar.
struct CivilDateTime {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var microsecond = 0
    /// The explicit offset east of UTC, in seconds; `nil` when the text has none.
    var offsetSeconds: Int?

    /// The largest offset from UTC, in hours, as Java's `ZoneOffset` allows.
    static let offsetHoursMax = 18
    /// Most fraction digits of a second: microseconds.
    static let fractionDigitsMax = 6

    /// The fields of `text`, or `nil` when it is not in one of the accepted forms.
    init?(_ text: UnsafeBufferPointer<UInt8>) {
        let count = text.count
        guard count >= 10,
            let year = Self.number(text, at: 0, digits: 4), text[4] == Byte.minus,
            let month = Self.number(text, at: 5, digits: 2), text[7] == Byte.minus,
            let day = Self.number(text, at: 8, digits: 2),
            day >= 1, day <= CivilTime.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        if count == 10 { return }
        guard count >= 19, text[10] == Byte.space || text[10] == Byte.upperT,
            let hour = Self.number(text, at: 11, digits: 2), text[13] == Byte.colon,
            let minute = Self.number(text, at: 14, digits: 2), text[16] == Byte.colon,
            let second = Self.number(text, at: 17, digits: 2),
            hour < 24, minute < 60, second < 60
        else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
        var index = 19
        if index < count && text[index] == Byte.dot {
            index += 1
            let start = index
            var fraction = 0
            while index < count && index - start < Self.fractionDigitsMax && text[index] &- Byte.zero < 10 {
                fraction = fraction * 10 + Int(text[index] &- Byte.zero)
                index += 1
            }
            let digits = index - start
            guard digits > 0 else { return nil }
            for _ in digits..<Self.fractionDigitsMax { fraction *= 10 }
            microsecond = fraction
        }
        if index < count {
            if text[index] == Byte.upperZ {
                offsetSeconds = 0
                index += 1
            } else if text[index] == Byte.plus || text[index] == Byte.minus {
                let sign = text[index] == Byte.minus ? -1 : 1
                guard let hours = Self.number(text, at: index + 1, digits: 2) else { return nil }
                index += 3
                if index < count && text[index] == Byte.colon { index += 1 }
                guard let minutes = Self.number(text, at: index, digits: 2),
                    hours <= Self.offsetHoursMax, minutes < 60,
                    hours * 3600 + minutes * 60 <= Self.offsetHoursMax * 3600
                else { return nil }
                index += 2
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            } else {
                return nil
            }
        }
        guard index == count else { return nil }
    }

    /// The value of the `digits` decimal digits at `start`, or `nil` when they are not all digits.
    private static func number(_ text: UnsafeBufferPointer<UInt8>, at start: Int, digits: Int) -> Int? {
        guard start + digits <= text.count else { return nil }
        var value = 0
        for index in start..<(start + digits) {
            let digit = text[index] &- Byte.zero
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
