/// Calendar arithmetic on the proleptic Gregorian calendar, and Spark's timestamp text forms.
///
/// Timestamps are microseconds since 1970-01-01 00:00:00 UTC; a session time zone is given
/// as a fixed offset from UTC in seconds.
public enum CivilTime {
    /// Days since 1970-01-01 of `year`-`month`-`day` (Howard Hinnant's `days_from_civil`).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of `days` since 1970-01-01 (`civil_from_days`).
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Seconds in a day.
    public static let secondsPerDay = 86_400
    /// Microseconds in a day.
    public static let microsecondsPerDay: Int64 = 86_400_000_000
    /// Microseconds in a second.
    public static let microsecondsPerSecond: Int64 = 1_000_000

    /// Whether `year` is a leap year of the proleptic Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The day of the week of `days` since 1970-01-01 (a Thursday): 0 = Sunday … 6 = Saturday.
    public static func weekday(days: Int) -> Int {
        Int((Int64(days) + 4).floorModulo(7))
    }

    /// `yyyy-MM-dd HH:mm:ss` (with `.ffffff` trimmed of trailing zeros when there is a fraction),
    /// Spark's rendering of a timestamp cast to string, in the zone `utcOffsetSeconds` east of UTC.
    public static func format(timestamp micros: Int64, utcOffsetSeconds: Int) -> String {
        let local = micros + Int64(utcOffsetSeconds) * 1_000_000
        let days = local.floorDivided(by: microsecondsPerDay)
        let rest = local.floorModulo(microsecondsPerDay)
        let seconds = Int(rest / 1_000_000)
        var fraction = Int(rest % 1_000_000)
        var text: [UInt8] = []
        text.reserveCapacity(formattedBytesMax)
        appendDate(&text, days: Int(days))
        text.append(UInt8(ascii: " "))
        appendPadded(&text, seconds / 3600, 2)
        text.append(UInt8(ascii: ":"))
        appendPadded(&text, seconds / 60 % 60, 2)
        text.append(UInt8(ascii: ":"))
        appendPadded(&text, seconds % 60, 2)
        if fraction != 0 {
            var width = 6
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            text.append(UInt8(ascii: "."))
            appendPadded(&text, fraction, width)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Bytes reserved for a formatted timestamp: `-yyyyyy-MM-dd HH:mm:ss.ffffff`.
    private static let formattedBytesMax = 32

    /// `value` in decimal, zero-padded to `width` digits, after a `-` when negative.
    private static func appendPadded(_ text: inout [UInt8], _ value: Int, _ width: Int) {
        if value < 0 { text.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var count = 1
        var rest = magnitude / 10
        while rest > 0 {
            rest /= 10
            count += 1
        }
        text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(width, count)))
        var index = text.count - 1
        repeat {
            text[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
    }

    /// `yyyy-MM-dd` of a date.
    public static func format(date days: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(formattedBytesMax)
        appendDate(&text, days: days)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `yyyy-MM-dd` of the date `days` since the epoch.
    private static func appendDate(_ text: inout [UInt8], days: Int) {
        let (year, month, day) = civil(days: days)
        appendPadded(&text, year, 4)
        text.append(UInt8(ascii: "-"))
        appendPadded(&text, month, 2)
        text.append(UInt8(ascii: "-"))
        appendPadded(&text, day, 2)
    }

    /// The number of days in `month` (1...12) of `year`; 0 for a month outside 1...12, so that
    /// `day <= daysIn(month:year:)` also checks the month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        case 1, 3, 5, 7, 8, 10, 12: return 31
        default: return 0
        }
    }
}
