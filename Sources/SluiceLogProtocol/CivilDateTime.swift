import SluiceCore

/// A UTC calendar date and time of day, converted to and from Unix seconds with Howard
/// Hinnant's days-from-civil arithmetic (SluiceCore's `CivilTime`) (proleptic Gregorian calendar, no time zones, no leap
/// seconds).
struct CivilDateTime: Equatable {
    var year: Int64
    /// 1...12.
    var month: Int64
    /// 1...31.
    var day: Int64
    var hour: Int64
    var minute: Int64
    var second: Int64

    /// The date and time of `epochSeconds`.
    init(epochSeconds: Int64) {
        let days = epochSeconds.floorDivided(by: 86_400)
        let secondOfDay = epochSeconds - days * 86_400
        let date = Self.civil(fromDays: days)
        self.init(
            year: date.year, month: date.month, day: date.day, hour: secondOfDay / 3600,
            minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    /// A date and time from its fields, unchecked.
    init(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Whether every field is in range (day within its month, no leap second).
    var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= Self.daysInMonth(year: year, month: month)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
    }

    /// Days since 1970-01-01.
    var daysSinceEpoch: Int64 {
        Self.days(fromYear: year, month: month, day: day)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    var epochSeconds: Int64 {
        daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    var weekday: Int {
        Int((daysSinceEpoch % 7 + 11) % 7)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        Int64(CivilTime.daysIn(month: Int(month), year: Int(year)))
    }

    private static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(CivilTime.days(year: Int(year), month: Int(month), day: Int(day)))
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let date = CivilTime.civil(days: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }
}
